"""The command line: the only place that prints errors and sets exit codes."""

from __future__ import annotations

import errno
import inspect
import io
import os
import re
import sys
from typing import Any, NoReturn

import typer

from lnnav import __version__
from lnnav.base.errors import EXIT_INTERRUPTED, EXIT_IO, EXIT_PIPE_CLOSED, EXIT_USAGE, InputClosed, LnnavError, Stopped
from lnnav.cli.app import APP_SETTINGS, app, say
from lnnav.cli.commands import SUMMARIES
from lnnav.cli.commands import consult as _consult  # the root takes its options


def load(name: str | None = None) -> None:
    """Register the command ``name`` (every command when None) by importing its module.

    A run imports only the command it runs: the other modules cost `lnnav --help` and every
    consult about 1.5 ms (tests/test_cli_main.py checks the help of the partial build).
    """
    import importlib

    for command in SUMMARIES:
        if name is None or command == name:
            importlib.import_module(f"lnnav.cli.commands.{command}")
    order = list(SUMMARIES)
    # commands register as their modules are imported, in whatever order that was: list them in one order
    app.registered_commands.sort(key=lambda info: order.index(_name(info)) if _name(info) in order else len(order))
    _plain_help()


def _plain_help() -> None:
    """Every command (and the scenario group) reads its usage plainly (lnnav.cli.usage.Command, Group)."""
    from lnnav.cli.usage import Command, Group

    infos = list(app.registered_commands)
    for group in app.registered_groups:
        if group.typer_instance is not None:
            group.typer_instance.info.cls = Group
            infos += group.typer_instance.registered_commands
    for info in infos:
        if info.cls in (None, typer.core.TyperCommand):  # Typer's default, not a class a command chose
            info.cls = Command

# Typer re-exports Exit and Abort but not click's base usage error; recent Typer
# vendors click, so the class is found through a public subclass, not by import.
_ClickError: type[Exception] = next(c for c in typer.BadParameter.__mro__ if c.__name__ == "ClickException")


@app.callback(invoke_without_command=True)
def _root(
    ctx: typer.Context,
    version: bool = typer.Option(False, "--version", help="Show the version and exit."),
    **consult_options: Any,
) -> None:
    """With no sub-command, lnnav starts a consult, and takes every consult option."""
    if version:
        print(f"lnnav {__version__}")
        raise typer.Exit(0)
    if ctx.invoked_subcommand is None:
        raise typer.Exit(ctx.invoke(_consult.consult, **consult_options))
    given = [p.opts[0] for p in ctx.command.params if consult_options.get(p.name or "") not in (None, False, [], ())]
    if given:
        from lnnav.base.errors import UsageError

        raise UsageError(f"{given[0]} is a consult option: give it after `consult`, or with no command at all")


def _consult_options() -> None:
    """The root takes the consult's options: its signature is the consult's, after --version.

    Declared once, on the consult: Typer reads a callback's parameters from its
    signature, so the root's is put together here rather than written twice.
    """
    root = inspect.signature(_root)
    consult = inspect.signature(_consult.consult, eval_str=True)
    params = [p for p in root.parameters.values() if p.kind is not inspect.Parameter.VAR_KEYWORD]
    _root.__signature__ = root.replace(parameters=[*params, *consult.parameters.values()])  # type: ignore[attr-defined]
    _root.__annotations__ = {"ctx": typer.Context, "version": bool, "return": None,
                             **{p.name: p.annotation for p in consult.parameters.values()}}
    # evaluated once: Typer evaluates a command's annotation text twice each time it builds it (1-2 ms a consult)
    _consult.consult.__annotations__ = {**{p.name: p.annotation for p in consult.parameters.values()},
                                        "return": consult.return_annotation}


_consult_options()


