"""The app's tables draw their rows at full width even when a frame came before they were measured.

Textual's DataTable measures new rows when it is next idle and caches each drawn line under a
count of changes that measuring does not move; a frame drawn in between (the screen's 60 Hz
update, on a busy machine) left the rows cut to the column titles' widths. That is how the
invoices and the order wizard came out squeezed in snapshots taken under load.
"""

from __future__ import annotations

import pytest
from textual import events
from textual.app import App, ComposeResult
from textual.widgets import DataTable

from hostkey_tui.ui.kit.widgets.table import Table


class OneTable(App[None]):
    def __init__(self, table: DataTable[str]) -> None:
        super().__init__()
        self.table = table

    def compose(self) -> ComposeResult:
        yield self.table


async def drawn_after_a_frame_came_first(table: DataTable[str]) -> str:
    """A row drawn, then measured (the table's idle), then drawn again before anything else."""
    app = OneTable(table)
    async with app.run_test(size=(60, 8)) as pilot:
        await pilot.pause()
        table.add_columns("Detail", "Value")
        table.add_row("Hostname", "(named after its id)")
        table.render_line(1)  # a frame now, before the table has measured the row
        await table._on_idle(events.Idle())  # measured, as its idle does
        return table.render_line(1).text  # the next frame, before its Resize arrives


async def test_a_row_drawn_before_it_was_measured_is_drawn_again_at_full_width() -> None:
    assert "Hostname" in await drawn_after_a_frame_came_first(Table())
    assert "(named after its id)" in await drawn_after_a_frame_came_first(Table())


async def test_textuals_own_table_still_cuts_it_so_the_subclass_is_still_needed() -> None:
    """When this fails, Textual draws it right by itself: `Table` may go."""
    drawn = await drawn_after_a_frame_came_first(DataTable())
    if "Hostname" in drawn:
        pytest.fail(f"Textual's DataTable draws the measured row now: {drawn!r}")
    assert "Hostn" in drawn
