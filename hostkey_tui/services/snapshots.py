"""A VM's snapshots: reading them, taking one, restoring the VM from one, removing one; and the
VM's load (`vm/load_stats`).

Each change is sent once, never again on its own, and followed as a job (kind "snapshot") by
its async key until its callback says how it ended; the client's change hooks journal it before
it is sent, and here it is journaled with how it ended. A lost reply is "unknown": the change
book refuses the same change until invapi was asked what became of it (`reconcile` reads the
list back). The PIN is checked with invapi by the UI before each change (HOSTKEY's MCP server
sends `vm.php` none, so none is sent).

Reading the list is a read, yet asynchronous: the list arrives in the callback's completed reply
(beyond-the-docs §1 [S16]), so it is a quiet job of its own kind, never counted as a change
under way.
"""

from __future__ import annotations

import contextlib
from datetime import UTC, datetime

from hostkey_tui.api import ApiError, InvapiError
from hostkey_tui.api.tasks import TaskHandle
from hostkey_tui.models.common import Secret
from hostkey_tui.models.errors import MalformedReply
from hostkey_tui.models.orders import InstallOptions
from hostkey_tui.models.server import Server
from hostkey_tui.models.tasks import TaskState
from hostkey_tui.models.vm import Snapshot, VmStats, name_problem, snapshots_from_json
from hostkey_tui.models.vm import vm_stats_from_json as _stats_from_json
from hostkey_tui.services.context import Services
from hostkey_tui.services.jobs import end_job, follow, new_job, refuse_early, send_once
from hostkey_tui.state.state import Job

#: The kind of a snapshot change's job (one under way per VM at a time).
KIND = "snapshot"
#: The kind of a read of the list: quiet, and never "a change under way".
READ_KIND = "snapshot_list"

#: What each change is called in words, by the action it sends.
WORDS = {
    "create_snapshot": "Take snapshot",
    "restore_snapshot": "Restore snapshot",
    "remove_snapshot": "Remove snapshot",
}


def _vm_only(server: Server) -> None:
    """Raises ApiError: snapshots are for VMs (vm.php); nothing is sent for bare metal."""
    if not server.kind.is_virtual:
        raise ApiError(
            f"{server.hostname} is bare metal: snapshots are for VMs. Nothing was sent.",
            title="Not sent",
        )


def default_name(server: Server, now: float, why: str = "snap") -> str:
    """`snap-20261201-1523`: a name that sorts by time and keeps to `NAME_PATTERN`."""
    del server  # a VM's snapshots are its own: its name would only make them longer
    return f"{why}-{datetime.fromtimestamp(now, UTC).strftime('%Y%m%d-%H%M')}"


async def read_snapshots(services: Services, server: Server) -> tuple[Snapshot, ...]:
    """The VM's snapshots (a read, followed to its callback).

    Raises:
        ApiError: not a VM, or the list could not be read (said as such, never as "none").
    """
    _vm_only(server)
    job = new_job(
        services, READ_KIND, "get_snapshot", f"Snapshots of {server.hostname}", server.id,
        quiet=True,
    )  # fmt: skip
    try:
        handle = await services.client.vm.get_snapshot(server.id)
    except InvapiError as error:
        end_job(services, job, TaskState.FAILED, error.message)
        raise
    job, event = await follow(services, job, handle)
    if job.state is not TaskState.DONE or event is None or event.reply is None:
        raise ApiError(f"The snapshots could not be read: {job.message or job.state.value}")
    try:
        found = snapshots_from_json(event.reply.scope)
    except MalformedReply as error:
        end_job(services, job, TaskState.FAILED, error.message)
        raise
    count = len(found)
    end_job(services, job, TaskState.DONE, f"{count} snapshot{'s' if count != 1 else ''}")
    return found


async def vm_stats(services: Services, server: Server) -> VmStats:
    """The VM's load now (a read; followed when invapi answers with a key).

    Raises:
        ApiError: not a VM, or the figures could not be read.
    """
    _vm_only(server)
    answer = await services.client.vm.load_stats(server.id)
    if isinstance(answer, VmStats):
        return answer
    job = new_job(
        services, READ_KIND, "load_stats", f"Load of {server.hostname}", server.id, quiet=True
    )
    job, event = await follow(services, job, answer)
    if job.state is not TaskState.DONE or event is None or event.reply is None:
        raise ApiError(f"The VM's load could not be read: {job.message or job.state.value}")
    return _stats_from_json({"stats": event.reply.scope})


