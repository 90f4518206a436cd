"""`eq.php`: servers, power, sensors, PIN, IPMI users, console; `eq_callback.php`."""

from __future__ import annotations

import re
from collections.abc import Callable

from hostkey_tui.simulator.catalog_data import tag
from hostkey_tui.simulator.render import render_show, sensor_table
from hostkey_tui.simulator.routes import (
    Ctx,
    callback,
    check_pin,
    context,
    fail,
    ok,
    refuse,
    route,
    server_arg,
)
from hostkey_tui.simulator.routes.auth import visible_servers
from hostkey_tui.simulator.routes.install import start_pxe_install
from hostkey_tui.simulator.world import JSON, Form, SimServer, World

_GROUP_FLAGS: dict[str, Callable[[SimServer], bool]] = {
    "VPS": lambda s: s.virtual,
    "Gpu": lambda s: s.kind in ("gpu", "vgpu"),
    "1CPU": lambda s: s.hardware.get("cpu_count") == 1 and not s.virtual,
    "2CPU": lambda s: s.hardware.get("cpu_count") == 2,
    "AMD": lambda s: "AMD" in str(s.hardware.get("cpu_name", "")),
    "Instances": lambda s: True,
}


@route("eq", "list")
def eq_list(world: World, form: Form, ctx: Ctx) -> JSON:
    assert ctx.token is not None
    found = []
    locations = {loc.strip() for loc in form.get("location").split(",") if loc.strip()}
    for server_id in visible_servers(world, ctx.token):
        server = world.servers[server_id]
        if locations and server.location not in locations:
            continue
        if form.get("status") and server.status != form.get("status"):
            continue
        if form.get("ip") and all(ip["IP"] != form.get("ip") for ip in server.ips):
            continue
        if form.get("mac") and all(
            ip["MAC"].lower() != form.get("mac").lower() for ip in server.ips
        ):
            continue
        if any(form.has(flag) and not test(server) for flag, test in _GROUP_FLAGS.items()):
            continue
        found.append(server_id)
    # assumed: the documentation shows no reply; the ids under "servers", as login lists them.
    return ok(servers=found)


@route("eq", "show")
def eq_show(world: World, form: Form, ctx: Ctx) -> JSON:
    return render_show(world, server_arg(world, form, ctx))


@route("eq", "update_servers")
def update_servers(world: World, form: Form, ctx: Ctx) -> JSON:
    assert ctx.token is not None
    servers = visible_servers(world, ctx.token)
    return ok(
        servers=servers,
        billing_servers=[
            {"id": s.id, "name": s.hostname, "status": "Active", "config": s.config}
            for s in (world.servers[i] for i in servers)
        ]
        # A per-server key's token is not told of the account's orders.
        + (
            [dict(o) for o in world.pending_orders.values()]
            if ctx.token.server_scope is None
            else []
        ),
        deploy_keys=dict(world.deploy_keys) or [],
    )


def _power_scope(server: SimServer) -> tuple[str, str]:
    if server.virtual:
        return (
            ("VM is up now", "vm status: up")
            if server.power_on
            else ("VM is down", "vm status: down")
        )
    if server.power_on:
        return "Chassis Power is on", "Chassis Power Control: Up/On"
    return "Chassis Power is off", "Chassis Power Control: Down/Off"


@route("eq", "status")
def status(world: World, form: Form, ctx: Ctx) -> JSON:
    server = server_arg(world, form, ctx)
    scope, debug = _power_scope(server)
    final = {"result": "OK", "scope": scope, "context": context(ctx, server), "debug": debug}
    return callback(world, ctx, server.id, [(1.0, final)])


# eq/hard_off: a forced power-off through IPMI or OpenStack, in HOSTKEY's Terraform provider
# (internal/invapi/eq_power.go), which sends it `id` as it sends eq/off.
# assumed: it takes the PIN, answers with an async key and its final scope as eq/off does.
@route("eq", "on", "off", "reboot", "hard_off", pin=True)
def power(world: World, form: Form, ctx: Ctx) -> JSON:
    server = server_arg(world, form, ctx)
    action = ctx.action
    scopes = {
        "on": "Post is on",
        "off": "Power is off",
        "reboot": "Reboot is done",
        "hard_off": "Power is off",
    }
    debug = {
        "on": "Chassis Power Control: Up/On",
        "off": "Chassis Power Control: Down/Off",
        "reboot": "Chassis Power Control: Reset",
        "hard_off": "Chassis Power Control: Down/Off",
    }

    def effect() -> None:
        server.power_on = action not in ("off", "hard_off")
        if action in ("on", "reboot") and server.boot_dev == "pxe" and server.pxe:
            start_pxe_install(world, server)

    final = {
        "result": "OK",
        "scope": scopes[action],
        "context": context(ctx, server),
        "debug": debug[action],
    }
    return callback(world, ctx, server.id, [(3.0, final)], effect)


@route("eq", "rename_server")
def rename_server(world: World, form: Form, ctx: Ctx) -> JSON:
    """Fields as HOSTKEY's Terraform provider sends them (internal/invapi/eq.go): id, hostname.

    assumed: no source shows the reply (Terraform reads none): `{"result":"OK"}`; the new name
    is eq/show's at once, in its hostname tag (where Terraform reads it back). An empty or
    over-long name is refused in invapi's usual envelope.
    """
    server = server_arg(world, form, ctx)
    hostname = form.get("hostname").strip()
    if not hostname:
        raise fail("hostname is required")
    if len(hostname) > 253:
        raise fail("hostname is too long")
    server.hostname = hostname
    named = [t for t in server.tags if t["tag"] == "hostname"]
    for found in named:
        found["value"] = hostname
    if not named:
        server.tags.append(tag("Component1", server.id, "hostname", hostname))
    return ok()


