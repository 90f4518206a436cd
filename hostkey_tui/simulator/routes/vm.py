"""`vm.php`: a VM's snapshots (`get_snapshot`, `create_snapshot`, `restore_snapshot`,
`remove_snapshot`) and its load (`load_stats`).

What is known: HOSTKEY's MCP server (`src/tools/vm.ts`) sends `id` to each and `name` to the
three changes; the list holds each snapshot's name, `snapshot_id` and date; a snapshot is removed
only while the VM is powered off; restoring overwrites the VM's disk with the snapshot's. The
list arrives through the async callback (beyond-the-docs §1 [S16]), and the changes are followed
by their key (MCP: "status through check_task"). The rest is assumed, and said so where it is.

The world keeps each VM's snapshots in `World.snapshots` (id → list, oldest first), filled on
first use: the even-numbered VMs start with one, taken two weeks before, so the demo shows both
an empty list and a full one.
"""

from __future__ import annotations

import math

from hostkey_tui.simulator.routes import Ctx, callback, context, fail, ok, refuse, route, server_arg
from hostkey_tui.simulator.world import JSON, Form, SimServer, World

#: The most snapshots a VM keeps.
# assumed: no source states a limit; a small one, so "no room" can be seen.
MOST_SNAPSHOTS = 3
#: Seconds a snapshot takes to be made, restored or removed.
# assumed: no source gives a figure; long enough that the job is seen running.
WORK_SECONDS = {"create_snapshot": 8.0, "restore_snapshot": 12.0, "remove_snapshot": 4.0}


def _vm(world: World, form: Form, ctx: Ctx) -> SimServer:
    server = server_arg(world, form, ctx)
    if not server.virtual:
        # assumed: the wording; vm.php is for virtual servers (MCP's vm.ts says "VM").
        raise fail(f"Server {server.id} is not a virtual machine")
    return server


def snapshots_of(world: World, server: SimServer) -> list[dict[str, JSON]]:
    """The VM's snapshots, seeded on first use (see the module's words)."""
    if server.id not in world.snapshots:
        seeded: list[dict[str, JSON]] = []
        if server.id % 2 == 0:
            seeded.append(
                {
                    "name": "before-upgrade",
                    "snapshot_id": f"snap-{server.id}-1",
                    "date": world.stamp(-14),
                    "_os": server.os_name,
                }
            )
        world.snapshots[server.id] = seeded
    return world.snapshots[server.id]


def _public(snapshot: dict[str, JSON]) -> dict[str, JSON]:
    """A snapshot as the list shows it (what the world keeps for itself left out)."""
    return {k: v for k, v in snapshot.items() if not k.startswith("_")}


def _named(world: World, server: SimServer, form: Form) -> tuple[str, dict[str, JSON] | None]:
    name = form.get("name").strip()
    if not name:
        raise fail("name is required")
    found = next((s for s in snapshots_of(world, server) if s["name"] == name), None)
    return name, found


@route("vm", "get_snapshot")
def get_snapshot(world: World, form: Form, ctx: Ctx) -> JSON:
    server = _vm(world, form, ctx)
    listed = [_public(s) for s in snapshots_of(world, server)]
    # assumed: the completed reply's scope is the list (S16 says it comes through the callback;
    # no source shows where in it).
    final = {"result": "OK", "scope": listed, "context": context(ctx, server), "debug": None}
    return callback(world, ctx, server.id, [(1.0, final)])


def _final(ctx: Ctx, server: SimServer, words: str) -> dict[str, JSON]:
    # assumed: the completed reply's words; no source shows them.
    return {"result": "OK", "scope": words, "context": context(ctx, server), "debug": None}


@route("vm", "create_snapshot")
def create_snapshot(world: World, form: Form, ctx: Ctx) -> JSON:
    server = _vm(world, form, ctx)
    name, found = _named(world, server, form)
    held = snapshots_of(world, server)
    if found is not None:
        # assumed: the wording; a name names one snapshot (restore and remove go by name).
        raise refuse(f"A snapshot named {name} already exists on VM {server.id}")
    if len(held) >= MOST_SNAPSHOTS:
        raise refuse(f"VM {server.id} already has {MOST_SNAPSHOTS} snapshots: remove one first")
    made: dict[str, JSON] = {
        "name": name,
        "snapshot_id": f"snap-{server.id}-{world.next_id()}",
        "date": world.stamp(),
        "_os": server.os_name,
    }

    def take() -> None:
        held.append(made)

    seconds = WORK_SECONDS["create_snapshot"]
    done = _final(ctx, server, f"Snapshot {name} created")
    return callback(world, ctx, server.id, [(seconds, done)], take)


@route("vm", "restore_snapshot")
def restore_snapshot(world: World, form: Form, ctx: Ctx) -> JSON:
    server = _vm(world, form, ctx)
    name, found = _named(world, server, form)
    if found is None:
        raise refuse(f"No snapshot named {name} on VM {server.id}")

    def restore() -> None:
        # The disk is the snapshot's again: what it held (the OS included) comes back.
        server.os_name = str(found.get("_os") or server.os_name)

    seconds = WORK_SECONDS["restore_snapshot"]
    done = _final(ctx, server, f"VM restored from snapshot {name}")
    return callback(world, ctx, server.id, [(seconds, done)], restore)


@route("vm", "remove_snapshot")
def remove_snapshot(world: World, form: Form, ctx: Ctx) -> JSON:
    server = _vm(world, form, ctx)
    name, found = _named(world, server, form)
    if found is None:
        raise refuse(f"No snapshot named {name} on VM {server.id}")
    if server.power_on:
        # MCP's vm.ts: removal works only on a powered-off VM. assumed: the wording, and that
        # it is refused at once rather than failing in the callback.
        raise refuse(f"VM {server.id} must be powered off to remove a snapshot")
    held = snapshots_of(world, server)

    def remove() -> None:
        held[:] = [s for s in held if s["name"] != name]

    seconds = WORK_SECONDS["remove_snapshot"]
    done = _final(ctx, server, f"Snapshot {name} removed")
    return callback(world, ctx, server.id, [(seconds, done)], remove)


@route("vm", "load_stats")
def load_stats(world: World, form: Form, ctx: Ctx) -> JSON:
    server = _vm(world, form, ctx)
    cores = int(server.hardware.get("cpu_cores") or server.hardware.get("cpu_count") or 1)
    ram_mb = int(server.hardware.get("ram") or 2) * 1024  # eq/show gives GB
    if not server.power_on:
        stats: dict[str, JSON] = {"state": "stopped", "cpu_percent": 0, "ram_used_mb": 0}
    else:
        # A slow wave per VM, so a refreshed panel moves and two VMs differ.
        wave = (math.sin(world.now() / 90 + server.id) + 1) / 2
        stats = {
            "state": "running",
            "cpu_percent": round(5 + 60 * wave, 1),
            "vcpus": cores,
            "ram_used_mb": int(ram_mb * (0.3 + 0.4 * wave)),
            "ram_total_mb": ram_mb,
            "disk_read_kbps": int(200 + 1800 * wave),
            "disk_write_kbps": int(100 + 900 * wave),
            "net_in_kbps": int(50 + 4000 * wave),
            "net_out_kbps": int(30 + 2500 * wave),
        }
    # assumed: no source shows the reply; answered at once (MCP registers it as a read), the
    # figures under `stats`.
    return ok(action="load_stats", id=server.id, stats=stats)
