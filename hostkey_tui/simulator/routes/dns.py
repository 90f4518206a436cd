"""`pdns.php`: domains, zones and records, answered in the `{"result","module","action","data"}`
envelope. A `delete_dns` without content deletes every record of that type on the name, as the
real one does: the app must never send one.
"""

from __future__ import annotations

import re

from hostkey_tui.simulator.routes import Ctx, SimError, route
from hostkey_tui.simulator.world import JSON, Form, World

_TYPES = ("A", "AAAA", "CNAME", "MX", "TXT", "SRV", "SOA", "DKIM", "SPF", "NS")


def envelope(ctx: Ctx, data: JSON) -> dict[str, JSON]:
    return {"result": "OK", "module": "pdns", "action": ctx.action, "data": data}


def pdns_error(ctx: Ctx, message: str) -> SimError:
    return SimError({"result": "Fail", "module": "pdns", "action": ctx.action, "error": message})


def _zone(world: World, form: Form, ctx: Ctx) -> dict[str, JSON]:
    name = form.get("zone").rstrip(".").lower()
    zone = world.zones.get(name)
    if zone is None:
        raise pdns_error(ctx, f"Zone {name or '(none)'} not found")
    return zone


def _fqdn(name: str, zone: str) -> str:
    bare = name.rstrip(".")
    if bare in ("", "@", zone):
        return zone
    return bare if bare.endswith("." + zone) else f"{bare}.{zone}"


@route("pdns", "list_domains")
def list_domains(world: World, form: Form, ctx: Ctx) -> JSON:
    return envelope(ctx, [{"id": i, "name": n} for i, n in sorted(world.domains.items())])


@route("pdns", "view_zone")
def view_zone(world: World, form: Form, ctx: Ctx) -> JSON:
    zone = _zone(world, form, ctx)
    return envelope(ctx, {"id": zone["id"], "name": zone["name"], "records": zone["records"]})


@route("pdns", "add_domain")
def add_domain(world: World, form: Form, ctx: Ctx) -> JSON:
    name = form.get("name").rstrip(".").lower()
    # ASCII only, as PowerDNS: an IDN comes as its A-labels (`xn--e1afmkfd.xn--p1ai`).
    if not re.fullmatch(r"([a-z0-9-]+\.)+([a-z]{2,}|xn--[a-z0-9-]+)", name):
        raise pdns_error(ctx, f"{name!r} is not a domain name")
    if name in world.zones:
        raise pdns_error(ctx, f"Domain {name} already exists")
    domain_id = world.next_id()
    world.domains[domain_id] = name
    serial = world.day().replace("-", "") + "01"
    world.zones[name] = {
        "id": domain_id,
        "name": name,
        "server_id": form.int("server_id"),
        "records": [
            {
                "id": world.next_id(),
                "name": name,
                "type": "SOA",
                "content": f"ns1.hostkey.com. hostmaster.{name}. {serial} 10800 3600 604800 3600",
                "ttl": 3600,
                "priority": 0,
            },
            {
                "id": world.next_id(),
                "name": name,
                "type": "NS",
                "content": "ns1.hostkey.com",
                "ttl": 3600,
                "priority": 0,
            },
            {
                "id": world.next_id(),
                "name": name,
                "type": "NS",
                "content": "ns2.hostkey.com",
                "ttl": 3600,
                "priority": 0,
            },
        ],
    }
    return envelope(ctx, {"id": domain_id})


@route("pdns", "delete_domain")
def delete_domain(world: World, form: Form, ctx: Ctx) -> JSON:
    domain_id = form.int("id") or form.int("domain_id")
    name = world.domains.get(domain_id or -1)
    if name is None or (form.get("zone") and form.get("zone").rstrip(".").lower() != name):
        raise pdns_error(ctx, "Domain not found")
    del world.domains[domain_id or -1]
    world.zones.pop(name, None)
    return envelope(ctx, {"id": domain_id})


@route("pdns", "add_dns")
def add_dns(world: World, form: Form, ctx: Ctx) -> JSON:
    zone = _zone(world, form, ctx)
    kind = form.get("type").upper()
    if kind not in _TYPES:
        raise pdns_error(ctx, f"Unknown record type {kind!r}")
    contents = form.list("content")
    if kind == "SRV" and form.get("proto") not in ("tcp", "udp"):
        # beyond-the-docs §pdns add_dns [S7]: `params[proto]` is tcp or udp.
        raise pdns_error(ctx, "SRV records need proto: tcp or udp")
    if kind == "SRV" and form.get("target"):
        contents = [f"{form.get('weight') or 0} {form.get('port')} {form.get('target')}"]
    contents = [c for c in contents if c.strip()]
    if not contents:
        raise pdns_error(ctx, "content is required")
    name = _fqdn(form.get("name"), str(zone["name"]))
    ttl = form.int("ttl") or 3600
    priority = form.int("priority") or 0
    if kind in ("MX", "SRV") and not form.get("priority"):
        raise pdns_error(ctx, f"{kind} records need a priority")
    records: list[dict[str, JSON]] = zone["records"]
    if form.get("old_name"):
        # HOSTKEY's MCP server (dns.ts): `old_name` renames the record.
        # assumed: the set of this type on the old name is taken off and the new content put
        # on the new name, in this one call; an old name without such a set is refused.
        old = _fqdn(form.get("old_name"), str(zone["name"]))
        if not any(r["name"] == old and r["type"] == kind for r in records):
            raise pdns_error(ctx, f"No {kind} record named {form.get('old_name')}")
        zone["records"] = records = [
            r for r in records if not (r["name"] == old and r["type"] == kind)
        ]
    if form.get("changetype") == "update":
        zone["records"] = records = [
            r for r in records if not (r["name"] == name and r["type"] == kind)
        ]
    if form.get("increase_soa_serial") == "1":
        _bump_serial(records)
    for content in contents:
        records.append(
            {
                "id": world.next_id(),
                "name": name,
                "type": kind,
                "content": content,
                "ttl": ttl,
                "priority": priority,
            }
        )
    return {"result": "OK"}


def _bump_serial(records: list[dict[str, JSON]]) -> None:
    """`params[increase_soa_serial]=1` (S7): the SOA's serial (its third field) goes up by one.

    # assumed: by one (PowerDNS's SOA-EDIT-API "INCREASE"); dns.ts says only "auto-increment".
    """
    for record in records:
        words = str(record["content"]).split()
        if record["type"] == "SOA" and len(words) == 7 and words[2].isdigit():
            words[2] = str(int(words[2]) + 1)
            record["content"] = " ".join(words)


@route("pdns", "delete_dns")
def delete_dns(world: World, form: Form, ctx: Ctx) -> JSON:
    zone = _zone(world, form, ctx)
    name = _fqdn(form.get("name"), str(zone["name"]))
    kind = form.get("type").upper()
    contents = set(form.list("content"))
    records: list[dict[str, JSON]] = zone["records"]
    # Without content, every record of the type on the name goes: the documented trap.
    keep = [
        r
        for r in records
        if not (
            r["name"] == name and r["type"] == kind and (not contents or r["content"] in contents)
        )
    ]
    if len(keep) == len(records):
        raise pdns_error(ctx, "No such record")
    zone["records"] = keep
    return {"result": "OK"}
