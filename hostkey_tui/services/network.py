"""The Network tab's work: switch port status and power, PTR, main IP, blocks, traffic graphs.

Changes are sent once and then read back, so what the tab shows is what invapi holds, not what
the app hoped it would hold.
"""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Sequence
from pathlib import Path

from hostkey_tui.api import ApiError, InvapiError, PinRejected, ReplyLost
from hostkey_tui.config.paths import write_private
from hostkey_tui.models.common import Secret
from hostkey_tui.models.errors import MalformedReply
from hostkey_tui.models.network import (
    IpInfo,
    PtrRecord,
    check_ptr_name,
    port_status_from_scope,
)
from hostkey_tui.models.tasks import TaskState, pin_says_blocked
from hostkey_tui.services.context import Services, outcome_of
from hostkey_tui.services.jobs import end_job, follow, new_job, send_job
from hostkey_tui.services.servers import refresh_server
from hostkey_tui.state.events import PinAccepted, PinRefused
from hostkey_tui.state.net_events import (
    ForwardChecked,
    GraphSaved,
    IpBlocked,
    IpInfoRead,
    IpUnblocked,
    PortStatusAsked,
    PortStatusFailed,
    PortStatusRead,
    PortSwitched,
    PtrFailed,
    PtrRead,
)
from hostkey_tui.state.state import Job

FORWARD_OK = "✓ forward-confirmed"
#: What a refused unblock of a block not set here means (invapi lets only staff lift those).
STAFF_BLOCK = (
    "This block was set by HOSTKEY staff (abuse handling, for instance): a client cannot lift "
    "it. Ask support, or a remote-hands request of type UNBLOCK."
)


async def system_resolver(name: str) -> tuple[str, ...]:
    """The addresses `name` resolves to from here (nothing when it does not, within 2 s)."""
    loop = asyncio.get_running_loop()
    try:
        infos = await asyncio.wait_for(
            loop.getaddrinfo(name, None, type=socket.SOCK_STREAM), timeout=2.0
        )
    except (OSError, TimeoutError, UnicodeError):
        return ()
    return tuple(sorted({str(info[4][0]) for info in infos}))


async def read_port_status(services: Services, server_id: int, hostname: str, pin: Secret) -> Job:
    """The switch port behind the server (`net/get_status`, async); a read, allowed read-only.

    invapi wants the PIN for it (required in the documentation's table), so it is read only
    when the user asks, with the PIN they gave for it; the PIN is sent once and not kept.
    Whatever the outcome, the tab says it in place of the status: read, or why not.
    """
    job = new_job(services, "network", "port_status", f"Port status of {hostname}", server_id)
    services.store.dispatch(PortStatusAsked(server_id))
    try:
        handle = await services.client.net.get_status(server_id, pin)
    except InvapiError as error:
        if isinstance(error, PinRejected):
            services.store.dispatch(PinRefused(error.blocked))
        services.store.dispatch(PortStatusFailed(server_id, error.message))
        return end_job(services, job, TaskState.FAILED, error.message)
    job, event = await follow(services, job, handle)
    reply = event.reply if event is not None else None
    if reply is not None and reply.pin:
        # The verdict on the PIN can come with the outcome, when the key is polled.
        services.store.dispatch(PinRefused(pin_says_blocked({"debug": reply.debug})))
    elif job.state is TaskState.DONE:
        services.store.dispatch(PinAccepted())
    if job.state is TaskState.DONE and event is not None and event.reply is not None:
        try:
            status = port_status_from_scope(event.reply.scope)
        except MalformedReply as error:
            services.store.dispatch(PortStatusFailed(server_id, error.message))
            return end_job(services, job, TaskState.FAILED, error.message)
        services.store.dispatch(PortStatusRead(server_id, status, services.clock.now()))
    else:
        services.store.dispatch(PortStatusFailed(server_id, job.message or job.state.value))
    return job


