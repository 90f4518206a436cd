"""Following async keys as jobs: every step of a task becomes a `JobUpdated` in the store."""

from __future__ import annotations

from dataclasses import replace

from hostkey_tui.api import watch
from hostkey_tui.api.tasks import TaskEvent, TaskHandle
from hostkey_tui.models.tasks import TaskState
from hostkey_tui.services.context import Services
from hostkey_tui.state.events import JobUpdated
from hostkey_tui.state.state import Job


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


async def follow(services: Services, job: Job, handle: TaskHandle) -> tuple[Job, TaskEvent | None]:
    """Watch `handle` to its end, keeping `job` up to date in the store."""
    job = replace(job, sending=False, message="")
    services.store.dispatch(JobUpdated(job))
    last: TaskEvent | None = None
    async for event in watch(services.client.callback, handle, clock=services.clock):
        last = event
        job = replace(
            job,
            state=event.state,
            message=event.message or job.message,
            stage=event.stage or job.stage,
            finished=services.clock.now() if event.final else None,
        )
        services.store.dispatch(JobUpdated(job))
    return job, last
