"""`hostkey_tui.records.dataclass` behaves as `dataclasses.dataclass` for the app's records."""

from __future__ import annotations

import copy
import dataclasses
import pickle
from dataclasses import FrozenInstanceError, InitVar, field, replace
from typing import cast

import pytest

from hostkey_tui.records import dataclass


@dataclass(frozen=True, slots=True)
class Point:
    x: int
    y: int = 0
    tags: tuple[str, ...] = field(default_factory=tuple)
    secret: str = field(default="", repr=False, compare=False)


@dataclass(frozen=True, slots=True)
class Empty:
    pass


@dataclass(frozen=True, slots=True)
class One:
    """Documented."""

    value: str


@dataclass(frozen=True, slots=True)
class Checked:
    low: int
    high: int

    def __post_init__(self) -> None:
        if self.low > self.high:
            raise ValueError("low above high")


@dataclass(frozen=True, slots=True)
class Listed:
    items: list[int] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Point3(Point):
    z: int = 0


@dataclass(frozen=True, slots=True)
class WithInitVar:
    value: int
    scale: InitVar[int] = 1


@dataclass(frozen=True, slots=True)
class OwnEq:
    value: int

    def __eq__(self, other: object) -> bool:
        return True

    def __hash__(self) -> int:
        return 0


@dataclass
class Mutable:
    value: int = 1


def test_construction_defaults_and_factories() -> None:
    assert (Point(1).x, Point(1).y, Point(1).tags, Point(1).secret) == (1, 0, (), "")
    assert Point(1, 2, ("a",), "s") == Point(x=1, y=2, tags=("a",), secret="s")
    assert Listed().items == [] and Listed().items is not Listed().items
    with pytest.raises(TypeError):
        Point()  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        Point(1, 2, (), "", 5)  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        Point(1, nope=2)  # type: ignore[call-arg]


def test_equality_and_hash_follow_the_compared_fields() -> None:
    assert Point(1, 2) == Point(1, 2)
    assert Point(1, 2) != Point(1, 3)
    assert Point(1, secret="a") == Point(1, secret="b")  # compare=False
    assert hash(Point(1, secret="a")) == hash(Point(1, secret="b"))
    assert Point3(1, 2) != Point(1, 2)  # another class is never equal
    assert Point(1) != cast(object, (1, 0, ()))  # nor is a tuple of its values
    assert Empty() == Empty() and hash(Empty()) == hash(Empty())
    assert One("a") == One("a") and One("a") != One("b") and hash(One("a")) == hash(One("a"))
    assert len({Point(1), Point(1), Point(2)}) == 2
    nan = float("nan")
    same = One(nan)  # type: ignore[arg-type]
    assert same == same  # identity first, as tuples compare


def test_repr_hides_what_the_field_says() -> None:
    assert repr(Point(1, 2, ("a",), "hunter2")) == "Point(x=1, y=2, tags=('a',))"
    assert repr(Empty()) == "Empty()"
    assert repr(One("a")) == "One(value='a')"


def test_frozen_and_slotted() -> None:
    point = Point(1)
    with pytest.raises(FrozenInstanceError):
        point.x = 2  # type: ignore[misc]
    with pytest.raises(FrozenInstanceError):
        del point.x
    with pytest.raises((FrozenInstanceError, AttributeError)):
        point.other = 1  # type: ignore[attr-defined]
    assert not hasattr(point, "__dict__")
    assert Point.__slots__ == ("x", "y", "tags", "secret")


def test_dataclass_functions_see_a_frozen_dataclass() -> None:
    assert dataclasses.is_dataclass(Point)
    assert Point.__dataclass_params__.frozen  # type: ignore[attr-defined]
    assert [f.name for f in dataclasses.fields(Point)] == ["x", "y", "tags", "secret"]
    assert Point.__match_args__ == ("x", "y", "tags", "secret")
    assert replace(Point(1, 2), y=5) == Point(1, 5)
    assert dataclasses.asdict(Point(1, 2)) == {"x": 1, "y": 2, "tags": (), "secret": ""}
    assert dataclasses.astuple(One("a")) == ("a",)
    match Point(1, 2):
        case Point(x, y):
            assert (x, y) == (1, 2)
    assert One.__doc__ == "Documented."
    assert Point.__doc__ == "Point(x, y, tags, secret)"


