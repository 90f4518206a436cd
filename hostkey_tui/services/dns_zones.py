"""DNS beyond records: the zones on HOSTKEY's PowerDNS servers and the subdomains table.

Each change is sent once and never again on its own (`add_zone` creates with no idempotency key,
as `add_domain` does): the client's change hooks journal it before it is sent, and here how it
ended. A lost reply is "unknown": the list it changed is read again and the message says what it
shows, so the user decides; the change book refuses the same change until invapi was asked.
"""

from __future__ import annotations

import contextlib
from collections.abc import Awaitable, Mapping
from dataclasses import replace

from hostkey_tui.api import ApiError, InvapiError, ReplyLost
from hostkey_tui.models.dns import ascii_name
from hostkey_tui.models.dns_zones import (
    Subdomain,
    ZoneEntry,
    ZoneSpec,
    check_subdomain_name,
)
from hostkey_tui.services.context import Services, outcome_of
from hostkey_tui.services.dns import load_domains, zone_key


def _not_sent(problem: str) -> ApiError:
    return ApiError(f"{problem} Nothing was sent.", title="Not sent")


async def load_zones(services: Services) -> tuple[ZoneEntry, ...]:
    """The zones on HOSTKEY's PowerDNS servers (a read).

    Raises:
        InvapiError: not read (said as such, never as "no zones").
    """
    return await services.client.pdns.list_zones()


def _listed(zones: tuple[ZoneEntry, ...], name: str) -> bool:
    return any(zone_key(z.name) == zone_key(name) for z in zones)


async def add_zone(services: Services, spec: ZoneSpec) -> tuple[ZoneEntry, ...]:
    """A new zone, once; returns the zones read back. An IDN is sent in its `xn--` form.

    Raises:
        ReadOnlyRefused, ApiError: refused before anything was sent, or by invapi.
        ReplyLost: sent, no reply: the zones were read again, the message says what they show.
    """
    services.ensure_writable("Adding a zone")
    if (problem := spec.problem()) is not None:
        raise _not_sent(problem)
    name = ascii_name(spec.name.strip()).rstrip(".").lower()
    spec = replace(spec, name=name)
    label = (name, spec.kind, "DNSSEC" if spec.dnssec else "no DNSSEC")
    try:
        await services.client.pdns.add_zone(spec)
    except ReplyLost as error:
        services.audit("add_zone", label, "unknown", error.message)
        zones = await load_zones(services)
        there = "is listed" if _listed(zones, name) else "is not listed"
        raise ReplyLost(f"{error.message} The zones were read again: {name} {there}.") from error
    except InvapiError as error:
        services.audit("add_zone", label, outcome_of(error), error.message)
        raise
    services.audit("add_zone", label, "done")
    return await load_zones(services)


async def delete_zone(services: Services, zone: str) -> tuple[ZoneEntry, ...]:
    """Delete a zone with all its records, once; returns the zones read back.

    Raises:
        ReadOnlyRefused: read-only (nothing sent).
        InvapiError: refused by invapi; ReplyLost: sent, no reply (the zones were read again).
    """
    services.ensure_writable("Deleting a zone")
    try:
        await services.client.pdns.delete_zone(zone)
    except ReplyLost as error:
        services.audit("delete_zone", (zone,), "unknown", error.message)
        zones = await load_zones(services)
        there = "is still listed" if _listed(zones, zone) else "is no longer listed"
        raise ReplyLost(f"{error.message} The zones were read again: {zone} {there}.") from error
    except InvapiError as error:
        services.audit("delete_zone", (zone,), outcome_of(error), error.message)
        raise
    services.audit("delete_zone", (zone,), "done")
    # The domain list is read again too: whether invapi keeps a domain row whose zone is gone
    # is not known, and the DNS screen should show what it holds now.
    with contextlib.suppress(InvapiError):
        await load_domains(services)
    return await load_zones(services)


# -- subdomains ------------------------------------------------------------------------------


async def load_subdomains(services: Services, server_id: int) -> tuple[Subdomain, ...]:
    """The subdomains table of a server (dns.ts: `list_subdomains` takes a server id).

    Raises:
        InvapiError: not read.
    """
    return await services.client.pdns.list_subdomains(server_id)


