"""Reinstalling a server, both documented ways: the dialogs before anything is sent.

A reinstall wipes the disk, so it always ends with the hostname typed, then the PIN. The PXE
way is taken one step at a time (`x`), each step said before it is sent.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from typing import TYPE_CHECKING

from hostkey_tui.api import InvapiError
from hostkey_tui.models.account import SshKey
from hostkey_tui.models.catalog import OsImage, Software
from hostkey_tui.models.common import Secret
from hostkey_tui.models.orders import (
    PXE_SCHEMES,
    InstallOptions,
    Machine,
    check_hostname,
    check_root_password,
    check_ssh_key,
    os_problem,
    software_problem,
)
from hostkey_tui.models.server import Server
from hostkey_tui.services import account, install
from hostkey_tui.services.install import PIN_STEPS, PXE_STEPS, Catalog
from hostkey_tui.ui.flows import ask_pin, can_change, not_repeated
from hostkey_tui.ui.modals.choose import Choice, ChooseOne
from hostkey_tui.ui.modals.confirm import ConfirmModal, ConfirmTarget
from hostkey_tui.ui.modals.form import Field, FormModal
from hostkey_tui.ui.text import fit
from hostkey_tui.ui.typed import typed_word

if TYPE_CHECKING:
    from hostkey_tui.ui.app import HostkeyApp

WIPES = "Everything on the server's disks is erased: files, databases, the OS."


def machine_of(server: Server) -> Machine:
    hw = server.hardware
    return Machine(server.kind, hw.cpu_cores, hw.ram_gb, hw.disk_gb)


def check_root_size(text: str) -> str | None:
    """invapi takes `root_size` as a percentage of the disk (default 100), not gigabytes."""
    value = text.strip().removesuffix("%").strip()
    if not value:
        return None
    if value.isdigit() and 1 <= int(value) <= 100:
        return None
    return "A percentage of the disk, 1 to 100 (empty: 100, the whole disk)."


def root_size_percent(text: str) -> int | None:
    """The percentage to send, or None for invapi's default (100)."""
    value = text.strip().removesuffix("%").strip()
    return int(value) if value.isdigit() and 1 <= int(value) <= 100 else None


def root_size_text(percent: int | None, disk_gb: int | None) -> str:
    """`50 % of the disk (about 240 GB of 480 GB)`: what the percentage means, where known."""
    share = 100 if percent is None else percent
    what = "the whole disk (100 %)" if share == 100 else f"{share} % of the disk"
    if disk_gb:
        what += f" (about {disk_gb * share // 100} GB of {disk_gb} GB)"
    return what


def root_size_field(value: str, disk_gb: int | None) -> Field:
    of = f"of {disk_gb} GB" if disk_gb else "of the disk"
    return Field(
        "root_size",
        "Root size %",
        value,
        check_root_size,
        placeholder=f"1-100 % {of}; empty: 100",
    )


async def saved_ssh_keys(app: HostkeyApp) -> tuple[SshKey, ...]:
    """The account's SSH keys, to offer by name (read once; none when they cannot be read)."""
    held = app.state.keys.ssh_keys
    if held is None and app.services is not None:
        with contextlib.suppress(InvapiError):
            held = await account.load_ssh_keys(app.services)
    return held or ()


def ssh_key_field(value: str, saved: Sequence[SshKey]) -> Field:
    """A saved key by its name, or a pasted public key, or nothing."""
    names = {k.name for k in saved}

    def check(text: str) -> str | None:
        return None if text.strip() in names else check_ssh_key(text)

    hint = (
        "a saved key (" + ", ".join(sorted(names)) + ") or a pasted one"
        if names
        else "ssh-ed25519 AAAA… (optional)"
    )
    if not value:
        value = next((k.name for k in saved if k.default), "")
    return Field("ssh_key", "SSH key", value, check, placeholder=fit(hint, 60))


def resolve_ssh_key(text: str, saved: Sequence[SshKey]) -> str:
    """The public key to send: a saved key's own text when its name was given."""
    wanted = text.strip()
    return next((k.key for k in saved if k.name == wanted), wanted)


def install_fields(
    hostname: str, saved: Sequence[SshKey] = (), disk_gb: int | None = None
) -> list[Field]:
    """What a fresh OS gets, after the OS and the software are chosen."""
    return [
        Field("root_pass", "Root password", "", check_root_password, password=True),
        Field("hostname", "Hostname", hostname, check_hostname),
        ssh_key_field("", saved),
        Field("script", "Post-install", "", placeholder="a script to run once (optional)"),
        Field("callback", "Callback URL", "", placeholder="https://… called when done (optional)"),
        root_size_field("", disk_gb),
    ]


def install_options(
    values: dict[str, str],
    image: OsImage,
    soft: Software | None,
    saved: Sequence[SshKey] = (),
    jenkins: int | None = None,
) -> InstallOptions:
    return InstallOptions(
        os_id=image.id,
        root_pass=Secret(values["root_pass"]),
        hostname=values["hostname"].strip(),
        soft_id=soft.id if soft else None,
        ssh_key=resolve_ssh_key(values["ssh_key"], saved),
        post_install_script=values["script"].strip(),
        post_install_callback=values["callback"].strip(),
        root_size=root_size_percent(values["root_size"]),
        own_os=bool(values.get("own_os")),
        os_name=image.name,
        jenkins_task=jenkins,
    )


