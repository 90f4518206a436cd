"""What ordering and reinstalling both ask: the OS, the software, SSH keys, the root size.

Shared by the order wizard and a server's Reinstall tab (`ui/server/reinstall_flows.py`, which
says why a reinstall ends with the hostname typed, then the PIN).
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
from hostkey_tui.services.install import Catalog
from hostkey_tui.ui.kit.modals.choose import Choice, ChooseOne
from hostkey_tui.ui.kit.modals.form import Field
from hostkey_tui.ui.kit.text import fit

if TYPE_CHECKING:
    from hostkey_tui.ui.host import Host

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


async def saved_ssh_keys(app: Host) -> tuple[SshKey, ...]:
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
    app: Host, images: tuple[OsImage, ...], machine: Machine, title: str
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


async def pick_os(app: Host, server: Server, title: str) -> tuple[Catalog, OsImage] | None:
    """The catalogue of the server's location, and the OS chosen from what fits it."""
    if app.services is None:
        return None
    catalog = await install.load_catalog(app.services, server.location)
    image = await choose_os(app, catalog.os_list, machine_of(server), title)
    return (catalog, image) if image is not None else None


async def choose_software(
    app: Host, software: tuple[Software, ...], image: OsImage, machine: Machine
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
