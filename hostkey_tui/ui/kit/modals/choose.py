"""Pick one of a few values (what to copy, and the like)."""

from __future__ import annotations

from rich.cells import cell_len, set_cell_size
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from hostkey_tui.records import dataclass
from hostkey_tui.ui.kit.keys import bindings
from hostkey_tui.ui.kit.modals import keys
from hostkey_tui.ui.kit.modals.base import Dialog
from hostkey_tui.ui.kit.text import fit, line, literal

#: The widest the label column gets (the dialog is 64 wide), and the gap after it.
LABEL_MAX = 26
GAP = 3


@dataclass(frozen=True, slots=True)
class Choice:
    key: str
    label: str
    value: str


class ChooseOne(Dialog[str | None]):
    DEFAULT_CSS = """
        ChooseOne {
        align: center middle;
    }
        ChooseOne > Vertical {
        width: 64;
        max-width: 95%;
        height: auto;
        max-height: 80%;
        border: round $accent;
        background: $surface;
        padding: 0 1;
    }
        ChooseOne OptionList {
        height: auto;
        max-height: 16;
        border: none;
    }
    """
    BINDINGS = bindings(keys.CHOOSE)

    def __init__(self, title: str, choices: list[Choice]) -> None:
        super().__init__()
        self.title_text = title
        self.choices = choices

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(literal(self.title_text, "bold"))
            yield OptionList(
                *(Option(row, id=c.key) for c, row in zip(self.choices, self.rows(), strict=True))
            )

    def rows(self) -> list[Content]:
        """Each choice as a label column, then its value after a gap: the column is as wide as
        the longest label, so a label never runs into its value ("Switch the port offthe …"),
        and one too long for the column is cut with an ellipsis."""
        width = min(LABEL_MAX, max((cell_len(c.label) for c in self.choices), default=0))
        return [
            line((set_cell_size(fit(c.label, width), width + GAP), "dim"), c.value)
            for c in self.choices
        ]

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
