"""The PXE way's post-install task (`jenkins/call`): where the documentation puts it (after the
boot from disk, before the PXE config is cleared), the tasks a server's kind fits, sent once
and followed, none sending nothing, a lost reply unknown and never resent."""

from __future__ import annotations

import asyncio

from hostkey_tui.api import InvapiClient
from hostkey_tui.models.catalog import JenkinsTask
from hostkey_tui.models.server import ServerKind
from hostkey_tui.models.tasks import TaskState
from hostkey_tui.services import install, post_install
from hostkey_tui.services.context import Services
from hostkey_tui.services.install import PXE_STEPS
from hostkey_tui.services.jobs import UNKNOWN_OUTCOME
from hostkey_tui.simulator.world import World
from tests.services.test_install import PIN, options, services  # noqa: F401 - the fixture

GPU = 40022  # nl-gpu-01


def test_the_step_is_where_the_documentation_puts_it() -> None:
    names = [name for name, _ in PXE_STEPS]
    assert names.index("boot_disk") + 1 == names.index("post_install")
    assert names.index("post_install") + 1 == names.index("clear_pxe") == len(names) - 1


async def test_the_tasks_offered_are_those_the_server_s_kind_fits(client: InvapiClient) -> None:
    tasks = await client.catalog.jenkins_tasks()
    assert [t.id for t in post_install.fitting(tasks, ServerKind.GPU)] == [1, 2, 3]
    assert post_install.fitting(tasks, ServerKind.BARE_METAL) == ()
    assert post_install.fitting(tasks, ServerKind.VM) == ()
    untagged = JenkinsTask(7, "x.dsl", "Something")
    assert post_install.fitting((untagged,), ServerKind.VM) == (untagged,)


async def _to_post_install(made: Services, server_id: int, hostname: str) -> None:
    """The PXE way's steps up to the post-install one."""
    run = install.start_pxe(made, server_id, hostname)
    await install.pxe_step(made, run)
    run = made.store.state.pxe[server_id]
    job = await install.pxe_step(made, run, pin=PIN, options=options(), scheme="LVM_RAID0")
    assert job.state is TaskState.DONE, job.message
    while PXE_STEPS[made.store.state.pxe[server_id].step][0] != "post_install":
        job = await install.pxe_step(made, made.store.state.pxe[server_id], pin=PIN)
        assert job.state is TaskState.DONE, (job.title, job.message)


async def test_a_gpu_task_is_sent_once_followed_and_the_way_ends_clearing_the_config(
    services: Services,  # noqa: F811
    world: World,
    client: InvapiClient,
) -> None:
    await _to_post_install(services, GPU, "nl-gpu-01")
    task = next(t for t in await client.catalog.jenkins_tasks() if t.id == 1)
    job = await install.pxe_step(services, services.store.state.pxe[GPU], task=task)
    assert job.state is TaskState.DONE and "done" in job.message, job.message
    assert job.action == "pxe_post_install"
    sent = world.logged("jenkins", "call")
    assert len(sent) == 1 and (sent[0].field("id"), sent[0].field("jenkins_task")) == (
        str(GPU),
        "1",
    )
    assert "pin" not in sent[0].form
    job = await install.pxe_step(services, services.store.state.pxe[GPU])  # clear
    assert job.state is TaskState.DONE and GPU not in services.store.state.pxe
    order = [f"{r.resource}/{r.action}" for r in world.requests]
    last_disk = max(i for i, r in enumerate(world.requests) if r.action == "boot_dev")
    assert last_disk < order.index("jenkins/call") < order.index("eq/clear_pxe")
    assert world.logged("eq", "boot_dev")[-1].field("media") == "disk"


async def test_no_task_sends_nothing_and_passes_the_step(
    services: Services,  # noqa: F811
    world: World,
) -> None:
    await _to_post_install(services, GPU, "nl-gpu-01")
    job = await install.pxe_step(services, services.store.state.pxe[GPU])
    assert job.state is TaskState.DONE and "nothing sent" in job.message
    assert world.count("jenkins", "call") == 0
    assert PXE_STEPS[services.store.state.pxe[GPU].step][0] == "clear_pxe"


async def test_a_lost_reply_is_unknown_the_step_kept_and_never_resent(
    services: Services,  # noqa: F811
    world: World,
    client: InvapiClient,
) -> None:
    await _to_post_install(services, GPU, "nl-gpu-01")
    task = next(t for t in await client.catalog.jenkins_tasks() if t.id == 2)
    world.faults.add("drop_reply", "jenkins/call", times=1)
    job = await install.pxe_step(services, services.store.state.pxe[GPU], task=task)
    assert job.state is TaskState.UNKNOWN and job.message == UNKNOWN_OUTCOME
    assert world.count("jenkins", "call") == 1
    # The run stays at the step (the config is still set, the reminder stays).
    run = services.store.state.pxe[GPU]
    assert PXE_STEPS[run.step][0] == "post_install" and run.pxe_written
    await asyncio.gather(*services.changes.tasks)
    assert world.count("jenkins", "call") == 1


async def test_a_refused_task_fails_the_step_and_keeps_the_run(
    services: Services,  # noqa: F811
    world: World,
) -> None:
    await _to_post_install(services, GPU, "nl-gpu-01")
    job = await install.pxe_step(
        services, services.store.state.pxe[GPU], task=JenkinsTask(99, "x", "Unknown task")
    )
    assert job.state is TaskState.FAILED and "jenkins_task" in job.message
    assert PXE_STEPS[services.store.state.pxe[GPU].step][0] == "post_install"