async def choose_os(
    app: HostkeyApp, images: tuple[OsImage, ...], machine: Machine, title: str
) -> OsImage | None:
    fitting = [i for i in images if i.active and os_problem(i, machine) is None]
    left_out = len([i for i in images if i.active]) - len(fitting)
    if not fitting:
        app.say("No operating system fits this server.", severity="warning")
        return None
    note = f" ({left_out} do not fit and are not shown)" if left_out else ""
    chosen = await app.push_screen_wait(
        ChooseOne(
            f"{title}: the OS{note}",
            [Choice(str(i.id), i.short_name or f"#{i.id}", i.name) for i in fitting],
        )
    )
    return next((i for i in fitting if str(i.id) == chosen), None)


async def pick_os(app: HostkeyApp, server: Server, title: str) -> tuple[Catalog, OsImage] | None:
    """The catalogue of the server's location, and the OS chosen from what fits it."""
    if app.services is None:
        return None
    try:
        catalog = await install.load_catalog(app.services, server.location)
    except InvapiError as error:
        app.report_error(error)
        return None
    image = await choose_os(app, catalog.os_list, machine_of(server), title)
    return (catalog, image) if image is not None else None


async def choose_software(
    app: HostkeyApp, software: tuple[Software, ...], image: OsImage, machine: Machine
) -> tuple[bool, Software | None]:
    """(went on, the software or None); False when the user closed the list."""
    fitting = [s for s in software if s.active and software_problem(s, image.id, machine) is None]
    if not fitting:
        return True, None
    chosen = await app.push_screen_wait(
        ChooseOne(
            f"Software with {image.name} (optional)",
            [Choice("none", "none", "just the OS")]
            + [
                Choice(str(s.id), f"#{s.id}", f"{s.name}" + (f"  {s.price} €" if s.price else ""))
                for s in fitting
            ],
        )
    )
    if chosen is None:
        return False, None
    return True, next((s for s in fitting if str(s.id) == chosen), None)


async def reinstall(app: HostkeyApp, server: Server) -> None:
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
    picked = await pick_os(app, server, f"Reinstall {server.hostname}")
    if picked is None:
        return
    catalog, image = picked
    machine = machine_of(server)
    went_on, soft = await choose_software(app, catalog.software, image, machine)
    if not went_on:
        return
    saved = await saved_ssh_keys(app)
    values = await app.push_screen_wait(
        FormModal(
            f"Reinstall {server.hostname}: {image.name}" + (f" + {soft.name}" if soft else ""),
            install_fields(server.hostname, saved, server.hardware.disk_gb),
            intro=(
                "Root password: 8 or more characters, upper- and lower-case letters, and a "
                "digit or a special character. It goes to invapi only."
            ),
            submit="Next",
        )
    )
    if values is None:
        return
    options = install_options(values, image, soft, saved)
    del values
    if not await app.push_screen_wait(
        ConfirmModal(
            f"Reinstall {server.hostname} with {image.name}?",
            [ConfirmTarget(server.id, server.hostname, server.main_ip)],
            button="Reinstall",
            typed=typed_word(server.hostname, server.id),
            warning=f"{WIPES} Root partition (/): "
            f"{root_size_text(options.root_size, server.hardware.disk_gb)}.",
        )
    ):
        return
    pin = await ask_pin(app, f"Reinstall {server.hostname}", [server.hostname])
    if pin is None:
        return
    app.run_job(install.reinstall_server(services, server.id, server.hostname, options, pin))


async def pxe_next(app: HostkeyApp, server: Server) -> None:
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
    typed = typed_word(server.hostname, server.id) if name in ("create_pxe", "reboot") else ""
    if not await app.push_screen_wait(
        ConfirmModal(
            f"Step {run.step + 1} of {len(PXE_STEPS)}: {what}",
            [ConfirmTarget(server.id, server.hostname, server.main_ip)],
            button="Send" if name != "install" else "Follow",
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
    app.run_job(install.pxe_step(services, run, pin=pin, options=options, scheme=scheme))


def scheme_problem(scheme: str, disks: int | None) -> str | None:
    """The documented disk conditions of each partitioning scheme."""
    needed = {"LVM_HBA": 2, "LVM_RAID1": 2, "LVM_RAID10": 4, "LVM_RAID10S": 6}.get(scheme, 1)
    if disks is not None and disks < needed:
        return f"{scheme} needs at least {needed} disks; this server has {disks}."
    return None


async def pxe_drop(app: HostkeyApp, server: Server) -> None:
    services = app.services
    if services is None:
        return
    try:
        install.forget_pxe(services, server.id)
    except InvapiError as error:
        app.report_error(error)
        return
    app.say(f"The PXE reinstall of {server.hostname} is no longer followed.", title="Dropped")
