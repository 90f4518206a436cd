"""The Remote tab: IPMI pass-through and user (bare metal), console and noVNC (VM), ISOs."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.reactive import var
from textual.visual import VisualType
from textual.widgets import DataTable

from hostkey_tui.models.iso import FAILED, not_mountable
from hostkey_tui.models.network import IsoImage
from hostkey_tui.state.state import AppState
from hostkey_tui.ui.kit.keys import bindings
from hostkey_tui.ui.kit.text import fit
from hostkey_tui.ui.kit.widgets.view import View
from hostkey_tui.ui.server import keys
from hostkey_tui.ui.server.net_panels import REMOTE_JOB_KINDS, iso_panel, remote_panel
from hostkey_tui.ui.server.panels import jobs_list
from hostkey_tui.ui.server.tabs import iso_flows
from hostkey_tui.ui.server.tabs import remote_flows as flows
from hostkey_tui.ui.server.tabs.base import RowsTable, ServerTab

BARE_METAL = frozenset({"open_nat", "close_nat", "add_ipmi_user", "remove_ipmi_user", "reset_ipmi"})
VIRTUAL = frozenset({"console", "launch_viewer", "novnc", "open_novnc"})


class RemoteTab(ServerTab):
    KEYS = keys.REMOTE
    BINDINGS = bindings(KEYS)
    FOCUS = "#remote-isos"
    #: What its text panels show, each drawn again only when it changes.
    access_text: var[VisualType | None] = var(None, init=False)
    iso_text: var[VisualType | None] = var(None, init=False)
    jobs_text: var[VisualType | None] = var(None, init=False)

    def __init__(self, server_id: int, *, id: str) -> None:
        super().__init__(server_id, id=id)
        # Looked up through the module: a test may say there is none.
        self._viewer = flows.viewer_installed()

    def compose(self) -> ComposeResult:
        yield View(id="remote-access").data_bind(value=RemoteTab.access_text)
        yield View(id="remote-iso").data_bind(value=RemoteTab.iso_text)
        yield RowsTable(id="remote-isos", cursor_type="row")
        yield View(id="remote-jobs").data_bind(value=RemoteTab.jobs_text)

    def on_mount(self) -> None:
        isos = self.query_one("#remote-isos", RowsTable)
        for label in ("Name", "Whose", "Description"):
            isos.add_column(label, key=label)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        allowed = super().check_action(action, parameters)
        if not allowed:
            return allowed
        # What the keys may do follows the server's kind and what is known of it now.
        server = self.server
        virtual = server is not None and server.kind.is_virtual
        net = self.hostkey.state.net_of(self.server_id)
        if action in BARE_METAL and virtual:
            return False
        if action in VIRTUAL and not virtual:
            return False
        if action == "launch_viewer":
            return self._viewer and net.console is not None
        if action == "open_novnc":
            return net.novnc is not None
        if action == "close_nat":
            return net.nat is not None
        if action == "remove_ipmi_user":
            return net.ipmi_user is not None
        return True

    def opened(self) -> None:
        server = self.server
        if server is not None and self.hostkey.services is not None:
            self.run_flow(flows.read_remote(self.hostkey, server))

    def state_changed(self, state: AppState) -> None:
        server = state.servers.get(self.server_id)
        if server is None:
            return
        now = self.hostkey.clock.now()
        net = state.net_of(server.id)
        self.access_text = remote_panel(
            server,
            net,
            state.client_ip,
            now,
            revealed=self.revealed,
            read_only=state.read_only,
            viewer=self._viewer,
        )
        self.iso_text = iso_panel(net, state.read_only)
        table = self.query_one("#remote-isos", RowsTable)
        table.shown = tuple(
            (
                str(index),
                (
                    (fit(iso.name or iso.iso_name, 36), "bold"),
                    _whose(iso),
                    (fit(iso.description, 40), ""),
                ),
            )
            for index, iso in enumerate(net.isos or ())
        )
        table.display = bool(table.shown)
        self.jobs_text = jobs_list(
            self.server_jobs(state, REMOTE_JOB_KINDS), now, "Remote jobs of this server"
        )
        # What the keys may do follows what is known (an open NAT, a user, a console file).
        self.screen.refresh_bindings()

    def again(self) -> None:
        # `r`: the ISO list again (one's own uploads turn from Pending to ready meanwhile).
        server = self.server
        if server is not None and self.hostkey.services is not None:
            self.run_flow(flows.reread_isos(self.hostkey, server))

    def _iso(self) -> IsoImage | None:
        isos = self.hostkey.state.net_of(self.server_id).isos or ()
        if not isos:
            return None
        row = self.query_one("#remote-isos", DataTable).cursor_row
        return isos[min(max(row, 0), len(isos) - 1)]

    def action_open_nat(self) -> None:
        self.with_server(flows.open_nat)

    def action_close_nat(self) -> None:
        self.with_server(flows.close_nat)

    def action_add_ipmi_user(self) -> None:
        self.with_server(flows.add_ipmi_user)

    def action_remove_ipmi_user(self) -> None:
        self.with_server(flows.remove_ipmi_user)

    def action_reset_ipmi(self) -> None:
        self.with_server(flows.reset_ipmi)

    def action_console(self) -> None:
        self.with_server(flows.console)

    def action_launch_viewer(self) -> None:
        server = self.server
        if server is not None:
            flows.open_console(self.hostkey, server)

    def action_novnc(self) -> None:
        self.with_server(flows.novnc)

    def action_open_novnc(self) -> None:
        # self.app, not the Host: opening a browser is Textual's (`App.open_url`)
        flows.open_novnc(self.hostkey, self.server_id, self.app.open_url)

    def action_mount_iso(self) -> None:
        server = self.server
        if server is not None:
            self.run_flow(flows.mount_iso(self.hostkey, server, self._iso()))

    def action_upload_iso(self) -> None:
        self.with_server(iso_flows.upload_iso)

    def action_unmount_iso(self) -> None:
        self.with_server(flows.unmount_iso)

    def action_boot_device(self) -> None:
        self.with_server(flows.boot_device)


def _whose(iso: IsoImage) -> tuple[str, str]:
    """HOSTKEY's library, or yours with its status (not ready: yellow; failed: red)."""
    if not iso.own:
        return "library", "dim"
    status = fit(iso.status or "status unknown", 14)
    if not_mountable(iso) is None:
        return f"yours · {status}", "green"
    failed = iso.status.strip().lower() in FAILED
    return f"yours · {status}", "bold red" if failed else "bold yellow"
