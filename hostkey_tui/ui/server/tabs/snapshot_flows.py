"""A VM's snapshots on the Snapshots tab: take one, restore the VM from one, remove one. Each
waits on the user, then sends its change once, as a job the tab lists until its callback says
how it ended.

Taking one is named by the user and confirmed; restoring replaces the VM's disk, so what is lost
is said and the hostname typed; removing one is for good, so its name is typed (HOSTKEY's MCP
server marks both destructive). The PIN comes last, checked with invapi (vm.php takes none).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from hostkey_tui.models.server import Server
from hostkey_tui.models.vm import Snapshot, name_problem
from hostkey_tui.services import snapshots
from hostkey_tui.services.power import Target, check_status
from hostkey_tui.ui.kit.guard import ask_pin, can_change, not_repeated
from hostkey_tui.ui.kit.modals.confirm import ConfirmModal, ConfirmTarget
from hostkey_tui.ui.kit.modals.form import Field, FormModal
from hostkey_tui.ui.kit.typed import typed_word

if TYPE_CHECKING:
    from hostkey_tui.ui.host import Host

#: Whether HOSTKEY bills snapshots: no source says.
COST_UNKNOWN = "Whether HOSTKEY bills snapshots is not known here."


def _ready(app: Host, server: Server, what: str, action: str) -> bool:
    """A change may be asked for: a VM, writable, none under way, no lost reply unasked."""
    if not can_change(app, what, pin=True):
        return False
    if not server.kind.is_virtual:
        app.say(f"{server.hostname} is bare metal: snapshots are for VMs.", severity="warning")
        return False
    if app.state.busy(server.id, snapshots.KIND):
        app.say(
            f"A snapshot change of {server.hostname} is under way: its result comes first.",
            severity="warning",
        )
        return False
    return not not_repeated(app, f"vm/{action}:{server.id}")


def _name_check(text: str) -> str | None:
    return name_problem(text.strip())


async def take(app: Host, server: Server) -> None:
    services = app.services
    if services is None or not _ready(app, server, "Taking a snapshot", "create_snapshot"):
        return
    values = await app.push_screen_wait(
        FormModal(
            f"Snapshot {server.hostname}",
            [Field("name", "Name", snapshots.default_name(server, app.clock.now()), _name_check)],
            intro=(
                f"The VM's disk as it is now, kept under this name until it is removed. "
                f"{COST_UNKNOWN}"
            ),
            submit="Next",
        )
    )
    if values is None:
        return
    name = values["name"].strip()
    if not await app.push_screen_wait(
        ConfirmModal(
            f"Take snapshot {name} of {server.hostname}?",
            [ConfirmTarget(server.id, server.hostname, server.main_ip)],
            button="Take",
            warning=(
                f"The disk of {server.hostname} is saved as it is now, as {name}. Sent once: "
                "if its reply is lost, the list is read back rather than asked again."
            ),
        )
    ):
        return
    pin = await ask_pin(app, f"Snapshot {name}: {server.hostname}", [server.hostname])
    if pin is None:
        return  # cancelled: nothing sent
    del pin  # checked with invapi; vm/create_snapshot takes none (MCP's vm.ts sends none)
    app.run_job(snapshots.create_snapshot(services, server, name))


def restore_warning(server: Server, snapshot: Snapshot) -> str:
    """What a restore does, and what it loses."""
    when = f" (taken {snapshot.created})" if snapshot.created else ""
    return (
        f"The current disk of {server.hostname} is replaced by snapshot {snapshot.name}{when}: "
        "everything written since it was taken (files, databases, packages, logs) is lost, "
        "and the VM may restart. Take a snapshot first (n) to keep today's state."
    )


async def restore(app: Host, server: Server, snapshot: Snapshot) -> None:
    services = app.services
    if services is None or not _ready(app, server, "Restoring a snapshot", "restore_snapshot"):
        return
    if not await app.push_screen_wait(
        ConfirmModal(
            f"Restore {server.hostname} from snapshot {snapshot.name}?",
            [ConfirmTarget(server.id, server.hostname, server.main_ip)],
            button="Restore",
            typed=typed_word(server.hostname, server.id),
            warning=restore_warning(server, snapshot),
        )
    ):
        return
    pin = await ask_pin(app, f"Restore {snapshot.name}: {server.hostname}", [server.hostname])
    if pin is None:
        return  # cancelled: nothing sent
    del pin  # checked with invapi; vm/restore_snapshot takes none
    app.run_job(snapshots.restore_snapshot(services, server, snapshot))


async def remove(app: Host, server: Server, snapshot: Snapshot) -> None:
    services = app.services
    if services is None or not _ready(app, server, "Removing a snapshot", "remove_snapshot"):
        return
    power = app.state.power.get(server.id)
    if power is None:
        # Not read yet: read now (a read), so a running VM is told before anything is sent.
        target = Target(server.id, server.hostname, server.main_ip)
        await check_status(services, target, quiet=True)
        power = app.state.power.get(server.id)
    if power is not None and power.on:
        # invapi refuses it on a running VM (MCP's vm.ts): said before anything is sent.
        app.say(
            f"{server.hostname} is on: invapi removes a snapshot only while the VM is powered "
            "off. Power it off first (p). Nothing was sent.",
            title="Not sent",
            severity="warning",
        )
        return
    if not await app.push_screen_wait(
        ConfirmModal(
            f"Remove snapshot {snapshot.name} of {server.hostname}?",
            [ConfirmTarget(server.id, server.hostname, server.main_ip)],
            button="Remove",
            typed=snapshot.name,
            warning=(
                f"Snapshot {snapshot.name} is deleted for good: {server.hostname} can no longer "
                "go back to it. invapi removes a snapshot only while the VM is powered off "
                "(p powers it off)."
            ),
        )
    ):
        return
    pin = await ask_pin(app, f"Remove {snapshot.name}: {server.hostname}", [server.hostname])
    if pin is None:
        return  # cancelled: nothing sent
    del pin  # checked with invapi; vm/remove_snapshot takes none
    app.run_job(snapshots.remove_snapshot(services, server, snapshot))
