"""DNS zones and records: read, add, replace, delete, export. Nothing here is ever retried.

`add_dns` and `add_domain` are not idempotent (a second one adds a second record or fails on
the existing domain), so after a lost reply the zone or the domain list is read again and the
caller is told what is there now. A record is deleted only with its content: without it,
invapi deletes every record of that type on the name.
"""

from __future__ import annotations

from pathlib import Path

from hostkey_tui.api import ApiError, InvapiError, MalformedReply, ReplyLost
from hostkey_tui.models.dns import (
    HOST_CONTENT_TYPES,
    DnsRecord,
    Domain,
    Zone,
    ascii_name,
    check_domain_name,
    check_record,
    to_bind,
)
from hostkey_tui.services.context import Services, outcome_of
from hostkey_tui.services.files import save_new
from hostkey_tui.state.events import DnsFailed, DomainsRead, ZoneRead


def zone_key(name: str) -> str:
    """A zone's name as it is compared and kept: PowerDNS writes `example.com.` where it was
    asked for `example.com`, and DNS names ignore case."""
    return name.strip().lower().removesuffix(".")


async def load_domains(services: Services) -> tuple[Domain, ...]:
    """The domain list, names as invapi wrote them (they go back to it in requests). A name
    listed twice stays twice here: the screen shows it once and says so."""
    try:
        domains = await services.client.pdns.list_domains()
    except InvapiError as error:
        services.store.dispatch(DnsFailed(error.message))
        raise
    services.store.dispatch(DomainsRead(domains))
    return domains


async def read_zone(services: Services, zone: str) -> Zone:
    """The zone, kept under the name it was asked by (`zone`, as the domain list has it),
    whichever way the reply writes it (`Example.com.` for `example.com`).

    Raises:
        InvapiError: not read (said in the state).
        MalformedReply: invapi answered with another zone than the one asked for.
    """
    try:
        read = await services.client.pdns.view_zone(zone)
    except InvapiError as error:
        services.store.dispatch(DnsFailed(f"{zone}: {error.message}"))
        raise
    if zone_key(read.name) != zone_key(zone):
        # Kept under neither name: the pane says it, rather than waiting for a zone that
        # never arrives under the name asked for.
        other = MalformedReply(
            f"asked for the zone {zone}, invapi answered with {read.name or 'no name'}",
            where="pdns/view_zone",
        )
        services.store.dispatch(DnsFailed(f"{zone}: {other.message}"))
        raise other
    read = Zone(read.id, zone, read.records)
    services.store.dispatch(ZoneRead(read))
    return read


def _present(zone: Zone, name: str, record_type: str, contents: list[str]) -> bool:
    wanted = {c.strip().rstrip(".").lower() for c in contents}
    held = {
        r.content.strip().rstrip(".").lower()
        for r in zone.records
        if r.type == record_type and r.relative_name(zone.name) == name
    }
    if record_type == "SRV":
        # An SRV content is `weight port target`, perhaps with its priority first: the target
        # and port it ends with say whether it is this one.
        return any(h.split()[-2:] == w.split()[-2:] for w in wanted for h in held)
    return wanted <= held


