"""Reinstalling a server, both documented ways: the dialogs before anything is sent.

A reinstall wipes the disk, so it always ends with the hostname typed, then the PIN. The PXE
way is taken one step at a time (`x`), each step said before it is sent.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from hostkey_tui.models.catalog import JenkinsTask
from hostkey_tui.models.common import Secret
from hostkey_tui.models.orders import (
    PXE_SCHEMES,
    InstallOptions,
)
from hostkey_tui.models.server import Server
from hostkey_tui.services import install, snapshots
from hostkey_tui.services.install import PIN_STEPS, PXE_STEPS
from hostkey_tui.ui.flows.install import (
    WIPES,
    choose_software,
    install_fields,
    install_options,
    machine_of,
    pick_os,
    root_size_text,
    saved_ssh_keys,
)
from hostkey_tui.ui.kit.guard import ask_pin, can_change, not_repeated
from hostkey_tui.ui.kit.modals.choose import Choice, ChooseOne
from hostkey_tui.ui.kit.modals.confirm import ConfirmModal, ConfirmTarget
from hostkey_tui.ui.kit.modals.form import Field, FormModal
from hostkey_tui.ui.kit.typed import typed_word
from hostkey_tui.ui.server.post_install_flows import choose_task

if TYPE_CHECKING:
    from hostkey_tui.ui.host import Host


async def reinstall(app: Host, server: Server) -> None:
    """The first way: OS, software, options, typed hostname, PIN, then `order_instance`."""
    services = app.services
    if services is None or not can_change(app, "Reinstalling", pin=True):
        return
    if not_repeated(app, f"install:{server.id}"):
        return
    if app.state.busy(server.id, "install"):
        app.say(
            f"A reinstall of {server.hostname} is under way: wait until it is finished before "
            "starting a new one. Nothing was sent.",
            severity="warning",
        )
        return
    if server.id in app.state.pxe:
        app.say(
            "A PXE reinstall of this server is under way: finish it first (x).", severity="warning"
        )
        return
    if app.state.busy(server.id, snapshots.KIND):
        app.say("A snapshot change of this VM is under way: its result comes first.")
        return
    picked = await pick_os(app, server, f"Reinstall {server.hostname}")
    if picked is None:
        return
    catalog, image = picked
    machine = machine_of(server)
    went_on, soft = await choose_software(app, catalog.software, image, machine)
    if not went_on:
        return
    saved = await saved_ssh_keys(app)
    fields = install_fields(server.hostname, saved, server.hardware.disk_gb)
    if server.kind.is_virtual:
        fields.append(snapshot_first_field())
    values = await app.push_screen_wait(
        FormModal(
            f"Reinstall {server.hostname}: {image.name}" + (f" + {soft.name}" if soft else ""),
            fields,
            intro=(
                "Root password: 8 or more characters, upper- and lower-case letters, and a "
                "digit or a special character. It goes to invapi only."
            ),
            submit="Next",
        )
    )
    if values is None:
        return
    first = snapshot_first_name(app, server, values.pop("snapshot_first", ""))
    options = install_options(values, image, soft, saved)
    del values
    if not await app.push_screen_wait(
        ConfirmModal(
            f"Reinstall {server.hostname} with {image.name}?",
            [ConfirmTarget(server.id, server.hostname, server.main_ip)],
            button="Reinstall",
            typed=typed_word(server.hostname, server.id),
            warning=f"{WIPES} Root partition (/): "
            f"{root_size_text(options.root_size, server.hardware.disk_gb)}."
            + snapshot_first_words(server, first),
        )
    ):
        return
    pin = await ask_pin(app, f"Reinstall {server.hostname}", [server.hostname])
    if pin is None:
        return
    if first:
        app.run_job(snapshots.reinstall_after_snapshot(services, server, first, options, pin))
        return
    app.run_job(install.reinstall_server(services, server.id, server.hostname, options, pin))


def snapshot_first_field() -> Field:
    """A VM's reinstall offers a snapshot first, on by default: the reinstall wipes the disk for
    good, and the snapshot is the only way back; unticking it is one key for whoever wants speed
    over that."""
    return Field("snapshot_first", "Snapshot first", "1", toggle=True)


def snapshot_first_name(app: Host, server: Server, chosen: str) -> str:
    """The name of the snapshot to take first ("": none)."""
    if not server.kind.is_virtual or chosen != "1":
        return ""
    return snapshots.default_name(server, app.clock.now(), "before-reinstall")


def snapshot_first_words(server: Server, first: str) -> str:
    """What the confirmation says of the snapshot first (nothing for bare metal)."""
    if first:
        return (
            f"\nFirst snapshot {first} of the VM's disk is taken; the reinstall is sent only once "
            "invapi says it is done. If it fails, nothing is reinstalled, and you are told."
        )
    if server.kind.is_virtual:
        return "\nNo snapshot is taken first: the VM's data cannot be brought back."
    return ""


async def pxe_next(app: Host, server: Server) -> None:
    """The next step of the PXE way (starting it when none is under way)."""
    services = app.services
    if services is None or not can_change(app, "Reinstalling", pin=True):
        return
    if app.state.busy(server.id, "install"):
        app.say("A step is under way: its result comes first.", severity="warning")
        return
    run = app.state.pxe.get(server.id)
    if run is None:
        steps = "\n".join(f"{n}. {what}" for n, (_, what) in enumerate(PXE_STEPS, start=1))
        if not await app.push_screen_wait(
            ConfirmModal(
                f"Reinstall {server.hostname} the PXE way, step by step?",
                [ConfirmTarget(server.id, server.hostname, server.main_ip)],
                button="Begin",
                warning=f"For a server where the usual reinstall failed.\n{steps}",
            )
        ):
            return
        run = install.start_pxe(services, server.id, server.hostname)
    name, what = PXE_STEPS[run.step]
    options: InstallOptions | None = None
    scheme = ""
    if name == "create_pxe":
        picked = await pick_os(app, server, f"PXE {server.hostname}")
        if picked is None:
            return
        image = picked[1]
        disks = sum(d.count or 1 for d in server.hardware.disks) or None
        chosen = await app.push_screen_wait(
            ChooseOne(
                "Partitioning" + (f" ({disks} disks)" if disks else ""),
                [Choice(k, k, why) for k, why in PXE_SCHEMES.items()],
            )
        )
        if chosen is None:
            return
        problem = scheme_problem(chosen, disks)
        if problem:
            app.say(problem, title="Not that scheme", severity="warning")
            return
        scheme = chosen
        saved = await saved_ssh_keys(app)
        values = await app.push_screen_wait(
            FormModal(
                f"PXE config for {server.hostname}: {image.name}, {scheme}",
                [
                    f
                    for f in install_fields(server.hostname, saved)
                    if f.name not in ("root_size", "own_os")
                ],
                submit="Next",
            )
        )
        if values is None:
            return
        values["root_size"] = ""
        options = install_options(values, image, None, saved)
        del values
    task: JenkinsTask | None = None
    button = "Follow" if name == "install" else "Send"
    if name == "post_install":
        went_on, task = await choose_task(app, server)
        if not went_on:
            return
        what = f"run {task.description} (jenkins/call)" if task else "no post-install task"
        button = "Send" if task else "Pass"
    typed = typed_word(server.hostname, server.id) if name in ("create_pxe", "reboot") else ""
    if not await app.push_screen_wait(
        ConfirmModal(
            f"Step {run.step + 1} of {len(PXE_STEPS)}: {what}",
            [ConfirmTarget(server.id, server.hostname, server.main_ip)],
            button=button,
            typed=typed,
            warning=WIPES if name == "create_pxe" else "",
        )
    ):
        return
    pin: Secret | None = None
    if name in PIN_STEPS:
        pin = await ask_pin(app, f"PXE step {run.step + 1}: {name}", [server.hostname])
        if pin is None:
            return
    app.run_job(install.pxe_step(services, run, pin=pin, options=options, scheme=scheme, task=task))


def scheme_problem(scheme: str, disks: int | None) -> str | None:
    """The documented disk conditions of each partitioning scheme."""
    needed = {"LVM_HBA": 2, "LVM_RAID1": 2, "LVM_RAID10": 4, "LVM_RAID10S": 6}.get(scheme, 1)
    if disks is not None and disks < needed:
        return f"{scheme} needs at least {needed} disks; this server has {disks}."
    return None


async def pxe_drop(app: Host, server: Server) -> None:
    services = app.services
    if services is None:
        return
    install.forget_pxe(services, server.id)
    app.say(f"The PXE reinstall of {server.hostname} is no longer followed.", title="Dropped")
