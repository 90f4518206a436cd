"""`?`: every key the current screen answers to, with what it does.

Nothing is cut: a name or a description too long for its column wraps under itself (issue 22:
the filter's grammar was lost to an ellipsis at 80 columns).
"""

from __future__ import annotations

from typing import Any, ClassVar

from rich.cells import cell_len, chop_cells
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.geometry import Size
from textual.widgets import Static

from hostkey_tui.models.common import clean_text
from hostkey_tui.records import dataclass
from hostkey_tui.ui.kit.keys import bindings
from hostkey_tui.ui.kit.modals import keys
from hostkey_tui.ui.kit.modals.base import Dialog
from hostkey_tui.ui.kit.text import line, literal


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
                yield KeysTable(rows, classes="help-rows")

    def action_close(self) -> None:
        self.dismiss(None)


class KeysTable(Static):
    """Three columns: keys, name, what it does; a cell too long for its column goes on in the
    lines under it, in the same column (a hanging indent), never cut.

    One widget per group drawing text, not a widget per cell: the help opens often and its
    every row would be three widgets more.
    """

    DEFAULT_CSS = "KeysTable { height: auto; }"
    #: Widths of the keys and name columns; what it does takes the rest.
    KEYS_WIDTH: ClassVar[int] = 17
    NAME_WIDTH: ClassVar[int] = 15

    def __init__(self, rows: list[KeyHelp], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.rows = rows

    def lines(self, width: int) -> list[Content]:
        keys_width, name_width = self.KEYS_WIDTH, self.NAME_WIDTH
        detail_width = max(10, width - keys_width - name_width - 2)
        drawn: list[Content] = []
        for row in self.rows:
            keys = wrap(row.keys, keys_width)
            names = wrap(row.description, name_width)
            details = wrap(row.detail, detail_width)
            for index in range(max(len(keys), len(names), len(details))):
                drawn.append(
                    line(
                        (pad(keys, index, keys_width + 1), "bold"),
                        pad(names, index, name_width + 1),
                        (details[index] if index < len(details) else "", "dim"),
                    )
                )
        return drawn

    def render(self) -> Content:
        return Content("\n").join(self.lines(self.size.width))

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self.lines(width))


def pad(cells: list[str], index: int, width: int) -> str:
    text = cells[index] if index < len(cells) else ""
    return text + " " * max(0, width - cell_len(text))


def wrap(text: str, width: int) -> list[str]:
    """`text` in lines of at most `width` cells, broken between words where it can be."""
    lines: list[str] = []
    current = ""
    for word in clean_text(text, single_line=True).split():
        candidate = f"{current} {word}" if current else word
        if cell_len(candidate) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
        pieces = chop_cells(word, width)  # a word longer than the column: cut, not lost
        lines.extend(pieces[:-1])
        current = pieces[-1]
    if current:
        lines.append(current)
    return lines
