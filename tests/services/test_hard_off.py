"""Force off (eq/hard_off) at the client, simulator and service layers: sent once with the PIN,
followed as a job, the server ends off; a lost reply is unknown and never resent."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from hostkey_tui.api import ApiError, InvapiClient, ReadOnlyRefused
from hostkey_tui.clock import ManualClock
from hostkey_tui.config.model import ConfirmPolicy
from hostkey_tui.models.common import Secret
from hostkey_tui.models.tasks import TaskState
from hostkey_tui.services.audit import Journal
from hostkey_tui.services.context import Services
from hostkey_tui.services.power import UNKNOWN, Target, check_status, power
from hostkey_tui.services.power_guard import power_warnings, typed_confirmation
from hostkey_tui.services.session import run_session
from hostkey_tui.simulator.world import World
from hostkey_tui.state.store import Store
from tests.conftest import PIN, make_client

VM = Target(34533, "nl-vmmini")
BM = Target(40021, "bm")


@pytest.fixture
async def services(client: InvapiClient, clock: ManualClock, tmp_path: Path) -> Services:
    made = Services(
        client, Store(), clock, journal=Journal(tmp_path / "journal.jsonl"), profile="test"
    )
    await run_session(made)
    return made


async def test_the_client_sends_id_and_pin_once_and_gets_a_task(
    client: InvapiClient, world: World
) -> None:
    handle = await client.eq.power(VM.server_id, "hard_off", Secret(PIN))
    assert handle.action == "hard_off" and handle.server_id == VM.server_id
    sent = world.logged("eq", "hard_off")
    assert len(sent) == 1 and sent[0].field("id") == str(VM.server_id)
    assert sent[0].field("pin") == PIN


async def test_a_wrong_pin_is_refused_and_the_server_stays_on(
    services: Services, world: World
) -> None:
    jobs = await power(services, [VM], "hard_off", Secret("0000"))
    assert jobs[0].state is TaskState.FAILED and "PIN rejected" in jobs[0].message
    assert world.servers[VM.server_id].power_on
    assert world.count("eq", "hard_off") == 1


async def test_force_off_ends_with_the_server_off(services: Services, world: World) -> None:
    assert world.servers[VM.server_id].power_on
    jobs = await power(services, [VM], "hard_off", Secret(PIN))
    assert [j.state for j in jobs] == [TaskState.DONE]
    assert jobs[0].title == "Force off nl-vmmini"
    assert world.count("eq", "hard_off") == 1 and world.count("eq", "off") == 0
    assert not world.servers[VM.server_id].power_on
    assert services.store.state.power[VM.server_id].on is False
    job = await check_status(services, VM)
    assert job.message == "VM is down"
    journal = services.journal.entries() if services.journal else []
    assert sorted(e.outcome for e in journal if e.action == "hard_off") == ["done", "sent"]


async def test_a_lost_reply_is_unknown_and_never_resent(services: Services, world: World) -> None:
    world.faults.add("drop_reply", "eq/hard_off", times=1)
    jobs = await power(services, [VM], "hard_off", Secret(PIN))
    assert world.count("eq", "hard_off") == 1
    assert jobs[0].state is TaskState.UNKNOWN and jobs[0].message.startswith(UNKNOWN)
    await asyncio.gather(*services.changes.tasks)  # invapi is asked: eq/status
    assert world.count("eq", "status") >= 1 and world.count("eq", "hard_off") == 1
    assert not services.store.state.unsettled
    told = services.store.state.jobs[jobs[0].id].message
    # asked at once, the power task (3 s in the simulator) may still be under way: said so
    assert "checked: nl-vmmini is" in told


async def test_a_lost_force_off_blocks_every_power_change_of_that_server(
    services: Services, world: World
) -> None:
    world.faults.add("drop_reply", "eq/hard_off", times=1)
    world.faults.add("status", "eq/status", value=503)  # invapi cannot be asked yet
    await power(services, [VM], "hard_off", Secret(PIN))
    await asyncio.gather(*services.changes.tasks)
    assert services.store.state.unsettled[f"power:{VM.server_id}"].status == "unknown"
    for action in ("hard_off", "on"):
        with pytest.raises(ApiError, match="was lost"):
            await services.client.eq.power(VM.server_id, action, Secret(PIN))
    assert world.count("eq", "hard_off") == 1 and world.count("eq", "on") == 0


async def test_read_only_sends_nothing(world: World, clock: ManualClock) -> None:
    async with make_client(world, clock, read_only=True) as api:
        services = Services(api, Store(), clock)
        with pytest.raises(ReadOnlyRefused):
            await power(services, [VM], "hard_off", Secret(PIN))
    assert world.count("eq", "hard_off") == 0


def test_the_hostname_is_always_typed_and_the_plug_is_named() -> None:
    lax = ConfirmPolicy()
    assert typed_confirmation([VM], "hard_off", lax, {}) != ""
    assert typed_confirmation([VM], "off", lax, {}) == ""  # the plain off, by the policy
    assert typed_confirmation([VM, BM], "hard_off", lax, {}) == "2"
    from hostkey_tui.state.state import AppState

    warning = " ".join(power_warnings(AppState(), [VM], "hard_off"))
    assert "pulling the plug" in warning and "inconsistent" in warning
    assert "Use Power off first" in warning
