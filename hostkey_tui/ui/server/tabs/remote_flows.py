"""The Remote tab's interactions: IPMI pass-through and user, the VM console and noVNC link,
ISOs and the boot device. Each refuses early, says what will happen, asks for the PIN where
invapi wants one, then sends once as a job.
"""

from __future__ import annotations

import contextlib
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from hostkey_tui.api import InvapiError
from hostkey_tui.models.iso import not_mountable
from hostkey_tui.models.network import IsoImage, check_ip_acl
from hostkey_tui.models.server import Server
from hostkey_tui.services import remote
from hostkey_tui.ui.kit.files import folder
from hostkey_tui.ui.kit.guard import ask_pin, can_change
from hostkey_tui.ui.kit.links import NO_BROWSER, browsable, browser_found
from hostkey_tui.ui.kit.modals.choose import Choice, ChooseOne
from hostkey_tui.ui.kit.modals.form import Field, FormModal
from hostkey_tui.ui.server.tabs.network_flows import confirm

if TYPE_CHECKING:
    from hostkey_tui.ui.host import Host


def _check_hours(text: str) -> str | None:
    return None if text.strip().isdigit() and 1 <= int(text) <= 24 else "1 to 24 hours."


async def open_nat(app: Host, server: Server) -> None:
    services = app.services
    if services is None or not can_change(app, "Opening IPMI access", pin=True):
        return
    if app.state.busy(server.id, "nat"):
        app.say("The IPMI pass-through is already changing.", severity="warning")
        return
    client_ip = app.state.client_ip
    if not client_ip:
        try:
            client_ip = await remote.read_client_ip(services)
        except InvapiError:
            client_ip = ""  # the user types a source instead
    values = await app.push_screen_wait(
        FormModal(
            f"IPMI access to {server.hostname}",
            [
                Field("acl", "Allowed from", client_ip, check_ip_acl, placeholder="203.0.113.7"),
                Field("hours", "Hours", "2", _check_hours),
            ],
            intro=(
                "A public address that forwards to this server's IPMI, open only to the source "
                "below"
                + (" (your address, as invapi sees it)" if client_ip else "")
                + ", closed by itself after the hours given."
            ),
            submit="Next",
        )
    )
    if values is None:
        return
    acl, hours = values["acl"].strip(), int(values["hours"])
    pin = await ask_pin(
        app, f"Open IPMI of {server.hostname} to {acl} for {hours} h", [server.hostname]
    )
    if pin is None:
        return
    app.run_job(remote.open_nat(services, server.id, server.hostname, pin, acl, hours))


async def close_nat(app: Host, server: Server) -> None:
    services = app.services
    if services is None or not can_change(app, "Closing IPMI access"):
        return
    if not await confirm(
        app, f"Close the IPMI pass-through of {server.hostname}?", server, "Close it"
    ):
        return
    app.run_job(remote.close_nat(services, server.id, server.hostname))


async def add_ipmi_user(app: Host, server: Server) -> None:
    services = app.services
    if services is None or not can_change(app, "Adding an IPMI user"):
        return
    if app.state.busy(server.id, "ipmi"):
        app.say("IPMI work is already under way for this server.", severity="warning")
        return
    app.say("The user and password arrive in a few seconds; v shows them.", title="IPMI user")
    app.run_job(remote.add_ipmi_user(services, server.id, server.hostname))


async def remove_ipmi_user(app: Host, server: Server) -> None:
    services = app.services
    if services is None or not can_change(app, "Removing the IPMI user"):
        return
    if not await confirm(
        app, f"Remove the temporary IPMI user of {server.hostname}?", server, "Remove"
    ):
        return
    app.run_job(remote.remove_ipmi_user(services, server.id, server.hostname))


async def reset_ipmi(app: Host, server: Server) -> None:
    services = app.services
    if services is None or not can_change(app, "Resetting IPMI", pin=True):
        return
    if not await confirm(
        app,
        f"Cold-reset the IPMI module of {server.hostname}?",
        server,
        "Reset IPMI",
        warning=(
            "The server keeps running. IPMI (its console, sensors and power control) is "
            "unreachable for a minute or two, and the temporary IPMI user ends."
        ),
    ):
        return
    pin = await ask_pin(app, f"Reset IPMI of {server.hostname}", [server.hostname])
    if pin is None:
        return
    app.run_job(remote.reset_ipmi(services, server.id, server.hostname, pin))


def viewer_installed() -> bool:
    return shutil.which("remote-viewer") is not None