def has_set(zone: Zone, name: str, record_type: str) -> bool:
    """Whether the zone holds records of this type on this name (`@` for the apex)."""
    key = name.lower().rstrip(".")
    return any(
        r.type == record_type and r.relative_name(zone.name).lower() == key for r in zone.records
    )


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
    old_name: str | None = None,
) -> Zone:
    """Add a record (or replace the name's set of that type), once; returns the zone read back.

    With `old_name` (another name than `name`), the set of that type on `old_name` is renamed
    to `name` with this content, in the same one `add_dns` (`params[old_name]`, HOSTKEY's MCP
    server dns.ts): never a delete and an add, so no failure between two calls can lose it.

    Every change asks invapi to increase the zone's SOA serial (`params[increase_soa_serial]=1`,
    S7; dns.ts's default is true too): secondaries copy a zone only when its serial goes up, so
    a change without it would never reach them. No source shows the serial bumped on its own.

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
    # Names typed in Unicode (`bücher`, `mx.münchen.de`) go as invapi takes them: `xn--`.
    # The check above accepted them, so they convert.
    name = name if name == "@" else ascii_name(name)
    values = [c.strip() for c in contents if c.strip()]
    if kind in HOST_CONTENT_TYPES:
        values = [ascii_name(v) for v in values]
    if srv is not None:
        srv = (srv[0], srv[1], ascii_name(srv[2]), srv[3])
    renaming = old_name is not None and old_name.lower().rstrip(".") != name.lower()
    if renaming:
        held = services.store.state.dns.zones.get(zone)
        if held is not None and has_set(held, name, kind):
            raise ApiError(
                f"{name} already has {kind} records: renaming {old_name} onto them would "
                "replace them. Edit those, or pick another name. Nothing was sent.",
                title="Not sent",
            )
    action = "rename_dns" if renaming else "replace_dns" if replace_set else "add_dns"
    label: tuple[str, ...] = (f"{name}.{zone}" if name != "@" else zone, kind)
    if renaming:
        label = (*label, f"was {old_name}")
    try:
        await services.client.pdns.add_dns(
            zone,
            name,
            kind,
            values,
            ttl=ttl,
            priority=priority,
            srv=srv,
            changetype="update" if replace_set or renaming else None,
            old_name=old_name if renaming else None,
            increase_soa_serial=True,
        )
    except ReplyLost as error:
        services.audit(action, label, "unknown", error.message)
        after = await read_zone(services, zone)
        srv_content = [f"{srv[0]} {srv[1]} {srv[2]}"] if srv else []
        there = _present(after, name, kind, srv_content or values)
        if renaming and old_name is not None:
            left = has_set(after, old_name, kind)
            said = (
                f"{name} holds it and {old_name} no longer does, so it was renamed."
                if there and not left
                else f"{old_name} still holds it: it was not renamed."
                if left
                else f"neither {old_name} nor {name} holds it now: look before doing more."
            )
            raise ReplyLost(f"{error.message} The zone was read again: {said}") from error
        raise ReplyLost(
            f"{error.message} The zone was read again: the record "
            + ("is there, so it was added." if there else "is not there: add it again if needed.")
        ) from error
    except InvapiError as error:
        services.audit(action, label, outcome_of(error), error.message)
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
        services.audit("delete_dns", label, outcome_of(error), error.message)
        raise
    services.audit("delete_dns", label, "done")
    return await read_zone(services, zone)


async def add_domain(services: Services, name: str, server_id: int | None = None) -> int:
    """A new zone, once; after a lost reply the domain list says whether it exists. An IDN
    (`münchen.de`) is sent in its ASCII form (`xn--mnchen-3ya.de`).

    Raises:
        ApiError: refused by invapi (or the name is not valid: nothing sent).
        ReplyLost: sent, no reply; the list was read again, the message says what it shows.
    """
    services.ensure_writable("Adding a domain")
    problem = check_domain_name(name)
    if problem:
        raise ApiError(f"{problem} Nothing was sent.", title="Not sent")
    name = ascii_name(name.strip()).rstrip(".").lower()
    try:
        domain_id = await services.client.pdns.add_domain(name, server_id)
    except ReplyLost as error:
        services.audit("add_domain", (name,), "unknown", error.message)
        domains = await load_domains(services)
        there = any(zone_key(d.name) == name for d in domains)
        raise ReplyLost(
            f"{error.message} The domain list was read again: {name} "
            + ("is there." if there else "is not there.")
        ) from error
    except InvapiError as error:
        services.audit("add_domain", (name,), outcome_of(error), error.message)
        raise
    services.audit("add_domain", (name,), "done", f"id {domain_id}")
    await load_domains(services)
    return domain_id


async def delete_domain(services: Services, domain: Domain) -> None:
    services.ensure_writable("Deleting a domain")
    try:
        await services.client.pdns.delete_domain(domain.id, domain.name)
    except InvapiError as error:
        services.audit("delete_domain", (domain.name,), outcome_of(error), error.message)
        if isinstance(error, ReplyLost):
            await load_domains(services)
        raise
    services.audit("delete_domain", (domain.name,), "done")
    await load_domains(services)


def export_zone(zone: Zone, folder: Path) -> Path:
    """The zone as a BIND zone file, a new file 0600 in `folder`; its path.

    The name comes from invapi: it is made a safe file name there, and a file of that name
    already there is kept (this one is `name (2).zone`): the caller says the path.

    Raises:
        OSError: not written.
    """
    return save_new(folder, zone_key(zone.name), ".zone", to_bind(zone).encode())