def main(argv: list[str] | None = None) -> int:
    """Run lnnav; return the exit code instead of exiting (for tests and embedding).

    The command is driven through make_context/invoke rather than click's main():
    that way Ctrl-C, end of input and our own errors reach this one handler the
    same way whatever Typer or click version is installed.
    """
    args = sys.argv[1:] if argv is None else list(argv)
    if "_LNNAV_COMPLETE" in os.environ:  # lnnav.cli.completion.COMPLETE_VAR: a completion script asks
        return _complete()
    command = click_command(args)
    try:
        with command.make_context("lnnav", args) as ctx:
            rv = command.invoke(ctx)
        sys.stdout.flush()  # here, not at exit: a full disk must still change the exit code
    except typer.Exit as exc:
        return int(exc.exit_code)
    except Stopped as exc:  # SIGTERM, SIGHUP: said as a shell says it, with its exit status
        import signal

        say(f"\nlnnav: stopped by {signal.Signals(exc.signum).name}")
        return exc.exit_code
    except (typer.Abort, KeyboardInterrupt):
        say("\nlnnav: interrupted")
        return EXIT_INTERRUPTED
    except EOFError:
        return _fail(InputClosed())
    except _ClickError as exc:
        # one prefix for every usage error, as for lnnav's own: "lnnav: error: ..."
        ctx = getattr(exc, "ctx", None)
        where = f" (see {ctx.command_path} --help)" if ctx is not None else ""
        # Typer words a refused value through pydantic, whose "Value error, " prefix says nothing to a user
        message = re.sub(r"^(Invalid value for '[^']*': )Value error, ", r"\1",
                         exc.format_message())  # type: ignore[attr-defined]
        say(f"lnnav: error: {message}{where}")
        return EXIT_USAGE
    except LnnavError as exc:
        return _fail(exc)
    except BrokenPipeError:
        _drop_stdout()
        return EXIT_PIPE_CLOSED
    except OSError as exc:
        from lnnav.base.text import echo

        if exc.filename:  # a file or folder that cannot be read (an unreadable guideline folder): a usage error
            return _fail(LnnavError(f"{echo(str(exc.filename))}: {exc.strerror or exc}"))
        _drop_stdout()  # stdout full (>/dev/full) or closed (>&-): the result is lost, and that is the news
        return _fail(LnnavError(f"cannot write the output: {exc.strerror or exc}"), EXIT_IO)
    return rv if isinstance(rv, int) else 0


def _complete() -> int:
    """Answer the shell's completion request, with the whole CLI built (every command's options)."""
    from lnnav.cli.completion import COMPLETE_VAR

    load()
    command: Any = typer.main.get_command(app)
    try:
        command._main_shell_completion({}, "lnnav", COMPLETE_VAR)  # Typer's completion, as click's main() calls it
    except SystemExit as exc:
        return int(exc.code or 0) if not isinstance(exc.code, str) else 1
    return 0


def _drop_stdout() -> None:
    """After a failed write (`lnnav validate | head`, a full disk): point stdout at the null device.

    Later writes, including the interpreter's final flush of what is still
    buffered, would fail again and print a traceback-like warning at exit.
    """
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # stdout without a file descriptor (captured in tests)
        pass


def click_command(args: list[str]) -> Any:
    """The click command for this invocation, building only the part it needs.

    Turning a command's signature into click parameters is most of what Typer
    does at start-up (about 2 ms a command, most of `lnnav --help`). A
    sub-command run builds the root and that one command; a root-level run
    (`--help`, `--version`, bare `lnnav`) lists the commands by name and summary
    (lnnav.cli.commands.SUMMARIES) without importing them. After `load()`,
    `get_command(app)` builds the same CLI whole.
    """
    name = next((a for a in args if not a.startswith("-")), None)
    load(name if name in SUMMARIES else "consult")
    part = typer.Typer(**APP_SETTINGS)  # type: ignore[arg-type]
    part.registered_callback = app.registered_callback
    commands = [c for c in app.registered_commands if _name(c) == name]
    groups = [g for g in app.registered_groups if g.name == name]
    if commands or groups:
        part.registered_commands, part.registered_groups = commands, groups
        return typer.main.get_command(part)
    root: Any = typer.main.get_command(part)  # a group: the root has a callback
    for command, summary in SUMMARIES.items():
        root.add_command(typer.core.TyperCommand(name=command, help=summary))
    return root