async def set_port(
    services: Services,
    server_id: int,
    hostname: str,
    port: str,
    on: bool,
    pin: Secret,
    reason: str = "",
) -> Job:
    """Switch the server's switch port on or off, once, then read its status again.

    Raises:
        ReadOnlyRefused: the session is read-only (nothing sent).
        PinRejected: the PIN is locked (nothing sent).
        ApiError: a port change is already under way (nothing sent).
    """
    word = "on" if on else "off"
    job, _ = await send_job(
        services,
        (server_id, hostname),
        ("port", f"port_{word}", f"Port {port} {word} on {hostname}"),
        lambda: services.client.net.port(server_id, port, on, pin, reason),
        what=f"Switching the port {word}",
        detail=(port,),
        pin_sent=True,
    )
    if job.state in (TaskState.DONE, TaskState.UNKNOWN):
        # Read back what the switch says, whether or not the reply came: with the PIN given
        # for this change (get_status wants one), still within this one call.
        services.store.dispatch(PortSwitched(server_id))
        await read_port_status(services, server_id, hostname, pin)
    return job


async def _forward(services: Services, server_id: int, record: PtrRecord) -> None:
    if services.resolve is None or not record.values:
        return
    results = await asyncio.gather(*(services.resolve(name) for name in record.values))
    checked: dict[str, str] = {}
    for name, addresses in zip(record.values, results, strict=True):
        if record.ip in addresses:
            checked[f"{record.ip} {name}"] = FORWARD_OK
        elif addresses:
            checked[f"{record.ip} {name}"] = f"resolves to {', '.join(addresses[:3])}"
        else:
            checked[f"{record.ip} {name}"] = "does not resolve from here"
    services.store.dispatch(ForwardChecked(server_id, checked))


async def read_ptr(services: Services, server_id: int, ip: str) -> PtrRecord:
    """The PTR of one IP, then its forward check (where the names resolve from here).

    A failure is kept for that IP, said where its PTR would be; reading it again clears it.
    """
    try:
        record = await services.client.ip.get_ptr(server_id, ip)
    except InvapiError as error:
        services.store.dispatch(PtrFailed(server_id, ip, error.message))
        raise
    services.store.dispatch(PtrRead(server_id, ip, record))
    await _forward(services, server_id, record)
    return record


async def read_ptrs(services: Services, server_id: int, ips: Sequence[str]) -> list[str]:
    """Every IP's PTR; what could not be read, as messages (the rest is shown meanwhile)."""
    results = await asyncio.gather(
        *(read_ptr(services, server_id, ip) for ip in ips), return_exceptions=True
    )
    problems = []
    for ip, result in zip(ips, results, strict=True):
        if isinstance(result, InvapiError):
            problems.append(f"PTR of {ip}: {result.message}")
        elif isinstance(result, BaseException):
            raise result
    return problems


def check_ptr_values(values: Sequence[str]) -> str | None:
    if not values:
        return "At least one name."
    for value in values:
        problem = check_ptr_name(value)
        if problem:
            return f"{value.strip() or '(empty)'}: {problem}"
    return None


async def update_ptr(
    services: Services, server_id: int, hostname: str, ip: str, values: Sequence[str]
) -> PtrRecord:
    """Set the PTR names of `ip`, then read them back (what is returned is what invapi holds).

    Raises:
        ApiError: a name is not valid (nothing sent), or invapi refused.
        ReplyLost: sent, no reply; the PTR was read back before this is raised.
    """
    services.ensure_writable("Changing a PTR record")
    names = [v.strip().rstrip(".") for v in values if v.strip()]
    problem = check_ptr_values(names)
    if problem:
        raise ApiError(f"{problem} Nothing was sent.", title="Not sent")
    label = (f"{hostname} ({server_id})", ip)
    try:
        await services.client.ip.update_ptr(server_id, ip, names)
    except ReplyLost as error:
        services.audit("update_ptr", label, "unknown", error.message)
        await read_ptr(services, server_id, ip)
        raise
    except InvapiError as error:
        services.audit("update_ptr", label, outcome_of(error), error.message)
        raise
    services.audit("update_ptr", label, "done", ", ".join(names))
    return await read_ptr(services, server_id, ip)


async def set_main_ip(services: Services, server_id: int, hostname: str, ip: str) -> None:
    """Make `ip` the server's main address (invapi updates the billing too), then re-read."""
    services.ensure_writable("Setting the main IP")
    label = (f"{hostname} ({server_id})", ip)
    try:
        await services.client.ip.set_main(server_id, ip)
    except ReplyLost as error:
        services.audit("set_main", label, "unknown", error.message)
        await refresh_server(services, server_id)
        raise
    except InvapiError as error:
        services.audit("set_main", label, outcome_of(error), error.message)
        raise
    services.audit("set_main", label, "done")
    await refresh_server(services, server_id)


