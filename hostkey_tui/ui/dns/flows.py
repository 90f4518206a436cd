"""DNS interactions that wait on the user: the record form (checked per type), deletes, domains."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from hostkey_tui.models.dns import (
    MULTI_CONTENT_TYPES,
    RECORD_TYPES,
    DnsRecord,
    Domain,
    Zone,
    ascii_name,
    both_forms,
    check_domain_name,
    to_bind,
)
from hostkey_tui.models.dns import check_record as check_dns_record
from hostkey_tui.models.dns_zones import SRV_PROTOS, srv_owner, srv_parts, srv_proto_of
from hostkey_tui.records import dataclass
from hostkey_tui.services import dns
from hostkey_tui.services.files import safe_file_name
from hostkey_tui.ui.kit.files import folder
from hostkey_tui.ui.kit.guard import can_change
from hostkey_tui.ui.kit.modals.confirm import ConfirmModal, ConfirmTarget
from hostkey_tui.ui.kit.modals.form import Field, FormModal
from hostkey_tui.ui.kit.typed import shown_name, typed_note, typed_word

if TYPE_CHECKING:
    from hostkey_tui.ui.host import Host

#: Types a customer adds here (SOA belongs to the provider).
EDITABLE_TYPES = tuple(t for t in RECORD_TYPES if t != "SOA")


def _number(text: str) -> int | None:
    return int(text) if text.strip().isdigit() else None


def _check_type(text: str) -> str | None:
    return (
        None if text.strip().upper() in EDITABLE_TYPES else f"One of {', '.join(EDITABLE_TYPES)}."
    )


def _check_number(text: str) -> str | None:
    return None if not text.strip() or text.strip().isdigit() else "A whole number, or empty."


def srv_proto(name: str) -> str:
    """`params[proto]` of an SRV record: `tcp` or `udp` (invapi's words, not `_tcp`), the one
    its name carries (`_service._proto`, RFC 2782: `_sip._udp`); tcp when it names none."""
    labels = name.lower().split(".")
    return "udp" if "_udp" in labels else "tcp"


def split_contents(kind: str, text: str) -> list[str]:
    """Several values for the types that allow them (comma-separated); text types stay whole."""
    if kind in MULTI_CONTENT_TYPES:
        return [v for v in re.split(r"[\s,]+", text) if v]
    return [text.strip()] if text.strip() else []


def _fields(zone: Zone, record: DnsRecord | None) -> list[Field]:
    same_set = ""
    if record is not None:
        name = record.relative_name(zone.name)
        same_set = ", ".join(
            r.content
            for r in zone.records
            if r.type == record.type and r.relative_name(zone.name) == name
        )
    weight, port, target, proto = "", "", "", "tcp"
    srv_priority = record.priority if record else None
    if record is not None and record.type == "SRV":
        srv_priority, weight, port, target = srv_parts(record.content, record.priority)
        proto = srv_proto_of(record.relative_name(zone.name))
    ttl = str(record.ttl or 3600) if record else "3600"
    priority = str(srv_priority) if srv_priority is not None else ""
    return [
        Field("type", "Type", record.type if record else "A", _check_type),
        Field(
            "name",
            "Name",
            record.relative_name(zone.name) if record else "@",
            placeholder="@ for the zone itself, or www",
        ),
        Field(
            "content",
            "Content",
            same_set if record and record.type != "SRV" else "",
            placeholder="A/AAAA/NS/MX: several, comma-separated",
        ),
        Field("ttl", "TTL", ttl, _check_number),
        Field("priority", "Priority", priority, _check_number),
        Field("weight", "SRV weight", weight, _check_number),
        Field("port", "SRV port", port, _check_number),
        Field("target", "SRV target", target),
        Field("proto", "SRV protocol", proto, _check_proto, placeholder="tcp or udp"),
    ]


def _check_proto(text: str) -> str | None:
    return None if text.strip().lower() in SRV_PROTOS else "tcp or udp."


@dataclass(frozen=True, slots=True)
class RecordForm:
    """The record form's values, read as they are sent."""

    kind: str
    name: str
    contents: list[str]
    ttl: int | None
    priority: int | None
    weight: int | None
    port: int | None
    target: str
    proto: str = "tcp"

    @classmethod
    def read(cls, values: dict[str, str]) -> RecordForm:
        kind = values["type"].strip().upper()
        return cls(
            kind=kind,
            name=values["name"].strip() or "@",
            contents=split_contents(kind, values["content"]),
            ttl=_number(values["ttl"]),
            priority=_number(values["priority"]),
            weight=_number(values["weight"]),
            port=_number(values["port"]),
            target=values["target"].strip(),
            proto=values.get("proto", "tcp").strip().lower() or "tcp",
        )

    def owner(self) -> str:
        """The name sent: an SRV record's is `_service._proto[.host]` (`_sip` with udp is
        `_sip._udp`), invapi's `params[proto]` beside it saying the same.

        Raises:
            ValueError: an SRV name that cannot be one, or names the other protocol.
        """
        return srv_owner(self.name, self.proto) if self.kind == "SRV" else self.name

    def problem(self) -> str | None:
        """Why the record may not be sent (the model's check, before any request)."""
        # An SRV record's own fields are said before its name (the name is checked once they
        # are right, with the protocol it must carry).
        owner_problem = None
        try:
            name = self.owner()
        except ValueError as error:
            owner_problem, name = str(error), "_srv._tcp"
        return (
            check_dns_record(
                self.kind,
                name,
                self.contents if self.kind != "SRV" else [self.target],
                priority=self.priority,
                weight=self.weight,
                port=self.port,
                target=self.target,
                ttl=self.ttl,
            )
            or owner_problem
        )

    def field_in_error(self) -> str:
        """The field the check's first problem is about. The check answers for a whole record,
        so it is asked again about one field at a time, the others given values it accepts,
        in the order it checks them."""
        if check_dns_record("TXT", self.name, ["x"]):
            return "name"
        if check_dns_record("TXT", "@", ["x"], ttl=self.ttl):
            return "ttl"
        if self.kind == "SRV":
            given = {"priority": self.priority, "weight": self.weight, "port": self.port}
            missing = [field for field, value in given.items() if value is None]
            if missing:
                return missing[0]
            if not self.target:
                return "target"
            if check_dns_record(
                "SRV", "@", ["x"], priority=0, weight=0, port=self.port, target="x"
            ):
                return "port"
            if check_dns_record(
                "SRV", "@", ["x"], priority=0, weight=0, port=1, target=self.target
            ):
                return "target"
            try:
                self.owner()
            except ValueError:
                return "proto" if self.proto not in SRV_PROTOS else "name"
            return "target"
        if check_dns_record(self.kind, "@", self.contents, priority=0):
            return "content"
        return "priority"


def record_problems(values: dict[str, str]) -> dict[str, str]:
    """The record form's whole check: its problem, under the field it is about."""
    form = RecordForm.read(values)
    problem = form.problem()
    return {form.field_in_error(): problem} if problem else {}


async def edit_record(app: Host, zone: Zone, record: DnsRecord | None) -> None:
    """Add a record, or (with `record`) replace the set of its type on its name."""
    services = app.services
    if services is None or not can_change(app, "Changing DNS"):
        return
    intro = (
        f"Replaces every {record.type} record of {record.relative_name(zone.name)} "
        "with the content below; another name renames them, in one change. "
        "Each change raises the zone's SOA serial."
        if record
        else f"A new record in {zone.name}. Each change raises the zone's SOA serial."
    )
    # The form stays open until the record can be sent: a problem is said under its field.
    answer = await app.push_screen_wait(
        FormModal(
            f"{'Edit' if record else 'New'} record in {zone.name}",
            _fields(zone, record),
            intro=intro,
            submit="Save",
            check_all=record_problems,
        )
    )
    if answer is None:
        return
    form = RecordForm.read(answer)
    kind, name = form.kind, form.owner()  # checked by the form: it converts
    srv = (form.weight or 0, form.port or 0, form.target, form.proto) if kind == "SRV" else None
    old = record.relative_name(zone.name) if record is not None else ""
    # Same type, another name: a rename, one add_dns with `params[old_name]` (never a delete
    # and an add, which a failure between them would turn into a lost record).
    renamed = record is not None and record.type == kind and old.lower() != name.lower()
    await dns.save_record(
        services,
        zone.name,
        name,
        kind,
        form.contents,
        ttl=form.ttl,
        priority=form.priority,
        srv=srv,
        replace_set=record is not None and record.type == kind,
        old_name=old if renamed else None,
    )
    done = f"{old} renamed to {name}" if renamed else f"{kind} {name}"
    app.say(f"{done} in {zone.name} (read back)", title="Saved")


async def delete_record(app: Host, zone: Zone, record: DnsRecord) -> None:
    services = app.services
    if services is None:
        return
    name = record.relative_name(zone.name)
    target = [ConfirmTarget(0, f"{name}  {record.type}", record.content)]
    if not await app.push_screen_wait(
        ConfirmModal(
            f"Delete this {record.type} record of {name} in {zone.name}?",
            target,
            button="Delete record",
            warning="Only this record (its content is sent); others of the name stay.",
        )
    ):
        return
    await dns.delete_record(services, zone.name, record)
    app.say(f"{record.type} {name}: {record.content}", title="Deleted")


async def add_domain(app: Host) -> None:
    services = app.services
    if services is None:
        return
    values = await app.push_screen_wait(
        FormModal(
            "Add a domain",
            [
                Field(
                    "name", "Domain", check=check_domain_name, placeholder="example.com, münchen.de"
                ),
                Field("server", "Server id", check=_check_number, placeholder="optional"),
            ],
            intro="HOSTKEY's name servers serve the new zone once the domain points to them.",
            submit="Add domain",
        )
    )
    if values is None:
        return
    await dns.add_domain(services, values["name"], _number(values["server"]))
    # Said as invapi now holds it, with the Unicode form typed: `xn--mnchen-3ya.de (münchen.de)`.
    sent = ascii_name(values["name"].strip()).rstrip(".").lower()
    app.say(f"{both_forms(sent)} added.", title="Domain")


async def delete_domain(app: Host, domain: Domain) -> None:
    services = app.services
    if services is None:
        return
    zone = app.state.dns.zones.get(domain.name)
    count = f"its {len(zone.records)} records" if zone else "all its records"
    name = both_forms(shown_name(domain.name, domain.id))
    word = typed_word(domain.name, domain.id)
    warning = f"The zone and {count} go at once: whatever the names served stops resolving."
    if not await app.push_screen_wait(
        ConfirmModal(
            f"Delete the domain {name}?",
            [ConfirmTarget(domain.id, name, "")],
            button="Delete domain",
            typed=word,
            warning=" ".join(filter(None, (warning, typed_note(domain.name, word)))),
        )
    ):
        return
    await dns.delete_domain(services, domain)
    app.say(f"{name} was deleted.", title="Domain")


def save_zone(app: Host, zone: Zone) -> None:
    """Export: always a new file, named from the zone (made safe); one already there is kept
    and the new one numbered. The path is said, whatever it became."""
    try:
        path = dns.export_zone(zone, folder(app))
    except OSError as error:
        app.say(f"The zone file could not be saved: {error.strerror or error}", severity="error")
        return
    first = safe_file_name(dns.zone_key(zone.name), ".zone")
    kept = "" if path.name == first else f" {first} was there already: it was kept."
    app.say(f"Saved {path} (BIND format, mode 0600).{kept}", title="Exported")


def copy_zone(app: Host, zone: Zone) -> None:
    app.copy_to_clipboard(to_bind(zone))
    app.say(f"{zone.name} as BIND text is on the clipboard.", title="Copied")
