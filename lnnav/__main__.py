from lnnav.cli import run

run()