async def ip_details(services: Services, server_id: int, ip: str) -> IpInfo:
    info = await services.client.ip.get_ip(ip)
    services.store.dispatch(IpInfoRead(server_id, ip, info))
    return info


async def block_ip(
    services: Services, server_id: int, hostname: str, ip: str, reason: str, *, four_hours: bool
) -> None:
    """Block `ip` at HOSTKEY's edge (with a reason; lifted after 4 hours when asked).

    Raises:
        ApiError: no reason (nothing sent), or invapi refused.
        ReplyLost: sent, no reply; the server was read again before this is raised.
    """
    services.ensure_writable("Blocking an IP")
    reason = " ".join(reason.split())
    if not reason:
        raise ApiError("A reason is required (invapi keeps it with the block). Nothing was sent.")
    label = (f"{hostname} ({server_id})", ip)
    try:
        await services.client.net.block_ip(server_id, ip, reason, four_hours=four_hours)
    except ReplyLost as error:
        services.audit("block_ip", label, "unknown", error.message)
        await refresh_server(services, server_id)
        raise
    except InvapiError as error:
        services.audit("block_ip", label, outcome_of(error), error.message)
        raise
    services.audit("block_ip", label, "done", reason + (" (4 hours)" if four_hours else ""))
    until = services.clock.now() + 4 * 3600 if four_hours else None
    services.store.dispatch(IpBlocked(server_id, ip, until))
    await refresh_server(services, server_id)


def _locked(services: Services, server_id: int, ip: str) -> bool:
    server = services.store.state.servers.get(server_id)
    return server is not None and any(a.ip == ip and a.locked for a in server.ips)


async def unblock_ip(services: Services, server_id: int, hostname: str, ip: str) -> None:
    """Lift a block; a staff block is refused by invapi, and said so plainly.

    Raises:
        ApiError: refused (a staff block is explained as such).
    """
    services.ensure_writable("Unblocking an IP")
    label = (f"{hostname} ({server_id})", ip)
    held = services.store.state.net_of(server_id)
    try:
        await services.client.net.unblock_ip(server_id, ip)
    except ReplyLost as error:
        services.audit("unblock_ip", label, "unknown", error.message)
        await refresh_server(services, server_id)
        raise
    except InvapiError as error:
        outcome = "refused" if isinstance(error, ApiError) else outcome_of(error)
        services.audit("unblock_ip", label, outcome, error.message)
        if (
            isinstance(error, ApiError)
            and _locked(services, server_id, ip)
            and (ip not in held.blocked_here)
        ):
            raise ApiError(
                f"{STAFF_BLOCK}\ninvapi said: {error.message}", title="Not unblocked"
            ) from error
        raise
    services.audit("unblock_ip", label, "done")
    services.store.dispatch(IpUnblocked(server_id, ip))
    await refresh_server(services, server_id)


async def traffic_graph(
    services: Services, server_id: int, port: str, period: str, folder: Path, pin: Secret
) -> Path:
    """A `net/show_cacti` graph saved 0600 in `folder`; its path. The PIN (required by invapi)
    is sent once and not kept.

    Raises:
        PinRejected: invapi did not take the PIN (counted toward its block).
        ApiError: invapi sent something that is not an image.
        OSError: the file could not be written.
    """
    try:
        data = await services.client.net.show_cacti(server_id, port, period, pin)
    except PinRejected as error:
        services.store.dispatch(PinRefused(error.blocked))
        raise
    if not data.startswith((b"\x89PNG", b"GIF8", b"\xff\xd8")):
        raise ApiError(f"invapi sent something that is not an image for the {period} graph.")
    suffix = ".png" if data.startswith(b"\x89PNG") else ".gif" if data[:1] == b"G" else ".jpg"
    path = folder / f"traffic-{server_id}-{period}{suffix}"
    write_private(path, data)
    services.store.dispatch(GraphSaved(server_id, period, str(path)))
    return path