@route("eq", "sensors")
def sensors(world: World, form: Form, ctx: Ctx) -> JSON:
    server = server_arg(world, form, ctx)
    if server.virtual:
        # assumed: the documentation says bare-metal only, not how a VM is refused.
        raise fail("Sensors are available for bare-metal servers only")
    if not server.power_on:
        final = {
            "result": "Error",
            "scope": "IPMI: no reading while the chassis is powered off",
            "context": context(ctx, server),
            "debug": "",
        }
        return callback(world, ctx, server.id, [(2.0, final)])
    table = sensor_table(world, server)
    final = {
        "result": "OK",
        "scope": table,
        "context": {"action": "get_sensors", "id": str(server.id), "location": server.location},
        "debug": table.replace("\n", ""),
    }
    return callback(world, ctx, server.id, [(2.0, final)])


@route("eq", "check_pin")
def eq_check_pin(world: World, form: Form, ctx: Ctx) -> JSON:
    check_pin(world, form, ctx, field="pin" if form.has("pin") else "old_pin")
    final = {
        "result": "OK",
        "scope": "PIN is correct",
        "context": {"action": "check_pin", "id": "0"},
        "debug": "",
    }
    return callback(world, ctx, None, [(1.0, final)])


@route("eq", "set_pin")
def set_pin(world: World, form: Form, ctx: Ctx) -> JSON:
    if world.pin is not None:
        check_pin(world, form, ctx, field="old_pin")
    new_pin = form.get("new_pin")
    if not re.fullmatch(r"\d{4,8}", new_pin):
        raise fail("The new PIN must be 4 to 8 digits")

    def effect() -> None:
        world.pin = new_pin
        world.pin_failures = 0

    final = {
        "result": "OK",
        "scope": "PIN is set",
        "context": {"action": "set_pin", "id": "0"},
        "debug": "",
    }
    return callback(world, ctx, None, [(1.0, final)], effect)


def _bare_metal(server: SimServer, what: str) -> None:
    if server.virtual:
        raise fail(f"{what} is available for bare-metal servers only")


@route("eq", "add_ipmi_user")
def add_ipmi_user(world: World, form: Form, ctx: Ctx) -> JSON:
    server = server_arg(world, form, ctx)
    _bare_metal(server, "IPMI access")
    user = "uHF" + world.new_key()[:5]
    password = world.secret(world.new_key()[:4].upper() + world.new_key()[:6] + "!")

    def effect() -> None:
        server.ipmi_user = {"user": user, "password": password}

    final = {
        "result": "OK",
        "scope": '{"result":"OK","message":"User added","debug":""}\n'
        "Set User Password command successful (user 4)\n",
        "context": {**context(ctx, server), "User": user, "Password": password},
        "debug": None,
    }
    return callback(world, ctx, server.id, [(3.0, final)], effect)


@route("eq", "remove_ipmi_user")
def remove_ipmi_user(world: World, form: Form, ctx: Ctx) -> JSON:
    server = server_arg(world, form, ctx)
    _bare_metal(server, "IPMI access")

    def effect() -> None:
        server.ipmi_user = None

    final = {
        "result": "OK",
        "scope": "User removed",
        "context": context(ctx, server),
        "debug": None,
    }
    return callback(world, ctx, server.id, [(3.0, final)], effect)


@route("eq", "unit_reset", pin=True)
def unit_reset(world: World, form: Form, ctx: Ctx) -> JSON:
    server = server_arg(world, form, ctx)
    _bare_metal(server, "IPMI reset")
    final = {
        "result": "OK",
        "scope": "BMC reset initiated",
        "context": context(ctx, server),
        "debug": "Sent cold reset command to MC",
    }
    return callback(world, ctx, server.id, [(10.0, final)])


@route("eq", "console", pin=True)
def console(world: World, form: Form, ctx: Ctx) -> JSON:
    server = server_arg(world, form, ctx)
    if not server.virtual:
        raise fail("The console file is available for virtual servers; use IPMI for bare metal")
    password = world.secret(world.new_key()[:8])
    vv = (
        "[virt-viewer]\ntype=spice\nhost=146.0.78.94\nport=6194\n"
        f"password={password}\n# Password is valid for 120 seconds.\ndelete-this-file=1\n"
        f"fullscreen=0\ntitle={server.id}:%d\ntls-port=6195\n"
    )
    final = {"result": "OK", "scope": vv, "context": context(ctx, server, ip_ipmi=""), "debug": ""}
    return callback(world, ctx, server.id, [(2.0, final)])


@route("eq", "novnc")
def novnc(world: World, form: Form, ctx: Ctx) -> JSON:
    server = server_arg(world, form, ctx)
    if not server.virtual:
        raise fail("noVNC is available for virtual servers only")
    # assumed: no source shows the reply; a URL under "url".
    return ok(
        url=f"https://novnc.hostkey.invalid/vnc.html?path=token%3D{world.new_key()}&id={server.id}"
    )


@route("eq_callback", "check", auth=False)
def check(world: World, form: Form, ctx: Ctx) -> JSON:
    key = form.get("key") or form.get("reinstall_key")
    if not key:
        raise refuse("AsyncKey not found")
    return world.check_task(key)
