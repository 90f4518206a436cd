"""The Overview tab: everything `eq/show` says about the server, in panels laid out for reading.

Secrets (the `password` tag and the like) are hidden until `v`.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from textual.app import ComposeResult
from textual.containers import Grid
from textual.content import Content
from textual.reactive import var

from hostkey_tui.models.catalog import LOCATION_NAMES
from hostkey_tui.models.server import Server, Traffic
from hostkey_tui.state.state import AppState
from hostkey_tui.state.views import condition_words
from hostkey_tui.ui.kit.text import HIDDEN, fit, line, literal
from hostkey_tui.ui.kit.widgets.bars import usage_bar
from hostkey_tui.ui.kit.widgets.view import View
from hostkey_tui.ui.server.tabs.base import ServerTab

#: Each panel's id and title, in the order they are laid out.
PANELS = (
    ("overview", "Server"),
    ("billing", "Billing"),
    ("hardware", "Hardware"),
    ("traffic", "Traffic"),
    ("tags", "Tags"),
    ("licenses", "Licenses"),
    ("network", "Network"),
)


def _field(label: str, value: str | Content, width: int = 10) -> Content:
    shown = value if isinstance(value, Content) else literal(value or "—")
    return Content.assemble((label.ljust(width), "dim"), shown)


def _lines(*items: Content) -> Content:
    return Content("\n").join(items)


def overview(server: Server) -> Content:
    place = LOCATION_NAMES.get(server.location, "")
    # Said as the header and the list say it; invapi's own words after it (power_off is a
    # suspension, not the power).
    said = condition_words(server)
    raw = server.status + (
        f", {server.condition}" if server.condition and server.condition != server.status else ""
    )
    status = f"{said} (invapi: {raw})" if raw and raw != said else said
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
            _field(
                "Port",
                f"{t.bandwidth_mbps} Mbit/s{', shaped over its limit' if t.shaped else ''}",
                6,
            )
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
    return _lines(
        *(
            line(
                f"{lic.amount} × {lic.name}",
                (f"  bought {lic.bought.isoformat()}" if lic.bought else "", "dim"),
            )
            for lic in server.licenses
        )
    )


class OverviewTab(ServerTab):
    """Panels bound to the server they show: each is drawn again only when it changes."""

    TICKS = False

    #: The server the panels show (None: not in the state, the panels are hidden).
    shown: var[Server | None] = var(None, init=False)
    #: The Tags panel's: the server, and whether secrets are shown (`v`).
    tagged: var[tuple[Server, bool] | None] = var(None, init=False)
    #: The Licenses panel's: the server, when it has any.
    licensed: var[Server | None] = var(None, init=False)

    def compose(self) -> ComposeResult:
        draws: dict[str, tuple[Callable[[Any], Content], Any]] = {
            "overview": (overview, OverviewTab.shown),
            "billing": (billing, OverviewTab.shown),
            "hardware": (hardware, OverviewTab.shown),
            "traffic": (traffic, OverviewTab.shown),
            "tags": (_tags, OverviewTab.tagged),
            "licenses": (licenses, OverviewTab.licensed),
            "network": (network, OverviewTab.shown),
        }
        with Grid():
            for name, title in PANELS:
                draw, bound = draws[name]
                wide = " -wide" if name == "network" else ""
                panel = View(draw, id=name, classes=f"panel{wide}").data_bind(value=bound)
                panel.border_title = title
                yield panel

    def show_server(self, server_id: int) -> None:
        super().show_server(server_id)
        self.shown = None

    def state_changed(self, state: AppState) -> None:
        self.shown = state.servers.get(self.server_id)

    def watch_shown(self, server: Server | None) -> None:
        self.tagged = (server, self.revealed) if server is not None else None
        self.licensed = server if server is not None and server.licenses else None

    def watch_revealed(self, revealed: bool) -> None:
        if self.shown is not None:
            self.tagged = (self.shown, revealed)


def _tags(shown: tuple[Server, bool]) -> Content:
    return tags(*shown)
