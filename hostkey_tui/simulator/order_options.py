"""The order options of `eq/order_instance` that HOSTKEY's Terraform provider sends beyond the
documented table (its `internal/invapi/eq.go`): checked and applied to the ordered server."""

from __future__ import annotations

from hostkey_tui.simulator.routes import fail
from hostkey_tui.simulator.world import JSON, Form, SimServer, World

#: disk_mirror layouts and the disks each needs (Terraform's resource_server.go).
_LAYOUTS = {"hba": 1, "raid0": 2, "raid1": 2, "raid10": 4}


def apply_options(
    world: World,
    form: Form,
    server: SimServer,
    kind: str,
    location: str,
    stock: dict[str, JSON] | None,
) -> None:
    """The order options HOSTKEY's Terraform provider sends (eq.go), checked by its rules.

    # assumed: invapi's refusals of them are not published; these follow Terraform's checks
    # (server_bm.go, resource_server.go), and extra addresses come from the location's pool as
    # net/add_ipv4's do. No source prices them: nothing is added to the invoice.
    """
    dedicated = kind not in ("vm", "vgpu")
    ipv6 = form.get("ipv6") == "1"
    if ipv6 and (not dedicated or location not in ("NL", "US")):
        raise fail("IPv6 /64 is offered for dedicated servers in NL and US only")
    if form.has("no_lvm") and form.get("no_lvm") == "1" and not dedicated:
        raise fail("no_lvm is for bare-metal servers only")
    layout = form.get("disk_mirror").lower()
    if layout:
        if layout not in _LAYOUTS or not dedicated:
            raise fail(f"disk_mirror {layout!r} is not possible on this server")
        groups = stock["hardware"].get("hdd_groups", []) if stock is not None else []
        disks = sum(int(g.get("count", 1)) for g in groups) if groups else 1
        if disks < _LAYOUTS[layout]:
            raise fail(f"disk_mirror {layout} needs {_LAYOUTS[layout]} disks; this has {disks}")
    for name in ("vlan", "private_vlan"):
        if form.has(name) and not 1 <= (form.int(name) or 0) <= 4094:
            raise fail(f"{name} must be a VLAN id (1-4094)")
    amount = form.int("ipv4_amount") if form.has("ipv4_amount") else None
    if amount is not None:
        if not 1 <= amount <= 8:
            raise fail("ipv4_amount must be 1 to 8")
        taken = {str(e["IP"]) for s in world.servers.values() for e in s.ips}
        taken |= {str(e["IP"]) for e in server.ips}
        prefix = str(server.ips[0]["IP"]).rpartition(".")[0] if server.ips else "192.0.2"
        free = [f"{prefix}.{n}" for n in range(200, 254) if f"{prefix}.{n}" not in taken]
        for ip in free[: amount - 1]:
            extra = dict(server.ips[0])
            extra.update(IP=ip, main_ip=0)
            server.ips.append(extra)
    server.order_options = {
        name: form.get(name)
        for name in ("ipv6", "vlan", "private_vlan", "custom_domain", "disk_mirror", "no_lvm")
        if form.has(name)
    }
