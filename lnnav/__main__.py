from lnnav.cli.main import run

run()
