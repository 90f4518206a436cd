"""The zones on HOSTKEY's PowerDNS servers (`z` on the DNS screen): listed, added with their
kind, DNSSEC, SOA fields and name servers, deleted with their name typed.

The fields are those of HOSTKEY's MCP server (`src/tools/dns.ts`, `add_zone`): kind Master or
Slave (no source shows Native), masters for a Slave zone, dnssec, the SOA's `dns{ttl, mname,
rname, refresh, retry, expire, minimum}` and `nameservers`. The serial is left to invapi: every
record change raises it (see services.dns.save_record).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from rich.text import Text
from textual import work
from textual.widgets import DataTable

from hostkey_tui.api import InvapiError
from hostkey_tui.models.common import whole
from hostkey_tui.models.dns import both_forms, check_domain_name
from hostkey_tui.models.dns_zones import DEFAULT_NAMESERVERS, ZONE_KINDS, ZoneEntry, ZoneSpec
from hostkey_tui.services import dns_zones
from hostkey_tui.ui.dns import keys
from hostkey_tui.ui.dns.dialog import ListDialog
from hostkey_tui.ui.kit.guard import can_change
from hostkey_tui.ui.kit.keys import bindings
from hostkey_tui.ui.kit.modals.confirm import ConfirmModal, ConfirmTarget
from hostkey_tui.ui.kit.modals.form import Field, FormModal
from hostkey_tui.ui.kit.text import cell
from hostkey_tui.ui.kit.typed import typed_note, typed_word

if TYPE_CHECKING:
    from hostkey_tui.ui.host import Host

NUMBERS = ("ttl", "refresh", "retry", "expire", "minimum")


def _number(text: str) -> int | None:
    return int(text) if whole(text.strip()) else None


def _names(text: str) -> tuple[str, ...]:
    return tuple(v.rstrip(".") for v in re.split(r"[\s,]+", text) if v)


def zone_fields() -> list[Field]:
    def number(text: str) -> str | None:
        return None if not text.strip() or whole(text.strip()) else "A whole number, or empty."

    return [
        Field("name", "Zone", check=check_domain_name, placeholder="example.com"),
        Field("kind", "Kind", "Master", placeholder="Master or Slave"),
        Field("masters", "Masters", placeholder="Slave only: 192.0.2.53, comma-separated"),
        Field("dnssec", "Sign the zone with DNSSEC", toggle=True),
        Field("ttl", "TTL", check=number, placeholder="empty: HOSTKEY's default"),
        Field("mname", "SOA mname", placeholder="primary name server: ns1.hostkey.com"),
        Field("rname", "SOA rname", placeholder="administrator: admin.example.com"),
        Field("refresh", "SOA refresh", check=number, placeholder="seconds, e.g. 10800"),
        Field("retry", "SOA retry", check=number, placeholder="seconds, e.g. 3600"),
        Field("expire", "SOA expire", check=number, placeholder="seconds, e.g. 604800"),
        Field("minimum", "SOA minimum", check=number, placeholder="seconds, e.g. 3600"),
        Field("nameservers", "Name servers", placeholder=", ".join(DEFAULT_NAMESERVERS)),
    ]


def read_zone_form(values: dict[str, str]) -> ZoneSpec:
    kind = values["kind"].strip().capitalize() or "Master"
    return ZoneSpec(
        name=values["name"].strip(),
        kind=kind,
        dnssec=bool(values.get("dnssec")),
        masters=_names(values["masters"]),
        ttl=_number(values["ttl"]),
        mname=values["mname"].strip().rstrip("."),
        rname=values["rname"].strip().rstrip("."),
        refresh=_number(values["refresh"]),
        retry=_number(values["retry"]),
        expire=_number(values["expire"]),
        minimum=_number(values["minimum"]),
        nameservers=_names(values["nameservers"]),
    )


def zone_problems(values: dict[str, str]) -> dict[str, str]:
    """The zone form's whole check, each problem under the field it is about."""
    spec = read_zone_form(values)
    problem = spec.problem()
    if problem is None:
        return {}
    if check_domain_name(spec.name) is not None:
        return {"name": problem}
    if spec.kind not in ZONE_KINDS:
        return {"kind": problem}
    words = {
        "masters": "masters",
        "Masters": "masters",
        "name server": "mname" if spec.mname and spec.mname in problem else "nameservers",
        "mailbox": "rname",
        "TTL": "ttl",
        "retry is shorter": "retry",
    }
    for word, field in words.items():
        if word in problem:
            return {field: problem}
    for name in NUMBERS:
        if f"SOA {name}" in problem:
            return {name: problem}
    return {"": problem}


