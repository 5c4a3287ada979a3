"""lnnav's NamedTuple builds the class typing.NamedTuple builds, only without evaluating annotations."""

from __future__ import annotations

import pickle
import typing

import pytest

from lnnav.base.records import NamedTuple
from lnnav.model.guideline import Option


class Ours(NamedTuple):
    """A record."""

    name: str
    number: int = 1
    tags: tuple[str, ...] = ()

    @property
    def doubled(self) -> int:
        return self.number * 2

    def __str__(self) -> str:
        return f"{self.name} x{self.number}"


class Theirs(typing.NamedTuple):
    """A record."""

    name: str
    number: int = 1
    tags: tuple[str, ...] = ()

    @property
    def doubled(self) -> int:
        return self.number * 2

    def __str__(self) -> str:
        return f"{self.name} x{self.number}"


def test_a_record_behaves_as_typings_namedtuple() -> None:
    ours, theirs = Ours("a", 2), Theirs("a", 2)
    assert tuple(ours) == tuple(theirs) and hash(ours) == hash(theirs) and tuple(ours) == ("a", 2, ())
    assert (str(ours), ours.doubled, ours._replace(number=3).number) == (str(theirs), theirs.doubled, 3)
    assert repr(ours) == "Ours(name='a', number=2, tags=())"
    assert Ours._fields == Theirs._fields and Ours._field_defaults == Theirs._field_defaults
    assert Ours._make(["b", 4, ("t",)]) == Ours("b", 4, ("t",)) and Ours("c")._asdict() == {"name": "c", "number": 1,
                                                                                            "tags": ()}
    assert Ours.__doc__ == "A record." and Ours.__qualname__ == "Ours" and Ours.__module__ == __name__
    assert Ours.__mro__ == (Ours, tuple, object) and isinstance(ours, tuple)
    assert pickle.loads(pickle.dumps(Option("x", "X", "y"))) == Option("x", "X", "y")  # a model record, by module name
    with pytest.raises(TypeError):
        Ours()  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        Ours("a", 1, (), "too many")  # type: ignore[call-arg]


def test_annotations_stay_as_written() -> None:
    assert Ours.__annotations__ == {"name": "str", "number": "int", "tags": "tuple[str, ...]"}
    assert typing.get_type_hints(Ours) == typing.get_type_hints(Theirs)


def test_what_typing_refuses_is_refused() -> None:
    with pytest.raises(TypeError, match="cannot follow default"):
        class Late(NamedTuple):  # a field without a default after one with
            a: int = 0
            b: int  # type: ignore[misc]
    with pytest.raises(AttributeError, match="Cannot overwrite"):
        class Own(NamedTuple):
            a: int

            def _replace(self) -> None:  # type: ignore[misc]
                pass
    with pytest.raises(TypeError):
        NamedTuple("Functional", [("a", int)])
