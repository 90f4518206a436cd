"""The PXE way's post-install task: `jenkins/call` (GPU drivers and the like), or none.

The documentation puts it after the install stages and the boot from disk, before the PXE
config is cleared ("Run extra Jenkins task on a server (i.e. install GPU drivers)"), and says to
offer `jenkins/get_tasks`'s tasks for the servers their tags fit (gpu, vgpu, bm, vm: the kinds
of server). Running one is a change that is not idempotent: sent once, never retried; a lost
reply is "unknown", never sent again. Choosing none sends nothing and passes the step.
"""

from __future__ import annotations

from hostkey_tui.api import InvapiError
from hostkey_tui.models.catalog import JenkinsTask
from hostkey_tui.models.orders import JENKINS_NOTHING
from hostkey_tui.models.server import ServerKind
from hostkey_tui.models.tasks import TaskState
from hostkey_tui.services.context import Services
from hostkey_tui.services.jobs import end_job, end_unanswered, follow
from hostkey_tui.state.state import Job


async def tasks_for(services: Services, kind: ServerKind) -> tuple[JenkinsTask, ...]:
    """The post-install tasks this kind of server fits (`jenkins/get_tasks`, a read).

    Raises:
        InvapiError: the list could not be read (never taken as "none fits").
    """
    return fitting(await services.client.catalog.jenkins_tasks(), kind)


def fitting(tasks: tuple[JenkinsTask, ...], kind: ServerKind) -> tuple[JenkinsTask, ...]:
    """The tasks offered for a server of this kind: those tagged for it (a task with no tags
    at all is offered too: nothing says it does not fit). "Do nothing" is never among them:
    the dialog offers none itself."""
    return tuple(
        t for t in tasks if t.id != JENKINS_NOTHING and (not t.tags or kind.value in t.tags)
    )


async def run_task(
    services: Services, job: Job, label: tuple[str, ...], server_id: int, task: JenkinsTask | None
) -> Job:
    """Run `task` on the server (None, or "do nothing": nothing is sent, the step passes);
    followed as a job when invapi answers with a key."""
    if task is None or task.id == JENKINS_NOTHING:
        services.audit("pxe_reinstall", (*label, "no post-install task"), "skipped")
        return end_job(services, job, TaskState.DONE, "no post-install task: nothing sent")
    named = (*label, f"task {task.id} {task.description}")
    try:
        handle = await services.client.jenkins.call(server_id, task.id)
    except InvapiError as error:
        return end_unanswered(services, job, named, error)
    services.audit(job.action, named, "sent")
    if handle is None:
        # assumed: a plain OK means invapi took the task on; nothing to follow.
        services.audit(job.action, named, "done", "started (no key to follow)")
        return end_job(services, job, TaskState.DONE, f"{task.description}: started")
    job, _ = await follow(services, job, handle)
    services.audit(job.action, named, job.state.value, job.message)
    return job