class ZonesDialog(ListDialog):
    SCOPE = "dnszones"
    HELP_TITLE = "Zones"
    KEYS = keys.ZONES
    BINDINGS = bindings(KEYS)
    CHANGE_KEYS = "a add zone · del delete zone"

    def __init__(self) -> None:
        super().__init__(
            "Zones on HOSTKEY's name servers",
            "The zones invapi's PowerDNS servers hold (pdns/list_zones). A zone made here is "
            "not in the domain list; a domain added with `a` on the DNS screen has one.",
        )
        self.zones: tuple[ZoneEntry, ...] = ()

    def on_mount(self) -> None:
        super().on_mount()
        table = self.query_one("#list", DataTable)
        table.add_columns("Zone", "Kind", "DNSSEC")
        self.say_keys("reading…")
        self.load()

    @work(group="zones", exclusive=True, exit_on_error=False)
    async def load(self) -> None:
        services = self.hostkey.services
        if services is None:
            return
        try:
            self.show(await dns_zones.load_zones(services))
        except InvapiError as error:
            self.say_keys(f"not read: {error.message}")

    def show(self, zones: tuple[ZoneEntry, ...]) -> None:
        self.zones = tuple(sorted(zones, key=lambda z: z.name.lower()))
        if not self.is_attached:
            return  # closed while the change was under way: its outcome is said all the same
        table = self.query_one("#list", DataTable)
        row = table.cursor_row
        table.clear()
        for index, zone in enumerate(self.zones):
            dnssec = "" if zone.dnssec is None else "signed" if zone.dnssec else "no"
            table.add_row(
                Text(both_forms(zone.name)), cell(zone.kind), cell(dnssec), key=str(index)
            )
        if self.zones:
            table.move_cursor(row=min(max(row, 0), len(self.zones) - 1))
        self.say_keys(f"{len(self.zones)} zones")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        allowed = super().check_action(action, parameters)
        if allowed and action == "delete_zone":
            return bool(self.zones)
        return allowed

    def action_add_zone(self) -> None:
        self.run_flow(add_zone(self.hostkey, self))

    def action_delete_zone(self) -> None:
        row = self.cursor()
        if row is not None and row < len(self.zones):
            self.run_flow(delete_zone(self.hostkey, self, self.zones[row]))


async def add_zone(app: Host, dialog: ZonesDialog) -> None:
    services = app.services
    if services is None or not can_change(app, "Adding a zone"):
        return
    answer = await app.push_screen_wait(
        FormModal(
            "Add a zone",
            zone_fields(),
            intro=(
                "A zone on HOSTKEY's name servers. Empty fields take HOSTKEY's defaults "
                "(name servers ns1/ns2.hostkey.com). Sent once: a lost reply is checked, "
                "never sent again."
            ),
            submit="Add zone",
            check_all=zone_problems,
        )
    )
    if answer is None:
        return
    spec = read_zone_form(answer)
    dialog.show(await dns_zones.add_zone(services, spec))
    app.say(f"{spec.name} added ({spec.kind}).", title="Zone")


async def delete_zone(app: Host, dialog: ZonesDialog, zone: ZoneEntry) -> None:
    services = app.services
    if services is None or not can_change(app, "Deleting a zone"):
        return
    word = typed_word(zone.name, 0)
    warning = (
        f"The zone and every record in it go at once (pdns/delete_zone): whatever {zone.name} "
        "served stops resolving. Deleting the domain (D on the DNS screen) is what also removes "
        "its subdomains."
    )
    name = both_forms(zone.name)
    if not await app.push_screen_wait(
        ConfirmModal(
            f"Delete the zone {name}?",
            [ConfirmTarget(0, name, zone.kind)],
            button="Delete zone",
            typed=word,
            warning=" ".join(filter(None, (warning, typed_note(zone.name, word)))),
        )
    ):
        return
    dialog.show(await dns_zones.delete_zone(services, zone.name))
    app.say(f"{name} was deleted.", title="Zone")
