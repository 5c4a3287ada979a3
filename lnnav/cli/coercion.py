"""Option values converted without pydantic when that is plainly possible.

Typer 0.2x converts every option value through a pydantic TypeAdapter: the first
option given imports pydantic (about 70 ms, more than lnnav's whole core) and
builds a schema per parameter. lnnav's options are strings, paths, lists of them
and one str Enum; for those, a value that is certainly valid is converted here
exactly as the adapter would (``Path(value)``, ``Format(value)``), and anything
else (an invalid choice, a path with constraints, another type) still goes
through Typer's own conversion, with its own messages. With an older Typer
that has no such layer, nothing is changed.
"""

from __future__ import annotations

import types
import typing
from enum import Enum
from pathlib import Path
from typing import Any

_NONE = type(None)


def _plain(annotation: Any) -> Any:
    """``X | None`` -> X; anything else unchanged."""
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not _NONE]
        if len(args) == 1:
            return args[0]
    return annotation


def _unconstrained_path(info: Any) -> bool:
    return not (info.exists or info.writable or info.resolve_path or info.allow_dash or info.path_type is not None
                or not info.file_okay or not info.dir_okay or not info.readable)


def _converter(annotation: Any, info: Any) -> Any:
    """A function value -> converted value, or None when Typer must do it."""
    if getattr(info, "parser", None) is not None or getattr(info, "click_type", None) is not None:
        return None
    kind = _plain(annotation)
    if typing.get_origin(kind) is list:
        (item,) = typing.get_args(kind) or (None,)
        one = _converter(item, info)
        if one is None:
            return None

        def many(value: Any) -> Any:
            if not isinstance(value, (list, tuple)):
                return _SLOW
            out = [one(v) for v in value]
            return _SLOW if _SLOW in out else out

        return many
    if kind is str or kind is bool:
        return lambda value: value if isinstance(value, kind) else _SLOW
    if isinstance(kind, type) and issubclass(kind, Path) and _unconstrained_path(info):
        return lambda value: kind(value) if isinstance(value, str) and value else _SLOW
    if isinstance(kind, type) and issubclass(kind, Enum) and getattr(info, "case_sensitive", False):
        members = {m.value: m for m in kind if isinstance(m.value, str)}
        return lambda value: members.get(value, _SLOW) if isinstance(value, str) else _SLOW
    return None


_SLOW: Any = object()


def install() -> None:
    """Put the light conversion in front of Typer's, where Typer has one to put it before."""
    try:
        from typer import _coercion, core
    except ImportError:  # pragma: no cover - a Typer without the pydantic layer
        return
    param_class: Any = getattr(core, "_TyperParameter", None)
    base: Any = getattr(_coercion, "RuntimeParam", None)
    if param_class is None or base is None or not hasattr(param_class, "get_runtime_param"):
        return  # pragma: no cover
    if getattr(param_class, "_lnnav_light", False):
        return
    original = param_class.get_runtime_param

    class Light(base):  # type: ignore[misc]
        """Typer's RuntimeParam (None and multi-value handling kept), converting fast when it can."""

        def __init__(self, owner: Any, convert: Any) -> None:
            object.__setattr__(self, "parameter_info", owner.type_descriptor.parameter_info)
            object.__setattr__(self, "annotation", owner.type_descriptor.annotation)
            object.__setattr__(self, "_owner", owner)
            object.__setattr__(self, "_convert", convert)

        def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
            out = self._convert(value)
            if out is _SLOW:
                owner = self._owner
                owner._runtime_param = None
                real = original(owner)  # Typer's own conversion, and from now on for this parameter
                return real._coerce_value(value, param, ctx)
            return out

    def get_runtime_param(self: Any) -> Any:
        if self._runtime_param is None:
            desc = self.type_descriptor
            convert = None if desc.file_annotation is not None else _converter(desc.annotation, desc.parameter_info)
            self._runtime_param = Light(self, convert) if convert is not None else original(self)
        return self._runtime_param

    param_class.get_runtime_param = get_runtime_param
    param_class._lnnav_light = True
