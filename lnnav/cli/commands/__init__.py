"""One module per sub-command; importing a module registers its command on ``lnnav.cli.main.app.app``."""
