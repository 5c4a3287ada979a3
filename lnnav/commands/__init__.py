"""One module per sub-command; importing a module registers its command on ``lnnav.app.app``."""
