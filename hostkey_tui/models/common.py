"""Total parsing helpers shared by every model.

invapi is loose: ids come as numbers or numeric strings, money as `"2.5.00"`, empty objects as
`[]`, dates as `"0000-00-00 00:00:00"`. These helpers absorb that looseness in one place, strip
control characters from every string (text from the API reaches a terminal), and turn any
unexpected shape into `MalformedReply`.
"""

from __future__ import annotations

import builtins
import functools
import json
import math
import re
import sys
from collections.abc import Callable, Iterator, Mapping
from datetime import UTC, date, datetime
from datetime import date as _date
from datetime import datetime as _datetime
from decimal import Decimal, InvalidOperation
from typing import Any, ParamSpec, TypeVar

from hostkey_tui.models.errors import MalformedReply
from hostkey_tui.records import dataclass

P = ParamSpec("P")
T = TypeVar("T")

# C0 controls except tab and newline, DEL, C1 controls, and the bidirectional marks, embeddings,
# overrides and isolates: each can make a terminal do something other than show the text.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")

#: Longest text kept from any one field; beyond this, nothing a person reads is lost.
MAX_TEXT = 65_536

_TRUE = frozenset({"1", "true", "yes", "on", "y", "enable", "enabled"})


def clean_text(value: str, *, single_line: bool = False) -> str:
    """Remove what a terminal would interpret rather than show.

    Args:
        value: text from the API.
        single_line: also turn tabs and newlines into spaces (for table cells and titles).
    """
    text = value[:MAX_TEXT]
    # Printable ASCII holds none of the unsafe characters, nor a tab or newline: most of what
    # invapi says, skipped past at C speed (a cached list of 1,000 servers is 70,000 texts).
    if not (text.isascii() and text.isprintable()):
        text = _UNSAFE.sub("", text)
        if single_line:
            text = text.replace("\n", " ").replace("\t", " ")
    # Short texts repeat across thousands of servers (a location, a status, an OS, a CPU, a
    # tag's name): one copy each instead of one per reply (issue 9's memory target).
    return sys.intern(text) if len(text) <= _SHARED_TEXT else text


_SHARED_TEXT = 48


def total(where: str) -> Callable[[Callable[P, T]], Callable[P, T]]:
    """Make a parser total: any Python error inside becomes `MalformedReply`.

    The parsers are written to need this rarely; it is the net under them, so that a reply of an
    unforeseen shape can never surface as KeyError or TypeError in the UI.
    """

    def decorate(parse: Callable[P, T]) -> Callable[P, T]:
        @functools.wraps(parse)
        def wrapper(*args: P.args, **kwargs: P.kwargs) -> T:
            try:
                return parse(*args, **kwargs)
            except MalformedReply:
                raise
            except (
                KeyError,
                ValueError,
                TypeError,
                AttributeError,
                IndexError,
                ArithmeticError,
                RecursionError,
                UnicodeError,
            ) as error:
                raise MalformedReply(type(error).__name__, where=where) from None

        return wrapper

    return decorate


def as_text(value: object, default: str = "", *, single_line: bool = False) -> str:
    """Any scalar as clean text; containers and null give `default`."""
    if isinstance(value, str):
        return clean_text(value, single_line=single_line)
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return default


def whole(text: str) -> bool:
    """Typed text that int() reads safely: ASCII digits only, and few of them ("²" is a digit
    to Python, and int() of a long paste takes seconds, then raises past 4,300 digits)."""
    return text.isascii() and text.isdigit() and len(text) <= 9


