"""A VM's snapshots and load: the client against the simulator, then the service (each change
sent once and followed to its callback, journaled; a lost reply is unknown, never resent, and
asked about by reading the list; bare metal and read-only sessions send nothing)."""

from __future__ import annotations

import asyncio

import pytest

from hostkey_tui.api import ApiError, InvapiClient, ReadOnlyRefused
from hostkey_tui.clock import ManualClock
from hostkey_tui.models.common import Secret
from hostkey_tui.models.errors import MalformedReply
from hostkey_tui.models.orders import InstallOptions
from hostkey_tui.models.server import Server
from hostkey_tui.models.tasks import TaskState
from hostkey_tui.models.vm import Snapshot, name_problem, snapshots_from_json, vm_stats_from_json
from hostkey_tui.services import snapshots
from hostkey_tui.services.context import Services
from hostkey_tui.services.jobs import UNKNOWN_OUTCOME
from hostkey_tui.services.session import run_session
from hostkey_tui.simulator.world import World
from hostkey_tui.state.store import Store
from tests.conftest import PIN, make_client
from tests.services.test_network import services  # noqa: F401 - the fixture

#: de-app-01, a VM that starts with one snapshot ("before-upgrade"); de-db-02 is bare metal.
VM, BM = 40052, 40053


def server(made: Services, server_id: int = VM) -> Server:
    return made.store.state.servers[server_id]


def outcomes(made: Services, action: str) -> list[str]:
    journal = made.journal.entries() if made.journal else []
    return [e.outcome for e in journal if e.action == action]


def names(world: World, server_id: int = VM) -> list[str]:
    return [str(s["name"]) for s in world.snapshots.get(server_id, [])]


# -- the parsers ----------------------------------------------------------------------------------


def test_the_list_is_read_wherever_it_comes() -> None:
    item = {"name": "a", "snapshot_id": "s1", "date": "2026-11-01 10:00:00"}
    expected = (Snapshot("a", "s1", "2026-11-01 10:00:00"),)
    assert snapshots_from_json([item]) == expected
    assert snapshots_from_json({"snapshots": [item]}) == expected
    assert (
        snapshots_from_json('[{"name": "a", "snapshot_id": "s1", "date": "2026-11-01 10:00:00"}]')
        == expected
    )
    assert snapshots_from_json([]) == ()


def test_a_reply_without_a_list_is_not_none() -> None:
    with pytest.raises(MalformedReply):
        snapshots_from_json("Snapshot list is being prepared")


def test_stats_are_shown_as_given() -> None:
    stats = vm_stats_from_json({"result": "OK", "stats": {"cpu": 12, "ram": {"used": 3}}})
    assert stats.figures == (("cpu", "12"), ("ram used", "3"))
    with pytest.raises(MalformedReply):
        vm_stats_from_json({"result": "OK"})


def test_names_kept_to_a_safe_subset() -> None:
    assert name_problem("before-upgrade_2.1") is None
    for bad in ("", "-x", "a b", "a;rm", "x" * 64):
        assert name_problem(bad) is not None


# -- the client against the simulator -------------------------------------------------------------


async def test_the_list_arrives_through_the_callback(client: InvapiClient, world: World) -> None:
    handle = await client.vm.get_snapshot(VM)
    assert world.count("vm", "get_snapshot") == 1
    sent = world.logged("vm", "get_snapshot")[0]
    assert sent.field("id") == str(VM)
    assert handle.key or handle.final is not None


async def test_load_stats_is_a_read(client: InvapiClient, world: World) -> None:
    stats = await client.vm.load_stats(VM)
    assert not isinstance(stats, type(None))
    assert world.count("vm", "load_stats") == 1


# -- the service --------------------------------------------------------------------------------


async def test_reading_the_list(services: Services, world: World) -> None:  # noqa: F811
    found = await snapshots.read_snapshots(services, server(services))
    assert [s.name for s in found] == ["before-upgrade"]
    assert found[0].snapshot_id and found[0].created
    assert not services.store.state.busy(VM, snapshots.KIND)


async def test_bare_metal_sends_nothing(services: Services, world: World) -> None:  # noqa: F811
    before = len(world.requests)
    with pytest.raises(ApiError, match="snapshots are for VMs"):
        await snapshots.read_snapshots(services, server(services, BM))
    with pytest.raises(ApiError, match="snapshots are for VMs"):
        await snapshots.create_snapshot(services, server(services, BM), "x1")
    assert len(world.requests) == before


async def test_taking_one_is_sent_once_and_followed_to_done(
    services: Services,  # noqa: F811
    world: World,
) -> None:
    job = await snapshots.create_snapshot(services, server(services), "nightly-1")
    assert job.state is TaskState.DONE, job.message
    assert world.count("vm", "create_snapshot") == 1
    sent = world.logged("vm", "create_snapshot")[0]
    assert (sent.field("id"), sent.field("name")) == (str(VM), "nightly-1")
    assert names(world) == ["before-upgrade", "nightly-1"]
    assert outcomes(services, "create_snapshot")[0] == "done"  # newest first
    assert services.store.state.jobs[job.id].kind == snapshots.KIND


