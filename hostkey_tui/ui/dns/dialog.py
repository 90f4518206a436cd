"""What the DNS screen's list dialogs share (zones, subdomains): a table, a line under it that
names the keys, the read-only rule, and flows run as the app's workers (their errors said)."""

from __future__ import annotations

from collections.abc import Coroutine
from typing import TYPE_CHECKING, Any, ClassVar, cast

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import DataTable, Static

from hostkey_tui.ui.kit.keys import Key, mutating
from hostkey_tui.ui.kit.modals.base import Dialog
from hostkey_tui.ui.kit.text import literal
from hostkey_tui.ui.kit.widgets.table import Table

if TYPE_CHECKING:
    from hostkey_tui.ui.host import Host


class ListDialog(Dialog[None]):
    """A titled table with its own keys; closed with escape."""

    DEFAULT_CSS = """
    ListDialog { align: center middle; }
    ListDialog > Vertical {
        width: 96;
        max-width: 96%;
        height: auto;
        max-height: 90%;
        border: round $accent;
        background: $surface;
        padding: 0 1;
    }
    ListDialog .intro { color: $text-muted; height: auto; }
    ListDialog Table { height: auto; max-height: 16; margin-top: 1; }
    ListDialog .keys-line { color: $text-muted; height: auto; margin-top: 1; }
    """
    KEYS: ClassVar[tuple[Key, ...]] = ()
    #: The registry scope of its keys and their heading in the help (`?`).
    SCOPE: ClassVar[str] = ""
    HELP_TITLE: ClassVar[str] = "This dialog"
    #: The words naming the changing keys (left out when read-only: they are refused).
    CHANGE_KEYS: ClassVar[str] = ""

    def __init__(self, title: str, intro: str) -> None:
        super().__init__()
        self.title_text = title
        self.intro = intro

    @property
    def hostkey(self) -> Host:
        return cast("Host", self.app)

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            # Titles carry API text (zone names): never parsed as markup.
            box.border_title = literal(self.title_text)
            yield Static(literal(self.intro), classes="intro", id="list-intro")
            yield Table(id="list", cursor_type="row")
            yield Static(id="list-keys", classes="keys-line")

    def on_mount(self) -> None:
        self.query_one("#list", DataTable).focus()

    def say_keys(self, state: str) -> None:
        """The line under the table: what it holds and, unless read-only, what changes it."""
        changes = "" if self.hostkey.state.read_only else self.CHANGE_KEYS
        words = " · ".join(w for w in (state, changes, "esc close") if w)
        self.query_one("#list-keys", Static).update(literal(words, "dim"))

    def cursor(self) -> int | None:
        table = self.query_one("#list", DataTable)
        return table.cursor_row if table.row_count else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # A change in read-only mode: hidden and refused, as on the section screens.
        return not (self.hostkey.state.read_only and action in mutating(self.KEYS))

    def run_flow(self, work: Coroutine[Any, Any, object]) -> None:
        self.hostkey.run_worker(work, group="flow", exit_on_error=False)

    def action_close(self) -> None:
        self.dismiss(None)