def as_int(value: object) -> int | None:
    """An integer from an int, an integral float, or a numeric string; else None."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if math.isfinite(value) and value.is_integer() else None
    if isinstance(value, str):
        text = value.strip()
        if len(text) <= 30 and text.isascii() and text.isdigit():
            return int(text)
        if re.fullmatch(r"[+-]?\d{1,30}", text):
            return int(text)
        if re.fullmatch(r"[+-]?\d{1,30}\.0*", text):
            return int(text.split(".")[0])
    return None


def as_decimal(value: object) -> Decimal | None:
    """A finite, sensibly sized Decimal, or None when the text is not a number."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        if isinstance(value, float) and not math.isfinite(value):
            return None
        text = str(value)
    elif isinstance(value, str):
        text = value.strip()
    else:
        return None
    if not text or len(text) > 40:
        return None
    try:
        number = Decimal(text)
    except InvalidOperation:
        return None
    if not number.is_finite() or abs(number.adjusted()) > 15:
        return None
    return number


def as_bool(value: object, default: bool = False) -> bool:
    """invapi's many spellings of yes: 1, "1", true, "true", "on", "enable"."""
    if value is None:
        return default
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return value != 0
    if isinstance(value, str):
        return value.strip().lower() in _TRUE
    return default


_NO_DATE = re.compile(r"0000-00-00")


