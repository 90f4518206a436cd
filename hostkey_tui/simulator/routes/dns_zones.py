"""`pdns.php` beyond records: `list_zones`, `add_zone`, `delete_zone` and the subdomains table
(`list_subdomains`, `add_subdomain`, `edit_subdomain`, `delete_subdomain`).

What is known (beyond-the-docs.md §2 [S5, S7]; HOSTKEY's MCP server `src/tools/dns.ts`): the
methods and their arguments (add_zone: name, kind Master/Slave, rrsets, dnssec, masters, dns{ttl,
mname, rname, serial, refresh, retry, expire, minimum}, nameservers; delete_zone: zone;
list_subdomains: server_id; add_subdomain: server_id, domain_id, name; edit_subdomain: id and
an optional server_id; delete_subdomain: server_id, id). dns.ts sends them flat; the app sends
them as `params[...]` like the documented pdns methods; both are read here (`Form.get`). No
source shows a reply of these: each is assumed, and said so.
"""

from __future__ import annotations

import re

from hostkey_tui.simulator.routes import Ctx, route
from hostkey_tui.simulator.routes.dns import envelope, pdns_error
from hostkey_tui.simulator.world import JSON, Form, World

_ZONE_NAME = re.compile(r"([a-z0-9_-]+\.)+([a-z]{2,}|xn--[a-z0-9-]+)")


def _soa(world: World, form: Form, name: str) -> str:
    """The new zone's SOA content from `dns[...]`, HOSTKEY's defaults for what was not sent.

    # assumed: dns.ts says only "HOSTKEY's defaults apply"; these are the scenarios' values.
    """
    pairs = dict(form.pairs)

    def soa(field: str, default: str) -> str:
        return pairs.get(f"params[dns][{field}]") or pairs.get(f"dns[{field}]") or default

    serial = soa("serial", world.day().replace("-", "") + "01")
    mname = soa("mname", "ns1.hostkey.com").rstrip(".")
    rname = soa("rname", f"hostmaster.{name}").rstrip(".").replace("@", ".", 1)
    timers = " ".join(
        soa(f, d)
        for f, d in (
            ("refresh", "10800"),
            ("retry", "3600"),
            ("expire", "604800"),
            ("minimum", "3600"),
        )
    )
    return f"{mname}. {rname}. {serial} {timers}"


@route("pdns", "list_zones")
def list_zones(world: World, form: Form, ctx: Ctx) -> JSON:
    """# assumed: no source shows the reply; PowerDNS's own zone list (name with its dot, kind,
    dnssec) in the pdns envelope."""
    return envelope(
        ctx,
        [
            {
                "id": f"{name}.",
                "name": f"{name}.",
                "kind": str(zone.get("kind") or "Master"),
                "dnssec": bool(zone.get("dnssec")),
            }
            for name, zone in sorted(world.zones.items())
        ],
    )


@route("pdns", "add_zone")
def add_zone(world: World, form: Form, ctx: Ctx) -> JSON:
    name = form.get("name").rstrip(".").lower()
    if not _ZONE_NAME.fullmatch(name):
        raise pdns_error(ctx, f"{name!r} is not a zone name")
    if name in world.zones:
        # assumed: PowerDNS answers 409 "Conflict" for a zone that exists; said as a pdns error.
        raise pdns_error(ctx, f"Zone {name} already exists")
    kind = form.get("kind") or "Master"
    if kind not in ("Master", "Slave"):
        raise pdns_error(ctx, f"Unknown zone kind {kind!r}")
    masters = form.list("masters")
    if kind == "Slave" and not masters:
        # assumed: PowerDNS refuses a Slave zone without masters.
        raise pdns_error(ctx, "A Slave zone needs masters")
    nameservers = form.list("nameservers") or ["ns1.hostkey.com", "ns2.hostkey.com"]
    given = dict(form.pairs)
    ttl_text = given.get("params[dns][ttl]") or given.get("dns[ttl]") or ""
    ttl = int(ttl_text) if ttl_text.isdigit() else 3600
    records: list[JSON] = [
        {
            "id": world.next_id(),
            "name": name,
            "type": "SOA",
            "content": _soa(world, form, name),
            "ttl": ttl,
            "priority": 0,
        }
    ]
    records += [
        {
            "id": world.next_id(),
            "name": name,
            "type": "NS",
            "content": ns.rstrip("."),
            "ttl": ttl,
            "priority": 0,
        }
        for ns in nameservers
    ]
    world.zones[name] = {
        "id": world.next_id(),
        "name": name,
        "server_id": None,
        "kind": kind,
        "dnssec": form.get("dnssec") in ("1", "true"),
        "masters": list(masters),
        "records": records,
    }
    # assumed: the reply is the bare envelope (dns.ts prints whatever comes back).
    return envelope(ctx, {"name": name})


