"""`net.php`'s extra IPv4 addresses: `show_ipv4_free`, `add_ipv4`, `remove_ipv4`.

What is known of them (beyond-the-docs.md §5 net.php [S12, S3]; HOSTKEY's Terraform provider,
`internal/invapi/net.go`): `add_ipv4` takes id, amount, port (eth0), vlan and ip or `ips[]`,
and answers `{"result":"OK","action":"add_ipv4","id":..,"ips":[{"ip":..,"vlan":..}],"keys":..}`;
`remove_ipv4` takes id and ip (or `remove_all`) and clears the PTRs; `show_ipv4_free` lists the
free addresses for a server, port and VLAN. The rest is assumed, and said so where it is.

The world holds no list of free addresses: a location's and VLAN's pool is a fixed set of
addresses (`_pool`), and what no server of the world holds is free. So an address removed from
a server is free again, and one added is taken, with nothing else to keep in step.
"""

from __future__ import annotations

import ipaddress

from hostkey_tui.simulator.routes import Ctx, fail, ok, refuse, route, server_arg
from hostkey_tui.simulator.scenarios import _IP_PREFIX
from hostkey_tui.simulator.world import JSON, Form, SimServer, World

#: How many addresses a location's VLAN has to give.
# assumed: no source says how many free addresses a VLAN has; a few, so "none left" is seen.
POOL_SIZE = 6
#: The most `add_ipv4` assigns at once.
# assumed: no source states a limit on `amount`.
MOST_AT_ONCE = 4


def _interface(server: SimServer, form: Form) -> str:
    """The interface `port` names (eth0 when not sent: Terraform's default)."""
    port = form.get("port") or "eth0"
    if all(entry["port"] != port for entry in server.ips):
        raise fail(f"Port {port!r} is not a port of server {server.id}")
    return port


def _vlan(server: SimServer, form: Form, port: str) -> int | None:
    """The VLAN of the port's addresses; a `vlan` sent must be that one.

    # assumed: no source says what invapi does with another VLAN; it is refused here.
    """
    have = next((e.get("vlan") for e in server.ips if e["port"] == port), None)
    vlan = int(have) if isinstance(have, int) else None
    sent = form.int("vlan")
    if sent is not None and vlan is not None and sent != vlan:
        raise refuse(f"VLAN {sent} is not the VLAN of port {port} of server {server.id}")
    return vlan


def _pool(server: SimServer, vlan: int | None) -> list[str]:
    """A location's VLAN's addresses (second subnet of the location, as the scenarios' extra
    addresses are).

    # assumed: the pool's shape is invented; addresses only need to be stable and plausible.
    """
    main = next((str(e["IP"]) for e in server.ips if e.get("main_ip")), "")
    prefix = _IP_PREFIX.get(server.location, ("", ""))[1] or main.rpartition(".")[0]
    start = (vlan or 0) % 50 * 5
    return [f"{prefix}.{(start + n * 41) % 250 + 3}" for n in range(POOL_SIZE)]


def _taken(world: World) -> set[str]:
    return {str(entry["IP"]) for s in world.servers.values() for entry in s.ips}


def _free(world: World, server: SimServer, vlan: int | None) -> list[str]:
    taken = _taken(world)
    return [ip for ip in _pool(server, vlan) if ip not in taken]


@route("net", "show_ipv4_free")
def show_ipv4_free(world: World, form: Form, ctx: Ctx) -> JSON:
    server = server_arg(world, form, ctx)
    port = _interface(server, form)
    vlan = _vlan(server, form, port)
    free = [{"ip": ip, "vlan": vlan} for ip in _free(world, server, vlan)]
    # assumed: no source shows the reply; `ips` as add_ipv4 answers them (S12, Terraform).
    return ok(action="show_ipv4_free", id=server.id, port=port, vlan=vlan, ips=free)


def _entry(server: SimServer, port: str, ip: str, vlan: int | None) -> dict[str, JSON]:
    """An address as eq/show lists it, like the port's others (same MAC, not main)."""
    like = next((e for e in server.ips if e["port"] == port), {})
    return {
        "port": port,
        "MAC": like.get("MAC", ""),
        "IP": ip,
        "status": "enable",
        "main_ip": 0,
        "locked": 0,
        "date_block": None,
        "license_id": None,
        "main_int": like.get("main_int", 1),
        "vlan": vlan,
        "updated": 13,
        "license_name": "",
        "white_ddos": 0,
        "description": "",
    }


@route("net", "add_ipv4")
def add_ipv4(world: World, form: Form, ctx: Ctx) -> JSON:
    server = server_arg(world, form, ctx)
    port = _interface(server, form)
    vlan = _vlan(server, form, port)
    free = _free(world, server, vlan)
    wanted = [ip for ip in (*form.list("ips"), *form.list("ip")) if ip]
    if wanted:
        for ip in wanted:
            try:
                ipaddress.IPv4Address(ip)
            except ValueError:
                raise refuse(f"malformed IP={ip} for token", code=-1) from None
            if ip not in free:
                raise refuse(f"IP {ip} is not free in VLAN {vlan}")
        chosen = list(dict.fromkeys(wanted))
    else:
        amount = form.int("amount") or 0
        if not 1 <= amount <= MOST_AT_ONCE:
            raise fail(f"amount must be 1 to {MOST_AT_ONCE}")
        if amount > len(free):
            # assumed: the wording; invapi assigns none rather than some.
            raise refuse(f"Not enough free IPv4 addresses in VLAN {vlan}: {len(free)} left")
        chosen = free[:amount]
    for ip in chosen:
        server.ips.append(_entry(server, port, ip, vlan))
    # assumed: `keys` (in S12's reply) is not described anywhere; an empty list here.
    return ok(
        action="add_ipv4",
        id=server.id,
        ips=[{"ip": ip, "vlan": vlan} for ip in chosen],
        keys=[],
    )


@route("net", "remove_ipv4")
def remove_ipv4(world: World, form: Form, ctx: Ctx) -> JSON:
    server = server_arg(world, form, ctx)
    if form.get("remove_all") == "1":
        # assumed: "all" means every extra address; the main one stays (it is the server's).
        gone = [str(e["IP"]) for e in server.ips if not e.get("main_ip")]
    else:
        ip = form.get("ip")
        entry = next((e for e in server.ips if e["IP"] == ip), None)
        if entry is None:
            raise refuse(f"IP {ip} does not belong to server {server.id}")
        if entry.get("main_ip"):
            # assumed: the wording; the main address is the server's own, never an extra one.
            raise refuse(f"IP {ip} is the main IP of server {server.id} and cannot be removed")
        gone = [ip]
    server.ips[:] = [e for e in server.ips if e["IP"] not in gone]
    for ip in gone:
        server.ptr.pop(ip, None)  # S12: removing an address clears its PTR records
        server.blocks.pop(ip, None)
    # assumed: no source shows the reply (Terraform reads none of it).
    return ok(action="remove_ipv4", id=server.id, ips=gone)
