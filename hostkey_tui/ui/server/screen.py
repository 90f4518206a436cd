"""One server, everything `eq/show` says about it, laid out for reading.

Secrets (the `password` tag and the like) are hidden until `v`, and copied only when asked.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from datetime import UTC, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Grid, VerticalScroll
from textual.content import Content
from textual.events import Resize
from textual.widgets import DataTable, Static, TabbedContent, TabPane

from hostkey_tui.api import InvapiError
from hostkey_tui.models.catalog import LOCATION_NAMES
from hostkey_tui.models.network import IsoImage
from hostkey_tui.models.server import IpAddress, Server, Traffic
from hostkey_tui.models.tags import Tag
from hostkey_tui.services.billing import server_billing
from hostkey_tui.services.network import read_ptrs
from hostkey_tui.services.power import Target, check_status
from hostkey_tui.services.sensors import read_sensors
from hostkey_tui.services.servers import refresh_server
from hostkey_tui.state.state import AppState, Job
from hostkey_tui.ui.flows import remote_hands
from hostkey_tui.ui.flows import tags as tag_flows
from hostkey_tui.ui.kit.keys import bindings
from hostkey_tui.ui.kit.modals.choose import Choice, ChooseOne
from hostkey_tui.ui.kit.screen import SectionScreen
from hostkey_tui.ui.kit.status import status_text
from hostkey_tui.ui.kit.text import HIDDEN, cell, fit, line, literal
from hostkey_tui.ui.kit.widgets.bars import usage_bar
from hostkey_tui.ui.kit.widgets.chrome import StatusLine
from hostkey_tui.ui.kit.widgets.stages import STAGED_ACTIONS, InstallStages, pxe_panel
from hostkey_tui.ui.kit.widgets.table import Table
from hostkey_tui.ui.server import billing_flows, keys
from hostkey_tui.ui.server import network_flows as net_flows
from hostkey_tui.ui.server import reinstall_flows as install_flows
from hostkey_tui.ui.server.net_panels import (
    NET_JOB_KINDS,
    REMOTE_JOB_KINDS,
    graph_line,
    ip_panel,
    ip_state,
    iso_panel,
    port_panel,
    ptr_cell,
    remote_panel,
)
from hostkey_tui.ui.server.panels import (
    jobs_list,
    power_panel,
    sensors_panel,
    server_billing_panel,
)

if TYPE_CHECKING:
    from hostkey_tui.ui.host import Host


def _field(label: str, value: str | Content, width: int = 10) -> Content:
    shown = value if isinstance(value, Content) else literal(value or "—")
    return Content.assemble((label.ljust(width), "dim"), shown)


def _lines(*items: Content) -> Content:
    return Content("\n").join(items)


def overview(server: Server) -> Content:
    place = LOCATION_NAMES.get(server.location, "")
    status = server.status + (
        f" ({server.condition})" if server.condition and server.condition != server.status else ""
    )
    return _lines(
        _field("ID", str(server.id)),
        _field("Status", status),
        _field("Location", f"{server.location} {place}".strip()),
        _field("Kind", server.kind.label),
        _field("Preset", " — ".join(p for p in (server.preset, server.preset_description) if p)),
        _field("Config", server.config),
        _field("OS", server.os_name),
        _field("Main IP", server.main_ip),
        _field("Billing", " ".join(p for p in (server.billing, server.owner) if p)),
    )


def billing(server: Server) -> Content:
    days = server.days_left
    if days is None:
        left = literal("—")
    elif days < 0:
        left = literal(f"{-days} days overdue", "bold red")
    elif days <= 7:
        left = literal(f"{days} days", "yellow")
    else:
        left = literal(f"{days} days")
    return _lines(
        _field("Due", server.due_date.isoformat() if server.due_date else ""),
        _field("Left", left),
    )


def hardware(server: Server) -> Content:
    hw = server.hardware
    cpu = hw.cpu_name
    if hw.cpu_count and hw.cpu_count > 1 and not hw.vm:
        cpu = f"{hw.cpu_count} × {cpu}"
    if hw.cpu_cores:
        cpu += f", {hw.cpu_cores} cores"
    if hw.cpu_ghz:
        cpu += f" at {hw.cpu_ghz} GHz"
    disks = ", ".join(f"{d.count} × {d.name}" if d.count > 1 else d.name for d in hw.disks)
    rows = [
        _field("CPU", cpu),
        _field("RAM", f"{hw.ram_gb} GB {hw.ram_type}".strip() if hw.ram_gb else ""),
        _field("Disks", disks),
    ]
    if hw.gpu_count or hw.gpu_name:
        rows.append(
            _field("GPU", f"{hw.gpu_count} × {hw.gpu_name}" if hw.gpu_count > 1 else hw.gpu_name)
        )
    if hw.motherboard:
        rows.append(_field("Board", hw.motherboard))
    if hw.raid_levels:
        rows.append(_field("RAID", ", ".join(hw.raid_levels)))
    flags = [name for name, on in (("hardware RAID", hw.hwraid), ("UEFI", hw.uefi)) if on]
    if flags:
        rows.append(_field("Features", ", ".join(flags)))
    if hw.components:
        rows.append(literal("Components", "dim"))
        rows += [literal(f"  {c.count} × {c.type} {c.name}") for c in hw.components]
    return _lines(*rows)


TAB_SCROLL = {
    "tab-overview": "#detail",
    "tab-power": "#power-scroll",
    "tab-sensors": "#sensors-scroll",
    "tab-network": "#net-ips",
    "tab-remote": "#remote-isos",
    "tab-reinstall": "#reinstall-scroll",
    "tab-tags": "#tags-table",
    "tab-billing": "#billing-scroll",
}
#: Keys of the Network and Remote tabs: offered only while their tab is open.
NETWORK_ACTIONS = frozenset(
    {
        "port_status",
        "port_switch",
        "edit_ptr",
        "set_main_ip",
        "ip_details",
        "block_ip",
        "unblock_ip",
        "traffic_graph",
    }
)
BARE_METAL_ACTIONS = frozenset(
    {"open_nat", "close_nat", "add_ipmi_user", "remove_ipmi_user", "reset_ipmi"}
)
VM_ACTIONS = frozenset({"console", "launch_viewer", "novnc"})
TAG_ACTIONS = frozenset({"new_tag", "edit_tag", "remove_tag"})
REINSTALL_ACTIONS = frozenset({"reinstall", "pxe_next", "pxe_drop"})
REMOTE_ACTIONS = BARE_METAL_ACTIONS | VM_ACTIONS | {"mount_iso", "unmount_iso", "boot_device"}


def network(server: Server) -> Content:
    rows: list[Content] = []
    for address in server.ips:
        marker = ("★ ", "bold") if address.main else ("  ", "")
        extra = " ".join(
            p
            for p in (address.port, address.mac, f"vlan {address.vlan}" if address.vlan else "")
            if p
        )
        status = address.status
        if address.locked:
            status = (
                f"blocked since {address.blocked_since:%Y-%m-%d %H:%M}"
                if address.blocked_since
                else "blocked"
            )
        rows.append(
            line(
                marker,
                (address.ip, "bold" if address.main else ""),
                "  ",
                (extra, "dim"),
                "  ",
                (status, "red" if address.locked else "dim"),
            )
        )
    if server.interfaces:
        rows.append(literal("Interfaces", "dim"))
        for interface in server.interfaces:
            main = " (main)" if interface.main else ""
            rows.append(
                literal(
                    f"  {interface.name}{main}  {interface.mac}  {interface.status}  "
                    f"{interface.switch_model}".rstrip()
                )
            )
    return _lines(*rows) if rows else literal("No IP addresses", "dim")


def traffic(server: Server) -> Content:
    t = server.traffic

    def used(gb: Decimal | None, limit: Decimal | None) -> str:
        if gb is None:
            return "—"
        if limit is None or limit >= 999:
            return f"{gb} GB, no limit"
        return f"{gb} GB of {limit} TB"

    rows = [
        _field("Out", used(t.out_used_gb, t.out_limit_tb), 6),
        Content.assemble("      ", usage_bar(Traffic.fraction(t.out_used_gb, t.out_limit_tb))),
        _field("In", used(t.in_used_gb, t.in_limit_tb), 6),
        Content.assemble("      ", usage_bar(Traffic.fraction(t.in_used_gb, t.in_limit_tb))),
    ]
    if t.bandwidth_mbps:
        rows.append(
            _field("Port", f"{t.bandwidth_mbps} Mbit/s{' (shaped)' if t.shaped else ''}", 6)
        )
    if t.out_overage_per_tb:
        rows.append(_field("Over", f"{t.out_overage_per_tb} EUR per TB out", 6))
    if t.period_end:
        rows.append(_field("Until", f"{t.period_end:%Y-%m-%d}", 6))
    return _lines(*rows)


def tags(server: Server, revealed: bool) -> Content:
    rows: list[Content] = []
    for tag in server.tags:
        if tag.internal:
            continue
        if tag.secret is not None:
            value = (
                literal(tag.secret.reveal(), "bold")
                if revealed
                else literal(f"{HIDDEN}  (v shows, y copies)", "dim")
            )
        else:
            value = literal(tag.value + (f"  {tag.extra}" if tag.extra else ""))
        label = literal(fit(tag.name, 13).ljust(14), "dim" if tag.is_system else "bold")
        rows.append(Content.assemble(label, value))
    return _lines(*rows) if rows else literal("No tags", "dim")


def licenses(server: Server) -> Content:
    return _lines(*(literal(f"{lic.amount} × {lic.name}") for lic in server.licenses))


class ServerDetailScreen(SectionScreen):
    SCOPE = "detail"
    HELP_TITLE = "Server detail"
    SECTION = "servers"
    KEYS = keys.DETAIL
    BINDINGS = bindings(KEYS)
    DEFAULT_CSS = """
        ServerDetailScreen TabbedContent { height: 1fr; }
        ServerDetailScreen TabPane { padding: 0; height: 1fr; }
    ServerDetailScreen #reinstall-pxe, ServerDetailScreen #reinstall-help { padding: 0 1; }
    ServerDetailScreen #reinstall-help { margin-top: 1; }
    ServerDetailScreen #reinstall-stages { margin-top: 1; }
    ServerDetailScreen #power-panel,
    ServerDetailScreen #sensors-panel,
    ServerDetailScreen #billing-panel {
        padding: 1 2;
    }
    ServerDetailScreen #network-scroll Static,
    ServerDetailScreen #tags-scroll Static,
    ServerDetailScreen #remote-scroll Static {
        padding: 0 1;
        margin-bottom: 1;
    }
    ServerDetailScreen #network-scroll DataTable,
    ServerDetailScreen #tags-scroll DataTable,
    ServerDetailScreen #remote-scroll DataTable {
        height: auto;
        max-height: 12;
        margin: 0 1 1 1;
        overflow-x: hidden;
    }
    ServerDetailScreen #detail-title {
        height: 1;
        padding: 0 1;
        text-style: bold;
        background: $boost;
    }
        ServerDetailScreen Grid {
        grid-size: 2;
        grid-gutter: 0 1;
        height: auto;
        padding: 0 1;
    }
        ServerDetailScreen.-narrow Grid {
        grid-size: 1;
    }
        ServerDetailScreen .panel {
        height: auto;
        border: round $primary 50%;
        padding: 0 1;
    }
        ServerDetailScreen .panel.-wide {
        column-span: 2;
    }
        ServerDetailScreen.-narrow .panel.-wide {
        column-span: 1;
    }
    """

    def __init__(self, server_id: int, neighbours: list[int] | None = None) -> None:
        super().__init__()
        self.server_id = server_id
        self.neighbours = neighbours or []
        self.revealed = False
        self._shown: Server | None = None
        #: What the IP and ISO tables show now (rebuilt only when it changes: the cursor stays).
        self._ip_rows: tuple[object, ...] = ()
        self._iso_rows: tuple[object, ...] = ()
        self._tag_rows: tuple[object, ...] = ()
        #: Why tags/list could not be read ("" when it was), said in the Tags tab.
        self.tags_error = ""
        #: Why the server's billing data and its invoices could not be read ("" when they were).
        self.billing_errors = ("", "")
        self._viewer = net_flows.viewer_installed()

    def compose(self) -> ComposeResult:
        yield from self.chrome_top()
        yield Static(id="detail-title")
        with TabbedContent(id="tabs"):
            with TabPane("Overview", id="tab-overview"), VerticalScroll(id="detail"), Grid():
                for name, title in (
                    ("overview", "Server"),
                    ("billing", "Billing"),
                    ("hardware", "Hardware"),
                    ("traffic", "Traffic"),
                    ("tags", "Tags"),
                    ("licenses", "Licenses"),
                    ("network", "Network"),
                ):
                    panel = Static(id=name, classes="panel")
                    panel.border_title = title
                    yield panel
            with TabPane("Power", id="tab-power"), VerticalScroll(id="power-scroll"):
                yield Static(id="power-panel")
            with TabPane("Sensors", id="tab-sensors"), VerticalScroll(id="sensors-scroll"):
                yield Static(id="sensors-panel")
            with TabPane("Network", id="tab-network"), VerticalScroll(id="network-scroll"):
                yield Table(id="net-ips", cursor_type="row")
                yield Static(id="net-ip")
                yield Static(id="net-port")
                yield Static(id="net-traffic")
                yield Static(id="net-jobs")
            with TabPane("Remote", id="tab-remote"), VerticalScroll(id="remote-scroll"):
                yield Static(id="remote-access")
                yield Static(id="remote-iso")
                yield Table(id="remote-isos", cursor_type="row")
                yield Static(id="remote-jobs")
            with TabPane("Reinstall", id="tab-reinstall"), VerticalScroll(id="reinstall-scroll"):
                yield InstallStages(id="reinstall-stages")
                yield Static(id="reinstall-pxe")
                yield Static(id="reinstall-help")
            with TabPane("Tags", id="tab-tags"), VerticalScroll(id="tags-scroll"):
                yield Table(id="tags-table", cursor_type="row")
                yield Static(id="tags-help")
            with TabPane("Billing", id="tab-billing"), VerticalScroll(id="billing-scroll"):
                yield Static(id="billing-panel")
        yield from self.chrome_bottom()

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#detail").focus()
        self.set_class(self.app.size.width < 100, "-narrow")
        self.query_one("#network").set_class(True, "-wide")
        ips = self.query_one("#net-ips", DataTable)
        for label in ("", "IP", "PTR", "Port", "VLAN", "State"):
            ips.add_column(label, key=label or "main")
        self.query_one("#tags-table", DataTable).add_columns("Tag", "Value", "Kind")
        isos = self.query_one("#remote-isos", DataTable)
        for label in ("Name", "Description"):
            isos.add_column(label, key=label)
        state = self.hostkey.state
        fetched = state.fetched_at.get(self.server_id)
        if (
            fetched is None
            or self.hostkey.clock.now() - fetched > self.hostkey.cache_ttl
            or state.stale
        ):
            self.reload()
        self.every_second(self._tick)

    @property
    def active_tab(self) -> str:
        return self.query_one(TabbedContent).active

    def _tick(self) -> None:
        if self.active_tab != "tab-overview":
            self._render_live(self.hostkey.state)

    @on(TabbedContent.TabActivated)
    def _tab_changed(self, event: TabbedContent.TabActivated) -> None:
        # The open tab takes the keys, so the arrows and page keys scroll what is shown.
        # The tab opens at its top: its table takes the keys without scrolling what is above it
        # away (whether it would depended on its rows having arrived yet).
        self.query_one(TAB_SCROLL[self.active_tab]).focus(scroll_visible=False)
        self._tab_opened(self.active_tab)
        # The footer offers what the open tab can do.
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        allowed = super().check_action(action, parameters)
        if not allowed or not self.is_mounted:
            return allowed
        tab = self.active_tab
        if action in NETWORK_ACTIONS:
            return tab == "tab-network"
        if action in TAG_ACTIONS:
            return tab == "tab-tags"
        if action in REINSTALL_ACTIONS:
            if tab != "tab-reinstall":
                return False
            run = self.hostkey.state.pxe.get(self.server_id)
            if action == "reinstall":
                return run is None and not self.hostkey.state.busy(self.server_id, "install")
            if action == "pxe_drop":
                return run is not None and not run.pxe_written
            return True
        if action in REMOTE_ACTIONS:
            if tab != "tab-remote":
                return False
            server = self.hostkey.state.servers.get(self.server_id)
            virtual = server is not None and server.kind.is_virtual
            net = self.hostkey.state.net_of(self.server_id)
            if action in BARE_METAL_ACTIONS and virtual:
                return False
            if action in VM_ACTIONS and not virtual:
                return False
            if action == "launch_viewer":
                return self._viewer and net.console is not None
            if action == "close_nat":
                return net.nat is not None
            if action == "remove_ipmi_user":
                return net.ipmi_user is not None
        return True

    def _tab_opened(self, tab: str) -> None:
        self.workers.cancel_group(self, "sensors")
        state = self.hostkey.state
        server = state.servers.get(self.server_id)
        if tab == "tab-sensors" and server is not None and not server.kind.is_virtual:
            self.poll_sensors(server.id, server.hostname)
        services = self.hostkey.services
        if tab == "tab-billing" and server is not None and services is not None:
            self.read_billing(server.id)
        if tab == "tab-power" and server is not None and services is not None:
            power = state.power.get(server.id)
            stale = power is None or self.hostkey.clock.now() - power.at > self.hostkey.cache_ttl
            if stale and not state.busy(server.id, "status"):
                target = Target(server.id, server.hostname, server.main_ip)
                self.hostkey.run_job(check_status(services, target))
        if tab == "tab-network" and server is not None and services is not None:
            # The port status is not read here: invapi wants the PIN for it, asked on `s`.
            net = state.net_of(server.id)
            missing = [a.ip for a in server.ips if a.ip not in net.ptr]
            if missing:
                self.read_network(server.id, missing)
        if tab == "tab-tags" and server is not None and services is not None:
            self.run_flow(self._read_tags(server.id))
        if tab == "tab-remote" and server is not None and services is not None:
            self.run_flow(net_flows.read_remote(self.hostkey, server))
        # The state as it is now: on Python 3.12+ a read started above may already have ended.
        self._render_live(self.hostkey.state)

    async def _read_tags(self, server_id: int) -> None:
        self.tags_error = ""
        self.tags_error = await tag_flows.read(self.hostkey, server_id)
        server = self.hostkey.state.servers.get(server_id)
        if server is not None and self.active_tab == "tab-tags":
            self._render_tags(server, self.hostkey.state)

    @work(group="network", exclusive=True, exit_on_error=False)
    async def read_network(self, server_id: int, ips: list[str]) -> None:
        services = self.hostkey.services
        if services is None:
            return
        # What could not be read is said in place, by IP (r reads it again).
        await read_ptrs(services, server_id, ips)

    @work(group="billing", exclusive=True, exit_on_error=False)
    async def read_billing(self, server_id: int) -> None:
        services = self.hostkey.services
        if services is None:
            return
        self.billing_errors = await server_billing(services, server_id)
        self._render_live(self.hostkey.state)

    def action_generate_invoice(self) -> None:
        self.run_flow(billing_flows.generate_invoice(self.hostkey, self.server_id))

    def action_cancel_server(self) -> None:
        self.run_flow(billing_flows.cancel_server(self.hostkey, self.server_id))

    def action_withdraw_cancellation(self) -> None:
        self.run_flow(billing_flows.withdraw_cancellation(self.hostkey, self.server_id))

    @work(group="sensors", exclusive=True, exit_on_error=False)
    async def poll_sensors(self, server_id: int, hostname: str) -> None:
        """Read the sensors while this tab is open; leaving the tab or the screen stops it."""
        services = self.hostkey.services
        if services is None:
            return
        interval = self.hostkey.setup.config.refresh.sensors
        # Coming back to the tab within the poll interval shows the reading there is and asks
        # again only when it is due: leaving and re-entering sends nothing new.
        last = self.hostkey.state.sensors.get(server_id)
        if last is not None and last.at is not None and interval:
            due = last.at + interval - self.hostkey.clock.now()
            if due > 0:
                await self.hostkey.clock.sleep(due)
        while True:
            await read_sensors(services, server_id, hostname)
            await self.hostkey.clock.sleep(interval)

    def _render_live(self, state: AppState) -> None:
        server = state.servers.get(self.server_id)
        if server is None:
            return
        now = self.hostkey.clock.now()
        jobs = self._server_jobs(state, ("power", "status"))
        self.query_one("#power-panel", Static).update(
            power_panel(state.power.get(server.id), jobs, now, state.read_only)
        )
        interval = self.hostkey.setup.config.refresh.sensors
        panel = sensors_panel(state.sensors.get(server.id), now, interval, server.kind.is_virtual)
        self.query_one("#sensors-panel", Static).update(panel)
        if self.active_tab == "tab-network":
            self._render_network(server, state, now)
        if self.active_tab == "tab-remote":
            self._render_remote(server, state, now)
        if self.active_tab == "tab-tags":
            self._render_tags(server, state)
        if self.active_tab == "tab-reinstall":
            self._render_reinstall(state)
        if self.active_tab == "tab-billing":
            billing = state.billing
            today = datetime.fromtimestamp(now, UTC).date()
            self.query_one("#billing-panel", Static).update(
                server_billing_panel(
                    billing.servers.get(server.id),
                    billing.related.get(server.id, ()),
                    billing.cancellations.get(server.id),
                    today,
                    state.read_only,
                    billing.part("cancellations").error,
                    data_error=self.billing_errors[0],
                    related_error=self.billing_errors[1],
                    related_read=server.id in billing.related,
                ),
            )

    def _server_jobs(self, state: AppState, kinds: tuple[str, ...]) -> list[Job]:
        return [
            j
            for j in reversed(list(state.jobs.values()))
            if j.server_id == self.server_id and j.kind in kinds
        ]

    def _render_network(self, server: Server, state: AppState, now: float) -> None:
        net = state.net_of(server.id)
        read_only = state.read_only
        # A port change reads the status back when it ends: both are the port being worked on.
        reading = state.busy(server.id, "network") or state.busy(server.id, "port")
        self.query_one("#net-port", Static).update(
            port_panel(net, server, now, read_only, reading=reading)
        )
        table = self.query_one("#net-ips", DataTable)
        rows = tuple(
            (
                a.ip,
                "★" if a.main else "",
                ptr_cell(net, a.ip),
                a.port,
                str(a.vlan) if a.vlan is not None else "",
                ip_state(a, net, now),
            )
            for a in {a.ip: a for a in server.ips}.values()  # an address listed twice: once
        )
        if rows != self._ip_rows:
            self._ip_rows = rows
            cursor = table.cursor_row
            table.clear()
            for ip, main, ptr, port, vlan, (state_text, style) in rows:
                table.add_row(
                    cell(main, "bold"),
                    cell(ip, "bold" if main else ""),
                    cell(fit(ptr, 40)),
                    cell(port),
                    cell(vlan),
                    cell(state_text, style),
                    key=ip,
                )
            if rows:
                table.move_cursor(row=min(cursor, len(rows) - 1))
        address = self._address()
        self.query_one("#net-ip", Static).update(ip_panel(address, net, now, read_only))
        self.query_one("#net-traffic", Static).update(
            Content("\n").join(
                [literal("Traffic this period", "bold"), traffic(server), graph_line(net)]
            )
        )
        self.query_one("#net-jobs", Static).update(
            jobs_list(self._server_jobs(state, NET_JOB_KINDS), now, "Network jobs of this server")
        )

    def _render_remote(self, server: Server, state: AppState, now: float) -> None:
        net = state.net_of(server.id)
        self.query_one("#remote-access", Static).update(
            remote_panel(
                server,
                net,
                state.client_ip,
                now,
                revealed=self.revealed,
                read_only=state.read_only,
                viewer=self._viewer,
            )
        )
        self.query_one("#remote-iso", Static).update(iso_panel(net, state.read_only))
        table = self.query_one("#remote-isos", DataTable)
        rows = tuple((iso.name or iso.iso_name, iso.description) for iso in net.isos or ())
        if rows != self._iso_rows:
            self._iso_rows = rows
            cursor = table.cursor_row
            table.clear()
            for index, (name, description) in enumerate(rows):
                table.add_row(
                    cell(fit(name, 40), "bold"), cell(fit(description, 44)), key=str(index)
                )
            if rows:
                table.move_cursor(row=min(cursor, len(rows) - 1))
        table.display = bool(rows)
        self.query_one("#remote-jobs", Static).update(
            jobs_list(self._server_jobs(state, REMOTE_JOB_KINDS), now, "Remote jobs of this server")
        )

    def _tag_list(self, server: Server, state: AppState) -> list[Tag]:
        """The tags to show: tags/list when read, else eq/show's; internal ones never."""
        return [t for t in state.tags.get(server.id, server.tags) if not t.internal]

    def _render_reinstall(self, state: AppState) -> None:
        jobs = self._server_jobs(state, ("install",))
        # Only an install reports stages: the other PXE steps are said in the sequence below.
        staged = [j for j in jobs if j.action in STAGED_ACTIONS]
        stages = self.query_one("#reinstall-stages", InstallStages)
        stages.display = bool(staged)
        stages.show(staged[0] if staged else None)
        run = state.pxe.get(self.server_id)
        pxe = self.query_one("#reinstall-pxe", Static)
        pxe.display = run is not None
        pxe.update(pxe_panel(run, jobs))
        server = state.servers.get(self.server_id)
        now = ""
        if server is not None and not staged and run is None:
            now = f"Installed now: {server.os_name or 'unknown'} · no reinstall in this session\n\n"
        if state.read_only:
            keys = "Read-only: reinstalls are not offered."
        elif state.busy(self.server_id, "install"):
            keys = "Under way: its result comes first (the Jobs section, 5, lists it too)."
        elif self.server_id in state.pxe:
            keys = "x: the next PXE step" + (
                "" if state.pxe[self.server_id].pxe_written else " · X: stop following it"
            )
        else:
            keys = (
                "i: reinstall (OS, software, password; the hostname typed, then the PIN) · "
                "x: the PXE way, step by step, for a server where that failed"
            )
        self.query_one("#reinstall-help", Static).update(literal(now) + literal(keys, "dim"))

    def _render_tags(self, server: Server, state: AppState) -> None:
        table = self.query_one("#tags-table", DataTable)
        shown = self._tag_list(server, state)
        rows = tuple(
            (
                t.name,
                (HIDDEN if not self.revealed else t.secret.reveal()) if t.secret else t.value,
                "yours" if t.editable else "system (read-only)",
            )
            for t in shown
        )
        if rows != self._tag_rows:
            self._tag_rows = rows
            cursor = table.cursor_row
            table.clear()
            for index, (name, value, kind) in enumerate(rows):
                style = "bold" if kind == "yours" else "dim"
                table.add_row(
                    cell(name, style), cell(fit(value, 60)), cell(kind, "dim"), key=str(index)
                )
            if rows:
                table.move_cursor(row=min(max(cursor, 0), len(rows) - 1))
        keys = "v shows secrets"
        if not state.read_only:
            keys = "n: set a tag · e: change the value · delete: remove · " + keys
            keys += " · several servers at once: mark them in the list, then #"
        help_text = literal(keys, "dim")
        error = self.tags_error
        if error:
            # tags/list failed: eq/show's tags stay shown, and the tab says what is missing.
            help_text = Content("\n").join(
                [
                    literal(
                        f"tags/list not read: {fit(error, 200)} · showing eq/show's tags · "
                        "r tries again",
                        "yellow",
                    ),
                    help_text,
                ]
            )
        self.query_one("#tags-help", Static).update(help_text)

    def _tag(self) -> Tag | None:
        server = self.hostkey.state.servers.get(self.server_id)
        if server is None:
            return None
        shown = self._tag_list(server, self.hostkey.state)
        if not shown:
            return None
        row = self.query_one("#tags-table", DataTable).cursor_row
        return shown[min(max(row, 0), len(shown) - 1)]

    def _target(self) -> Target | None:
        server = self.hostkey.state.servers.get(self.server_id)
        return Target(server.id, server.hostname, server.main_ip) if server else None

    def action_reinstall(self) -> None:
        self._with_server(install_flows.reinstall)

    def action_pxe_next(self) -> None:
        self._with_server(install_flows.pxe_next)

    def action_pxe_drop(self) -> None:
        self._with_server(install_flows.pxe_drop)

    def action_remote_hands(self) -> None:
        target = self._target()
        if target is not None:
            self.run_flow(remote_hands.server_requests(self.hostkey, target))

    def action_new_tag(self) -> None:
        target = self._target()
        if target is not None:
            self.run_flow(tag_flows.set_tag(self.hostkey, [target]))

    def action_edit_tag(self) -> None:
        target, tag = self._target(), self._tag()
        if target is None or tag is None:
            return
        if not tag.editable:
            self.hostkey.say(f"'{tag.name}' is set by the platform: read-only.", severity="warning")
            return
        self.run_flow(tag_flows.set_tag(self.hostkey, [target], tag))

    def action_remove_tag(self) -> None:
        target, tag = self._target(), self._tag()
        if target is not None and tag is not None:
            self.run_flow(tag_flows.remove_tag(self.hostkey, target, tag))

    def _address(self) -> IpAddress | None:
        server = self.hostkey.state.servers.get(self.server_id)
        if server is None or not server.ips:
            return None
        table = self.query_one("#net-ips", DataTable)
        row = min(max(table.cursor_row, 0), len(server.ips) - 1)
        return server.ips[row]

    def _iso(self) -> IsoImage | None:
        isos = self.hostkey.state.net_of(self.server_id).isos or ()
        if not isos:
            return None
        row = self.query_one("#remote-isos", DataTable).cursor_row
        return isos[min(max(row, 0), len(isos) - 1)]

    @on(DataTable.RowHighlighted, "#net-ips")
    def _ip_moved(self, event: DataTable.RowHighlighted) -> None:
        state = self.hostkey.state
        self.query_one("#net-ip", Static).update(
            ip_panel(
                self._address(),
                state.net_of(self.server_id),
                self.hostkey.clock.now(),
                state.read_only,
            )
        )

    # -- Network and Remote tab actions -----------------------------------------------------

    def _with_server(self, flow: Callable[[Host, Server], Coroutine[Any, Any, None]]) -> None:
        server = self.hostkey.state.servers.get(self.server_id)
        if server is not None:
            self.run_flow(flow(self.hostkey, server))

    def _with_address(
        self, flow: Callable[[Host, Server, IpAddress], Coroutine[Any, Any, None]]
    ) -> None:
        server = self.hostkey.state.servers.get(self.server_id)
        address = self._address()
        if server is not None and address is not None:
            self.run_flow(flow(self.hostkey, server, address))

    def action_port_status(self) -> None:
        self._with_server(net_flows.read_port_status)

    def action_port_switch(self) -> None:
        self._with_server(net_flows.switch_port)

    def action_edit_ptr(self) -> None:
        self._with_address(net_flows.edit_ptr)

    def action_set_main_ip(self) -> None:
        self._with_address(net_flows.set_main_ip)

    def action_ip_details(self) -> None:
        self._with_address(net_flows.ip_details)

    def action_block_ip(self) -> None:
        self._with_address(net_flows.block_ip)

    def action_unblock_ip(self) -> None:
        self._with_address(net_flows.unblock_ip)

    def action_traffic_graph(self) -> None:
        self._with_server(net_flows.traffic_graph)

    def action_open_nat(self) -> None:
        self._with_server(net_flows.open_nat)

    def action_close_nat(self) -> None:
        self._with_server(net_flows.close_nat)

    def action_add_ipmi_user(self) -> None:
        self._with_server(net_flows.add_ipmi_user)

    def action_remove_ipmi_user(self) -> None:
        self._with_server(net_flows.remove_ipmi_user)

    def action_reset_ipmi(self) -> None:
        self._with_server(net_flows.reset_ipmi)

    def action_console(self) -> None:
        self._with_server(net_flows.console)

    def action_launch_viewer(self) -> None:
        server = self.hostkey.state.servers.get(self.server_id)
        if server is not None:
            net_flows.open_console(self.hostkey, server)

    def action_novnc(self) -> None:
        self._with_server(net_flows.novnc)

    def action_mount_iso(self) -> None:
        server = self.hostkey.state.servers.get(self.server_id)
        if server is not None:
            self.run_flow(net_flows.mount_iso(self.hostkey, server, self._iso()))

    def action_unmount_iso(self) -> None:
        self._with_server(net_flows.unmount_iso)

    def action_boot_device(self) -> None:
        self._with_server(net_flows.boot_device)

    def action_tab(self, step: int) -> None:
        tabs = list(TAB_SCROLL)
        content = self.query_one(TabbedContent)
        content.active = tabs[(tabs.index(content.active) + step) % len(tabs)]

    def action_power(self) -> None:
        server = self.hostkey.state.servers.get(self.server_id)
        if server is not None:
            self.hostkey.power_menu([Target(server.id, server.hostname, server.main_ip)])

    def on_resize(self, event: Resize) -> None:
        self.set_class(event.size.width < 100, "-narrow")

    def state_changed(self, state: AppState) -> None:
        server = state.servers.get(self.server_id)
        if server is not self._shown:
            self._shown = server
            self._render_server(server)
        self._render_live(state)
        if self.active_tab in ("tab-network", "tab-remote", "tab-reinstall"):
            # What the keys may do follows what is known (an open NAT, a user, a console file).
            self.refresh_bindings()
        status = self.query_one(StatusLine)
        status.left = status_text(state, self.hostkey.clock.now(), self.hostkey.jobs_running())
        position = (
            f"{self.neighbours.index(self.server_id) + 1} of {len(self.neighbours)} · "
            if self.server_id in self.neighbours
            else ""
        )
        status.right = f"{position}server {self.server_id}"

    def _render_server(self, server: Server | None) -> None:
        title = self.query_one("#detail-title", Static)
        if server is None:
            failed = self.hostkey.state.failed.get(self.server_id)
            title.update(literal(f"Server {self.server_id}: {failed or 'loading…'}"))
            for panel in self.query(".panel"):
                panel.display = False
            return
        for panel in self.query(".panel"):
            panel.display = True
        headline = " · ".join(
            p for p in (server.main_ip, server.kind.label, server.status, server.location) if p
        )
        title.update(line((server.hostname, "bold"), "   ", (headline, "dim")))
        self.query_one("#overview", Static).update(overview(server))
        self.query_one("#billing", Static).update(billing(server))
        self.query_one("#hardware", Static).update(hardware(server))
        self.query_one("#traffic", Static).update(traffic(server))
        self.query_one("#network", Static).update(network(server))
        self.query_one("#tags", Static).update(tags(server, self.revealed))
        license_panel = self.query_one("#licenses", Static)
        license_panel.display = bool(server.licenses)
        license_panel.update(licenses(server))

    @work(group="detail", exclusive=True, exit_on_error=False)
    async def reload(self) -> None:
        services = self.hostkey.services
        if services is None:
            return
        try:
            await refresh_server(services, self.server_id)
        except InvapiError as error:
            self.hostkey.report_error(error)

    # -- actions -----------------------------------------------------------------------------

    def action_back(self) -> None:
        self.dismiss()

    def action_refresh(self) -> None:
        self.reload()
        self.recheck_changes()
        if self.active_tab == "tab-network":
            # PTRs that could not be read are read again (the port status waits for `s`).
            server = self.hostkey.state.servers.get(self.server_id)
            net = self.hostkey.state.net_of(self.server_id)
            # Those still on their way too: the new read takes the place of the one under way.
            failed = (
                [a.ip for a in server.ips if a.ip in net.ptr_error or a.ip not in net.ptr]
                if server
                else []
            )
            if failed:
                self.read_network(self.server_id, failed)
        if self.active_tab == "tab-tags":
            self.run_flow(self._read_tags(self.server_id))

    def action_reveal(self) -> None:
        self.revealed = not self.revealed
        server = self.hostkey.state.servers.get(self.server_id)
        if server is not None:
            self.query_one("#tags", Static).update(tags(server, self.revealed))
            self._render_live(self.hostkey.state)

    def action_copy(self) -> None:
        server = self.hostkey.state.servers.get(self.server_id)
        if server is None:
            return
        choices = [
            Choice("hostname", "Hostname", server.hostname),
            Choice("id", "Server id", str(server.id)),
        ]
        choices += [Choice(f"ip:{a.ip}", "Main IP" if a.main else "IP", a.ip) for a in server.ips]
        choices += [
            Choice(f"secret:{t.name}", f"{t.name} (secret)", HIDDEN) for t in server.secret_tags
        ]
        net = self.hostkey.state.net_of(server.id)
        if net.nat is not None:
            choices.append(Choice("nat", "IPMI pass-through address", net.nat.public_ip))
        if net.ipmi_user is not None:
            choices.append(Choice("ipmi_user", "IPMI user", net.ipmi_user.user))
            choices.append(Choice("secret:ipmi", "IPMI password (secret)", HIDDEN))
        if net.novnc is not None:
            choices.append(Choice("secret:novnc", "noVNC link (secret)", HIDDEN))
        if net.console is not None:
            choices.append(Choice("console", "Console file path", net.console.path))

        def copy(key: str | None) -> None:
            if key is None:
                return
            if key.startswith("secret:"):
                name = key.split(":", 1)[1]
                held = {
                    "ipmi": net.ipmi_user.password if net.ipmi_user else None,
                    "novnc": net.novnc,
                }
                secret = held.get(name) or next(
                    (t.secret for t in server.secret_tags if t.name == name), None
                )
                if secret is not None:
                    self.hostkey.copy_to_clipboard(secret.reveal())
                    self.hostkey.say(
                        f"The {name} is on the clipboard; it was not shown.", title="Copied"
                    )
                return
            value = next(c.value for c in choices if c.key == key)
            self.hostkey.copy_to_clipboard(value)
            self.hostkey.say(value, title="Copied")

        self.app.push_screen(ChooseOne("Copy which value?", choices), copy)

    def _step(self, delta: int) -> None:
        if self.server_id not in self.neighbours:
            return
        index = (self.neighbours.index(self.server_id) + delta) % len(self.neighbours)
        self.server_id = self.neighbours[index]
        self.revealed = False
        self._shown = None
        self._ip_rows = self._iso_rows = self._tag_rows = ()
        self.state_changed(self.hostkey.state)
        if self.server_id not in self.hostkey.state.fetched_at:
            self.reload()
        self._tab_opened(self.active_tab)

    def action_next_server(self) -> None:
        self._step(1)

    def action_previous_server(self) -> None:
        self._step(-1)