@route("pdns", "delete_zone")
def delete_zone(world: World, form: Form, ctx: Ctx) -> JSON:
    """dns.ts: deletes the zone "with all its records and metadata".

    # assumed: the domains table keeps its row (dns.ts names only the zone; delete_domain is
    # the call that removes the domain and its subdomains).
    """
    name = form.get("zone").rstrip(".").lower()
    if world.zones.pop(name, None) is None:
        raise pdns_error(ctx, f"Zone {name or '(none)'} not found")
    return envelope(ctx, {"zone": name})


# -- subdomains ------------------------------------------------------------------------------


def subdomains(world: World) -> dict[int, dict[str, JSON]]:
    """The table, seeded on first use with two rows of the first domain on the first server.

    # assumed: the rows' fields (id, name, server_id, domain_id); no source shows them.
    """
    if world.subdomains is None:
        world.subdomains = {}
        first = min(world.domains, default=None)
        server = min(world.servers, default=None)
        if first is not None and server is not None:
            for sub in ("shop", "blog"):
                row_id = world.next_id()
                world.subdomains[row_id] = {
                    "id": row_id,
                    "name": f"{sub}.{world.domains[first]}",
                    "server_id": server,
                    "domain_id": first,
                }
    return world.subdomains


def _row(world: World, form: Form, ctx: Ctx) -> dict[str, JSON]:
    row = subdomains(world).get(form.int("id") or -1)
    if row is None:
        raise pdns_error(ctx, "Subdomain not found")
    return row


def _server(world: World, form: Form, ctx: Ctx, *, required: bool = True) -> int | None:
    server_id = form.int("server_id")
    if server_id is None and not required:
        return None
    if server_id is None or server_id not in world.servers:
        raise pdns_error(ctx, f"Server {form.get('server_id') or '(none)'} not found")
    return server_id


@route("pdns", "list_subdomains")
def list_subdomains(world: World, form: Form, ctx: Ctx) -> JSON:
    server_id = _server(world, form, ctx)
    rows = [dict(r) for r in subdomains(world).values() if r["server_id"] == server_id]
    return envelope(ctx, rows)


@route("pdns", "add_subdomain")
def add_subdomain(world: World, form: Form, ctx: Ctx) -> JSON:
    server_id = _server(world, form, ctx)
    domain_id = form.int("domain_id")
    domain = world.domains.get(domain_id or -1)
    if domain is None:
        raise pdns_error(ctx, "Domain not found")
    name = form.get("name").rstrip(".").lower()
    if not re.fullmatch(r"[a-z0-9_.-]+", name):
        raise pdns_error(ctx, f"{name!r} is not a subdomain name")
    # assumed: a bare label is taken under the domain (`shop` is `shop.example.com`).
    full = name if name.endswith("." + domain) else f"{name}.{domain}"
    if any(r["name"] == full for r in subdomains(world).values()):
        raise pdns_error(ctx, f"Subdomain {full} already exists")
    row_id = world.next_id()
    subdomains(world)[row_id] = {
        "id": row_id,
        "name": full,
        "server_id": server_id,
        "domain_id": domain_id,
    }
    return envelope(ctx, {"id": row_id})


@route("pdns", "edit_subdomain")
def edit_subdomain(world: World, form: Form, ctx: Ctx) -> JSON:
    row = _row(world, form, ctx)
    server_id = _server(world, form, ctx, required=False)
    if server_id is not None:
        row["server_id"] = server_id
    return envelope(ctx, {"id": row["id"]})


@route("pdns", "delete_subdomain")
def delete_subdomain(world: World, form: Form, ctx: Ctx) -> JSON:
    row = _row(world, form, ctx)
    if row["server_id"] != form.int("server_id"):
        # assumed: the row must be the server's, as dns.ts sends both.
        raise pdns_error(ctx, "Subdomain not found on that server")
    del subdomains(world)[int(str(row["id"]))]
    return envelope(ctx, {"id": row["id"]})
