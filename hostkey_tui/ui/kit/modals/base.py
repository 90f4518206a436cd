"""The one rule every dialog keeps: it answers once."""

from __future__ import annotations

from typing import Any, TypeVar

from textual.await_complete import AwaitComplete
from textual.screen import ModalScreen

ResultType = TypeVar("ResultType")


def acting_account(dialog: ModalScreen[Any]) -> str:
    """The account a change acts on, once the app has a fleet open ("" with one account): a
    confirmation and a PIN dialog name it. Read as the app's `Host.acting_account` when it has
    one: the kit's dialogs also run in an app that is no host (a bare one, in tests)."""
    account = getattr(dialog.app, "acting_account", "")
    return account if isinstance(account, str) else ""


class Dialog(ModalScreen[ResultType]):
    """A modal screen that is dismissed at most once.

    Two presses of enter on a button can both be queued before the first is handled (key repeat,
    or keys batched over a slow SSH link). Textual's `dismiss` pops whatever screen is on top, so
    a second dismiss would close the next dialog (the PIN question: the change silently dropped)
    or the screen beneath. Here a second answer is ignored, and a dialog answered from beneath
    another screen (a countdown ending under the help screen) closes what is above it first.

    What it is about stays in sight behind it, dimmed (issue 22): the server whose power is
    asked, the row a countdown is about. In 16 colours nothing can be blended: it shows as is.
    """

    DEFAULT_CSS = """
    Dialog {
        background: $background 60%;
        &:ansi { background: transparent; }
    }
    """

    _answered: bool = False

    def dismiss(self, result: ResultType | None = None) -> AwaitComplete:
        if self._answered or self not in self.app.screen_stack:
            nothing: AwaitComplete = AwaitComplete.nothing()  # type: ignore[no-untyped-call]
            return nothing
        self._answered = True
        stack = self.app.screen_stack
        for above in reversed(stack[stack.index(self) + 1 :]):
            above.dismiss(None)  # each answered "cancel", top first
        return super().dismiss(result)
