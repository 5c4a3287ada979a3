"""The command line: the only place that prints errors and sets exit codes."""

from __future__ import annotations

import sys

import typer

from lnnav import __version__
from lnnav.app import app
from lnnav.commands import consult as _consult
from lnnav.commands import graph as _graph  # noqa: F401
from lnnav.commands import quiz as _quiz  # noqa: F401
from lnnav.commands import refs as _refs  # noqa: F401
from lnnav.commands import replay as _replay  # noqa: F401
from lnnav.commands import scenario as _scenario  # noqa: F401  (registers the command)
from lnnav.commands import schema as _schema  # noqa: F401
from lnnav.commands import show as _show  # noqa: F401
from lnnav.commands import validate as _validate  # noqa: F401
from lnnav.errors import EXIT_INTERRUPTED, EXIT_USAGE, InputClosed, LnnavError

# Typer re-exports Exit and Abort but not click's base usage error; recent Typer
# vendors click, so the class is found through a public subclass, not by import.
_ClickError: type[Exception] = next(c for c in typer.BadParameter.__mro__ if c.__name__ == "ClickException")


@app.callback(invoke_without_command=True)
def _root(
    ctx: typer.Context,
    version: bool = typer.Option(False, "--version", help="Show the version and exit."),
) -> None:
    """With no sub-command, lnnav starts a consult."""
    if version:
        print(f"lnnav {__version__}")
        raise typer.Exit(0)
    if ctx.invoked_subcommand is None:
        raise typer.Exit(ctx.invoke(_consult.consult))


def main(argv: list[str] | None = None) -> int:
    """Run lnnav; return the exit code instead of exiting (for tests and embedding).

    The command is driven through make_context/invoke rather than click's main():
    that way Ctrl-C, end of input and our own errors reach this one handler the
    same way whatever Typer or click version is installed.
    """
    command = typer.main.get_command(app)
    args = sys.argv[1:] if argv is None else list(argv)
    try:
        with command.make_context("lnnav", args) as ctx:
            rv = command.invoke(ctx)
    except typer.Exit as exc:
        return int(exc.exit_code)
    except (typer.Abort, KeyboardInterrupt):
        print("\nlnnav: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except EOFError:
        return _fail(InputClosed("input ended before the consult was finished"))
    except _ClickError as exc:
        exc.show()  # type: ignore[attr-defined]
        return EXIT_USAGE
    except LnnavError as exc:
        return _fail(exc)
    return rv if isinstance(rv, int) else 0


def _fail(exc: LnnavError) -> int:
    for line in exc.lines():
        print(line if line.startswith(("lnnav:", "/")) or ": error:" in line or ": warning:" in line
              else f"lnnav: error: {line}", file=sys.stderr)
    return exc.exit_code


def run() -> None:
    """Console-script entry point."""
    # A run is short and its data (YAML trees, the guideline) holds no reference
    # cycles, so the cycle collector only costs time: it doubled `validate` on a
    # 10,000-node guideline. Only the process entry point turns it off; main()
    # leaves the embedding process as it found it.
    import gc

    gc.disable()
    sys.exit(main())
