"""Following async keys as jobs: every step of a task becomes a `JobUpdated` in the store."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from hostkey_tui.api import ApiError, InvapiError, PinRejected, ReplyLost, TransportError
from hostkey_tui.models.tasks import TaskState
from hostkey_tui.services.context import Services, outcome_of
from hostkey_tui.state.events import JobUpdated, PinAccepted, PinRefused
from hostkey_tui.state.state import Job

if TYPE_CHECKING:
    from hostkey_tui.api.tasks import TaskEvent, TaskHandle


def new_job(
    services: Services,
    kind: str,
    action: str,
    title: str,
    server_id: int | None,
    *,
    sending: bool = False,
    quiet: bool = False,
) -> Job:
    """A job, recorded in the store at once (before anything is sent, when `sending`)."""
    job = Job(
        id=services.next_job_id(),
        kind=kind,
        action=action,
        title=title,
        server_id=server_id,
        started=services.clock.now(),
        message="sending…" if sending else "",
        sending=sending,
        quiet=quiet,
    )
    services.store.dispatch(JobUpdated(job))
    return job


def end_job(services: Services, job: Job, state: TaskState, message: str) -> Job:
    ended = replace(job, state=state, message=message, sending=False, finished=services.clock.now())
    services.store.dispatch(JobUpdated(ended))
    return ended


async def follow(
    services: Services, job: Job, handle: TaskHandle, *, secret: bool = False
) -> tuple[Job, TaskEvent | None]:
    """Watch `handle` to its end, keeping `job` up to date in the store.

    With `secret`, the reply's words (a console file, a password) never reach the job: it says
    only how the task went; the caller takes what it needs from the returned event.
    """
    from hostkey_tui.api.tasks import watch  # with httpx: not before the first frame

    job = replace(job, sending=False, message="")
    services.store.dispatch(JobUpdated(job))
    last: TaskEvent | None = None
    async for event in watch(services.client.callback, handle, clock=services.clock):
        last = event
        message = event.message
        if secret:
            message = "ready" if event.state is TaskState.DONE else ""
            if event.state.final and event.state is not TaskState.DONE:
                message = event.state.value
        stage_times = job.stage_times
        if event.stage is not None and event.stage.number not in dict(stage_times):
            stage_times = (*stage_times, (event.stage.number, services.clock.now()))
        debug = job.debug
        failed = event.final and event.state is not TaskState.DONE
        if not secret and failed and event.reply is not None and event.reply.debug:
            debug = event.reply.debug
        job = replace(
            job,
            state=event.state,
            message=message or job.message,
            stage=event.stage or job.stage,
            finished=services.clock.now() if event.final else None,
            stage_times=stage_times,
            debug=debug,
        )
        services.store.dispatch(JobUpdated(job))
    return job, last


#: A request whose reply was lost may have been carried out: it is never sent again.
UNKNOWN_OUTCOME = "unknown — the reply was lost; look before trying again"


def end_unanswered(services: Services, job: Job, label: tuple[str, ...], error: InvapiError) -> Job:
    """End a job whose request failed to start, saying why (journal and store alike): a
    rejected PIN counts toward the lockout, a lost reply is "unknown" and never resent."""
    if isinstance(error, PinRejected):
        services.store.dispatch(PinRefused(error.blocked))
        services.audit(job.action, label, "refused", "PIN rejected")
        return end_job(services, job, TaskState.FAILED, "PIN rejected: nothing was done")
    if isinstance(error, ReplyLost):
        services.audit(job.action, label, "unknown", error.message)
        return end_job(services, job, TaskState.UNKNOWN, UNKNOWN_OUTCOME)
    if isinstance(error, TransportError):
        services.audit(job.action, label, "not sent", error.message)
        return end_job(services, job, TaskState.FAILED, f"not sent: {error.message}")
    services.audit(job.action, label, outcome_of(error), error.message)
    return end_job(services, job, TaskState.FAILED, error.message)


async def send_once(
    services: Services,
    job: Job,
    label: tuple[str, ...],
    start: Callable[[], Awaitable[TaskHandle]],
    *,
    pin_sent: bool = False,
    secret: bool = False,
) -> tuple[Job, TaskEvent | None]:
    """Send one async request, exactly once, then follow it to its end.

    Every outcome goes to the audit journal. A lost reply ends the job as UNKNOWN, never
    retried; a rejected PIN is counted toward the lockout.
    """
    try:
        handle = await start()
    except InvapiError as error:
        return end_unanswered(services, job, label, error), None
    if pin_sent:
        services.store.dispatch(PinAccepted())
    services.audit(job.action, label, "sent")
    job, event = await follow(services, job, handle, secret=secret)
    services.audit(job.action, label, job.state.value, job.message)
    return job, event


def refuse_early(
    services: Services, what: str, server_id: int, hostname: str, kind: str, *, pin: bool
) -> None:
    """Refuse before anything is sent: read-only, the same work under way.

    Raises:
        ReadOnlyRefused, PinRejected, ApiError: nothing was sent.
    """
    services.ensure_writable(what)
    state = services.store.state
    del pin  # a PIN blocked by invapi is its to refuse: the user decides whether to try
    if state.busy(server_id, kind):
        raise ApiError(f"{what} of {hostname} is already under way: nothing was sent.")


async def send_job(
    services: Services,
    target: tuple[int, str],
    job: tuple[str, str, str],
    start: Callable[[], Awaitable[TaskHandle]],
    *,
    what: str,
    detail: tuple[str, ...] = (),
    pin_sent: bool = False,
    secret: bool = False,
) -> tuple[Job, TaskEvent | None]:
    """Refuse early, record the job (kind, action, title), send once, follow it to its end."""
    server_id, hostname = target
    kind, action, title = job
    refuse_early(services, what, server_id, hostname, kind, pin=pin_sent)
    made = new_job(services, kind, action, title, server_id, sending=True)
    label = (f"{hostname} ({server_id})", *detail)
    return await send_once(services, made, label, start, pin_sent=pin_sent, secret=secret)
