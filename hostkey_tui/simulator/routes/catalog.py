"""`presets.php`, `os.php`, `software.php`, `traffic_plans.php`, `stocks.php`, `jenkins.php`.

No session token needed, as documented.
"""

from __future__ import annotations

from hostkey_tui.simulator.routes import Ctx, fail, ok, route
from hostkey_tui.simulator.world import JSON, Form, World

_LOCATIONS = ("NL", "US", "FI", "DE", "IS", "TR")
_GROUPS = ("ALL", "1CPU", "2CPU", "GPU", "AMD", "AMD-MODERN", "INTEL")


def _location(form: Form, required: bool = True) -> str:
    location = form.get("location").upper()
    if (required or location) and location not in _LOCATIONS:
        raise fail("location must be one of NL, US, FI, DE, IS, TR")
    return location


def _flags(entry: dict[str, JSON]) -> set[str]:
    return {t["tag"] for t in entry.get("tags", []) if str(t.get("value")) in ("true", "1")}


def _preset(world: World, form: Form) -> dict[str, JSON] | None:
    instance = form.int("instance_id")
    if instance is None:
        return None
    preset = next((p for p in world.catalog.presets if p["id"] == instance), None)
    if preset is None:
        raise fail(f"instance_id {instance} is not known")
    return preset


def _kind(preset: dict[str, JSON]) -> str:
    flags = _flags(preset)
    return next((k for k in ("vgpu", "gpu", "bm", "vm") if k in flags), "vm")


@route("presets", "list", auth=False)
def presets(world: World, form: Form, ctx: Ctx) -> JSON:
    location = _location(form)
    found = [p for p in world.catalog.presets if location in str(p["locations"]).split(",")]
    return {"result": "OK", "action": "list", "presets": found}


@route("os", "list", auth=False)
def os_list(world: World, form: Form, ctx: Ctx) -> JSON:
    preset = _preset(world, form)
    found = world.catalog.os_list
    if preset is not None:
        kind = _kind(preset)
        found = [o for o in found if kind in _flags(o)]
    return {"result": "OK", "action": "list", "os_list": found}


@route("software", "list", auth=False)
def software(world: World, form: Form, ctx: Ctx) -> JSON:
    _location(form, required=False)
    preset = _preset(world, form)
    found = world.catalog.software
    if preset is not None:
        kind = _kind(preset)
        found = [s for s in found if kind in _flags(s)]
    return {"result": "OK", "action": "list", "software": found}


@route("traffic_plans", "list", auth=False)
def traffic_plans(world: World, form: Form, ctx: Ctx) -> JSON:
    location = _location(form)
    preset = _preset(world, form)
    found = [p for p in world.catalog.traffic_plans if location in str(p["locations"]).split(",")]
    if preset is not None:
        kind = "vm" if _kind(preset) in ("vm", "vgpu") else "bm"
        found = [p for p in found if kind in _flags(p)]
    return {"result": "OK", "action": "list", "traffic_plans": found}


@route("stocks", "list", auth=False)
def stocks(world: World, form: Form, ctx: Ctx) -> JSON:
    location = _location(form)
    group = form.get("group") or "ALL"
    if group not in _GROUPS:
        raise fail("group must be one of " + ", ".join(_GROUPS))
    found = []
    for server in world.catalog.stocks:
        if server["location"] != location:
            continue
        hw = server["hardware"]
        gpu = bool(hw.get("gpu_count"))
        if group == "GPU" and not gpu:
            continue
        if group != "GPU" and gpu and group != "ALL":
            continue
        if (group == "1CPU" and hw["cpu_count"] != 1) or (group == "2CPU" and hw["cpu_count"] != 2):
            continue
        if group in ("AMD", "AMD-MODERN", "INTEL") and not str(hw["cpu_type"]).startswith(
            group.split("-")[0]
        ):
            continue
        if group == "AMD-MODERN" and hw["cpu_type"] != "AMD-MODERN":
            continue
        found.append(server)
    return {"result": "OK", "action": "list", "servers": found}


@route("stocks", "show", auth=False)
def stock_show(world: World, form: Form, ctx: Ctx) -> JSON:
    server = next((s for s in world.catalog.stocks if s["id"] == form.int("id")), None)
    if server is None:
        raise fail(f"stock server {form.get('id')!r} is not available")
    data = {k: v for k, v in server.items() if k not in ("location", "server_group")}
    data["location"] = {
        "dc_location": server["location"],
        "location_id": 1 + _LOCATIONS.index(server["location"]),
        "country": server["location"],
    }
    return {"result": "OK", "action": "show", "server_data": data}


@route("jenkins", "get_tasks", auth=False)
def jenkins_tasks(world: World, form: Form, ctx: Ctx) -> JSON:
    return ok(tasks=world.catalog.jenkins_tasks)
