"""`:` — the jump line: `:servers`, `:server 34533`, `:server nl-vmmini`, `:quit`."""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.suggester import SuggestFromList
from textual.widgets import Input, Label

from hostkey_tui.ui.kit.keys import bindings
from hostkey_tui.ui.kit.modals import keys
from hostkey_tui.ui.kit.modals.base import Dialog
from hostkey_tui.ui.kit.text import literal
from hostkey_tui.ui.kit.widgets.inputs import TextInput

#: Checks a command: None when it can be done, else why not (shown under the line).
Checker = Callable[[str], str | None]


class JumpLine(Dialog[str | None]):
    """Dismissed with the command to carry out: the app does it once this line is gone."""

    DEFAULT_CSS = """
        JumpLine {
        align: left bottom;
        background: $background 30%;
    }
        JumpLine > Vertical {
        height: auto;
        width: 100%;
        background: $surface;
        border-top: solid $accent;
    }
        JumpLine Input {
        border: none;
        height: 1;
        padding: 0 1;
    }
        JumpLine #jump-error {
        color: $error;
        padding: 0 1;
        height: auto;
    }
        JumpLine #jump-hint {
        color: $text-muted;
        padding: 0 1;
    }
    """
    BINDINGS = bindings(keys.JUMP)

    def __init__(self, check: Checker, suggestions: list[str], hint: str) -> None:
        super().__init__()
        self.check = check
        self.suggestions = suggestions
        self.hint = hint

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(literal(self.hint), id="jump-hint")
            yield Label(id="jump-error")
            yield TextInput(
                placeholder=":server 34533",
                suggester=SuggestFromList(self.suggestions, case_sensitive=False),
                compact=True,
            )

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        text = event.value.strip().removeprefix(":").strip()
        if not text:
            self.dismiss(None)
            return
        problem = self.check(text)
        if problem is None:
            self.dismiss(text)
        else:
            self.query_one("#jump-error", Label).update(literal(problem))

    def action_cancel(self) -> None:
        self.dismiss(None)
