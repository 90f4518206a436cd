"""The app's DataTable: Textual's, drawing its rows again once it has measured them."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

from textual.widgets import DataTable
from textual.widgets.data_table import RowKey

Cell = TypeVar("Cell")


class Table(DataTable[Cell]):
    """A DataTable whose columns never stay cut to their titles' widths.

    DataTable measures new rows the next time it is idle, and caches each line it draws under
    its count of changes, which measuring does not move. A frame drawn in between (on a busy
    machine the screen's 60 Hz update lands there) cached the rows cut to the widths the columns
    had before, and they stayed so until the next change: the invoices, the order wizard's
    steps, in a terminal and in snapshots taken under load.
    """

    def _update_dimensions(self, new_rows: Iterable[RowKey]) -> None:
        super()._update_dimensions(new_rows)
        self._update_count += 1  # every cached row and line is drawn again, at the new widths
        self.refresh()
