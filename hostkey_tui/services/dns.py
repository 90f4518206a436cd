"""DNS zones and records: read, add, replace, delete, export. Nothing here is ever retried.

`add_dns` and `add_domain` are not idempotent (a second one adds a second record or fails on
the existing domain), so after a lost reply the zone or the domain list is read again and the
caller is told what is there now. A record is deleted only with its content: without it,
invapi deletes every record of that type on the name.
"""

from __future__ import annotations

from pathlib import Path

from hostkey_tui.api import ApiError, InvapiError, ReplyLost
from hostkey_tui.config.paths import write_private
from hostkey_tui.models.dns import (
    DnsRecord,
    Domain,
    Zone,
    check_domain_name,
    check_record,
    to_bind,
)
from hostkey_tui.services.context import Services
from hostkey_tui.state.events import DnsFailed, DomainsRead, ZoneRead


async def load_domains(services: Services) -> tuple[Domain, ...]:
    try:
        domains = await services.client.pdns.list_domains()
    except InvapiError as error:
        services.store.dispatch(DnsFailed(error.message))
        raise
    services.store.dispatch(DomainsRead(domains))
    return domains


async def read_zone(services: Services, zone: str) -> Zone:
    try:
        read = await services.client.pdns.view_zone(zone)
    except InvapiError as error:
        services.store.dispatch(DnsFailed(f"{zone}: {error.message}"))
        raise
    services.store.dispatch(ZoneRead(read))
    return read


def _present(zone: Zone, name: str, record_type: str, contents: list[str]) -> bool:
    wanted = {c.strip().rstrip(".").lower() for c in contents}
    held = {
        r.content.strip().rstrip(".").lower()
        for r in zone.records
        if r.type == record_type and r.relative_name(zone.name) == name
    }
    return wanted <= held


async def save_record(
    services: Services,
    zone: str,
    name: str,
    record_type: str,
    contents: list[str],
    *,
    ttl: int | None = None,
    priority: int | None = None,
    srv: tuple[int, int, str, str] | None = None,
    replace_set: bool = False,
) -> Zone:
    """Add a record (or replace the name's set of that type), once; returns the zone read back.

    Raises:
        ApiError: refused locally (nothing sent) or by invapi.
        ReplyLost: sent, no reply: the zone was read again; the message says what it holds.
    """
    services.ensure_writable("Changing DNS")
    kind = record_type.upper()
    weight, port, target = (srv[0], srv[1], srv[2]) if srv else (None, None, "")
    problem = check_record(
        kind,
        name,
        contents,
        priority=priority,
        weight=weight,
        port=port,
        target=target,
        ttl=ttl,
    )
    if problem:
        raise ApiError(f"{problem} Nothing was sent.", title="Not sent")
    values = [c.strip() for c in contents if c.strip()]
    action = "replace_dns" if replace_set else "add_dns"
    label = (f"{name}.{zone}" if name != "@" else zone, kind)
    try:
        await services.client.pdns.add_dns(
            zone,
            name,
            kind,
            values,
            ttl=ttl,
            priority=priority,
            srv=srv,
            changetype="update" if replace_set else None,
        )
    except ReplyLost as error:
        services.audit(action, label, "unknown", error.message)
        after = await read_zone(services, zone)
        there = kind == "SRV" or _present(after, name, kind, values)
        raise ReplyLost(
            f"{error.message} The zone was read again: the record "
            + ("is there, so it was added." if there else "is not there: add it again if needed.")
        ) from error
    except InvapiError as error:
        services.audit(action, label, "failed", error.message)
        raise
    services.audit(action, label, "done", ", ".join(values) or (target or ""))
    return await read_zone(services, zone)


async def delete_record(services: Services, zone: str, record: DnsRecord) -> Zone:
    """Delete exactly this record (its content always sent); returns the zone read back.

    Raises:
        ApiError: a record without content (nothing sent), or refused by invapi.
    """
    services.ensure_writable("Deleting a DNS record")
    if not record.content.strip():
        raise ApiError(
            "This record has no content, and a delete without content removes every record of "
            "its type on the name: nothing was sent.",
            title="Not sent",
        )
    label = (f"{record.relative_name(zone)} {zone}", record.type, record.content)
    try:
        await services.client.pdns.delete_dns(zone, record)
    except ReplyLost as error:
        services.audit("delete_dns", label, "unknown", error.message)
        await read_zone(services, zone)
        raise
    except InvapiError as error:
        services.audit("delete_dns", label, "failed", error.message)
        raise
    services.audit("delete_dns", label, "done")
    return await read_zone(services, zone)


async def add_domain(services: Services, name: str, server_id: int | None = None) -> int:
    """A new zone, once; after a lost reply the domain list says whether it exists.

    Raises:
        ApiError: refused by invapi (or the name is not valid: nothing sent).
        ReplyLost: sent, no reply; the list was read again, the message says what it shows.
    """
    services.ensure_writable("Adding a domain")
    name = name.strip().rstrip(".").lower()
    problem = check_domain_name(name)
    if problem:
        raise ApiError(f"{problem} Nothing was sent.", title="Not sent")
    try:
        domain_id = await services.client.pdns.add_domain(name, server_id)
    except ReplyLost as error:
        services.audit("add_domain", (name,), "unknown", error.message)
        domains = await load_domains(services)
        there = any(d.name == name for d in domains)
        raise ReplyLost(
            f"{error.message} The domain list was read again: {name} "
            + ("is there." if there else "is not there.")
        ) from error
    except InvapiError as error:
        services.audit("add_domain", (name,), "failed", error.message)
        raise
    services.audit("add_domain", (name,), "done", f"id {domain_id}")
    await load_domains(services)
    return domain_id


async def delete_domain(services: Services, domain: Domain) -> None:
    services.ensure_writable("Deleting a domain")
    try:
        await services.client.pdns.delete_domain(domain.id, domain.name)
    except InvapiError as error:
        services.audit("delete_domain", (domain.name,), "failed", error.message)
        if isinstance(error, ReplyLost):
            await load_domains(services)
        raise
    services.audit("delete_domain", (domain.name,), "done")
    await load_domains(services)


def export_zone(zone: Zone, folder: Path) -> Path:
    """The zone as a BIND zone file, 0600 in `folder`; its path."""
    path = folder / f"{zone.name.rstrip('.')}.zone"
    write_private(path, to_bind(zone).encode())
    return path