def of_domain(subdomains: tuple[Subdomain, ...], domain_id: int) -> tuple[Subdomain, ...]:
    """The rows of one domain; a row that names no domain is kept (the reply's shape is not
    known: better shown than hidden)."""
    return tuple(s for s in subdomains if s.domain_id in (None, domain_id))


async def _change(
    services: Services,
    action: str,
    label: tuple[str, ...],
    server_id: int,
    send: Awaitable[None],
) -> tuple[Subdomain, ...]:
    """Send one subdomain change (`send`, an awaitable), journal how it ended, read back."""
    try:
        await send
    except ReplyLost as error:
        services.audit(action, label, "unknown", error.message)
        rows = await load_subdomains(services, server_id)
        shown = ", ".join(s.name for s in rows) or "none"
        raise ReplyLost(
            f"{error.message} The subdomains were read again ({shown}): look before doing it again."
        ) from error
    except InvapiError as error:
        services.audit(action, label, outcome_of(error), error.message)
        raise
    services.audit(action, label, "done")
    return await load_subdomains(services, server_id)


async def add_subdomain(
    services: Services, server_id: int, domain_id: int, domain: str, name: str
) -> tuple[Subdomain, ...]:
    """A subdomain row, once; returns the server's subdomains read back.

    Raises:
        ReadOnlyRefused, ApiError: refused before anything was sent, or by invapi.
        ReplyLost: sent, no reply (read again; the message says what is there).
    """
    services.ensure_writable("Adding a subdomain")
    if (problem := check_subdomain_name(name)) is not None:
        raise _not_sent(problem)
    name = ascii_name(name.strip().rstrip(".")).lower()
    send = services.client.pdns.add_subdomain(server_id, domain_id, name)
    return await _change(services, "add_subdomain", (name, domain), server_id, send)


async def move_subdomain(
    services: Services, subdomain: Subdomain, server_id: int, to_server: int
) -> tuple[Subdomain, ...]:
    """`edit_subdomain`: the row given another server id (all dns.ts shows it taking).

    Raises:
        ReadOnlyRefused, ApiError: refused before anything was sent, or by invapi.
        ReplyLost: sent, no reply (read again).
    """
    services.ensure_writable("Changing a subdomain")
    if to_server <= 0:
        raise _not_sent("A server id is a positive number.")
    if to_server == subdomain.server_id:
        raise _not_sent(f"{subdomain.name} is on server {to_server} already.")
    send = services.client.pdns.edit_subdomain(subdomain.id, to_server)
    label = (subdomain.name, f"server {to_server}")
    return await _change(services, "edit_subdomain", label, server_id, send)


async def delete_subdomain(
    services: Services, server_id: int, subdomain: Subdomain
) -> tuple[Subdomain, ...]:
    """Delete a subdomain row, once; returns the server's subdomains read back.

    Raises:
        ReadOnlyRefused: read-only; InvapiError: refused; ReplyLost: sent, no reply.
    """
    services.ensure_writable("Deleting a subdomain")
    send = services.client.pdns.delete_subdomain(server_id, subdomain.id)
    return await _change(services, "delete_subdomain", (subdomain.name,), server_id, send)


# -- reconciling a change whose reply was lost (called by services.reconcile) ----------------

ENDPOINTS = frozenset(
    {
        "pdns/add_zone",
        "pdns/delete_zone",
        "pdns/add_subdomain",
        "pdns/edit_subdomain",
        "pdns/delete_subdomain",
    }
)


async def find_out(services: Services, endpoint: str, about: Mapping[str, str]) -> str:
    """What became of a zone or subdomain change: its list read again."""
    if endpoint in ("pdns/add_zone", "pdns/delete_zone"):
        name = about.get("name") or about.get("zone") or ""
        zones = await load_zones(services)
        there = _listed(zones, name)
        if endpoint == "pdns/add_zone":
            return f"it happened: {name} is listed" if there else f"it did not happen: no {name}"
        return (
            f"{name} is still listed: it did not happen"
            if there
            else f"it happened: {name} is gone"
        )
    server = about.get("server_id", "")
    if not server.isdigit():
        return "invapi has no read that shows it without a server id: look in the web panel"
    rows = await load_subdomains(services, int(server))
    return f"server {server}'s subdomains read again ({len(rows)}): look before repeating it"
