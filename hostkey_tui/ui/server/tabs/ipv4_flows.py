"""Extra IPv4 addresses on the Network tab: add some, remove one. Each waits on the user, then
sends its change once, as a job the tab lists.

Adding is billed and not undone by sending it again (it would add more), so the user sees the
free addresses first, and what is known of the price (nothing: said so), then confirms and
gives the PIN. Removing one is confirmed by typing the address: it goes with its PTR, and
whatever on the server still uses it stops being reachable. The main address is never offered.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from hostkey_tui.api import InvapiError
from hostkey_tui.models.server import IpAddress, Server
from hostkey_tui.services import ipv4
from hostkey_tui.ui.kit.guard import ask_pin, can_change
from hostkey_tui.ui.kit.modals.confirm import ConfirmModal, ConfirmTarget
from hostkey_tui.ui.kit.modals.form import Field, FormModal, Validator

if TYPE_CHECKING:
    from hostkey_tui.ui.host import Host


def _under_way(app: Host, server: Server) -> bool:
    if app.state.busy(server.id, ipv4.KIND):
        app.say(f"An address change of {server.hostname} is under way.", severity="warning")
        return True
    return False


def _amount_check(most: int) -> Validator:
    def check(text: str) -> str | None:
        value = text.strip()
        if not value.isdigit() or not 1 <= int(value) <= most:
            return f"A number from 1 to {most}."
        return None

    return check


def add_intro(server: Server, free: list[str], port: str, vlan: int | None) -> str:
    """What the add dialog says: where the addresses go, which are free, and the price."""
    where = f"port {port}" + (f", VLAN {vlan}" if vlan is not None else "")
    shown = ", ".join(free[:8]) + (f" and {len(free) - 8} more" if len(free) > 8 else "")
    return (
        f"{len(free)} free IPv4 address{'es' if len(free) != 1 else ''} on {where} of "
        f"{server.hostname}: {shown}. invapi picks which ones.\n{ipv4.PRICE_UNKNOWN}\n"
        "The server's own network configuration is not changed: add the addresses there too."
    )


async def add_ipv4(app: Host, server: Server) -> None:
    services = app.services
    if services is None or not can_change(app, "Adding IPv4 addresses", pin=True):
        return
    if _under_way(app, server):
        return
    port, vlan = ipv4.port_of(server)
    try:
        entries = await ipv4.free_ipv4(services, server)
    except InvapiError as error:
        # Never read as "none free": the user is told it could not be read.
        app.say(
            f"The free addresses of {server.hostname} could not be read: {error.message}. "
            "Nothing was sent.",
            severity="warning",
        )
        return
    free = [e.ip for e in entries]
    if not free:
        app.say(
            f"No free IPv4 address on port {port} of {server.hostname} (invapi lists none). "
            "Nothing was sent.",
            severity="warning",
        )
        return
    most = min(len(free), ipv4.MOST_AT_ONCE)
    values = await app.push_screen_wait(
        FormModal(
            f"Add IPv4 addresses to {server.hostname}",
            [Field("amount", f"How many (1-{most})", "1", _amount_check(most))],
            intro=add_intro(server, free, port, vlan),
            submit="Next",
        )
    )
    if values is None:
        return
    amount = int(values["amount"])
    plural = "es" if amount > 1 else ""
    if not await app.push_screen_wait(
        ConfirmModal(
            f"Add {amount} IPv4 address{plural} to {server.hostname}?",
            [ConfirmTarget(server.id, server.hostname, server.main_ip)],
            button=f"Add {amount}",
            warning=(
                f"{ipv4.PRICE_UNKNOWN} Sent once: if its reply is lost, the server is read "
                "back rather than asked again."
            ),
        )
    ):
        return
    pin = await ask_pin(app, f"Add IPv4: {server.hostname}", [server.hostname])
    if pin is None:
        return  # cancelled: nothing sent
    del pin  # checked with invapi; net/add_ipv4 takes none (no source shows one)
    app.run_job(ipv4.add_ipv4(services, server, amount))


async def remove_ipv4(app: Host, server: Server, address: IpAddress) -> None:
    services = app.services
    if services is None or not can_change(app, "Removing an IPv4 address", pin=True):
        return
    if address.main or not ipv4.removable(server, address.ip):
        app.say(
            f"{address.ip} is the main IP of {server.hostname}: it is never removed here.",
            severity="warning",
        )
        return
    if _under_way(app, server):
        return
    if not await app.push_screen_wait(
        ConfirmModal(
            f"Remove {address.ip} from {server.hostname}?",
            [ConfirmTarget(server.id, server.hostname, address.ip)],
            button="Remove",
            typed=address.ip,
            warning=(
                f"{address.ip} goes back to HOSTKEY, and its PTR records are cleared: whatever "
                "still uses it on the server stops being reachable."
            ),
        )
    ):
        return
    pin = await ask_pin(app, f"Remove {address.ip}: {server.hostname}", [server.hostname])
    if pin is None:
        return  # cancelled: nothing sent
    del pin  # checked with invapi; net/remove_ipv4 takes none (no source shows one)
    app.run_job(ipv4.remove_ipv4(services, server, address.ip))
