"""`net.php`, `ip.php`, `nat.php`, `iso.php`."""

from __future__ import annotations

import ipaddress
import json

from hostkey_tui.simulator.render import png_graph
from hostkey_tui.simulator.routes import Ctx, callback, context, fail, ok, refuse, route, server_arg
from hostkey_tui.simulator.routes.iso_upload import READY, own_isos
from hostkey_tui.simulator.world import JSON, Form, Reply, SimServer, World


def _switch_port(server: SimServer) -> str:
    return "virtual" if server.virtual else f"ge-0/0/{server.id % 40}"


def _port(server: SimServer, form: Form) -> str:
    """The interface meant by `port`: the switch port `get_status` names (as documented).

    # assumed: the interface name (eth0) is taken too, as older clients send it.
    """
    main = next((ip["port"] for ip in server.ips if ip.get("main_ip")), "eth0")
    port = form.get("port") or main
    if port == _switch_port(server):
        return str(main)
    if all(ip["port"] != port for ip in server.ips):
        raise fail(f"Port {port!r} is not a port of server {server.id}")
    return port


@route("net", "get_status", pin=True)
def get_status(world: World, form: Form, ctx: Ctx) -> JSON:
    """The port status, answered as documented: `pin` required (a wrong one gets the documented
    PIN failure, and so does a missing one unless the strict documentation check in front of
    every route refused it first), and the reply the final one itself (`scope` JSON text,
    `context`, `debug`, `key`) where the world answers documented actions directly (`callback`).
    """
    server = server_arg(world, form, ctx)
    port = _port(server, form)
    enabled = server.ports_enabled.get(port, True)
    status = {
        "switch": "virtual"
        if server.virtual
        else f"sw-{server.location.lower()}-{server.id % 7 + 1}",
        "port": _switch_port(server),
        "vlan": f"v{400 + server.id % 50}",
        "speed": str(server.bandwidth),
        "status": "connected" if enabled and server.power_on else "notconnect",
        "mac": [ip["MAC"] for ip in server.ips if ip["port"] == port][:1],
        "port_security": "" if server.virtual else "3",
        "shape": "",
        "interface": port,
    }
    final = {
        "result": "OK",
        "scope": json.dumps(status),
        "context": context(
            ctx,
            server,
            ip_ipmi="0.0.0.0",  # noqa: S104 - a value in a reply, as documented
            interface_id=port,
            port=port,
        ),
        "debug": "get status port via Ovirt API" if server.virtual else "get status via SNMP",
    }
    return callback(world, ctx, server.id, [(1.0, final)])


@route("net", "port_on", "port_off", pin=True)
def port_switch(world: World, form: Form, ctx: Ctx) -> JSON:
    server = server_arg(world, form, ctx)
    port = _port(server, form)
    on = ctx.action == "port_on"

    def effect() -> None:
        server.ports_enabled[port] = on

    final = {
        "result": "OK",
        "scope": f"Port {port} is {'enabled' if on else 'disabled'}",
        "context": context(ctx, server, port=port),
        "debug": "",
    }
    return callback(world, ctx, server.id, [(2.0, final)], effect)


@route("net", "show_cacti", pin=True)
def show_cacti(world: World, form: Form, ctx: Ctx) -> JSON | Reply:
    """The graph image; `pin` is required, as documented (checked as `get_status`'s)."""
    server = server_arg(world, form, ctx)
    _port(server, form)
    graph = form.int("graph")
    if graph not in (1, 2, 3):
        raise fail("graph must be 1 (day), 2 (month) or 3 (year)")
    return Reply(raw=png_graph(server.id * 3 + graph), content_type="image/png")


@route("net", "block_ip")
def block_ip(world: World, form: Form, ctx: Ctx) -> JSON:
    server = server_arg(world, form, ctx)
    ip = form.get("ip")
    if all(entry["IP"] != ip for entry in server.ips):
        raise refuse(f"IP {ip} does not belong to server {server.id}")
    if not form.get("description"):
        raise fail("description (the reason) is required")
    until = world.now() + 4 * 3600 if form.get("four_hours") == "1" else None
    if until is not None:
        world.expiring.add(server.id)
    server.blocks[ip] = {
        "reason": form.get("description"),
        "since": world.stamp(),
        "until": until,
        "staff": False,
    }
    # assumed: no source shows the reply.
    return ok(action="block_ip", ip=ip)


@route("net", "unblock_ip")
def unblock_ip(world: World, form: Form, ctx: Ctx) -> JSON:
    server = server_arg(world, form, ctx)
    ip = form.get("ip")
    block = server.blocks.get(ip)
    if block is None:
        raise fail(f"IP {ip} is not blocked")
    if block.get("staff"):
        raise refuse("This IP was blocked by HOSTKEY staff (abuse). Only support can unblock it.")
    del server.blocks[ip]
    return ok(action="unblock_ip", ip=ip)


def _owner(world: World, ip: str) -> SimServer | None:
    return next((s for s in world.servers.values() if any(e["IP"] == ip for e in s.ips)), None)


