"""The PIN: asked for each dangerous action (once for a batch), checked before anything is sent,
masked, digits only, never kept. A wrong one says so here, with invapi's own words; when invapi
says it blocks PINs, the modal warns and the user decides whether to try again.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from hostkey_tui.api import InvapiError
from hostkey_tui.models.common import Secret
from hostkey_tui.services.pin import BLOCKED_WARNING, PinVerdict
from hostkey_tui.state.reduce import PIN_TRIES
from hostkey_tui.ui.kit.keys import bindings
from hostkey_tui.ui.kit.modals import keys
from hostkey_tui.ui.kit.modals.base import Dialog, acting_account
from hostkey_tui.ui.kit.text import fit, line, literal
from hostkey_tui.ui.kit.widgets.inputs import TextInput

Verify = Callable[[Secret], Awaitable[PinVerdict]]


class PinModal(Dialog[Secret | None]):
    """Dismissed with the checked PIN, or None (cancelled): then nothing is sent."""

    DEFAULT_CSS = """
    PinModal { align: center middle; }
    PinModal > Vertical {
        width: 64;
        max-width: 96%;
        height: auto;
        border: thick $warning 70%;
        background: $surface;
        padding: 0 1;
    }
    PinModal #pin-for { text-style: bold; }
    PinModal #pin-targets { color: $text-muted; }
    PinModal #pin { margin: 1 0; width: 20; }
    PinModal #pin-problem { color: $error; height: auto; }
    PinModal #pin-hint { color: $text-muted; }
    """
    BINDINGS = bindings(keys.PIN)

    def __init__(
        self,
        action: str,
        targets: list[str],
        verify: Verify,
        *,
        rejections: int = 0,
        blocked: bool = False,
        hint: str = "",
    ) -> None:
        super().__init__()
        self.hint = hint
        self.action_text = action
        self.targets = targets
        self.verify = verify
        self.rejections = rejections
        self.blocked = blocked

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = "PIN"
            account = acting_account(self)
            if account:
                box.border_subtitle = f"account {account}"
                yield Static(line("On account ", (account, "bold reverse")), id="pin-account")
            yield Static(literal(f"PIN for: {self.action_text}"), id="pin-for")
            shown = ", ".join(self.targets[:4]) + (
                f" and {len(self.targets) - 4} more" if len(self.targets) > 4 else ""
            )
            yield Static(literal(fit(shown, 200)), id="pin-targets")
            yield TextInput(
                password=True,
                restrict=r"[0-9]*",
                max_length=8,
                id="pin",
                placeholder="PIN",
                compact=True,
            )
            yield Static(id="pin-problem")
            yield Static(
                literal("enter checks it · escape cancels: nothing is sent"), id="pin-hint"
            )
            if self.hint:
                yield Static(literal(self.hint, "italic"))

    def on_mount(self) -> None:
        self.query_one("#pin", TextInput).focus()
        if self.blocked and self.rejections >= PIN_TRIES:
            self._say(f"invapi's last refusal said it blocks PINs. {BLOCKED_WARNING}")
        elif self.rejections:
            self._say(tries_left(self.rejections))

    def _say(self, text: str) -> None:
        self.query_one("#pin-problem", Static).update(literal(text))

    @on(TextInput.Submitted, "#pin")
    def _submitted(self, event: TextInput.Submitted) -> None:
        if self.query_one("#pin", TextInput).disabled:
            return  # a second enter queued while the first is checked: one check only
        if not 4 <= len(event.value) <= 8:
            self._say("A PIN is 4 to 8 digits.")
            return
        self.query_one("#pin", TextInput).disabled = True
        self._say("checking…")
        self.check(Secret(event.value))

    @work(group="pin", exclusive=True, exit_on_error=False)
    async def check(self, pin: Secret) -> None:
        field = self.query_one("#pin", TextInput)
        try:
            verdict = await self.verify(pin)
        except InvapiError as error:
            self._say(f"{error.title}: {error.message}")
            field.disabled = False
            field.focus()
            return
        if verdict.accepted:
            self.dismiss(pin)
            return
        field.value = ""
        self.rejections += 1
        self.blocked = verdict.blocked
        said = f' invapi says: "{verdict.said}".' if verdict.said else ""
        first = "That PIN is not correct." if verdict.wrong else "invapi did not check the PIN."
        if verdict.blocked and (self.rejections >= PIN_TRIES or not verdict.wrong):
            self._say(f"{first}{said} {BLOCKED_WARNING}")
        else:
            # invapi's documented reply to any wrong PIN says "Blocked For Security Purposes",
            # so before the third it is not taken as a block: the count is what tells.
            self._say(f"{first}{said} {tries_left(self.rejections)}")
        field.disabled = False
        field.focus()

    def action_cancel(self) -> None:
        self.dismiss(None)


def tries_left(rejections: int) -> str:
    left = max(0, PIN_TRIES - rejections)
    tries = "try" if left == 1 else "tries"
    return (
        f"{left} {tries} left, by this session's count, before invapi refuses every PIN "
        "(even the right one) for a while."
    )
