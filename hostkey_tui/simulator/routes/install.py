"""Ordering and reinstalling: `eq/order_instance` (both uses), and the PXE way
(`eq/reinstall`, `eq/create_pxe`, `eq/boot_dev`, `eq/clear_pxe`), with the five install stages.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from decimal import Decimal

from hostkey_tui.simulator.order_options import apply_options
from hostkey_tui.simulator.routes import Ctx, callback, context, fail, ok, route, server_arg
from hostkey_tui.simulator.routes.billing import pay_from_credit
from hostkey_tui.simulator.scenarios import make_server_from_preset
from hostkey_tui.simulator.world import JSON, Form, SimInvoice, SimServer, World

# Real installs take 10-30 minutes; the simulated one takes under three, with the stages far
# enough apart (30 s) that a watcher polling every 15 s sees each of them.
STAGES = [
    (10.0, "OS installation started"),
    (40.0, "base OS installed, proceeding with post-install tasks"),
    (70.0, "post-install tasks completed, running final tasks"),
    (100.0, "install is completed, restarting the server"),
    (130.0, "the server is online"),
]
FINAL_AT = 150.0
PERIOD_MONTHS = {"monthly": 1, "quarterly": 3, "semi-annually": 6, "annually": 12}
#: WHMCS's names of the billing cycles (whmcs/get_billing_data's `billing_cycle`).
BILLING_CYCLES = {1: "Monthly", 3: "Quarterly", 6: "Semi-Annually", 12: "Annually"}
RAID_SCHEMES = {"LVM_RAID0": 1, "LVM_HBA": 2, "LVM_RAID1": 2, "LVM_RAID10": 4, "LVM_RAID10S": 6}


def _password_problem(password: str) -> str | None:
    # The documented policy, with its own example (a digit, no special character) allowed.
    if len(password) < 8 or not re.search("[A-Z]", password) or not re.search("[a-z]", password):
        return "root_pass: at least 8 characters with upper- and lower-case Latin letters"
    if not re.search(r"[0-9]", password) and not re.search(r"[^A-Za-z0-9]", password):
        return "root_pass: add a digit or a special character"
    return None


def install_schedule(
    world: World,
    server_id: int,
    location: str,
    action: str,
    final_scope: JSON,
    *,
    fail_at: int | None = None,
) -> list[tuple[float, JSON]]:
    ctx = {"action": action, "id": str(server_id), "location": location}
    schedule: list[tuple[float, JSON]] = []
    for number, (at, text) in enumerate(STAGES, start=1):
        if fail_at == number:
            schedule.append(
                (
                    at,
                    {
                        "result": "Error",
                        "scope": f"({number}/5) installation failed",
                        "context": ctx,
                        "debug": "post-install task 'install software' failed: timeout after 600 s",
                    },
                ),
            )
            return schedule
        schedule.append((at, {"result": "Stage", "scope": f" ({number}/5) {text}", "context": ctx}))
    schedule.append((FINAL_AT, {"result": "OK", "scope": final_scope, "context": ctx, "debug": ""}))
    return schedule


def _os(world: World, form: Form) -> dict[str, JSON] | None:
    if form.get("own_os") == "1":
        return None
    os_id = form.int("os_id")
    entry = next((o for o in world.catalog.os_list if o["id"] == os_id), None)
    if entry is None:
        raise fail(f"os_id {form.get('os_id')!r} is not a known operating system")
    return entry


def _tags(entry: dict[str, JSON]) -> dict[str, JSON]:
    return {t["tag"]: t["value"] for t in entry.get("tags", [])}


def _check_compat(
    world: World, form: Form, kind: str, ram: int, disk: int, cpu: int
) -> tuple[str, str]:
    """(OS name, software name) after the documented compatibility checks."""
    entry = _os(world, form)
    os_name = "own OS" if entry is None else str(entry["name"])
    if entry is not None:
        tags = _tags(entry)
        if str(tags.get(kind, "")) not in ("true", "1"):
            raise fail(f"reinstall: {os_name} cannot be installed on a {kind} server")
        if int(tags.get("min_ram", 0) or 0) > ram:
            raise fail(f"reinstall: {os_name} needs at least {tags['min_ram']} GB RAM")
        if int(tags.get("min_hdd", 0) or 0) > disk:
            raise fail(f"reinstall: {os_name} needs at least {tags['min_hdd']} GB of disk")
        problem = _password_problem(world.secret(form.get("root_pass")))
        if problem:
            raise fail(problem)
    soft_name = ""
    soft_id = form.int("soft_id")
    if soft_id:
        soft = next((s for s in world.catalog.software if s["id"] == soft_id), None)
        if soft is None:
            raise fail(f"soft_id {soft_id} is not known")
        soft_name = str(soft["name"])
        soft_tags = _tags(soft)
        allowed = {int(v) for v in soft_tags.get("os", [])}
        if entry is None or entry["id"] not in allowed:
            raise fail(
                f"reinstall: extra software {soft_name} (#{soft_id}) "
                f"is not compatible with {os_name}"
            )
        if (
            int(soft_tags.get("min_ram", 0) or 0) > ram
            or int(soft_tags.get("min_cpu", 0) or 0) > cpu
        ):
            raise fail(f"reinstall: extra software {soft_name} (#{soft_id}) needs a bigger server")
    return os_name, soft_name


def root_percent(form: Form) -> int:
    """`root_size`: the root partition in percent of the disk, 100 when not given (as documented:
    eq/order_instance, "the size of the root partition (/) on the disk in percent")."""
    if not form.has("root_size"):
        return 100
    value = form.int("root_size")
    if value is None or not 1 <= value <= 100:
        raise fail("root_size is the root partition in percent of the disk: 1 to 100")
    return value


def root_gb(hardware: dict[str, JSON], percent: int) -> int | None:
    disk = hardware.get("hdd")
    return (
        int(disk) * percent // 100
        if isinstance(disk, int | float | str) and str(disk).isdigit()
        else None
    )


def _check_server(world: World, form: Form, server: SimServer) -> tuple[str, str]:
    hw = server.hardware
    ram, disk, cores = int(hw.get("ram", 0)), int(hw.get("hdd", 0)), int(hw.get("cpu_cores", 1))
    return _check_compat(world, form, server.kind, ram, disk, cores)


def _finish_install(
    world: World, server: SimServer, os_name: str, password: str
) -> Callable[[], None]:
    def effect() -> None:
        server.os_name = os_name
        server.installing = None
        server.power_on = True
        for tag in server.tags:
            if tag["tag"] == "OS":
                tag["value"] = os_name
            if tag["tag"] == "password" and password:
                tag["value"] = password

    return effect


def _install(
    world: World,
    server: SimServer,
    action: str,
    os_name: str,
    password: str,
    percent: int = 100,
) -> str:
    fail_at = 3 if world.fail_next_install else None
    world.fail_next_install = False
    server.root_gb = root_gb(server.hardware, percent)
    scope = {
        "id": server.id,
        "location": server.location,
        "preset": server.preset,
        "ip": server.ips[0]["IP"],
        "os": os_name,
        "status": "deploy_done",
        # assumed: the documentation shows no field for it; reported so tests can see it.
        "root_size": percent,
    }
    schedule = install_schedule(world, server.id, server.location, action, scope, fail_at=fail_at)
    effect = _finish_install(world, server, os_name, password) if fail_at is None else None
    key = world.add_task(action, server.id, schedule, effect)
    server.installing = key
    return key


def _running(world: World, server: SimServer) -> bool:
    return bool(
        server.installing
        and server.installing in world.tasks
        and not world.tasks[server.installing].effect_done
    )


@route("eq", "order_instance", pin=True)
def order_instance(world: World, form: Form, ctx: Ctx) -> JSON:
    if form.int("id") is not None:
        return _reinstall(world, form, ctx)
    return _order(world, form, ctx)


def _reinstall(world: World, form: Form, ctx: Ctx) -> JSON:
    server = server_arg(world, form, ctx)
    if _running(world, server):
        raise fail(
            f"Server {server.id} is already being reinstalled. Wait until it is "
            "finished before starting a new reinstallation."
        )
    os_name, soft_name = _check_server(world, form, server)
    percent = root_percent(form)
    key = _install(world, server, "reinstall", os_name, form.get("root_pass"), percent)
    if form.get("hostname"):
        server.hostname = form.get("hostname")
        for tag in server.tags:
            if tag["tag"] == "hostname":
                tag["value"] = server.hostname
    return ok(
        action="order_instance",
        callback=key,
        id=server.id,
        status="reinstall",
        os_name=os_name,
        soft_name=soft_name,
    )


def _order(world: World, form: Form, ctx: Ctx) -> JSON:
    percent = root_percent(form)
    wanted = form.get("preset")
    location = form.get("location_name")
    preset = next(
        (p for p in world.catalog.presets if p["name"] == wanted or str(p["id"]) == wanted), None
    )
    stock = next((s for s in world.catalog.stocks if str(s["id"]) == wanted), None)
    if preset is None and stock is None:
        raise fail(f"preset {wanted!r} is not known")
    hourly = form.get("deploy_period") == "hourly"
    # assumed: hourly billing as HOSTKEY's Terraform provider orders it (resource_server.go's
    # deploy_period takes "hourly"; the documentation calls it "coming soon"). No source shows
    # its price or invoice: a month of the preset's price is invoiced in advance, so that an
    # hourly order is paid and deployed as the others are.
    months = 1 if hourly else PERIOD_MONTHS.get(form.get("deploy_period"))
    if months is None:
        raise fail("deploy_period must be monthly, quarterly, semi-annually, annually or hourly")
    if hourly and not world.hourly_billing:
        raise fail("deploy_period hourly is not available yet")
    if hourly and stock is not None:
        # assumed: a stock server's billing_plan prices months only (presets/list_stock)
        raise fail("deploy_period hourly is not offered for stock servers")
    if location not in ("NL", "US", "FI", "DE", "IS", "TR"):
        raise fail("location_name must be NL, US, FI, DE, IS or TR")
    plan_id = form.int("traffic_plan")
    plan = next((p for p in world.catalog.traffic_plans if p["id"] == plan_id), None)
    if plan is None:
        raise fail(f"traffic_plan {form.get('traffic_plan')!r} is not known")
    if preset is not None:
        if location not in str(preset["locations"]).split(","):
            raise fail(f"{preset['name']} is not offered in {location}")
        kind = _preset_kind(preset)
        price = Decimal(str(preset["price"][location]["EUR"])) * months
        os_name, soft_name = _check_compat(
            world, form, kind, int(preset["ram"]), int(preset["hdd"]), int(preset["cpu"])
        )
        cores = int(preset["cpu"])
        name = str(preset["name"])
    else:
        assert stock is not None
        kind = "gpu" if stock["hardware"].get("gpu_count") else "bm"
        price = Decimal(str(stock["billing_plan"]["EUR"][str(months)]))
        hw = stock["hardware"]
        os_name, soft_name = _check_compat(
            world,
            form,
            kind,
            int(hw["ram"]),
            int(hw["hdd_groups"][0]["size"]),
            int(hw["cpu_cores"]),
        )
        cores = int(hw["cpu_cores"])
        name = str(stock["id"])
    period = (
        "hourly, a month in advance" if hourly else ("month" if months == 1 else f"{months} months")
    )
    items = [_item("Hosting", f"{name} ({location}) {os_name}, {period}", price)]
    licence = _licence(_os(world, form), cores)
    if licence:
        items.append(
            _item("Addon", f"{os_name} licence ({cores} cores), {period}", licence * months)
        )
    # "All paid licenses will be added to the order as add-ons" (eq/order_instance); the traffic
    # plan's `price` is its flat monthly rate (traffic_plans/list), billed with the order.
    # assumed: both are billed per month of the period, as the preset is.
    plan_price = Decimal(str(plan.get("price") or 0))
    if plan_price > 0:
        items.append(_item("Addon", f"{plan['name']}, {period}", plan_price * months))
    soft = next((s for s in world.catalog.software if s["id"] == form.int("soft_id")), None)
    soft_price = Decimal(str(soft.get("price") or 0)) if soft is not None else Decimal(0)
    if soft is not None and soft_price > 0:
        items.append(_item("Addon", f"{soft['name']}, {period}", soft_price * months))
    price = sum((Decimal(str(i["amount"])) for i in items), Decimal(0))
    invoice = SimInvoice(
        id=world.next_id(),
        date=world.day(),
        due=world.day(),
        subtotal=f"{price:.2f}",
        created_at=world.stamp(),
        items=items,
    )
    world.invoices[invoice.id] = invoice
    server = make_server_from_preset(
        world, preset, stock, location, form.get("hostname"), os_name, form.get("root_pass")
    )
    server.root_gb = root_gb(server.hardware, percent)
    # The server is billed by the period ordered: its next payment is due a period after the
    # order, for the same amount (whmcs/get_billing_data: billing_cycle, next_due_date,
    # billing_reccuring).
    server.reg_date = world.day()
    server.due_date = add_months(world.day(), months)
    server.billing_cycle = "Hourly" if hourly else BILLING_CYCLES[months]
    server.recurring = f"{price:.2f}"
    server.limit_out_tb = int(plan.get("limit_out") or server.limit_out_tb)
    server.bandwidth = int(plan.get("bandwidth") or server.bandwidth)
    manual = stock is not None and (
        "hwraid" in stock.get("tags", {}) or "no_autodeploy" in stock.get("tags", {})
    )
    apply_options(world, form, server, kind, location, stock)
    started: dict[str, str] = {}
    # assumed: an order is a WHMCS service at once, listed in eq/update_servers'
    # billing_servers (Terraform's pending.go links orders to it) while invapi has no server for
    # it yet: "Pending" until its invoice is paid (WHMCS's status of an unpaid order), then
    # "Active" while it is set up; it leaves that list's pending part once the server appears.
    world.pending_orders[server.id] = {
        "id": server.id,
        "name": server.hostname,
        "status": "Pending",
        "config": f"{name} {location}",
    }

    def deploy() -> None:
        world.pending_orders[server.id]["status"] = "Active"
        if manual:
            return
        scope = {
            "id": server.id,
            "location": location,
            "preset": name,
            "ip": server.ips[0]["IP"],
            "os": os_name,
            "status": "deploy_done",
            "root_size": percent,
        }

        def appear() -> None:
            world.servers[server.id] = server
            world.pending_orders.pop(server.id, None)
            world.deploy_keys.pop(str(invoice.id), None)

        key = world.add_task(
            "order_instance",
            server.id,
            install_schedule(world, server.id, location, "deploy", scope),
            appear,
        )
        world.deploy_keys[str(invoice.id)] = key
        started["key"] = key

    invoice.on_paid = deploy
    if world.credit >= price:
        pay_from_credit(world, invoice, price)
    if "key" in started:
        return ok(
            action="order_instance",
            callback=started["key"],
            invoice=invoice.id,
            id=server.id,
            status="deploying",
            deploy_status="in_progress",
            os_name=os_name,
            soft_name=soft_name,
        )
    status = "manual_deploy" if manual and invoice.status == "Paid" else "awaiting_payment"
    # assumed: without enough credit the order waits for its invoice; no callback until paid.
    return ok(
        action="order_instance",
        invoice=invoice.id,
        id=server.id,
        status=status,
        deploy_status=status,
        os_name=os_name,
        soft_name=soft_name,
    )


def _item(kind: str, description: str, amount: Decimal) -> dict[str, JSON]:
    return {"type": kind, "description": description, "amount": f"{amount:.2f}"}


def _licence(entry: dict[str, JSON] | None, cores: int) -> Decimal:
    """The OS's monthly licence for `cores` cores: its `billing_plan` step at or above the
    cores, else `price_per_core_EUR` for each core (os/list), else nothing."""
    if entry is None:
        return Decimal(0)
    plan = entry.get("billing_plan", {}).get("EUR", {})
    for step, amount in sorted((int(k), Decimal(str(v))) for k, v in plan.items()):
        if cores <= step:
            return amount
    per_core = _tags(entry).get("price_per_core_EUR")
    return Decimal(str(per_core)) * cores if per_core not in (None, "") else Decimal(0)


def add_months(day: str, months: int) -> str:
    """`day` (YYYY-MM-DD) `months` calendar months on, on the month's last day when it has no
    such day (as WHMCS moves a next due date)."""
    year, month, dom = (int(part) for part in day.split("-"))
    index = month - 1 + months
    year, month = year + index // 12, index % 12 + 1
    return f"{year:04d}-{month:02d}-{min(dom, calendar.monthrange(year, month)[1]):02d}"


def _preset_kind(preset: dict[str, JSON]) -> str:
    flags = {t["tag"] for t in preset.get("tags", []) if str(t.get("value")) in ("true", "1")}
    for kind in ("vgpu", "gpu", "bm", "vm"):
        if kind in flags:
            return kind
    return "vm" if preset.get("virtual") else "bm"


@route("eq", "reinstall")
def reinstall(world: World, form: Form, ctx: Ctx) -> JSON:
    server = server_arg(world, form, ctx)
    if _running(world, server):
        raise fail(f"Server {server.id} is already being reinstalled.")
    key = world.add_task("reinstall", server.id, [])  # stays "Not ready" until the PXE boot
    server.reinstall_key = key
    return ok(action="reinstall", callback=key)


@route("eq", "create_pxe", pin=True)
def create_pxe(world: World, form: Form, ctx: Ctx) -> JSON:
    server = server_arg(world, form, ctx)
    if not form.get("hostname"):
        raise fail("hostname is required")
    os_name, _ = _check_server(world, form, server)
    scheme = form.get("raid")
    disks = sum(int(g.get("count", 1)) for g in server.hardware.get("hdd_groups", []))
    if scheme and scheme not in RAID_SCHEMES:
        raise fail(f"unknown partitioning scheme {scheme!r}")
    if scheme and disks < RAID_SCHEMES[scheme]:
        raise fail(f"{scheme} needs at least {RAID_SCHEMES[scheme]} disks; this server has {disks}")
    if form.get("reinstall_key"):
        server.reinstall_key = form.get("reinstall_key")

    def effect() -> None:
        server.pxe = {
            "os": os_name,
            "hostname": form.get("hostname"),
            "password": world.secret(form.get("root_pass")),
        }

    final = {
        "result": "OK",
        "scope": "PXE config created",
        "context": context(ctx, server),
        "debug": "",
    }
    return callback(world, ctx, server.id, [(2.0, final)], effect)


def start_pxe_install(world: World, server: SimServer) -> None:
    """The server booted from PXE with a config: the installer runs and reports stages."""
    pxe = server.pxe or {}
    os_name = str(pxe.get("os", server.os_name))
    scope = {
        "id": server.id,
        "location": server.location,
        "ip": server.ips[0]["IP"],
        "os": os_name,
        "status": "deploy_done",
    }
    schedule = install_schedule(world, server.id, server.location, "reinstall", scope)
    effect = _finish_install(world, server, os_name, str(pxe.get("password", "")))
    key = server.reinstall_key or world.new_key()
    world.tasks.pop(key, None)
    world.add_task("reinstall", server.id, schedule, effect, key=key)
    server.reinstall_key = key
    server.installing = key
    if pxe.get("hostname"):
        server.hostname = str(pxe["hostname"])


@route("eq", "boot_dev", pin=True)
def boot_dev(world: World, form: Form, ctx: Ctx) -> JSON:
    server = server_arg(world, form, ctx)
    media = form.get("media")
    if media not in ("pxe", "disk", "cd"):
        raise fail("media must be pxe, disk or cd")
    if media == "cd" and not server.iso_mounted:
        raise fail("No ISO is mounted: mount one with iso/mount_iso first")

    def effect() -> None:
        server.boot_dev = media

    final = {
        "result": "OK",
        "scope": f"Boot device set to {media}",
        "context": context(ctx, server),
        "debug": "",
    }
    return callback(world, ctx, server.id, [(2.0, final)], effect)


@route("eq", "clear_pxe")
def clear_pxe(world: World, form: Form, ctx: Ctx) -> JSON:
    server = server_arg(world, form, ctx)
    if not form.get("hostname"):
        raise fail("hostname is required")

    def effect() -> None:
        server.pxe = None

    final = {
        "result": "OK",
        "scope": "PXE config removed",
        "context": context(ctx, server),
        "debug": "",
    }
    return callback(world, ctx, server.id, [(2.0, final)], effect)