@route("ip", "get_ip")
def get_ip(world: World, form: Form, ctx: Ctx) -> JSON:
    ip = form.get("ip")
    try:
        ipaddress.ip_address(ip)
    except ValueError:
        raise refuse(f"malformed IP={ip} for token", code=-1) from None
    server = _owner(world, ip)
    if server is None:
        raise refuse(f"IP {ip} is not assigned to any of your servers")
    network = ipaddress.ip_network(f"{ip}/24", strict=False)
    data = {
        "ip": ip,
        "network": str(network.network_address),
        "netmask": str(network.netmask),
        "gateway": str(network.network_address + 1),
        "location": server.location,
        "vlan": next((e.get("vlan") for e in server.ips if e["IP"] == ip), None),
        "server_id": server.id,
    }
    return {"result": "OK", "module": "ip", "action": "get_ip", "data": data}


@route("ip", "get_ptr")
def get_ptr(world: World, form: Form, ctx: Ctx) -> JSON:
    server = server_arg(world, form, ctx)
    ip = form.get("ip")
    if all(entry["IP"] != ip for entry in server.ips):
        raise refuse(f"IP {ip} does not belong to server {server.id}")
    values = world.ptr_names(ip)
    # assumed: no source shows the reply; values newline-separated, as update_ptr takes them.
    return ok(ip=ip, ptr="\n".join(values))


@route("ip", "update_ptr")
def update_ptr(world: World, form: Form, ctx: Ctx) -> JSON:
    server = server_arg(world, form, ctx)
    ip = form.get("ip")
    if all(entry["IP"] != ip for entry in server.ips):
        raise refuse(f"IP {ip} does not belong to server {server.id}")
    values = [v.strip() for v in form.get("ptr").replace("%0A", "\n").split("\n") if v.strip()]
    if not values:
        raise fail("ptr is required")
    server.ptr[ip] = values
    return ok(ip=ip)


@route("ip", "set_main")
def set_main(world: World, form: Form, ctx: Ctx) -> JSON:
    server = server_arg(world, form, ctx)
    ip = form.get("main") or form.get("ip")
    if all(entry["IP"] != ip for entry in server.ips):
        raise refuse(f"IP {ip} does not belong to server {server.id}")
    for entry in server.ips:
        entry["main_ip"] = 1 if entry["IP"] == ip else 0
    return ok(ip=ip)


@route("ip", "get_client_ip")
def get_client_ip(world: World, form: Form, ctx: Ctx) -> JSON:
    return ok(data={"ip": world.client_ip})


@route("nat", "add_static_nat", pin=True)
def add_static_nat(world: World, form: Form, ctx: Ctx) -> JSON:
    server = server_arg(world, form, ctx)
    if server.virtual:
        raise refuse("NAT/add_static_nat: invalid server id")
    ttl = form.int("ttl") or 2
    if not 1 <= ttl <= 24:
        raise fail("ttl is 1 to 24 hours")
    acl = form.get("ip_acl") or world.client_ip
    public = f"185.{server.id % 200}.{server.id % 97}.{server.id % 250 + 1}"

    def effect() -> None:
        server.nat = {"public_ip": public, "acl": acl, "expires": world.now() + ttl * 3600}
        world.expiring.add(server.id)

    final = {
        "result": "OK",
        "scope": f"NAT created: {public} -> IPMI, allowed from {acl}, for {ttl} h",
        "context": context(ctx, server, nat_ip=public, ip_acl=acl, ttl=str(ttl)),
        "debug": "",
    }
    return callback(world, ctx, server.id, [(4.0, final)], effect)


@route("nat", "remove_static_nat")
def remove_static_nat(world: World, form: Form, ctx: Ctx) -> JSON:
    server = server_arg(world, form, ctx)

    def effect() -> None:
        server.nat = None

    final = {"result": "OK", "scope": "NAT removed", "context": context(ctx, server), "debug": ""}
    return callback(world, ctx, server.id, [(3.0, final)], effect)


@route("iso", "list_iso")
def list_iso(world: World, form: Form, ctx: Ctx) -> JSON:
    server = server_arg(world, form, ctx, name="server_id")
    del server
    # assumed: the reply shape is not shown; the items as iso/add describes them, under "data".
    return {"result": "OK", "module": "iso", "action": "list_iso", "data": world.catalog.isos}


@route("iso", "mount_iso")
def mount_iso(world: World, form: Form, ctx: Ctx) -> JSON:
    server = server_arg(world, form, ctx)
    iso_id = form.int("iso_id")
    iso = next(
        (
            i
            for i in (*world.catalog.isos, *own_isos(world))
            if i["id"] == iso_id or (form.get("name") and i["name"] == form.get("name"))
        ),
        None,
    )
    if iso is None:
        raise refuse("invalid argument iso_name")
    if iso.get("status") not in (None, "", READY):
        # assumed: an upload not downloaded yet (or failed) cannot be mounted; the wording.
        raise refuse(f"ISO {iso['name']} is not ready: {iso['status']}")

    def effect() -> None:
        server.iso_mounted = str(iso["name"])

    final = {
        "result": "OK",
        "scope": f"ISO {iso['name']} mounted",
        "context": context(ctx, server),
        "debug": "",
    }
    return callback(world, ctx, server.id, [(5.0, final)], effect)


@route("iso", "unmount_iso")
def unmount_iso(world: World, form: Form, ctx: Ctx) -> JSON:
    server = server_arg(world, form, ctx)

    def effect() -> None:
        server.iso_mounted = None
        if server.boot_dev == "cd":
            server.boot_dev = "disk"

    final = {"result": "OK", "scope": "ISO unmounted", "context": context(ctx, server), "debug": ""}
    return callback(world, ctx, server.id, [(3.0, final)], effect)
