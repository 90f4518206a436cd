"""Extra IPv4 addresses of a server: the free ones, adding some, removing one.

`net/add_ipv4` is not idempotent (beyond-the-docs §5): sent once, never again on its own. Each
change is a job of kind "ipv4" (the Network tab lists it), journaled by the client's change
hooks before it is sent and here with how it ended. A lost reply is "unknown": the server is read
back, and the change book refuses the same change until invapi was asked what became of it. The
PIN is checked with invapi by the UI before either change (no source shows `net.php` taking one,
so it is not sent with them).
"""

from __future__ import annotations

import contextlib

from hostkey_tui.api import ApiError, InvapiError, ReplyLost
from hostkey_tui.models.ipv4 import Ipv4Entry
from hostkey_tui.models.server import IpAddress, Server
from hostkey_tui.models.tasks import TaskState
from hostkey_tui.services.context import Services
from hostkey_tui.services.jobs import end_job, end_unanswered, new_job
from hostkey_tui.services.network import read_ptrs
from hostkey_tui.services.servers import refresh_server
from hostkey_tui.state.state import Job

KIND = "ipv4"
#: The most addresses asked for at once (no source states invapi's limit: a sane bound on a
#: change that is billed).
MOST_AT_ONCE = 4
#: The price of an address: no source shows one (Terraform's documentation says only "may be
#: billed depending on the account and location").
PRICE_UNKNOWN = (
    "The price is not known here: HOSTKEY bills extra addresses by account and location, and "
    "the billing invoices it."
)


def main_address(server: Server) -> IpAddress | None:
    return next((a for a in server.ips if a.main), server.ips[0] if server.ips else None)


def port_of(server: Server) -> tuple[str, int | None]:
    """The interface and VLAN new addresses go on: the main address's (eth0 when unknown, as
    Terraform's default)."""
    main = main_address(server)
    if main is None:
        return "eth0", None
    return main.port or "eth0", main.vlan


def removable(server: Server, ip: str) -> bool:
    """Whether `ip` is one of the server's extra addresses (the main one never is)."""
    return any(a.ip == ip and not a.main for a in server.ips)


async def free_ipv4(services: Services, server: Server) -> tuple[Ipv4Entry, ...]:
    """The free addresses the server could take on its main port and VLAN (a read).

    Raises:
        InvapiError: they could not be read (said as such, never as "none free").
    """
    port, vlan = port_of(server)
    return await services.client.net.show_ipv4_free(server.id, port, vlan)


def _refuse_early(services: Services, what: str, server: Server) -> None:
    """Read-only, or an address change of this server under way: nothing is sent.

    Raises:
        ReadOnlyRefused, ApiError: nothing was sent.
    """
    services.ensure_writable(what)
    if services.store.state.busy(server.id, KIND):
        raise ApiError(
            f"An address change of {server.hostname} is under way: nothing was sent.",
            title="Not sent",
        )


async def _ended_unknown(
    services: Services, job: Job, server: Server, label: tuple[str, ...], error: ReplyLost
) -> Job:
    """The reply was lost: it may have happened. Said so (never sent again), and the server
    read back so the tab shows what invapi holds now."""
    ended = end_unanswered(services, job, label, error)
    # A failed read back is the change book's to ask again; the job already says "unknown".
    with contextlib.suppress(InvapiError):
        await refresh_server(services, server.id)
    return ended


async def add_ipv4(
    services: Services, server: Server, amount: int, ips: tuple[str, ...] = ()
) -> Job:
    """Add `amount` addresses (or these `ips`) to the server, once; then read it back.

    Raises:
        ReadOnlyRefused, ApiError: refused before anything was sent.
    """
    _refuse_early(services, "Adding IPv4 addresses", server)
    if not ips and not 1 <= amount <= MOST_AT_ONCE:
        raise ApiError(
            f"Between 1 and {MOST_AT_ONCE} addresses at a time. Nothing was sent.", title="Not sent"
        )
    port, vlan = port_of(server)
    count = len(ips) or amount
    what = ", ".join(ips) if ips else f"{count} address{'es' if count > 1 else ''}"
    job = new_job(
        services, KIND, "add_ipv4", f"Add {what} to {server.hostname}", server.id, sending=True
    )
    label = (f"{server.hostname} ({server.id})", what, f"port {port}")
    try:
        added = await services.client.net.add_ipv4(server.id, port, amount, vlan, ips)
    except ReplyLost as error:
        return await _ended_unknown(services, job, server, label, error)
    except InvapiError as error:
        return end_unanswered(services, job, label, error)
    named = ", ".join(e.ip for e in added) or "invapi named none: read the server back"
    services.audit("add_ipv4", label, "done", named)
    try:
        refreshed = await refresh_server(services, server.id)
    except InvapiError as error:
        return _done_unread(services, job, f"added {named}", error)
    job = end_job(services, job, TaskState.DONE, f"added {named}")
    new = [a.ip for a in refreshed.ips if a.ip in {e.ip for e in added}]
    if new:
        await read_ptrs(services, server.id, new)  # what fails is said in place, by IP
    return job


def _done_unread(services: Services, job: Job, done: str, error: InvapiError) -> Job:
    """The change is done (invapi said so); only reading the server back failed: said as
    such, never as the change failing."""
    return end_job(
        services,
        job,
        TaskState.DONE,
        f"{done}; the server could not be read back ({error.message}): r reads it again",
    )


async def remove_ipv4(services: Services, server: Server, ip: str) -> Job:
    """Take one extra address off the server (invapi clears its PTR), once; then read it back.

    Raises:
        ReadOnlyRefused, ApiError: refused before anything was sent (the main address, or one
            the server does not hold).
    """
    _refuse_early(services, "Removing an IPv4 address", server)
    if not removable(server, ip):
        why = (
            "is the server's main address"
            if any(a.ip == ip and a.main for a in server.ips)
            else "is not an address of this server"
        )
        raise ApiError(f"{ip} {why}: it cannot be removed. Nothing was sent.", title="Not sent")
    job = new_job(
        services,
        KIND,
        "remove_ipv4",
        f"Remove {ip} from {server.hostname}",
        server.id,
        sending=True,
    )
    label = (f"{server.hostname} ({server.id})", ip)
    try:
        await services.client.net.remove_ipv4(server.id, ip)
    except ReplyLost as error:
        return await _ended_unknown(services, job, server, label, error)
    except InvapiError as error:
        return end_unanswered(services, job, label, error)
    services.audit("remove_ipv4", label, "done")
    try:
        await refresh_server(services, server.id)
    except InvapiError as error:
        return _done_unread(services, job, f"removed {ip} (and its PTR)", error)
    return end_job(services, job, TaskState.DONE, f"removed {ip} (and its PTR)")
