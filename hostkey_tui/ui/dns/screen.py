"""Section 3: the account's DNS zones and their records, filtered and sorted as you type."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.events import Resize
from textual.reactive import var
from textual.widgets import DataTable, Static

from hostkey_tui.models.dns import DnsRecord, Domain, Zone, both_forms, unicode_name
from hostkey_tui.services.dns import load_domains, read_zone, zone_key
from hostkey_tui.state.state import AppState
from hostkey_tui.ui.dns import flows as flows
from hostkey_tui.ui.dns import keys
from hostkey_tui.ui.kit.keys import bindings
from hostkey_tui.ui.kit.screen import SectionScreen
from hostkey_tui.ui.kit.status import status_text
from hostkey_tui.ui.kit.text import cell, fit, line, literal
from hostkey_tui.ui.kit.widgets.chrome import StatusLine
from hostkey_tui.ui.kit.widgets.inputs import TextInput
from hostkey_tui.ui.kit.widgets.table import Table, counted, nothing_matches
from hostkey_tui.ui.kit.widgets.view import View

RECORD_HINT = "/ filter   type:MX  name:www  or any text of a name or content"
SORTS = ("name", "type", "content", "ttl")
#: Keys that act on the record under the cursor or the open zone.
ZONE_ACTIONS = {"new_record", "edit_record", "delete_record", "export", "copy_zone", "cycle_sort"}


def record_matches(record: DnsRecord, zone: str, query: str) -> bool:
    """Every term must hold: `type:MX`, `name:www` (the apex is `@`), or text anywhere."""
    name = record.relative_name(zone).lower()
    for term in query.lower().split():
        key, _, value = term.partition(":")
        if key == "type" and value:
            if record.type.lower() != value:
                return False
        elif key == "name" and value:
            if value.rstrip(".") not in (name, name + "." + zone.lower()) and value not in name:
                return False
        elif term not in name and term not in record.content.lower():
            return False
    return True


def sorted_records(zone: Zone, query: str, sort: str) -> list[DnsRecord]:
    shown = [r for r in zone.records if record_matches(r, zone.name, query)]

    def key(record: DnsRecord) -> tuple[object, ...]:
        name = record.relative_name(zone.name)
        apex_first = (name != "@", name)
        if sort == "type":
            return (record.type, *apex_first, record.content)
        if sort == "content":
            return (record.content.lower(), *apex_first)
        if sort == "ttl":
            return (record.ttl or 0, *apex_first)
        return (*apex_first, record.type, record.priority or 0, record.content)

    return sorted(shown, key=key)


def listed_once(domains: Sequence[Domain]) -> tuple[list[str], list[str]]:
    """The names to show, each once in list order (`Example.com.` and `example.com` are one),
    and those invapi listed more than once."""
    names: dict[str, str] = {}
    twice: dict[str, None] = {}
    for domain in domains:
        key = zone_key(domain.name)
        if key in names:
            twice[names[key]] = None
        else:
            names[key] = domain.name
    return list(names.values()), list(twice)


def domain_cell(name: str) -> tuple[Text, int]:
    """A row of the domain list and its height: an IDN in invapi's `xn--` form has its Unicode
    form on a second line (the pane is too narrow for both on one)."""
    readable = unicode_name(name)
    if readable is None:
        return cell(name or "(no name)"), 1
    shown = cell(name)
    shown.append("\n")
    shown.append_text(cell(readable, "dim"))
    return shown, 2


class DnsScreen(SectionScreen):
    SCOPE = "dns"
    HELP_TITLE = "DNS"
    SECTION = "dns"
    KEYS = keys.DNS
    BINDINGS = bindings(KEYS)
    DEFAULT_CSS = """
    DnsScreen #dns-body { height: 1fr; }
    DnsScreen #dns-left { width: 32; border-right: vkey $primary 40%; }
    DnsScreen.-narrow #dns-left { width: 24; }
    DnsScreen #dns-right { width: 1fr; }
    DnsScreen #domains, DnsScreen #records { height: 1fr; }
    DnsScreen .pane-title { height: 1; padding: 0 1; text-style: bold; background: $boost; }
    DnsScreen #zone-info { height: auto; padding: 0 1; color: $text-muted; }
    """

    #: The open zone's title and the line under its records, each drawn again only when it
    #: changes.
    zone_title_text: var[Content | None] = var(None, init=False)
    zone_info_text: var[Content | None] = var(None, init=False)

    def __init__(self) -> None:
        super().__init__()
        self.sort = "name"
        self.zone_name = ""
        self._shown: tuple[object, ...] = ()
        self._domains_shown: tuple[Domain, ...] | None = None
        self.records: list[DnsRecord] = []
        #: The domain names in the table's order, each once.
        self.domain_names: list[str] = []
        #: Names invapi listed more than once (said once per list that has them).
        self.listed_twice: list[str] = []

    def compose(self) -> ComposeResult:
        yield from self.chrome_top()
        with Horizontal(id="dns-body"):
            with Vertical(id="dns-left"):
                yield Static(literal("Domains"), classes="pane-title")
                yield Table(id="domains", cursor_type="row")
            with Vertical(id="dns-right"):
                yield View(id="zone-title", classes="pane-title").data_bind(
                    value=DnsScreen.zone_title_text
                )
                yield TextInput(placeholder=RECORD_HINT, id="record-filter", compact=True)
                yield Table(id="records", cursor_type="row")
                yield View(id="zone-info").data_bind(value=DnsScreen.zone_info_text)
        yield from self.chrome_bottom()

    def on_mount(self) -> None:
        domains = self.query_one("#domains", DataTable)
        domains.show_header = False
        domains.add_column("Domain", key="domain")
        self.query_one("#records", DataTable).add_columns("Name", "Type", "Content", "TTL", "Prio")
        self.set_class(self.app.size.width < 100, "-narrow")
        self.query_one("#domains", DataTable).focus()
        super().on_mount()
        self.every_second(self._say_status)
        if self.hostkey.state.dns.domains is None:
            self.reload()

    def on_resize(self, event: Resize) -> None:
        self.set_class(event.size.width < 100, "-narrow")

    @work(group="dns", exclusive=True, exit_on_error=False)
    async def reload(self) -> None:
        services = self.hostkey.services
        if services is None:
            return
        domains = await load_domains(services)
        if self.zone_name or domains:
            await read_zone(services, self.zone_name or domains[0].name)

    @work(group="zone", exclusive=True, exit_on_error=False)
    async def open_zone(self, name: str) -> None:
        services = self.hostkey.services
        if services is None:
            return
        self.zone_name = name
        self._render_zone(self.hostkey.state)
        if name in self.hostkey.state.dns.zones:
            return
        await read_zone(services, name)

    # -- rendering ---------------------------------------------------------------------------

    def state_changed(self, state: AppState) -> None:
        domains = state.dns.domains
        if domains is not self._domains_shown:
            self._domains_shown = domains
            names, twice = listed_once(domains or ())
            if twice and twice != self.listed_twice:
                self.hostkey.say(
                    f"invapi lists {', '.join(twice)} more than once: shown once.",
                    title="Domains",
                    severity="warning",
                )
            self.listed_twice = twice
            self.domain_names = names
            table = self.query_one("#domains", DataTable)
            cursor = table.cursor_row
            table.clear()
            # Keyed by position: a row key must be unique, and invapi's names need not be.
            for index, name in enumerate(names):
                shown, height = domain_cell(name)
                table.add_row(shown, height=height, key=str(index))
            if names:
                if self.zone_name in names:
                    table.move_cursor(row=names.index(self.zone_name))
                else:
                    table.move_cursor(row=min(cursor, len(names) - 1))
                    self.zone_name = names[0]
            else:
                self.zone_name = ""
        self._render_zone(state)
        self._say_status()
        doubled = f" ({len(self.listed_twice)} listed twice)" if self.listed_twice else ""
        self.query_one(StatusLine).right = f"{len(self.domain_names)} domains{doubled}"

    def _render_zone(self, state: AppState) -> None:
        zone = state.dns.zones.get(self.zone_name)
        query = self.query_one("#record-filter", TextInput).value
        if state.dns.domains is not None and not state.dns.domains:
            self.zone_title_text = literal("No domains")
            self.zone_info_text = literal("a: add a domain (its zone is made empty)", "dim")
        elif zone is None and state.dns.error:
            # A failed read is said as such, never left "reading…" (nor shown as no domains).
            what = self.zone_name if self.zone_name else "Domains"
            self.zone_title_text = literal(f"{what}: not read", "bold yellow")
        elif zone is None:
            self.zone_title_text = literal(f"{both_forms(self.zone_name) or 'Zone'}: reading…")
        else:
            self.zone_title_text = line(both_forms(zone.name), (f"   sorted by {self.sort}", "dim"))
        if state.dns.error:
            self.zone_info_text = literal(f"{state.dns.error} · r tries again", "yellow")
        records = sorted_records(zone, query, self.sort) if zone else []
        shown = (self.zone_name, query, tuple(records))
        if shown == self._shown:
            return
        self._shown = shown
        self.records = records
        table: Table[Text] = self.query_one("#records", Table)
        cursor = table.cursor_row
        table.clear()
        table.empty = nothing_matches(query) if query and zone and zone.records else ""
        # The content column gives way first, so TTL and priority stay in sight at 80 columns.
        width = 44 if self.app.size.width >= 100 else 24
        for index, record in enumerate(records):
            table.add_row(
                cell(record.relative_name(zone.name if zone else ""), "bold"),
                cell(record.type),
                cell(fit(record.content, width)),
                cell(str(record.ttl or "")),
                cell(str(record.priority) if record.type in ("MX", "SRV") else ""),
                key=str(index),
            )
        if records:
            table.move_cursor(row=min(max(cursor, 0), len(records) - 1))
        if zone is not None and not state.dns.error:
            count = counted(len(records), len(zone.records), "records", query)
            # Read-only: the keys that would change the zone are not named (they are refused).
            keys = "" if state.read_only else " · n add · e edit · del delete"
            self.zone_info_text = literal(f"{count}{keys}", "dim")

    def _say_status(self) -> None:
        """The status line's words; said again each second, so "refreshed … ago" moves on."""
        self.query_one(StatusLine).left = status_text(
            self.hostkey.state, self.hostkey.clock.now(), self.hostkey.jobs_running()
        )

    # -- events and actions ------------------------------------------------------------------

    def _domain_at(self, key: str | None) -> str | None:
        """The domain name of a row key (its position), or None for a row no longer there."""
        if key is None or not key.isdigit() or int(key) >= len(self.domain_names):
            return None
        return self.domain_names[int(key)]

    @on(DataTable.RowSelected, "#domains")
    def _domain_chosen(self, event: DataTable.RowSelected) -> None:
        # A row event can arrive after the table was cleared: its key is None then.
        name = self._domain_at(event.row_key.value if event.row_key is not None else None)
        if name is not None:
            self.open_zone(name)
            self.query_one("#records", DataTable).focus()

    @on(DataTable.RowHighlighted, "#domains")
    def _domain_moved(self, event: DataTable.RowHighlighted) -> None:
        name = self._domain_at(event.row_key.value if event.row_key is not None else None)
        if name is not None and name != self.zone_name:
            self.open_zone(name)

    @on(TextInput.Changed, "#record-filter")
    def _filtered(self) -> None:
        self._render_zone(self.hostkey.state)

    @on(TextInput.Submitted, "#record-filter")
    def _filter_done(self) -> None:
        self.query_one("#records", DataTable).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        allowed = super().check_action(action, parameters)
        if not allowed or not self.is_mounted:
            return allowed
        if action in ZONE_ACTIONS:
            return self.zone_name in self.hostkey.state.dns.zones
        if action in ("delete_domain", "subdomains"):
            return bool(self.hostkey.state.dns.domains)
        return True

    def _record(self) -> DnsRecord | None:
        if not self.records:
            return None
        row = self.query_one("#records", DataTable).cursor_row
        return self.records[min(max(row, 0), len(self.records) - 1)]

    def _zone(self) -> Zone | None:
        return self.hostkey.state.dns.zones.get(self.zone_name)

    def _domain(self) -> Domain | None:
        return next(
            (d for d in self.hostkey.state.dns.domains or () if d.name == self.zone_name), None
        )

    def action_focus_filter(self) -> None:
        self.query_one("#record-filter", TextInput).focus()

    def action_clear_filter(self) -> None:
        box = self.query_one("#record-filter", TextInput)
        box.value = ""
        self.query_one("#records", DataTable).focus()

    def action_cycle_sort(self) -> None:
        self.sort = SORTS[(SORTS.index(self.sort) + 1) % len(SORTS)]
        self._render_zone(self.hostkey.state)

    def action_refresh(self) -> None:
        self.recheck_changes()
        self.reload()

    def action_new_record(self) -> None:
        zone = self._zone()
        if zone is not None:
            self.run_flow(flows.edit_record(self.hostkey, zone, None))

    def action_edit_record(self) -> None:
        zone, record = self._zone(), self._record()
        if zone is not None and record is not None:
            self.run_flow(flows.edit_record(self.hostkey, zone, record))

    def action_delete_record(self) -> None:
        zone, record = self._zone(), self._record()
        if zone is not None and record is not None:
            self.run_flow(flows.delete_record(self.hostkey, zone, record))

    def action_add_domain(self) -> None:
        self.run_flow(flows.add_domain(self.hostkey))

    def action_delete_domain(self) -> None:
        domain = self._domain()
        if domain is not None:
            self.run_flow(flows.delete_domain(self.hostkey, domain))

    def action_zones(self) -> None:
        from hostkey_tui.ui.dns.zones import ZonesDialog

        self.hostkey.push_screen(ZonesDialog())

    def action_subdomains(self) -> None:
        from hostkey_tui.ui.dns.subdomains import SubdomainsDialog, first_server

        domain = self._domain()
        if domain is not None:
            self.hostkey.push_screen(SubdomainsDialog(domain, first_server(self.hostkey)))

    def action_export(self) -> None:
        zone = self._zone()
        if zone is not None:
            flows.save_zone(self.hostkey, zone)

    def action_copy_zone(self) -> None:
        zone = self._zone()
        if zone is not None:
            flows.copy_zone(self.hostkey, zone)
