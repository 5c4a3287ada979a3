"""``NamedTuple`` for the model's records: typing's, without its start-up cost.

``class Option(NamedTuple)`` makes typing turn every field's annotation into a
ForwardRef, compiling its text (the modules write ``from __future__ import
annotations``): about 6 ms for the 50-odd records a consult imports, a twentieth
of the whole consult, for annotations nothing reads at run time. This builds the
same class, ``collections.namedtuple`` with the annotated fields, their defaults
and the class body's methods, and keeps the annotations as written. Type
checkers see typing's own NamedTuple.
"""

from __future__ import annotations

import collections
from typing import TYPE_CHECKING, Any

__all__ = ["NamedTuple"]

_PROHIBITED = frozenset({"__new__", "__init__", "__slots__", "__getnewargs__", "_fields", "_field_defaults", "_make",
                         "_replace", "_asdict", "_source"})
_namedtuple: Any = collections.namedtuple  # called as a function here, not declared
_SPECIAL = frozenset({"__module__", "__name__", "__annotations__", "__qualname__"})


def _record(name: str, bases: tuple[type, ...], ns: dict[str, Any]) -> type:
    """What typing.NamedTupleMeta builds for ``class name(NamedTuple)``, the annotations left as their text."""
    if bases != (_Base,):
        raise TypeError("a record inherits from NamedTuple alone")
    annotations: dict[str, Any] = ns.get("__annotations__", {})
    defaults: list[str] = []
    for field in annotations:
        if field in ns:
            defaults.append(field)
        elif defaults:
            raise TypeError(f"Non-default namedtuple field {field} cannot follow default field(s) {', '.join(defaults)}")
    cls: Any = _namedtuple(name, list(annotations), defaults=[ns[f] for f in defaults], module=ns["__module__"])
    cls.__annotations__ = cls.__new__.__annotations__ = dict(annotations)
    for key, value in ns.items():
        if key in _PROHIBITED:
            raise AttributeError("Cannot overwrite NamedTuple attribute " + key)
        if key not in _SPECIAL and key not in cls._fields:
            setattr(cls, key, value)
            if hasattr(value, "__set_name__"):  # as class creation would (typing does too, from 3.12)
                value.__set_name__(cls, key)
    cls.__qualname__ = ns.get("__qualname__", name)
    made: type = cls
    return made


class _Meta(type):
    def __new__(cls, name: str, bases: tuple[type, ...], ns: dict[str, Any]) -> Any:
        return _record(name, bases, ns)


_Base = type.__new__(_Meta, "_Base", (), {"__module__": __name__})

if TYPE_CHECKING:
    from typing import NamedTuple as NamedTuple
else:
    def NamedTuple(*args, **kwargs):
        raise TypeError("lnnav.base.records.NamedTuple is for class syntax only")

    NamedTuple.__mro_entries__ = lambda bases: (_Base,)
