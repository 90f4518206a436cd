"""Cancelling a server: at the end of the period or now with a partial refund, a reason, what it
means said plainly, and the hostname typed before anything is sent."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, RadioButton, RadioSet, Static

from hostkey_tui.ui.kit.keys import bindings
from hostkey_tui.ui.kit.modals.base import Dialog
from hostkey_tui.ui.kit.text import line, literal
from hostkey_tui.ui.kit.widgets.inputs import Radio, TextInput
from hostkey_tui.ui.server import keys

CONSEQUENCES = {
    False: "The server keeps running until the end of the paid period ({due}), then it is taken "
    "back and its disks are wiped. You can withdraw the request until then.",
    True: "The server is taken back now: it stops, its disks are wiped, and the unused part of the "
    "period is refunded to your credit where possible. This cannot be undone.",
}


class CancelModal(Dialog[tuple[bool, str] | None]):
    """Dismissed with (immediately?, reason), or None (nothing sent)."""

    DEFAULT_CSS = """
    CancelModal { align: center middle; }
    CancelModal > Vertical {
        width: 80;
        max-width: 96%;
        height: auto;
        border: thick $error 60%;
        background: $surface;
        padding: 0 1;
    }
    CancelModal RadioSet { margin: 1 0; }
    CancelModal #consequence { color: $warning; height: auto; margin-bottom: 1; }
    CancelModal #buttons { height: auto; margin-top: 1; align-horizontal: right; }
    CancelModal #buttons Button { margin-left: 2; }
    """
    BINDINGS = bindings(keys.CANCEL)

    def __init__(self, hostname: str, server_id: int, due: str) -> None:
        super().__init__()
        self.hostname = hostname
        self.server_id = server_id
        self.due = due or "the due date"

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = "Cancel a server"
            yield Static(
                line(("Cancel ", "bold"), (self.hostname, "bold"), f" ({self.server_id})?")
            )
            with RadioSet(id="when"):
                yield Radio("At the end of the paid period", value=True, id="at-end")
                yield Radio("Now, with a partial refund", id="now")
            yield Static(literal(CONSEQUENCES[False].format(due=self.due)), id="consequence")
            yield Static(literal("Reason (optional, helps HOSTKEY):"))
            yield TextInput(id="reason", placeholder="optional", compact=True)
            yield Static(line("Type ", (self.hostname, "bold"), " to confirm:"))
            yield TextInput(id="typed", placeholder="the hostname, exactly", compact=True)
            with Horizontal(id="buttons"):
                yield Button("Keep the server", id="keep", compact=True)
                yield Button(
                    "Request the cancellation",
                    id="cancel-server",
                    variant="error",
                    compact=True,
                    disabled=True,
                )

    def on_mount(self) -> None:
        self.query_one("#when", RadioSet).focus()  # the first choice to make; nothing sends

    @property
    def immediate(self) -> bool:
        return self.query_one("#now", RadioButton).value

    @on(RadioSet.Changed)
    def _when(self) -> None:
        self.query_one("#consequence", Static).update(
            literal(CONSEQUENCES[self.immediate].format(due=self.due))
        )

    @on(TextInput.Changed, "#typed")
    def _typed(self, event: TextInput.Changed) -> None:
        self.query_one("#cancel-server", Button).disabled = event.value.strip() != self.hostname

    @on(Button.Pressed, "#cancel-server")
    def _confirm(self) -> None:
        self.dismiss((self.immediate, self.query_one("#reason", TextInput).value.strip()))

    @on(Button.Pressed, "#keep")
    def action_close(self) -> None:
        self.dismiss(None)
