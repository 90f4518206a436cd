"""A secret invapi gives out only once (a new API key): hidden until asked for, copyable, kept
in a profile only if the user says so, and forgotten when the dialog closes."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from hostkey_tui.models.common import Secret
from hostkey_tui.ui.kit.keys import bindings
from hostkey_tui.ui.kit.modals import keys
from hostkey_tui.ui.kit.modals.base import Dialog
from hostkey_tui.ui.kit.text import HIDDEN, line, literal


class ShownOnce(Dialog[str]):
    """Dismissed with "save" (keep it in a profile, then this comes back) or "close"."""

    DEFAULT_CSS = """
    ShownOnce { align: center middle; }
    ShownOnce > Vertical {
        width: 76;
        max-width: 96%;
        height: auto;
        border: thick $warning 70%;
        background: $surface;
        padding: 0 1;
    }
    ShownOnce #once-secret { margin: 1 0; padding: 0 1; background: $boost; }
    ShownOnce #once-warning { color: $warning; text-style: bold; }
    ShownOnce #once-done { color: $success; height: auto; }
    ShownOnce #once-keys { color: $text-muted; margin-top: 1; }
    """
    BINDINGS = bindings(keys.ONCE)

    def __init__(self, title: str, about: str, secret: Secret, *, kept: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.about = about
        self.secret = secret
        self.shown = False
        #: Where it went already (copied, or the profile it was saved in).
        self.kept = kept
        self.closing = False

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = literal(self.title_text)
            yield Static(literal(self.about), id="once-about")
            yield Static(id="once-secret")
            yield Static(
                literal(
                    "invapi shows this key now and never again. Copy it (y) or keep it in a "
                    "profile (s) before you close this dialog."
                ),
                id="once-warning",
            )
            yield Static(id="once-done")
            yield Static(
                line(
                    ("v", "bold"),
                    " show/hide   ",
                    ("y", "bold"),
                    " copy   ",
                    ("s", "bold"),
                    " save as a profile   ",
                    ("esc", "bold"),
                    " close",
                ),
                id="once-keys",
            )

    def on_mount(self) -> None:
        self._show()

    def _show(self) -> None:
        value = self.secret.reveal() if self.shown else HIDDEN * 2
        self.query_one("#once-secret", Static).update(literal(value, "bold"))
        done = self.query_one("#once-done", Static)
        if self.closing:
            done.update(
                literal("Not copied or saved: esc again closes, and the key is gone.", "red")
            )
        else:
            done.update(literal(self.kept and f"✓ {self.kept}"))

    @property
    def secret_shown(self) -> bool:
        """The key is in clear (the screenshot refuses)."""
        return self.shown

    def action_reveal(self) -> None:
        self.shown = not self.shown
        self._show()

    def action_copy(self) -> None:
        # Asked for by the user: the one way this key reaches the clipboard.
        self.app.copy_to_clipboard(self.secret.reveal())
        self.kept = "copied to the clipboard"
        self.closing = False
        self._show()

    def action_save(self) -> None:
        self.dismiss("save")

    def action_close(self) -> None:
        if self.kept or self.closing:
            self.dismiss("close")
            return
        self.closing = True
        self._show()