def _plain(value: Any) -> Any:
    """A Typer setting as given, or its default's value when it was not given."""
    return value.value if isinstance(value, typer.models.DefaultPlaceholder) else value


def _name(info: Any) -> str:
    return str(info.name or info.callback.__name__.lower().replace("_", "-"))


def _fail(exc: LnnavError, code: int | None = None) -> int:
    for line in exc.lines():
        say(line if line.startswith("lnnav:") or ": error:" in line or ": warning:" in line
            else f"lnnav: error: {line}")
    return exc.exit_code if code is None else code


def run() -> None:
    """Console-script entry point."""
    # A run is short and its data (YAML trees, the guideline) holds no reference
    # cycles, so the cycle collector only costs time: it doubled `validate` on a
    # 10,000-node guideline. Only the process entry point turns it off; main()
    # leaves the embedding process as it found it. An interactive consult or quiz
    # turns it back on (app.interactive_memory): it is long-lived and makes cycles.
    import gc

    gc.disable()
    _closed_streams()
    # citations carry names like Römmele; a terminal or pipe that cannot show them
    # (PYTHONIOENCODING=ascii, a legacy code page) gets '?' rather than a traceback.
    # A UTF-8 stream can still meet a file name that is not UTF-8 (its bytes kept as
    # lone surrogates): it is written out as \udcff, not raised as an error.
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "")
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace" if encoding in ("utf8", "utf8sig") else "replace")
    end(main())


def end(code: int) -> NoReturn:
    """End the process with ``code`` without tearing the interpreter down.

    Freeing every module and object one by one is most of a short run's exit (about
    8 ms, an eighth of `lnnav --help`) and shows nothing: every file lnnav writes is
    closed by then. What an ordinary exit does that can be seen is done first: its
    atexit functions run, then both streams are flushed. When that cannot be done
    the same way (a thread still running, a flush that fails, an interpreter without
    the hook), the ordinary exit runs instead, as it always did.
    """
    import atexit

    threads = sys.modules.get("threading")
    run_exit_functions = getattr(atexit, "_run_exitfuncs", None)
    if run_exit_functions is None or (threads is not None and threads.active_count() > 1):
        sys.exit(code)
    run_exit_functions()
    try:
        for stream in (sys.stdout, sys.stderr):
            stream.flush()
    except (OSError, ValueError):  # reported by the ordinary exit, as before
        sys.exit(code)
    os._exit(code)


class _Closed(io.TextIOBase):
    """Stands in for a standard stream the shell closed (`>&-`, `2>&-`, `<&-`).

    Python then sets sys.stdout to None and print() silently drops the result;
    this makes writing the result fail like any write error (exit 74), while
    notes to a closed stderr are lost quietly and a closed stdin reads as empty.
    """

    def __init__(self, name: str, *, fail: bool) -> None:
        self._name = name
        self._fail = fail

    def write(self, text: str) -> int:
        if self._fail:
            raise OSError(errno.EBADF, f"standard {self._name} is closed")
        return len(text)

    def readable(self) -> bool:
        return True

    def read(self, size: int | None = -1) -> str:
        return ""

    def readline(self, size: int | None = -1) -> str:  # type: ignore[override]
        return ""

    def isatty(self) -> bool:
        return False


def _closed_streams() -> None:
    if sys.stdout is None:
        sys.stdout = _Closed("output", fail=True)
    if sys.stderr is None:
        sys.stderr = _Closed("error", fail=False)
    if sys.stdin is None:
        sys.stdin = _Closed("input", fail=False)