def as_date(value: object) -> date | None:
    """`YYYY-MM-DD` (time part ignored); the zero date and anything else is no date."""
    if not isinstance(value, str) or _NO_DATE.match(value):
        return None
    match = re.match(r"(\d{4})-(\d{2})-(\d{2})", value.strip())
    if not match:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def as_datetime(value: object) -> datetime | None:
    """`YYYY-MM-DD HH:MM:SS` (or ISO with T) as naive UTC; a bare date is midnight."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        if not math.isfinite(value) or not 0 < value < 32_503_680_000:
            return None
        return datetime.fromtimestamp(value, UTC).replace(tzinfo=None)
    if not isinstance(value, str) or _NO_DATE.match(value):
        return None
    match = re.match(r"(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?", value.strip())
    if not match:
        return None
    try:
        return datetime(
            int(match[1]),
            int(match[2]),
            int(match[3]),
            int(match[4] or 0),
            int(match[5] or 0),
            int(match[6] or 0),
        )
    except ValueError:
        return None


@dataclass(frozen=True, slots=True)
class Money:
    """An amount as written by the API, and as a Decimal where it parses.

    The documentation shows `"2.5.00"`: such an amount keeps its text, `amount` is None, and it
    is shown as written and flagged, never turned into zero.
    """

    raw: str
    amount: Decimal | None
    currency: str = ""
    prefix: str = ""
    suffix: str = ""

    @property
    def parsed(self) -> bool:
        return self.amount is not None

    def display(self) -> str:
        """`12.50 EUR`, `$12.50`, or the raw text followed by `(?)`."""
        if self.amount is None:
            return f"{self.raw} (?)" if self.raw else "—"
        unit = self.suffix or self.currency
        number = f"{self.amount:,.2f}"
        return f"{self.prefix}{number}{' ' + unit if unit else ''}"

    @classmethod
    def of(
        cls,
        value: object,
        currency: str = "",
        prefix: str = "",
        suffix: str = "",
    ) -> Money:
        raw = as_text(value, single_line=True)
        return cls(raw, as_decimal(value), currency, prefix, suffix)


class Secret:
    """A value that must never be printed by accident: repr and str hide it."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        """The value itself: for a request, or a copy the user asked for."""
        return self._value

    def __repr__(self) -> str:
        return "Secret('***')"

    def __str__(self) -> str:
        return "***"

    def __bool__(self) -> bool:
        return bool(self._value)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(("Secret", self._value))


class Obj:
    """A JSON object being read, with a path for error messages.

    Reading is lenient where a default makes sense and strict only for what a model cannot
    exist without (`req_*`).
    """

    __slots__ = ("_data", "where")

    def __init__(self, data: object, where: str) -> None:
        if isinstance(data, list) and not data:
            data = {}  # PHP writes an empty associative array as []
        if not isinstance(data, dict):
            raise MalformedReply(f"expected an object, got {_kind(data)}", where=where)
        self._data: dict[str, Any] = data
        self.where = where

    @property
    def raw(self) -> Mapping[str, Any]:
        return self._data

    def get(self, key: str) -> object:
        return self._data.get(key)

    def has(self, key: str) -> builtins.bool:
        return self._data.get(key) is not None

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def text(self, key: str, default: str = "", *, single_line: bool = True) -> str:
        value = self._data.get(key)
        # The common case inlined (a list of 1,000 servers reads 70,000 of them at start).
        if value.__class__ is str and value.isascii() and value.isprintable():
            return sys.intern(value) if len(value) <= _SHARED_TEXT else value[:MAX_TEXT]
        return as_text(value, default, single_line=single_line)

    def req_text(self, key: str) -> str:
        value = self._data.get(key)
        if value is None or isinstance(value, dict | list):
            raise MalformedReply(f"missing text field {key!r}", where=self.where)
        return as_text(value, single_line=True)

    def int(self, key: str, default: builtins.int | None = None) -> builtins.int | None:
        raw = self._data.get(key)
        if raw.__class__ is builtins.int:
            return raw
        value = as_int(raw)
        return default if value is None else value

    def int0(self, key: str) -> builtins.int:
        value = as_int(self._data.get(key))
        return 0 if value is None else value

    def req_int(self, key: str) -> builtins.int:
        value = as_int(self._data.get(key))
        if value is None:
            raise MalformedReply(f"missing or non-numeric {key!r}", where=self.where)
        return value

    def decimal(self, key: str) -> Decimal | None:
        return as_decimal(self._data.get(key))

    def money(self, key: str, currency: str = "", prefix: str = "", suffix: str = "") -> Money:
        return Money.of(self._data.get(key), currency, prefix, suffix)

    def bool(self, key: str, default: builtins.bool = False) -> builtins.bool:
        raw = self._data.get(key)
        if raw.__class__ is builtins.int:
            return raw != 0
        return as_bool(raw, default)

    def date(self, key: str) -> _date | None:
        return as_date(self._data.get(key))

    def datetime(self, key: str) -> _datetime | None:
        return as_datetime(self._data.get(key))

    def obj(self, key: str) -> Obj:
        """A nested object; missing, null or the wrong kind reads as empty."""
        value = self._data.get(key)
        if isinstance(value, dict):
            return Obj(value, f"{self.where}.{key}")
        return Obj({}, f"{self.where}.{key}")

    def req_obj(self, key: str) -> Obj:
        value = self._data.get(key)
        if not isinstance(value, dict):
            raise MalformedReply(f"missing object {key!r}", where=self.where)
        return Obj(value, f"{self.where}.{key}")

    def list(self, key: str) -> builtins.list[object]:
        """A list; a PHP associative array (an object) reads as its values; else empty."""
        return as_list(self._data.get(key))

    def objs(self, key: str) -> Iterator[Obj]:
        """The objects in a list field, skipping entries that are not objects."""
        return objs_of(self._data.get(key), f"{self.where}.{key}")


def objs_of(value: object, where: str) -> Iterator[Obj]:
    """The objects in a JSON list (or PHP associative array); other entries are skipped."""
    for index, item in enumerate(as_list(value)):
        if isinstance(item, dict):
            yield Obj(item, f"{where}[{index}]")


def as_list(value: object) -> list[object]:
    if isinstance(value, list):
        return value
    if isinstance(value, dict):
        return list(value.values())
    return []


def decode_json_text(value: object) -> object:
    """JSON that arrived inside a string (invapi puts some replies in `scope`); else None."""
    if isinstance(value, dict | list):
        return value
    if not isinstance(value, str) or len(value) > 1_000_000:
        return None
    try:
        return json.loads(value)
    except (ValueError, RecursionError):
        return None


def _kind(value: object) -> str:
    if value is None:
        return "null"
    return {dict: "object", list: "list", str: "text", int: "number", float: "number"}.get(
        type(value),
        type(value).__name__,
    )
