"""`?`: every key the current screen answers to, with what it does."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from hostkey_tui.records import dataclass
from hostkey_tui.ui.kit.keys import bindings
from hostkey_tui.ui.kit.modals import keys
from hostkey_tui.ui.kit.modals.base import Dialog
from hostkey_tui.ui.kit.text import fit, line, literal


@dataclass(frozen=True, slots=True)
class KeyHelp:
    keys: str
    description: str
    detail: str = ""


class HelpScreen(Dialog[None]):
    DEFAULT_CSS = """
        HelpScreen {
        align: center middle;
    }
        HelpScreen .help-row {
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    HelpScreen > VerticalScroll {
        width: 90;
        max-width: 96%;
        height: auto;
        max-height: 90%;
        border: round $accent;
        background: $surface;
        padding: 0 1;
    }
    """
    BINDINGS = bindings(keys.HELP)

    def __init__(self, title: str, groups: list[tuple[str, list[KeyHelp]]]) -> None:
        super().__init__()
        self.title_text = title
        self.groups = groups

    def compose(self) -> ComposeResult:
        with VerticalScroll() as scroll:
            scroll.border_title = self.title_text
            scroll.border_subtitle = "escape closes"
            for heading, rows in self.groups:
                yield Static(literal(heading, "bold underline"))
                for row in rows:
                    yield Static(
                        line(
                            (fit(row.keys, 17).ljust(18), "bold"),
                            fit(row.description, 15).ljust(16),
                            (row.detail, "dim"),
                        ),
                        classes="help-row",
                    )

    def action_close(self) -> None:
        self.dismiss(None)
