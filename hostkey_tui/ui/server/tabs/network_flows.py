"""The Network tab's interactions: they wait on the user, then call the service once.

The pattern is the power flow's: refuse early (read-only, locked PIN, work under way), say
exactly what will happen (and what it may cut off), ask for the PIN where invapi wants one,
then send once as a job. An invapi error ends the flow and is reported by the app's worker
error handler, as any flow's.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from hostkey_tui.models.server import IpAddress, Server
from hostkey_tui.services import network
from hostkey_tui.services.power import Target
from hostkey_tui.services.power_guard import typed_confirmation
from hostkey_tui.ui.kit.files import can_open_files, folder
from hostkey_tui.ui.kit.guard import ask_pin, can_change, say_starting
from hostkey_tui.ui.kit.modals.choose import Choice, ChooseOne
from hostkey_tui.ui.kit.modals.confirm import ConfirmModal, ConfirmTarget
from hostkey_tui.ui.kit.modals.form import Field, FormModal
from hostkey_tui.ui.kit.modals.grace import GraceCountdown
from hostkey_tui.ui.kit.modals.graph import GraphModal
from hostkey_tui.ui.server.net_panels import graph_caption

if TYPE_CHECKING:
    from hostkey_tui.ui.host import Host


def _target(server: Server, ip: str = "") -> list[ConfirmTarget]:
    return [ConfirmTarget(server.id, server.hostname, ip or server.main_ip)]


async def confirm(
    app: Host,
    question: str,
    server: Server,
    button: str,
    *,
    ip: str = "",
    warning: str = "",
    typed: str = "",
) -> bool:
    confirmed: bool = await app.push_screen_wait(
        ConfirmModal(question, _target(server, ip), button=button, warning=warning, typed=typed)
    )
    return confirmed


def _tags(server: Server) -> dict[int, dict[str, str]]:
    return {server.id: {tag.name: tag.value for tag in server.tags}}


async def read_port_status(app: Host, server: Server) -> None:
    """Read the switch port when the user asks: invapi wants the PIN for it (never on opening
    the tab). The PIN goes to that one request and is dropped with it."""
    services = app.services
    if services is None:
        say_starting(app)
        return
    if app.state.busy(server.id, "network"):
        app.say("The port status is being read.", severity="information")
        return
    pin = await ask_pin(app, f"Read the port status of {server.hostname}", [server.hostname])
    if pin is None:
        return  # cancelled: nothing sent
    app.run_job(network.read_port_status(services, server.id, server.hostname, pin))


async def switch_port(app: Host, server: Server) -> None:
    services = app.services
    if services is None or not can_change(app, "Switching the port", pin=True):
        return
    port = app.state.net_of(server.id).port
    if port is None:
        app.say(
            "The switch port is not known yet (s reads it, with the PIN): invapi switches "
            "ports by the name the status gives.",
            severity="warning",
        )
        return
    if app.state.busy(server.id, "port"):
        app.say(f"A port change of {server.hostname} is under way.", severity="warning")
        return
    choices = [
        Choice("off", "Switch the port off", "the server drops off the network"),
        Choice("on", "Switch the port on", "the server comes back on the network"),
    ]
    if not port.connected:
        choices.reverse()
    on = await app.push_screen_wait(ChooseOne(f"Port {port.port} of {server.hostname}", choices))
    if on is None:
        return
    turning_on = on == "on"
    word = "on" if turning_on else "off"
    reason = ""
    if not turning_on:
        values = await app.push_screen_wait(
            FormModal(
                f"Port {port.port} off",
                [Field("reason", "Reason", placeholder="optional: invapi adds a block tag")],
                intro="With a reason, invapi tags the server as blocked until the port is on.",
                submit="Next",
            )
        )
        if values is None:
            return
        reason = " ".join(values["reason"].split())
    carried = [a.ip for a in server.ips if a.main]
    warning = ""
    if not turning_on and carried:
        warning = (
            f"This port carries the main IP {carried[0]}: switching it off cuts every connection "
            "to the server, SSH included. Only the port on here (or support) brings it back."
        )
    typed = (
        typed_confirmation(
            [Target(server.id, server.hostname, server.main_ip)], "off", app.policy, _tags(server)
        )
        if not turning_on
        else ""
    )
    title = f"Port {word}"
    if not await confirm(
        app,
        f"Switch port {port.port} of {server.hostname} {word}?",
        server,
        f"Switch {word}",
        warning=warning,
        typed=typed,
    ):
        return
    pin = await ask_pin(app, f"{title}: {server.hostname}", [server.hostname])
    if pin is None:
        return
    seconds = int(app.setup.config.ui.grace_period)
    if (
        not turning_on
        and seconds > 0
        and not await app.push_screen_wait(GraceCountdown(title, seconds, app.clock))
    ):
        app.say(f"{title} aborted: nothing was sent.", title="Aborted")
        return
    app.run_job(
        network.set_port(services, server.id, server.hostname, port.port, turning_on, pin, reason)
    )


def split_names(text: str) -> list[str]:
    return [n for n in re.split(r"[\s,;]+", text) if n]


async def edit_ptr(app: Host, server: Server, address: IpAddress) -> None:
    services = app.services
    if services is None or not can_change(app, "Changing a PTR"):
        return
    current = app.state.net_of(server.id).ptr.get(address.ip)
    values = await app.push_screen_wait(
        FormModal(
            f"PTR of {address.ip}",
            [
                Field(
                    "names",
                    "Names",
                    ", ".join(current.values) if current else "",
                    lambda text: network.check_ptr_values(split_names(text)),
                    placeholder="mail.example.com, other.example.com",
                )
            ],
            intro=(
                "Reverse DNS of this address. Several names are allowed, separated by commas. "
                "Set the forward (A) record to this address too, or mail servers will not "
                "trust it."
            ),
            submit="Set PTR",
        )
    )
    if values is None:
        return
    names = split_names(values["names"])
    # a lost reply included: the PTR was read back first
    record = await network.update_ptr(services, server.id, server.hostname, address.ip, names)
    wanted = tuple(n.rstrip(".") for n in names)
    if record.values == wanted:
        app.say(f"{address.ip}: {', '.join(record.values)} (read back)", title="PTR set")
    else:
        app.say(
            f"invapi now holds {', '.join(record.values) or 'no name'} for {address.ip}, "
            f"not what was sent.",
            title="PTR differs",
            severity="warning",
        )


async def set_main_ip(app: Host, server: Server, address: IpAddress) -> None:
    services = app.services
    if services is None or not can_change(app, "Setting the main IP"):
        return
    if address.main:
        app.say(f"{address.ip} is already the main IP.", severity="information")
        return
    if not await confirm(
        app,
        f"Make {address.ip} the main IP of {server.hostname}?",
        server,
        "Make main",
        ip=address.ip,
        warning=(
            "invapi records it (and the billing follows); the server's own network "
            "configuration is not changed: set the address there too."
        ),
    ):
        return
    await network.set_main_ip(services, server.id, server.hostname, address.ip)
    app.say(f"{address.ip} is now the main IP of {server.hostname}.", title="Main IP")


async def ip_details(app: Host, server: Server, address: IpAddress) -> None:
    if app.services is None:
        return
    await network.ip_details(app.services, server.id, address.ip)


async def block_ip(app: Host, server: Server, address: IpAddress) -> None:
    services = app.services
    if services is None or not can_change(app, "Blocking an IP"):
        return
    if address.locked:
        app.say(f"{address.ip} is already blocked.", severity="information")
        return
    intro = f"Traffic to and from {address.ip} stops at HOSTKEY's edge until unblocked."
    if address.main:
        intro += " It is the MAIN IP: SSH to it stops too."
    values = await app.push_screen_wait(
        FormModal(
            f"Block {address.ip} of {server.hostname}",
            [
                Field(
                    "reason",
                    "Reason",
                    check=lambda t: None if t.strip() else "A reason is required.",
                    placeholder="kept with the block",
                ),
                Field("four_hours", "Lift the block after 4 hours", "1", toggle=True),
            ],
            intro=intro,
            submit=f"Block {address.ip}",
        )
    )
    if values is None:
        return
    await network.block_ip(
        services,
        server.id,
        server.hostname,
        address.ip,
        values["reason"],
        four_hours=bool(values["four_hours"]),
    )
    lifts = " It lifts by itself in 4 hours." if values["four_hours"] else ""
    app.say(f"{address.ip} is blocked.{lifts}", title="Blocked")


async def unblock_ip(app: Host, server: Server, address: IpAddress) -> None:
    services = app.services
    if services is None or not can_change(app, "Unblocking an IP"):
        return
    if not address.locked:
        app.say(f"{address.ip} is not blocked.", severity="information")
        return
    if not await confirm(
        app, f"Unblock {address.ip} of {server.hostname}?", server, "Unblock", ip=address.ip
    ):
        return
    await network.unblock_ip(services, server.id, server.hostname, address.ip)
    app.say(f"{address.ip} is unblocked.", title="Unblocked")


async def traffic_graph(app: Host, server: Server) -> None:
    services = app.services
    if services is None:
        return
    port = app.state.net_of(server.id).port
    name = port.port if port is not None and port.port else ""
    if not name:
        name = next((a.port for a in server.ips if a.main and a.port), "")
    if not name:
        # Asking the PIN now would spend a try on a request invapi cannot answer.
        app.say(
            "The switch port is not known yet (s reads it, with the PIN): the graph is "
            "asked for by the port's name.",
            severity="warning",
        )
        return
    period = await app.push_screen_wait(
        ChooseOne(
            f"Traffic graph of {server.hostname}",
            [
                Choice("day", "Day", "the last 24 hours"),
                Choice("month", "Month", "the last 30 days"),
                Choice("year", "Year", "the last 12 months"),
            ],
        )
    )
    if period is None:
        return
    pin = await ask_pin(app, f"Traffic graph of {server.hostname} ({period})", [server.hostname])
    if pin is None:
        return  # cancelled: nothing sent
    try:
        path = await network.traffic_graph(services, server.id, name, period, folder(app), pin)
    except OSError as error:
        app.say(f"The graph could not be saved: {error.strerror}", severity="error")
        return
    finally:
        del pin  # dropped with the request, not held while the graph is looked at
    title = f"Traffic of {server.hostname}: {period}"
    switch = port.switch if port is not None else ""
    about = graph_caption(server, name, switch, period, app.clock.now())
    await app.push_screen_wait(GraphModal(title, path, can_open=can_open_files(), about=about))