def launch_viewer(path: Path) -> bool:
    if not viewer_installed():
        return False
    try:
        subprocess.Popen(  # noqa: S603 - a fixed program and a path the app wrote
            ["remote-viewer", str(path)],  # noqa: S607 - found on PATH, as the user installed it
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
    except OSError:
        return False
    return True


async def console(app: Host, server: Server) -> None:
    services = app.services
    if services is None or not can_change(app, "Opening the console", pin=True):
        return
    pin = await ask_pin(app, f"Console of {server.hostname}", [server.hostname])
    if pin is None:
        return

    async def run() -> None:
        _, path = await remote.console(services, server.id, server.hostname, pin, folder(app))
        if path is None:
            return
        opened = viewer_installed() and launch_viewer(path)
        app.say(
            f"Saved {path} (mode 0600). Its password is valid for 120 seconds."
            + (" remote-viewer is opening it." if opened else ""),
            title="Console",
            timeout=10,
        )

    app.run_job(run())


def open_console(app: Host, server: Server) -> None:
    held = app.state.net_of(server.id).console
    if held is None:
        app.say("No console file yet: c writes one (PIN).", severity="warning")
        return
    if app.clock.now() > held.valid_until:
        app.say("Its password has expired (120 seconds): c writes a new file.", severity="warning")
        return
    if not launch_viewer(Path(held.path)):
        app.say(
            f"remote-viewer is not installed here; open {held.path} on a desktop that has it.",
            severity="warning",
        )


async def novnc(app: Host, server: Server) -> None:
    services = app.services
    if services is None or not can_change(app, "Asking for a noVNC link"):
        return
    await remote.novnc(services, server.id)
    app.say("The link is ready: v shows it, y copies it, O opens it.", title="noVNC")


def open_novnc(app: Host, server_id: int, open_url: Callable[[str], None]) -> None:
    """The link in the user's browser, never in a message (it grants the console)."""
    link = app.state.net_of(server_id).novnc
    if link is None:
        app.say("No noVNC link yet: w asks for one.", severity="warning")
    elif not browsable(link.reveal()):
        app.say("The noVNC link is not a web address: y copies it.", severity="warning")
    elif not browser_found():
        app.say(NO_BROWSER, severity="warning")
    else:
        open_url(link.reveal())
        app.say("Asked your browser to open the noVNC link.", title="noVNC")


async def read_remote(app: Host, server: Server) -> None:
    """What the Remote tab shows first: the ISO list, and (bare metal) the NAT source."""
    if app.services is None:
        return
    if not server.kind.is_virtual and not app.state.client_ip:
        # Without it the user types a source; nothing is lost.
        with contextlib.suppress(InvapiError):
            await remote.read_client_ip(app.services)
    if app.state.net_of(server.id).isos is None:
        # A failure is said in the tab (iso_error), where the list would be.
        with contextlib.suppress(InvapiError):
            await remote.list_isos(app.services, server.id)


async def reread_isos(app: Host, server: Server) -> None:
    """`r` on the Remote tab: the ISO list, the library's and one's own, read again."""
    if app.services is None:
        return
    # A failure is said in the tab (iso_error), where the list would be.
    with contextlib.suppress(InvapiError):
        await remote.list_isos(app.services, server.id)


async def mount_iso(app: Host, server: Server, iso: IsoImage | None) -> None:
    services = app.services
    if services is None or not can_change(app, "Mounting an ISO"):
        return
    if iso is None:
        app.say("No ISO under the cursor.", severity="warning")
        return
    held_back = not_mountable(iso)
    if held_back:
        app.say(held_back, title="Not mounted", severity="warning")
        return
    name = iso.name or iso.iso_name
    if not await confirm(
        app,
        f"Mount {name} on {server.hostname}?",
        server,
        "Mount",
        warning="It is attached as a virtual CD; boot from it with B, then reboot (p).",
    ):
        return
    app.run_job(remote.mount_iso(services, server.id, server.hostname, iso))


async def unmount_iso(app: Host, server: Server) -> None:
    services = app.services
    if services is None or not can_change(app, "Unmounting the ISO"):
        return
    if not await confirm(app, f"Unmount the ISO of {server.hostname}?", server, "Unmount"):
        return
    app.run_job(remote.unmount_iso(services, server.id, server.hostname))


async def boot_device(app: Host, server: Server) -> None:
    services = app.services
    if services is None or not can_change(app, "Changing the boot device", pin=True):
        return
    media = await app.push_screen_wait(
        ChooseOne(
            f"Boot {server.hostname} next from",
            [
                Choice("cd", "The mounted ISO (CD)", "an installer or a rescue image"),
                Choice("disk", "The disk", "back to normal"),
            ],
        )
    )
    if media is None:
        return
    where = remote.BOOT_DEVICES[media]
    if not await confirm(
        app,
        f"Boot {server.hostname} from {where} from the next start?",
        server,
        "Set boot device",
        warning="Nothing restarts now: reboot the server (p) when ready.",
    ):
        return
    pin = await ask_pin(app, f"Boot {server.hostname} from {where}", [server.hostname])
    if pin is None:
        return
    app.run_job(remote.boot_device(services, server.id, server.hostname, media, pin))
