"""`dataclass`, as `dataclasses.dataclass`, but quicker to define frozen slotted records.

Python 3.11's `dataclasses` compiles six functions per frozen class with a separate `exec`
each; with ~100 such records imported before the first frame that was ~55 ms of a ~350 ms start
(issue 9; ~160 records now). 3.13 compiles them in one `exec`, yet defining the app's records
with it took 1.75x as long as with this module (3.12: 2.1x, 3.11: 1.8x; `python -m
bench.records` on each, before `__init__` was compiled on first use, which widened the gap),
so it is used on every Python the app supports.

For `@dataclass(frozen=True, slots=True)` with nothing unusual, only `__init__` is compiled
here, when the first record of the class is made; equality, hashing, repr, the frozen guard and
pickling are shared functions over the class's field names. Anything else (another option, a
dataclass base, a dunder written in the class, an `InitVar`, a field left out of `__init__`)
goes to `dataclasses.dataclass` unchanged.

Type checkers see `dataclasses.dataclass` itself, so the classes are typed as before.
"""

from __future__ import annotations

import dataclasses
import inspect
from collections.abc import Callable
from operator import attrgetter
from reprlib import recursive_repr
from typing import TYPE_CHECKING, Any

__all__ = ["dataclass"]

if TYPE_CHECKING:
    from dataclasses import dataclass as dataclass
else:

    def dataclass(cls=None, /, **options):
        def wrap(cls):
            if _fast(cls, options):
                return _record(cls)
            return dataclasses.dataclass(cls, **options)

        return wrap if cls is None else wrap(cls)


#: The options the fast path makes, exactly (every other one left at its default).
_FAST_OPTIONS = {"frozen": True, "slots": True}
#: Written in the class body, these are dataclasses' to honour or refuse: the slow path.
_OWN = frozenset(
    {
        "__init__",
        "__repr__",
        "__eq__",
        "__hash__",
        "__setattr__",
        "__delattr__",
        "__getstate__",
        "__setstate__",
        "__slots__",
        "__match_args__",
    }
)
_HAS_FACTORY = object()


def _fast(cls: type, options: dict[str, object]) -> bool:
    """Decided before dataclasses touches the class: it rewrites the class attributes."""
    if options != _FAST_OPTIONS or _OWN.intersection(cls.__dict__):
        return False
    if any(dataclasses.is_dataclass(base) for base in cls.__mro__[1:]):
        return False
    for name, annotation in inspect.get_annotations(cls).items():
        text = annotation if isinstance(annotation, str) else repr(annotation)
        if any(word in text for word in ("InitVar", "ClassVar", "KW_ONLY")):
            return False
        value = cls.__dict__.get(name)
        if isinstance(value, dataclasses.Field) and (
            not value.init or value.kw_only is True or value.hash is not None
        ):
            return False
    return True


def _record(cls: type) -> type:
    own_doc = cls.__dict__.get("__doc__")
    # dataclasses writes a missing docstring from inspect.signature, a costly call: given one,
    # it skips it; the same text is written below without it.
    cls.__doc__ = own_doc or cls.__name__
    made: type = dataclasses.dataclass(cls, init=False, repr=False, eq=False, slots=True)
    fields = dataclasses.fields(made)
    _check_order(fields)
    names = tuple(f.name for f in fields)
    if not own_doc:
        made.__doc__ = f"{made.__name__}({', '.join(names)})"
    compared = tuple(f.name for f in fields if f.compare)
    shown = tuple(f.name for f in fields if f.repr)
    key = _key(compared)
    methods: dict[str, Callable[..., object]] = {
        "__init__": _init_on_first_call(made, fields),
        "__repr__": _repr(shown),
        "__eq__": _eq(key),
        "__hash__": _hash(key),
        "__setattr__": _frozen_setattr,
        "__delattr__": _frozen_delattr,
        "__getstate__": _getstate(names),
        "__setstate__": _setstate(names),
    }
    for name, method in methods.items():
        setattr(made, name, method)
    # Told the truth, so that replace(), a subclass and anyone asking see a frozen dataclass.
    params = made.__dataclass_params__  # type: ignore[attr-defined]
    params.init = params.repr = params.eq = params.frozen = True
    return made


