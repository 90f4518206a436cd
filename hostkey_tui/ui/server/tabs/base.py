"""What every tab of the server detail shares: its keys, the server it shows, a table bound to rows.

A tab is the content of its TabPane. Its `BINDINGS` come from its own keys table, so Textual's
focus chain decides which keys are live: a tab's keys work while the focus is inside it. The
shell (`ui.server.screen`) tells the tabs which server they show, hands the open tab each new
state, and says when a tab opens or closes.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import TYPE_CHECKING, Any, ClassVar, cast

from rich.text import Text
from textual.containers import VerticalScroll
from textual.reactive import var
from textual.widgets import TabbedContent, TabPane
from textual.worker import Worker, WorkerState

from hostkey_tui.models.server import Server
from hostkey_tui.state.state import AppState, Job
from hostkey_tui.ui.kit.keys import Key, mutating
from hostkey_tui.ui.kit.screen import SectionScreen
from hostkey_tui.ui.kit.text import cell
from hostkey_tui.ui.kit.widgets.table import Table

if TYPE_CHECKING:
    from hostkey_tui.ui.host import Host

#: One row of a `RowsTable`: its key, and each cell's text and style.
Row = tuple[str, tuple[tuple[str, str], ...]]


class ServerTab(VerticalScroll):
    """One tab of the server detail."""

    #: Its keys table (its `BINDINGS` are made from it).
    KEYS: ClassVar[tuple[Key, ...]] = ()
    #: The widget inside it that takes the keys when it opens ("": the tab itself).
    FOCUS: ClassVar[str] = ""
    #: Whether it is drawn again each second while open (countdowns, "read 12 s ago").
    TICKS: ClassVar[bool] = True

    #: Secrets are shown (`v`): set by the shell on every tab.
    revealed: var[bool] = var(False)

    def __init__(self, server_id: int, *, id: str) -> None:
        super().__init__(id=id)
        self.server_id = server_id

    @property
    def hostkey(self) -> Host:
        return cast("Host", self.app)

    @property
    def server(self) -> Server | None:
        return self.hostkey.state.servers.get(self.server_id)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # A change in read-only mode: hidden from the key bar, the help and the palette, and
        # refused, as the screens' own keys are (SectionScreen.check_action).
        return not (self.hostkey.state.read_only and action in mutating(self.KEYS))

    def show_server(self, server_id: int) -> None:
        """The shell moved to another server (`]`, `[`): what was read of the last one goes."""
        self.server_id = server_id
        self.revealed = False

    def opened(self) -> None:
        """The tab opened (or shows another server while open): read what it shows."""

    def closed(self) -> None:
        """Another tab opened: stop what only this one needs."""

    def again(self) -> None:
        """`r` while this tab is open: read its own data again too."""

    def state_changed(self, state: AppState) -> None:
        """Draw the tab from the state (the shell calls it while the tab is open)."""

    @property
    def is_open(self) -> bool:
        pane = self.parent
        return isinstance(pane, TabPane) and self.screen.query_one(TabbedContent).active == pane.id

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        # A worker's messages do not bubble: the tab's own reads are reported here, as the
        # screen reports its own.
        if event.state is WorkerState.ERROR and event.worker.error is not None:
            self.hostkey.report_error(event.worker.error)

    def run_flow(self, work: Coroutine[Any, Any, object]) -> None:
        cast("SectionScreen", self.screen).run_flow(work)

    def with_server(self, flow: Callable[[Host, Server], Coroutine[Any, Any, None]]) -> None:
        server = self.server
        if server is not None:
            self.run_flow(flow(self.hostkey, server))

    def server_jobs(self, state: AppState, kinds: tuple[str, ...]) -> list[Job]:
        """This server's jobs of these kinds, the newest first."""
        return [
            j
            for j in reversed(list(state.jobs.values()))
            if j.server_id == self.server_id and j.kind in kinds
        ]


class RowsTable(Table[Text]):
    """A table bound to its rows: equal rows change nothing, new ones are drawn again with the
    cursor where it was (so a state change that leaves the rows as they are keeps it still)."""

    shown: var[tuple[Row, ...]] = var(())

    def watch_shown(self, rows: tuple[Row, ...]) -> None:
        cursor = self.cursor_row
        self.clear()
        for key, cells in rows:
            self.add_row(*(cell(text, style) for text, style in cells), key=key)
        if rows:
            self.move_cursor(row=min(max(cursor, 0), len(rows) - 1))
