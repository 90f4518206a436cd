"""The app's DataTable: one way to move through every list, and a word when it is empty."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar, TypeVar

from rich.segment import Segment
from rich.style import Style
from textual.binding import BindingType
from textual.strip import Strip
from textual.widgets import DataTable
from textual.widgets.data_table import RowKey

from hostkey_tui.models.common import clean_text
from hostkey_tui.ui.kit.keys import Key, bindings

Cell = TypeVar("Cell")

#: The keys that move through a list, the same in every list of the app (the server list's
#: own table binds them too, with its cell keys).
ROWS: tuple[Key, ...] = (
    Key(
        id="table.up",
        key="up,k",
        action="move(-1)",
        description="Up",
        help="Previous row",
        show=False,
    ),
    Key(
        id="table.down",
        key="down,j",
        action="move(1)",
        description="Down",
        help="Next row",
        show=False,
    ),
    Key(
        id="table.page_up",
        key="pageup,ctrl+b",
        action="page(-1)",
        description="Page up",
        help="One screen up",
        show=False,
    ),
    Key(
        id="table.page_down",
        key="pagedown,ctrl+f",
        action="page(1)",
        description="Page down",
        help="One screen down",
        show=False,
    ),
    Key(
        id="table.first",
        key="home,g",
        action="move_to(0)",
        description="First",
        help="First row",
        show=False,
    ),
    Key(
        id="table.last",
        key="end,G",
        action="move_to(-1)",
        description="Last",
        help="Last row",
        show=False,
    ),
)


def nothing_matches(query: str) -> str:
    """What an empty list says when its filter hides every row."""
    return f"Nothing matches “{query}”. esc clears the filter."


def counted(shown: int, total: int, noun: str, query: str) -> str:
    """ "12 of 120 invoices" under a filter, else "120 invoices"."""
    return f"{shown:,} of {total:,} {noun}" if query else f"{total:,} {noun}"


class Table(DataTable[Cell]):
    """A DataTable that moves as every list of the app does (`ROWS`: j/k, g/G, Home/End,
    PgUp/PgDn) and, with no row, says why in its body (`empty`) instead of showing nothing.

    Its columns never stay cut to their titles' widths: DataTable measures new rows the next
    time it is idle, and caches each line it draws under its count of changes, which measuring
    does not move. A frame drawn in between (on a busy machine the screen's 60 Hz update lands
    there) cached the rows cut to the widths the columns had before, and they stayed so until
    the next change: the invoices, the order wizard's steps, in a terminal and in snapshots
    taken under load.
    """

    BINDINGS: ClassVar[list[BindingType]] = bindings(ROWS)

    _empty = ""

    @property
    def empty(self) -> str:
        """What the table says in its body while it has no row ("" says nothing)."""
        return self._empty

    @empty.setter
    def empty(self, text: str) -> None:
        text = clean_text(text, single_line=True)
        if text != self._empty:
            self._empty = text
            self.refresh()

    def _update_dimensions(self, new_rows: Iterable[RowKey]) -> None:
        super()._update_dimensions(new_rows)
        self._update_count += 1  # every cached row and line is drawn again, at the new widths
        self.refresh()

    def render_line(self, y: int) -> Strip:
        header = self.header_height if self.show_header else 0
        if self.row_count or not self._empty or y != header:
            return super().render_line(y)
        width = self.size.width
        style = self.rich_style + Style(italic=True, dim=True)
        text = f" {self._empty}"
        return Strip([Segment(text, style)]).crop_extend(0, width, style)

    # -- moving: the same actions as the server list's ------------------------------------

    def action_move(self, delta: int) -> None:
        if self.row_count:
            self.move_cursor(row=max(0, min(self.row_count - 1, self.cursor_row + delta)))

    def action_page(self, direction: int) -> None:
        if direction < 0:
            self.action_page_up()
        else:
            self.action_page_down()

    def action_move_to(self, row: int) -> None:
        if self.row_count:
            self.move_cursor(row=row if row >= 0 else self.row_count - 1)