def _check_order(fields: tuple[dataclasses.Field[Any], ...]) -> None:
    """What compiling `__init__` would refuse, refused when the class is defined (as
    dataclasses does), not when its first record is made."""
    after_default = ""
    for f in fields:
        if f.default is not dataclasses.MISSING or f.default_factory is not dataclasses.MISSING:
            after_default = f.name
        elif after_default:
            raise TypeError(
                f"non-default argument {f.name!r} follows default argument {after_default!r}"
            )


def _init_on_first_call(
    cls: type, fields: tuple[dataclasses.Field[Any], ...]
) -> Callable[..., None]:
    """Compiles the real `__init__` when the first record of `cls` is made, and puts it in its
    place: most of the ~160 records defined before the first frame are not made by then, and
    compiling them all took ~18 ms of the start (bench/README.md, records). Until then
    `inspect.signature` of the class reads `(*args, **kwargs)`."""

    def __init__(self: object, *args: Any, **kwargs: Any) -> None:
        init = cls.__dict__["__init__"]
        if init is __init__:  # else made already (this one held from before, or a race)
            init = _init(cls, fields)
            type.__setattr__(cls, "__init__", init)
        init(self, *args, **kwargs)

    __init__.__qualname__ = f"{cls.__qualname__}.__init__"
    __init__.__module__ = cls.__module__
    return __init__


def _init(cls: type, fields: tuple[dataclasses.Field[Any], ...]) -> Callable[..., None]:
    """The one compiled function: as fast to call as dataclasses' own."""
    scope: dict[str, object] = {
        "__record_set": object.__setattr__,
        "__record_missing": _HAS_FACTORY,
    }
    params, body = ["self"], []
    for f in fields:
        if f.default is not dataclasses.MISSING:
            scope[f"__record_default_{f.name}"] = f.default
            params.append(f"{f.name}=__record_default_{f.name}")
        elif f.default_factory is not dataclasses.MISSING:
            scope[f"__record_factory_{f.name}"] = f.default_factory
            params.append(f"{f.name}=__record_missing")
        else:
            params.append(f.name)
        value = f.name
        if f.default_factory is not dataclasses.MISSING:
            value = f"__record_factory_{f.name}() if {f.name} is __record_missing else {f.name}"
        body.append(f"  __record_set(self, {f.name!r}, {value})")
    if hasattr(cls, "__post_init__"):
        body.append("  self.__post_init__()")
    source = f"def __init__({', '.join(params)}):\n" + ("\n".join(body) or "  pass") + "\n"
    exec(source, scope)  # noqa: S102 - source built from field names only, as dataclasses does
    init: Callable[..., None] = scope["__init__"]  # type: ignore[assignment]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    init.__module__ = cls.__module__
    return init


def _key(names: tuple[str, ...]) -> Callable[[object], tuple[object, ...]]:
    if not names:
        return lambda _: ()
    if len(names) == 1:
        one = attrgetter(names[0])
        return lambda record: (one(record),)
    return attrgetter(*names)


def _eq(key: Callable[[object], tuple[object, ...]]) -> Callable[[object, object], object]:
    def __eq__(self: object, other: object) -> object:
        if other.__class__ is self.__class__:
            return key(self) == key(other)
        return NotImplemented

    return __eq__


def _hash(key: Callable[[object], tuple[object, ...]]) -> Callable[[object], int]:
    def __hash__(self: object) -> int:
        return hash(key(self))

    return __hash__


def _repr(names: tuple[str, ...]) -> Callable[[object], str]:
    @recursive_repr()
    def __repr__(self: object) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in names)
        return f"{self.__class__.__qualname__}({shown})"

    return __repr__


def _frozen_setattr(self: object, name: str, value: object) -> None:
    raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")


def _frozen_delattr(self: object, name: str) -> None:
    raise dataclasses.FrozenInstanceError(f"cannot delete field {name!r}")


def _getstate(names: tuple[str, ...]) -> Callable[[object], list[object]]:
    def __getstate__(self: object) -> list[object]:
        return [getattr(self, name) for name in names]

    return __getstate__


def _setstate(names: tuple[str, ...]) -> Callable[[object, list[object]], None]:
    def __setstate__(self: object, state: list[object]) -> None:
        for name, value in zip(names, state, strict=True):
            object.__setattr__(self, name, value)

    return __setstate__
