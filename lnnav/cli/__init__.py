"""The front-ends: the Typer application, one module per command, interactive prompts, shell
completion, and writing to the terminal or a file. The only layer that prints, sets exit codes or
imports typer, rich and questionary. May import every layer below it."""