async def test_a_bad_name_is_not_sent(services: Services, world: World) -> None:  # noqa: F811
    with pytest.raises(ApiError, match="Nothing was sent"):
        await snapshots.create_snapshot(services, server(services), "two words")
    assert world.count("vm", "create_snapshot") == 0


async def test_a_refusal_ends_the_job_failed(services: Services, world: World) -> None:  # noqa: F811
    job = await snapshots.create_snapshot(services, server(services), "before-upgrade")
    assert job.state is TaskState.FAILED and "already exists" in job.message
    assert world.count("vm", "create_snapshot") == 1


async def test_restoring_puts_the_disk_back(services: Services, world: World) -> None:  # noqa: F811
    await snapshots.read_snapshots(services, server(services))  # taken with the OS it had
    world.servers[VM].os_name = "Something newer"
    job = await snapshots.restore_snapshot(services, server(services), Snapshot("before-upgrade"))
    assert job.state is TaskState.DONE, job.message
    assert world.count("vm", "restore_snapshot") == 1
    assert world.servers[VM].os_name != "Something newer"


async def test_removing_wants_the_vm_off(services: Services, world: World) -> None:  # noqa: F811
    on = await snapshots.remove_snapshot(services, server(services), Snapshot("before-upgrade"))
    assert on.state is TaskState.FAILED and "powered off" in on.message
    world.servers[VM].power_on = False
    off = await snapshots.remove_snapshot(services, server(services), Snapshot("before-upgrade"))
    assert off.state is TaskState.DONE, off.message
    assert names(world) == []
    assert world.count("vm", "remove_snapshot") == 2


async def test_a_lost_reply_is_unknown_never_resent_and_asked_about(
    services: Services,  # noqa: F811
    world: World,
) -> None:
    world.faults.add("drop_reply", "vm/create_snapshot", times=1)
    job = await snapshots.create_snapshot(services, server(services), "lost-1")
    assert job.state is TaskState.UNKNOWN and job.message == UNKNOWN_OUTCOME
    assert "unknown" in outcomes(services, "create_snapshot")
    await asyncio.gather(*services.changes.tasks)  # asked: the list read again
    assert world.count("vm", "create_snapshot") == 1
    assert world.count("vm", "get_snapshot") >= 1
    journal = services.journal.entries() if services.journal else []
    found = [e.message for e in journal if e.outcome == "reconciled"]
    # the work takes a while: asked at once, the snapshot is not there yet, and is said so
    assert found and "snapshot lost-1 of de-app-01" in found[0]


async def test_a_second_change_while_one_is_under_way_is_not_sent(
    services: Services,  # noqa: F811
    world: World,
) -> None:
    from hostkey_tui.state.events import JobUpdated
    from hostkey_tui.state.state import Job

    running = Job(id="j99", kind=snapshots.KIND, action="x", title="t", server_id=VM, started=0)
    services.store.dispatch(JobUpdated(running))
    with pytest.raises(ApiError, match="under way"):
        await snapshots.create_snapshot(services, server(services), "n2")
    assert world.count("vm", "create_snapshot") == 0


async def test_read_only_sends_no_change(world: World, clock: ManualClock) -> None:
    async with make_client(world, clock, read_only=True) as client:
        made = Services(client, Store(), clock)
        await run_session(made)
        before = len(world.requests)
        target = made.store.state.servers[VM]
        for call in (
            snapshots.create_snapshot(made, target, "n1"),
            snapshots.restore_snapshot(made, target, Snapshot("before-upgrade")),
            snapshots.remove_snapshot(made, target, Snapshot("before-upgrade")),
        ):
            with pytest.raises(ReadOnlyRefused):
                await call
        assert len(world.requests) == before


def _options() -> InstallOptions:
    return InstallOptions(os_id=205, root_pass=Secret("Secr3t-pass"), os_name="Debian 12")


async def test_snapshot_first_then_the_reinstall(services: Services, world: World) -> None:  # noqa: F811
    job = await snapshots.reinstall_after_snapshot(
        services, server(services), "before-reinstall", _options(), Secret(PIN)
    )
    assert names(world)[-1] == "before-reinstall"
    order = [r.action for r in world.requests if r.action in ("create_snapshot", "order_instance")]
    assert order == ["create_snapshot", "order_instance"]
    assert job.kind == "install"


async def test_a_failed_snapshot_sends_no_reinstall(
    services: Services,  # noqa: F811
    world: World,
) -> None:
    job = await snapshots.reinstall_after_snapshot(
        services, server(services), "before-upgrade", _options(), Secret(PIN)
    )  # the name is taken: the snapshot is refused
    assert job.state is TaskState.FAILED and "not sent" in job.message
    assert world.count("eq", "order_instance") == 0
    assert outcomes(services, "reinstall")[0] == "not sent"


async def test_the_vms_load(services: Services, world: World) -> None:  # noqa: F811
    stats = await snapshots.vm_stats(services, server(services))
    assert dict(stats.figures)["state"] == "running"
    assert "cpu_percent" in dict(stats.figures)