def test_post_init_runs() -> None:
    assert Checked(1, 2).high == 2
    with pytest.raises(ValueError, match="low above high"):
        Checked(3, 2)


def test_copy_and_pickle() -> None:
    point = Point(1, 2, ("a",), "s")
    for twin in (copy.copy(point), copy.deepcopy(point), pickle.loads(pickle.dumps(point))):
        assert twin == point and twin.secret == "s" and twin is not point


def test_anything_else_is_dataclasses_own() -> None:
    assert Point3(1, 2, z=3) == Point3(1, 2, (), "", 3)
    with pytest.raises(FrozenInstanceError):
        Point3(1).z = 4  # type: ignore[misc]
    assert WithInitVar(2).value == 2 and "scale" not in WithInitVar.__slots__
    assert OwnEq(1) == OwnEq(2) and hash(OwnEq(5)) == 0
    mutable = Mutable()
    mutable.value = 3
    assert mutable == Mutable(3) and repr(mutable) == "Mutable(value=3)"


def test_every_record_of_the_app_is_whole() -> None:
    """Each frozen slotted record of the app has its fields as slots and match args, and its
    equality and repr over them (the fast path drops nothing)."""
    import importlib
    import inspect
    import pkgutil

    import hostkey_tui

    checked = 0
    for module_info in pkgutil.walk_packages(hostkey_tui.__path__, "hostkey_tui."):
        if ".simulator" in module_info.name or module_info.name.endswith("__main__"):
            continue
        module = importlib.import_module(module_info.name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ != module.__name__ or not dataclasses.is_dataclass(cls):
                continue
            params = cls.__dataclass_params__  # type: ignore[attr-defined]
            if not params.frozen or "__slots__" not in cls.__dict__:
                continue
            checked += 1
            shape = [(f.name, f.default, f.default_factory, f.compare) for f in fields_of(cls)]
            assert cls.__dict__["__match_args__"] == tuple(name for name, *_ in shape), cls
            assert cls.__dict__["__slots__"] == tuple(name for name, *_ in shape), cls
    assert checked > 100


def fields_of(cls: type) -> tuple[dataclasses.Field[object], ...]:
    return dataclasses.fields(cls)


def test_init_is_compiled_when_the_first_record_is_made() -> None:
    @dataclass(frozen=True, slots=True)
    class Late:
        a: int
        b: str = "x"

    waiting = Late.__dict__["__init__"]
    assert waiting.__qualname__.endswith("Late.__init__")
    with pytest.raises(TypeError, match="missing 1 required positional argument: 'a'"):
        Late()  # type: ignore[call-arg]  # compiled by this call, which fails as before
    compiled = Late.__dict__["__init__"]
    assert compiled is not waiting
    assert Late(1) == Late(1, "x") == Late(a=1, b="x")
    assert Late.__dict__["__init__"] is compiled  # once


def test_a_subclass_made_first_compiles_its_base() -> None:
    @dataclass(frozen=True, slots=True)
    class Base:
        a: int

    class Child(Base):
        __slots__ = ()

    assert Child(3).a == 3 and Base(4).a == 4
    assert "__init__" not in Child.__dict__
    assert repr(Child(3)).endswith(".Child(a=3)") and Child(3) != Base(3)


def test_a_field_without_default_after_one_with_is_refused_when_defined() -> None:
    with pytest.raises(TypeError, match="non-default argument 'b' follows default argument"):

        @dataclass(frozen=True, slots=True)
        class Bad:
            a: int = 1
            b: int  # type: ignore[misc]

    @dataclass(frozen=True, slots=True)
    class Good:
        a: int
        b: tuple[int, ...] = field(default_factory=tuple)

    assert Good(1).b == ()


def test_an_init_held_from_before_the_first_record_compiles_once() -> None:
    @dataclass(frozen=True, slots=True)
    class Held:
        a: int

    held = Held.__init__
    first, second = Held.__new__(Held), Held.__new__(Held)
    held(first, 1)
    compiled = Held.__dict__["__init__"]
    held(second, 2)
    assert Held.__dict__["__init__"] is compiled and (first.a, second.a) == (1, 2)
