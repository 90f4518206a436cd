"""The Snapshots tab: a VM's snapshots (name, taken, size when invapi says it), and taking,
restoring and removing one. Bare metal says snapshots are for VMs.

The list is a read through invapi's callback (beyond-the-docs §1 [S16]), made when the tab opens,
on `r`, and again whenever a snapshot change of this VM ends, so what is shown is what invapi
holds after it. It is the tab's own: no other screen shows it.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import TYPE_CHECKING, Any

from textual import on, work
from textual.app import ComposeResult
from textual.content import Content
from textual.reactive import var
from textual.widgets import DataTable

from hostkey_tui.api import InvapiError
from hostkey_tui.models.server import Server
from hostkey_tui.models.vm import Snapshot
from hostkey_tui.services import snapshots
from hostkey_tui.state.state import AppState
from hostkey_tui.ui.kit.keys import bindings
from hostkey_tui.ui.kit.widgets.view import View
from hostkey_tui.ui.server import keys
from hostkey_tui.ui.server.panels import jobs_list
from hostkey_tui.ui.server.tabs import snapshot_flows as flows
from hostkey_tui.ui.server.tabs.base import RowsTable, ServerTab
from hostkey_tui.ui.server.vm_panels import snapshot_rows, snapshots_note

if TYPE_CHECKING:
    from hostkey_tui.ui.host import Host


class SnapshotsTab(ServerTab):
    KEYS = keys.SNAPSHOTS
    BINDINGS = bindings(KEYS)
    FOCUS = "#snap-list"
    DEFAULT_CSS = """
    SnapshotsTab #snap-note, SnapshotsTab #snap-jobs { padding: 0 1; margin-bottom: 1; }
    SnapshotsTab #snap-list {
        height: auto; max-height: 12; margin: 0 1 1 1; overflow-x: hidden;
    }
    """

    note_text: var[Content | None] = var(None, init=False)
    jobs_text: var[Content | None] = var(None, init=False)

    def __init__(self, server_id: int, *, id: str) -> None:
        super().__init__(server_id, id=id)
        #: What the last read gave (None: not read yet), why it failed, and whether one runs.
        self.listed: tuple[Snapshot, ...] | None = None
        self.error = ""
        self.reading = False
        #: Snapshot jobs seen ended: one that ends after the tab last looked reads the list again.
        self._ended: set[str] = set()
        self._looked = False

    def compose(self) -> ComposeResult:
        yield View(id="snap-note").data_bind(value=SnapshotsTab.note_text)
        yield RowsTable(id="snap-list", cursor_type="row")
        yield View(id="snap-jobs").data_bind(value=SnapshotsTab.jobs_text)

    def on_mount(self) -> None:
        table = self.query_one("#snap-list", RowsTable)
        for label in ("Name", "Taken", "Size"):
            table.add_column(label, key=label)

    def show_server(self, server_id: int) -> None:
        super().show_server(server_id)
        self.workers.cancel_group(self, "snapshots")
        self.listed, self.error, self.reading = None, "", False
        self._ended, self._looked = set(), False

    def opened(self) -> None:
        server = self.server
        if server is not None and server.kind.is_virtual and self.listed is None:
            self.read_list(server)

    def again(self) -> None:
        server = self.server
        if server is not None and server.kind.is_virtual:
            self.read_list(server)

    @work(group="snapshots", exclusive=True, exit_on_error=False)
    async def read_list(self, server: Server) -> None:
        services = self.hostkey.services
        if services is None:
            return
        self.reading = True
        self._draw(self.hostkey.state)
        try:
            self.listed = await snapshots.read_snapshots(services, server)
            self.error = ""
        except InvapiError as error:
            # Never shown as "no snapshots": the list stays as last read, the failure said.
            self.error = error.message
        finally:
            self.reading = False
        self._draw(self.hostkey.state)

    def state_changed(self, state: AppState) -> None:
        server = state.servers.get(self.server_id)
        if server is None:
            return
        jobs = self.server_jobs(state, (snapshots.KIND,))
        ended = {j.id for j in jobs if not j.running and not j.sending}
        new, self._ended = ended - self._ended, self._ended | ended
        if new and self._looked and server.kind.is_virtual:
            self.read_list(server)  # a change ended: the list as invapi holds it now
        self._looked = True
        self._draw(state)

    def _draw(self, state: AppState) -> None:
        server = state.servers.get(self.server_id)
        if server is None:
            return
        virtual = server.kind.is_virtual
        self.note_text = snapshots_note(
            server,
            self.listed,
            error=self.error,
            reading=self.reading,
            read_only=state.read_only,
            busy=state.busy(server.id, snapshots.KIND),
        )
        table = self.query_one("#snap-list", RowsTable)
        table.display = virtual and bool(self.listed)
        table.shown = snapshot_rows(self.listed or ()) if virtual else ()
        self.jobs_text = (
            jobs_list(
                self.server_jobs(state, (snapshots.KIND,)),
                self.hostkey.clock.now(),
                "Snapshot jobs of this VM",
            )
            if virtual
            else None
        )
        self.screen.refresh_bindings()

    def _under_cursor(self) -> Snapshot | None:
        listed = self.listed or ()
        if not listed:
            return None
        row = self.query_one("#snap-list", DataTable).cursor_row
        return listed[min(max(row, 0), len(listed) - 1)]

    @on(DataTable.RowHighlighted, "#snap-list")
    def _moved(self, event: DataTable.RowHighlighted) -> None:
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        allowed = super().check_action(action, parameters)
        if not allowed or action not in ("take_snapshot", "restore_snapshot", "remove_snapshot"):
            return allowed
        server = self.server
        if server is None or not server.kind.is_virtual:
            return False
        if self.hostkey.state.busy(server.id, snapshots.KIND):
            return False
        if action != "take_snapshot":
            return self._under_cursor() is not None
        return True

    def _with_snapshot(
        self, flow: Callable[[Host, Server, Snapshot], Coroutine[Any, Any, None]]
    ) -> None:
        server = self.server
        snapshot = self._under_cursor()
        if server is not None and snapshot is not None:
            self.run_flow(flow(self.hostkey, server, snapshot))

    def action_take_snapshot(self) -> None:
        self.with_server(flows.take)

    def action_restore_snapshot(self) -> None:
        self._with_snapshot(flows.restore)

    def action_remove_snapshot(self) -> None:
        self._with_snapshot(flows.remove)
