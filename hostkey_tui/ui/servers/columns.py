"""Choose the server list's columns (remembered in state.toml)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Label
from textual.widgets.selection_list import Selection

from hostkey_tui.state.views import COLUMNS, DEFAULT_COLUMNS
from hostkey_tui.ui.kit.keys import bindings
from hostkey_tui.ui.kit.modals.base import Dialog
from hostkey_tui.ui.kit.text import literal
from hostkey_tui.ui.kit.widgets.inputs import CheckList
from hostkey_tui.ui.servers import keys


class ColumnChooser(Dialog[tuple[str, ...] | None]):
    DEFAULT_CSS = """
        ColumnChooser {
        align: center middle;
    }
        ColumnChooser > Vertical {
        width: 48;
        height: auto;
        max-height: 90%;
        border: round $accent;
        background: $surface;
        padding: 0 1;
    }
        ColumnChooser CheckList {
        height: auto;
        max-height: 14;
        border: none;
    }
    """
    BINDINGS = bindings(keys.COLUMNS)

    def __init__(self, current: tuple[str, ...]) -> None:
        super().__init__()
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(literal("Columns of the server list", "bold"))
            yield Label(literal("space toggles · enter keeps · escape cancels", "dim"))
            yield CheckList(
                *(
                    Selection(COLUMNS[key].title, key, key in self.current)
                    for key in DEFAULT_COLUMNS
                ),
            )

    def action_done(self) -> None:
        chosen = set(self.query_one(CheckList).selected)
        ordered = tuple(key for key in DEFAULT_COLUMNS if key in chosen)
        if len(ordered) < 1:
            self.notify("Keep at least one column.", severity="warning")
            return
        self.dismiss(ordered)

    def action_cancel(self) -> None:
        self.dismiss(None)
