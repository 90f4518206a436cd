"""The grace period after confirming: a countdown during which escape aborts and nothing has been
sent yet.
"""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import Static

from hostkey_tui.clock import Clock
from hostkey_tui.ui.kit.keys import bindings
from hostkey_tui.ui.kit.modals import keys
from hostkey_tui.ui.kit.modals.base import Dialog
from hostkey_tui.ui.kit.text import line


class GraceCountdown(Dialog[bool]):
    """Dismissed with True when the time is up (send), False on escape (nothing sent)."""

    DEFAULT_CSS = """
    GraceCountdown { align: right bottom; }
    GraceCountdown > Static {
        width: 56;
        height: auto;
        border: tall $warning;
        background: $panel;
        padding: 0 1;
        margin: 0 2 3 0;
    }
    """
    BINDINGS = bindings(keys.GRACE)

    def __init__(self, text: str, seconds: int, clock: Clock) -> None:
        super().__init__()
        self.text = text
        self.seconds = seconds
        self.clock = clock

    def compose(self) -> ComposeResult:
        yield Static(self._content(self.seconds))

    def _content(self, remaining: int) -> Content:
        return line(
            (self.text, "bold"),
            f" in {remaining} s\n",
            ("escape aborts (q aborts and quits): nothing has been sent yet", "dim"),
        )

    def on_mount(self) -> None:
        self.count_down()

    @work(group="grace", exclusive=True, exit_on_error=False)
    async def count_down(self) -> None:
        for remaining in range(self.seconds, 0, -1):
            self.query_one(Static).update(self._content(remaining))
            await self.clock.sleep(1)
        self.dismiss(True)

    def action_abort(self) -> None:
        self.dismiss(False)

    def action_abort_and_quit(self) -> None:
        """`q` while counting down: the change is dropped (never sent), then the app quits."""
        self.dismiss(False)
        self.app.call_later(self.app.run_action, "quit")