async def _change(services: Services, server: Server, action: str, name: str, title: str) -> Job:
    """Send one snapshot change once and follow it to its end.

    Raises:
        ReadOnlyRefused, ApiError: refused before anything was sent.
    """
    _vm_only(server)
    refuse_early(services, WORDS[action], server.id, server.hostname, KIND, pin=True)
    job = new_job(services, KIND, action, title, server.id, sending=True)
    label = (f"{server.hostname} ({server.id})", f"snapshot {name}")

    async def start() -> TaskHandle:
        return await services.client.vm.snapshot_change(action, server.id, name)

    job, _ = await send_once(services, job, label, start)
    return job


async def create_snapshot(services: Services, server: Server, name: str) -> Job:
    """Take a snapshot of the VM named `name`.

    Raises:
        ReadOnlyRefused, ApiError: refused before anything was sent (a name not allowed here).
    """
    problem = name_problem(name)
    if problem is not None:
        raise ApiError(f"Snapshot name {name!r}: {problem} Nothing was sent.", title="Not sent")
    return await _change(
        services, server, "create_snapshot", name, f"Snapshot {server.hostname}: {name}"
    )


async def restore_snapshot(services: Services, server: Server, snapshot: Snapshot) -> Job:
    """Put the VM's disk back to `snapshot` (what was written since is lost)."""
    return await _change(
        services,
        server,
        "restore_snapshot",
        snapshot.name,
        f"Restore {server.hostname} from {snapshot.name}",
    )


async def remove_snapshot(services: Services, server: Server, snapshot: Snapshot) -> Job:
    """Remove `snapshot` for good (invapi does it only while the VM is powered off)."""
    return await _change(
        services,
        server,
        "remove_snapshot",
        snapshot.name,
        f"Remove snapshot {snapshot.name} of {server.hostname}",
    )


async def reinstall_after_snapshot(
    services: Services, server: Server, name: str, options: InstallOptions, pin: Secret
) -> Job:
    """Take snapshot `name`, and only once its job is done, reinstall the VM.

    A snapshot that fails, times out or whose outcome is unknown stops it there: the reinstall is
    not sent, and a failed reinstall job says why (the Reinstall tab and the jobs list show it).
    """
    from hostkey_tui.services import install  # only this path needs it

    snapshot = await create_snapshot(services, server, name)
    if snapshot.state is not TaskState.DONE:
        label = (f"{server.hostname} ({server.id})", options.os_name or f"os {options.os_id}")
        why = (
            f"not sent: the snapshot {name} taken first ended {snapshot.state.value}"
            f" ({snapshot.message}), so the disk was left as it was"
        )
        services.audit("reinstall", label, "not sent", why)
        job = new_job(services, "install", "reinstall", f"Reinstall {server.hostname}", server.id)
        return end_job(services, job, TaskState.FAILED, why)
    return await install.reinstall_server(services, server.id, server.hostname, options, pin)


async def reconcile_change(services: Services, server: Server, endpoint: str, name: str) -> str:
    """What became of a snapshot change whose reply was lost: the list read again.

    Raises:
        InvapiError: the list could not be read (the change stays unsettled).
    """
    names = {s.name for s in await read_snapshots(services, server)}
    if endpoint == "vm/create_snapshot":
        if name in names:
            return f"it happened: snapshot {name} of {server.hostname} is there"
        return f"snapshot {name} of {server.hostname} is not there (yet): look before repeating"
    if endpoint == "vm/remove_snapshot":
        if name not in names:
            return f"it happened: snapshot {name} of {server.hostname} is gone"
        return f"snapshot {name} of {server.hostname} is still there"
    with contextlib.suppress(InvapiError):
        from hostkey_tui.services.servers import refresh_server

        await refresh_server(services, server.id)
    return f"a restore cannot be told from the list: look at {server.hostname} before repeating it"
