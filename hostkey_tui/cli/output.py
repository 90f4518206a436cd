"""Writing what a command found: a table for a person, JSON (the stable form) or CSV.

Text from invapi is hostile: a hostname may hold terminal escapes that would retitle the window
or rewrite what is shown. Tables and plain text show such characters as visible escapes
(`\\x1b`); JSON escapes them too (the C1 controls and line separators that `json` leaves raw);
CSV cells that a spreadsheet would run as a formula are quoted with a leading `'`.
"""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from typing import Any, TextIO

from hostkey_tui.models.inert import clean as clean  # re-exported: the commands write with it
from hostkey_tui.records import dataclass

#: What JSON leaves raw with ensure_ascii=False and a terminal would act on.
_JSON_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
#: A CSV cell starting with one of these runs as a formula in a spreadsheet.
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def cell_width(text: str) -> int:
    """Cells `text` takes in a terminal (wide East Asian characters take two)."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


@dataclass(frozen=True, slots=True)
class Field:
    """One column: its name in JSON and CSV, its title in a table, and how it aligns."""

    key: str
    title: str
    right: bool = False
    #: On a narrow terminal, columns are dropped highest first (0: never dropped).
    drop: int = 0


def write_table(
    out: TextIO,
    fields: Sequence[Field],
    rows: Sequence[Mapping[str, Any]],
    *,
    width: int | None = None,
    empty: str = "",
    note: Callable[[str], None] | None = None,
) -> None:
    """Rows as aligned columns fitted to `width` when given (what was hidden is told to
    `note`: stderr, never the table)."""
    if not rows:
        if empty:
            out.write(empty + "\n")
        return
    cells = [[clean(_text(row.get(f.key))) for f in fields] for row in rows]
    widths = [
        max(cell_width(f.title), *(cell_width(r[i]) for r in cells)) for i, f in enumerate(fields)
    ]
    shown = list(range(len(fields)))
    if width is not None:
        shown, widths = _fit(widths, fields, width)
        hidden = [f.title for i, f in enumerate(fields) if i not in shown and f.title]
        if hidden and note is not None:
            note(
                f"({', '.join(hidden)} hidden to fit {width} columns: a wider terminal, "
                "-o csv or -o json shows every column)"
            )
    chosen = [fields[i] for i in shown]
    out.write(_line([f.title for f in chosen], [widths[i] for i in shown], chosen) + "\n")
    for row in cells:
        out.write(_line([row[i] for i in shown], [widths[i] for i in shown], chosen) + "\n")


def _fit(widths: list[int], fields: Sequence[Field], width: int) -> tuple[list[int], list[int]]:
    """The columns that fit `width` and their widths: the least needed are dropped first (as
    the app's list does), then the widest text columns are cut, never below 12 cells."""
    widths = list(widths)
    shown = list(range(len(fields)))

    def needed() -> int:
        return sum(widths[i] for i in shown) + 2 * (len(shown) - 1)

    for index in sorted((i for i, f in enumerate(fields) if f.drop), key=lambda i: -fields[i].drop):
        if needed() <= width:
            break
        shown.remove(index)
    while needed() > width:
        candidates = [i for i in shown if not fields[i].right and widths[i] > 12]
        if not candidates:
            break
        widest = max(candidates, key=lambda i: widths[i])
        widths[widest] -= 1
    return shown, widths


def _line(values: Sequence[str], widths: Sequence[int], fields: Sequence[Field]) -> str:
    parts = []
    for value, size, column in zip(values, widths, fields, strict=True):
        text = _cut(value, size)
        pad = " " * (size - cell_width(text))
        parts.append(pad + text if column.right else text + pad)
    return "  ".join(parts).rstrip()


def _cut(text: str, size: int) -> str:
    if cell_width(text) <= size:
        return text
    kept = ""
    for char in text:
        if cell_width(kept + char) > size - 1:
            break
        kept += char
    return kept + "…"


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Mapping):
        return " ".join(f"{k}={v}" if v else str(k) for k, v in value.items())
    if isinstance(value, list | tuple):
        return ", ".join(_text(v) for v in value)
    return str(value)


def write_json(out: TextIO, value: object) -> None:
    text = json.dumps(value, ensure_ascii=False, indent=2)
    out.write(_JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text) + "\n")


def write_csv(out: TextIO, fields: Sequence[Field], rows: Sequence[Mapping[str, Any]]) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([f.key for f in fields])
    for row in rows:
        writer.writerow([csv_cell(_text(row.get(f.key))) for f in fields])
    out.write(buffer.getvalue())


_NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?")


def csv_cell(text: str) -> str:
    """A cell a spreadsheet shows as text: a leading formula character is quoted (a number,
    `-12` days or `-3.50`, stays a number)."""
    if text.startswith(_FORMULA) and not _NUMBER.fullmatch(text):
        return "'" + text
    return text


def write_pairs(out: TextIO, pairs: Sequence[tuple[str, object]]) -> None:
    """`Name:  value` lines, for one thing (a server, an invoice, the config)."""
    size = max((len(name) for name, _ in pairs), default=0)
    for name, value in pairs:
        out.write(f"{name + ':':<{size + 1}}  {clean(_text(value))}\n")


def write_rows(
    out: TextIO,
    form: str,
    fields: Sequence[Field],
    rows: Sequence[Mapping[str, Any]],
    *,
    width: int | None = None,
    empty: str = "",
    note: Callable[[str], None] | None = None,
) -> None:
    """Rows in the form asked for (`-o`)."""
    if form == "json":
        write_json(out, [dict(row) for row in rows])
    elif form == "csv":
        write_csv(out, fields, rows)
    else:
        write_table(out, fields, rows, width=width, empty=empty, note=note)
