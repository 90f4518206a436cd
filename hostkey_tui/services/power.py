"""Power: status, on, off, reboot and force off (eq/hard_off); one request per server per
confirmed action, never resent.

A lost reply leaves the server "unknown — check status": the request may have been carried
out, and sending it again could reboot a server twice.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from hostkey_tui.api import ApiError, InvapiError, PinRejected, ReplyLost, TransportError
from hostkey_tui.models.common import Secret
from hostkey_tui.models.tasks import TaskState, power_from_text
from hostkey_tui.records import dataclass
from hostkey_tui.services.context import Services, outcome_of
from hostkey_tui.services.jobs import end_job, follow, new_job
from hostkey_tui.state.events import (
    JobUpdated,
    PinAccepted,
    PinRefused,
    PowerRead,
    ServersLoaded,
)
from hostkey_tui.state.state import Job

if TYPE_CHECKING:
    from hostkey_tui.api.tasks import TaskHandle

#: action → (what the user asks for, what the server then is)
POWER_ACTIONS = {
    "on": ("Power on", True),
    "off": ("Power off", False),
    "reboot": ("Reboot", True),
    # eq/hard_off: forced, through IPMI or OpenStack (like pulling the plug)
    "hard_off": ("Force off", False),
}
UNKNOWN = "unknown — check status"


@dataclass(frozen=True, slots=True)
class Target:
    server_id: int
    hostname: str
    main_ip: str = ""


async def check_status(services: Services, target: Target, *, quiet: bool = False) -> Job:
    """Read the power state (async), shown live; a read, so allowed in read-only mode.

    `quiet`: asked by the app itself (after a lost reply): listed, without a toast of its own.
    """
    job = new_job(
        services,
        "status",
        "status",
        f"Power status of {target.hostname}",
        target.server_id,
        quiet=quiet,
    )
    try:
        handle = await services.client.eq.status(target.server_id)
    except InvapiError as error:
        return end_job(services, job, TaskState.FAILED, error.message)
    job, event = await follow(services, job, handle)
    if job.state is TaskState.DONE and event is not None:
        on = power_from_text(event.message + " " + (event.reply.debug if event.reply else ""))
        services.store.dispatch(
            PowerRead(target.server_id, on, event.message, services.clock.now())
        )
    return job


async def power(
    services: Services,
    targets: Sequence[Target],
    action: str,
    pin: Secret,
    *,
    wait: bool = True,
) -> list[Job]:
    """Send `action` to every target once, then follow each to its end (unless not `wait`:
    the command line without `--wait` returns once invapi has taken every request).

    Raises:
        ReadOnlyRefused: the session is read-only (nothing sent).
        ApiError: a power action is already under way for a target (nothing sent).
    """
    title, _ = POWER_ACTIONS[action]
    services.ensure_writable(title)
    # a server named twice is sent to once
    targets = list({t.server_id: t for t in targets}.values())
    state = services.store.state
    busy = [t.hostname for t in targets if state.busy(t.server_id, "power")]
    if busy:
        raise ApiError(
            f"A power action is already under way for {', '.join(busy)}: nothing was sent."
        )

    jobs = [
        new_job(services, "power", action, f"{title} {t.hostname}", t.server_id, sending=True)
        for t in targets
    ]
    latest = {job.id: job for job in jobs}

    def ended(job: Job, state: TaskState, message: str) -> None:
        latest[job.id] = end_job(services, job, state, message)

    follows = []
    for index, (target, job) in enumerate(zip(targets, jobs, strict=True)):
        label = (f"{target.hostname} ({target.server_id})",)
        try:
            handle = await services.client.eq.power(target.server_id, action, pin)
        except PinRejected as error:
            services.store.dispatch(PinRefused(error.blocked))
            ended(job, TaskState.FAILED, "PIN rejected: nothing was done")
            for skipped in jobs[index + 1 :]:
                ended(skipped, TaskState.FAILED, "not sent (the PIN was rejected)")
            services.audit(action, label, "refused", "PIN rejected")
            break
        except ReplyLost as error:
            ended(job, TaskState.UNKNOWN, f"{UNKNOWN}: {error.message}")
            services.store.dispatch(
                PowerRead(target.server_id, None, UNKNOWN, services.clock.now())
            )
            services.audit(action, label, "unknown", error.message)
            continue
        except TransportError as error:
            ended(job, TaskState.FAILED, f"not sent: {error.message}")
            services.audit(action, label, "not sent", error.message)
            continue
        except InvapiError as error:
            ended(job, TaskState.FAILED, error.message)
            services.audit(action, label, outcome_of(error), error.message)
            continue
        services.store.dispatch(PinAccepted())
        services.audit(action, label, "sent")
        if wait:
            follows.append(_follow_power(services, job, handle, target, action))
        else:
            latest[job.id] = _taken(services, job)
    for job in await asyncio.gather(*follows):
        latest[job.id] = job
    return [latest[job.id] for job in jobs]


def _taken(services: Services, job: Job) -> Job:
    """A job invapi took and nobody follows: sent, its end not known here (still pending)."""
    taken = replace(job, sending=False, message="sent; not followed")
    services.store.dispatch(JobUpdated(taken))
    return taken


async def _follow_power(
    services: Services, job: Job, handle: TaskHandle, target: Target, action: str
) -> Job:
    job, _ = await follow(services, job, handle)
    label = (f"{target.hostname} ({target.server_id})",)
    if job.state is TaskState.DONE:
        _, on = POWER_ACTIONS[action]
        services.store.dispatch(
            PowerRead(target.server_id, on, job.message, services.clock.now(), seen=False)
        )
        services.audit(action, label, "done", job.message)
        await read_back(services, target)
    else:
        services.audit(action, label, job.state.value, job.message)
    return job


async def read_back(services: Services, target: Target) -> None:
    """After a power change: what invapi now says of the server (eq/show: its status, such as
    a suspension; eq/status: its power), so that the list, the header and the Power tab say
    what invapi says, not what was asked (billing may power a suspended server off again).

    A read that fails leaves what the change's own reply said; it is not the change failing.
    """
    with contextlib.suppress(InvapiError):
        server = await services.client.eq.show(target.server_id)
        services.store.dispatch(ServersLoaded((server,), services.clock.now()))
    await check_status(services, target, quiet=True)
