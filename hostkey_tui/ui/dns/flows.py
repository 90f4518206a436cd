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
    check_domain_name,
    to_bind,
)
from hostkey_tui.models.dns import check_record as check_dns_record
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


def _fields(zone: Zone, record: DnsRecord | None, values: dict[str, str]) -> list[Field]:
    def value(name: str, default: str = "") -> str:
        return values.get(name, default)

    same_set = ""
    if record is not None:
        name = record.relative_name(zone.name)
        same_set = ", ".join(
            r.content
            for r in zone.records
            if r.type == record.type and r.relative_name(zone.name) == name
        )
    srv = record.content.split() if record is not None and record.type == "SRV" else []
    weight, port, target = srv if len(srv) == 3 else ("", "", "")
    ttl = str(record.ttl or 3600) if record else "3600"
    priority = str(record.priority) if record and record.priority is not None else ""
    return [
        Field("type", "Type", value("type", record.type if record else "A"), _check_type),
        Field(
            "name",
            "Name",
            value("name", record.relative_name(zone.name) if record else "@"),
            placeholder="@ for the zone itself, or www",
        ),
        Field(
            "content",
            "Content",
            value("content", same_set if record and record.type != "SRV" else ""),
            placeholder="A/AAAA/NS/MX: several, comma-separated",
        ),
        Field("ttl", "TTL", value("ttl", ttl), _check_number),
        Field("priority", "Priority", value("priority", priority), _check_number),
        Field("weight", "SRV weight", value("weight", weight), _check_number),
        Field("port", "SRV port", value("port", port), _check_number),
        Field("target", "SRV target", value("target", target)),
    ]


async def edit_record(app: Host, zone: Zone, record: DnsRecord | None) -> None:
    """Add a record, or (with `record`) replace the set of its type on its name."""
    services = app.services
    if services is None or not can_change(app, "Changing DNS"):
        return
    values: dict[str, str] = {}
    problem = ""
    while True:
        intro = (
            f"Replaces every {record.type} record of {record.relative_name(zone.name)} "
            "with the content below."
            if record
            else f"A new record in {zone.name}."
        )
        form = FormModal(
            f"{'Edit' if record else 'New'} record in {zone.name}",
            _fields(zone, record, values),
            intro=f"{problem}\n{intro}".strip() if problem else intro,
            submit="Save",
        )
        answer = await app.push_screen_wait(form)
        if answer is None:
            return
        values = answer
        kind = values["type"].strip().upper()
        name = values["name"].strip() or "@"
        contents = split_contents(kind, values["content"])
        priority, weight, port = (
            _number(values["priority"]),
            _number(values["weight"]),
            _number(values["port"]),
        )
        target = values["target"].strip()
        problem = (
            check_dns_record(
                kind,
                name,
                contents if kind != "SRV" else [target],
                priority=priority,
                weight=weight,
                port=port,
                target=target,
                ttl=_number(values["ttl"]),
            )
            or ""
        )
        if problem:
            continue  # the form again, with what was typed and why it cannot be sent
        break
    srv = (weight or 0, port or 0, target, srv_proto(name)) if kind == "SRV" else None
    await dns.save_record(
        services,
        zone.name,
        name,
        kind,
        contents,
        ttl=_number(values["ttl"]),
        priority=priority,
        srv=srv,
        replace_set=record is not None and record.type == kind,
    )
    app.say(f"{kind} {name} in {zone.name} (read back)", title="Saved")


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
                Field("name", "Domain", check=check_domain_name, placeholder="example.com"),
                Field("server", "Server id", check=_check_number, placeholder="optional"),
            ],
            intro="HOSTKEY's name servers serve the new zone once the domain points to them.",
            submit="Add domain",
        )
    )
    if values is None:
        return
    await dns.add_domain(services, values["name"], _number(values["server"]))
    app.say(f"{values['name'].strip()} added.", title="Domain")


async def delete_domain(app: Host, domain: Domain) -> None:
    services = app.services
    if services is None:
        return
    zone = app.state.dns.zones.get(domain.name)
    count = f"its {len(zone.records)} records" if zone else "all its records"
    name = shown_name(domain.name, domain.id)
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
