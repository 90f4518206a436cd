"""The Network tab: the IPs with their PTRs, the switch port, traffic, and their changes."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import TYPE_CHECKING, Any

from textual import on, work
from textual.app import ComposeResult
from textual.content import Content
from textual.reactive import var
from textual.widgets import DataTable

from hostkey_tui.models.server import IpAddress, Server
from hostkey_tui.services.network import read_ptrs
from hostkey_tui.state.state import AppState
from hostkey_tui.ui.kit.keys import bindings
from hostkey_tui.ui.kit.text import fit, literal
from hostkey_tui.ui.kit.widgets.view import View
from hostkey_tui.ui.server import keys
from hostkey_tui.ui.server.net_panels import (
    NET_JOB_KINDS,
    graph_line,
    ip_panel,
    ip_state,
    port_panel,
    ptr_cell,
)
from hostkey_tui.ui.server.panels import jobs_list
from hostkey_tui.ui.server.tabs import ipv4_flows
from hostkey_tui.ui.server.tabs import network_flows as flows
from hostkey_tui.ui.server.tabs.base import Row, RowsTable, ServerTab
from hostkey_tui.ui.server.tabs.overview import traffic

if TYPE_CHECKING:
    from hostkey_tui.ui.host import Host


class NetworkTab(ServerTab):
    KEYS = keys.NETWORK
    BINDINGS = bindings(KEYS)
    FOCUS = "#net-ips"

    #: What the panels under the table show, each drawn again only when it changes.
    address_text: var[Content | None] = var(None, init=False)
    port_text: var[Content | None] = var(None, init=False)
    traffic_text: var[Content | None] = var(None, init=False)
    jobs_text: var[Content | None] = var(None, init=False)

    def compose(self) -> ComposeResult:
        yield RowsTable(id="net-ips", cursor_type="row")
        yield View(id="net-ip").data_bind(value=NetworkTab.address_text)
        yield View(id="net-port").data_bind(value=NetworkTab.port_text)
        yield View(id="net-traffic").data_bind(value=NetworkTab.traffic_text)
        yield View(id="net-jobs").data_bind(value=NetworkTab.jobs_text)

    def on_mount(self) -> None:
        ips = self.query_one("#net-ips", RowsTable)
        for label in ("", "IP", "PTR", "Port", "VLAN", "State"):
            ips.add_column(label, key=label or "main")

    def opened(self) -> None:
        # The port status is not read here: invapi wants the PIN for it, asked on `s`.
        server = self.server
        if server is None or self.hostkey.services is None:
            return
        net = self.hostkey.state.net_of(server.id)
        missing = [a.ip for a in server.ips if a.ip not in net.ptr]
        if missing:
            self.read_network(server.id, missing)

    def again(self) -> None:
        # PTRs that could not be read are read again (the port status waits for `s`), and
        # those still on their way: the new read takes the place of the one under way.
        server = self.server
        if server is None:
            return
        net = self.hostkey.state.net_of(self.server_id)
        failed = [a.ip for a in server.ips if a.ip in net.ptr_error or a.ip not in net.ptr]
        if failed:
            self.read_network(self.server_id, failed)

    @work(group="network", exclusive=True, exit_on_error=False)
    async def read_network(self, server_id: int, ips: list[str]) -> None:
        services = self.hostkey.services
        if services is None:
            return
        # What could not be read is said in place, by IP (r reads it again).
        await read_ptrs(services, server_id, ips)

    def state_changed(self, state: AppState) -> None:
        server = state.servers.get(self.server_id)
        if server is None:
            return
        now = self.hostkey.clock.now()
        net = state.net_of(server.id)
        read_only = state.read_only
        # A port change reads the status back when it ends: both are the port being worked on.
        reading = state.busy(server.id, "network") or state.busy(server.id, "port")
        self.port_text = port_panel(net, server, now, read_only, reading=reading)
        rows: list[Row] = []
        for a in {a.ip: a for a in server.ips}.values():  # an address listed twice: once
            main = "★" if a.main else ""
            state_text, style = ip_state(a, net, now)
            cells = (
                (main, "bold"),
                (a.ip, "bold" if main else ""),
                (fit(ptr_cell(net, a.ip), 40), ""),
                (a.port, ""),
                (str(a.vlan) if a.vlan is not None else "", ""),
                (state_text, style),
            )
            rows.append((a.ip, cells))
        self.query_one("#net-ips", RowsTable).shown = tuple(rows)
        self.address_text = ip_panel(self._address(), net, now, read_only)
        self.traffic_text = Content("\n").join(
            [literal("Traffic this period", "bold"), traffic(server), graph_line(net)]
        )
        self.jobs_text = jobs_list(
            self.server_jobs(state, NET_JOB_KINDS), now, "Network jobs of this server"
        )

    def _address(self) -> IpAddress | None:
        server = self.server
        if server is None or not server.ips:
            return None
        row = self.query_one("#net-ips", DataTable).cursor_row
        return server.ips[min(max(row, 0), len(server.ips) - 1)]

    @on(DataTable.RowHighlighted, "#net-ips")
    def _ip_moved(self, event: DataTable.RowHighlighted) -> None:
        state = self.hostkey.state
        net = state.net_of(self.server_id)
        self.address_text = ip_panel(
            self._address(), net, self.hostkey.clock.now(), state.read_only
        )
        self.refresh_bindings()  # `delete` is offered on an extra address, never the main one

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        allowed = super().check_action(action, parameters)
        if action == "remove_ipv4" and allowed:
            if self.server is None or not self.query("#net-ips"):
                return False
            address = self._address()
            return address is not None and not address.main
        return allowed

    def _with_address(
        self, flow: Callable[[Host, Server, IpAddress], Coroutine[Any, Any, None]]
    ) -> None:
        server = self.server
        address = self._address()
        if server is not None and address is not None:
            self.run_flow(flow(self.hostkey, server, address))

    def action_port_status(self) -> None:
        self.with_server(flows.read_port_status)

    def action_port_switch(self) -> None:
        self.with_server(flows.switch_port)

    def action_edit_ptr(self) -> None:
        self._with_address(flows.edit_ptr)

    def action_set_main_ip(self) -> None:
        self._with_address(flows.set_main_ip)

    def action_ip_details(self) -> None:
        self._with_address(flows.ip_details)

    def action_block_ip(self) -> None:
        self._with_address(flows.block_ip)

    def action_unblock_ip(self) -> None:
        self._with_address(flows.unblock_ip)

    def action_traffic_graph(self) -> None:
        self.with_server(flows.traffic_graph)

    def action_add_ipv4(self) -> None:
        self.with_server(ipv4_flows.add_ipv4)

    def action_remove_ipv4(self) -> None:
        self._with_address(ipv4_flows.remove_ipv4)
