"""Power, PIN, sensors and the journal at the service layer: what is sent, exactly how often."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from hostkey_tui.api import ApiError, InvapiClient, InvapiError, ReadOnlyRefused
from hostkey_tui.clock import ManualClock
from hostkey_tui.models.common import Secret
from hostkey_tui.models.tasks import TaskState
from hostkey_tui.services.audit import Journal
from hostkey_tui.services.context import Services
from hostkey_tui.services.pin import PinCheck, PinVerdict, verify_pin
from hostkey_tui.services.power import UNKNOWN, Target, check_status, power
from hostkey_tui.services.sensors import read_sensors
from hostkey_tui.services.session import run_session
from hostkey_tui.simulator.world import World
from hostkey_tui.state.board import attention
from hostkey_tui.state.store import Store
from tests.conftest import PIN, make_client

WEB = [Target(34533, "nl-vmmini"), Target(32645, "nl-web-01"), Target(17405, "nl-web-02")]


@pytest.fixture
async def services(client: InvapiClient, clock: ManualClock, tmp_path: Path) -> Services:
    made = Services(
        client, Store(), clock, journal=Journal(tmp_path / "journal.jsonl"), profile="test"
    )
    await run_session(made)
    return made


async def test_a_bulk_reboot_sends_one_request_per_server(services: Services, world: World) -> None:
    jobs = await power(services, WEB, "reboot", Secret(PIN))
    assert world.count("eq", "reboot") == 3
    assert sorted(int(r.field("id")) for r in world.logged("eq", "reboot")) == sorted(
        t.server_id for t in WEB
    )
    assert [j.state for j in jobs] == [TaskState.DONE] * 3
    assert all(services.store.state.power[t.server_id].on for t in WEB)


async def test_power_off_is_read_back_as_off(services: Services, world: World) -> None:
    await power(services, WEB[:1], "off", Secret(PIN))
    job = await check_status(services, WEB[0])
    assert job.message == "VM is down" and services.store.state.power[34533].on is False


async def test_a_wrong_pin_stops_the_batch_after_the_first_refusal(
    services: Services, world: World
) -> None:
    jobs = await power(services, WEB, "reboot", Secret("0000"))
    assert world.count("eq", "reboot") == 1  # refused: the two others are never sent
    assert jobs[0].message == "PIN rejected: nothing was done"
    assert [j.message for j in jobs[1:]] == ["not sent (the PIN was rejected)"] * 2
    assert services.store.state.pin.rejections == 1


async def test_a_wrong_pin_is_one_wrong_pin_whatever_debug_says(
    services: Services, world: World
) -> None:
    verdict = await verify_pin(services, Secret("1111"))
    # The documented failure carries "Blocked For Security Purposes" on the first wrong PIN.
    assert verdict.check is PinCheck.REJECTED and verdict.said == "Blocked For Security Purposes"
    assert services.store.state.pin.rejections == 1
    assert await verify_pin(services, Secret(PIN)) == PinVerdict(PinCheck.ACCEPTED)
    assert world.count("eq", "check_pin") == 2


async def test_after_invapi_blocks_pins_the_user_still_decides(
    services: Services, world: World, clock: ManualClock
) -> None:
    for wrong in ("1111", "2222", "3333"):
        assert not (await verify_pin(services, Secret(wrong))).accepted
    # invapi now refuses even the right PIN for a while; the app warns but locks nothing.
    refused = await verify_pin(services, Secret(PIN))
    assert refused.check is PinCheck.REJECTED and refused.blocked
    assert services.store.state.pin.blocked
    jobs = await power(services, WEB[:1], "reboot", Secret(PIN))  # sent: invapi refuses it
    assert world.count("eq", "reboot") == 1 and jobs[0].message == "PIN rejected: nothing was done"
    clock.advance(16 * 60)  # each try extended the block; 15 minutes after the last one it ends
    assert (await verify_pin(services, Secret(PIN))).accepted
    assert not services.store.state.pin.blocked


async def test_check_pin_is_sent_once_never_resent(services: Services, world: World) -> None:
    world.faults.add("status", "eq/check_pin", 503, times=1)
    with pytest.raises(InvapiError):
        await verify_pin(services, Secret(PIN))
    assert world.count("eq", "check_pin") == 1  # a resend could count a wrong PIN twice


async def test_check_pin_sends_the_pin_under_both_documented_names(
    services: Services, world: World
) -> None:
    assert (await verify_pin(services, Secret(PIN))).accepted
    sent = world.logged("eq", "check_pin")[0]
    # The documentation's table says old_pin, HOSTKEY's web documentation pin: both served.
    assert sent.field("pin") == PIN and sent.field("old_pin") == PIN


@pytest.mark.parametrize("action", ["get_status", "show_cacti"])
async def test_a_read_that_carries_the_pin_is_not_resent(
    client: InvapiClient, world: World, action: str
) -> None:
    world.faults.add("status", f"net/{action}", 503, times=1)
    send = (
        client.net.get_status(40021, Secret(PIN))
        if action == "get_status"
        else client.net.show_cacti(40021, "eth0", "day", Secret(PIN))
    )
    with pytest.raises(InvapiError):
        await send
    assert world.count("net", action) == 1  # resent, the same PIN would count again


@pytest.mark.parametrize("form", ["documented", "callback", "direct"])
async def test_a_right_pin_is_accepted_in_either_async_form(
    services: Services, world: World, form: str
) -> None:
    world.async_form = form
    assert (await verify_pin(services, Secret(PIN))).accepted
    polls = world.count("eq_callback", "check")
    assert polls >= 1 if form == "callback" else polls == 0  # a direct reply is final


async def test_a_lost_reply_is_unknown_and_never_resent(services: Services, world: World) -> None:
    world.faults.add("drop_reply", "eq/reboot", times=1)
    jobs = await power(services, WEB[:2], "reboot", Secret(PIN))
    assert world.count("eq", "reboot") == 2  # one each, the lost one included
    assert jobs[0].state is TaskState.UNKNOWN and jobs[0].message.startswith(UNKNOWN)
    assert jobs[1].state is TaskState.DONE
    await asyncio.gather(*services.changes.tasks)  # asking invapi: eq/status
    assert world.count("eq", "status") >= 1 and world.count("eq", "reboot") == 2
    assert not services.store.state.unsettled
    told = services.store.state.jobs[jobs[0].id].message
    assert "checked:" in told and "whether it rebooted cannot be read" in told


async def test_a_lost_change_is_not_sent_again_until_invapi_was_asked(
    services: Services, world: World
) -> None:
    lost = WEB[0].server_id
    world.faults.add("drop_reply", "eq/off", times=1)
    world.faults.add("status", "eq/status", value=503)  # invapi cannot be asked yet
    await power(services, WEB[:1], "off", Secret(PIN))
    await asyncio.gather(*services.changes.tasks)
    entry = services.store.state.unsettled[f"power:{lost}"]
    assert entry.status == "unknown"
    for action in ("off", "on"):  # the same change, or any power change of that server
        with pytest.raises(ApiError, match=r"was lost.*r asks again"):
            await services.client.eq.power(lost, action, Secret(PIN))
    assert world.count("eq", "off") == 1 and world.count("eq", "on") == 0
    world.faults.clear()
    services.changes.recheck()
    await asyncio.gather(*services.changes.tasks)
    assert not services.store.state.unsettled
    journal = services.journal.entries() if services.journal else []
    reconciled = [e for e in journal if e.outcome == "reconciled"]
    assert reconciled and "nl-vmmini is" in reconciled[0].message
    assert services.journal is not None and services.journal.unfinished() == []


async def test_a_second_action_while_one_runs_sends_nothing(world: World) -> None:
    clock = ManualClock()  # time stands still: the first reboot stays under way
    world.clock = clock
    async with make_client(world, clock) as api:
        services = Services(api, Store(), clock)
        await run_session(services)
        first = asyncio.create_task(power(services, WEB[:1], "reboot", Secret(PIN)))
        for _ in range(20):
            await asyncio.sleep(0)
        assert services.store.state.busy(WEB[0].server_id, "power")
        with pytest.raises(ApiError, match="already under way"):
            await power(services, WEB[:1], "reboot", Secret(PIN))
        assert world.count("eq", "reboot") == 1
        clock.advance(30)
        for _ in range(200):  # then the state is read back (eq/show, eq/status), in time too
            if first.done():
                break
            clock.advance(1)
            await asyncio.sleep(0)
        await first
        assert world.count("eq", "reboot") == 1


async def test_read_only_sends_nothing(world: World, clock: ManualClock) -> None:
    async with make_client(world, clock, read_only=True) as api:
        services = Services(api, Store(), clock)
        with pytest.raises(ReadOnlyRefused):
            await power(services, WEB, "off", Secret(PIN))
    assert world.count("eq", "off") == 0


async def test_sensors_are_read_with_history_and_one_request_at_a_time(
    services: Services, world: World, clock: ManualClock
) -> None:
    hot = 40041
    assert await read_sensors(services, hot, "fi-build-01")
    clock.advance(20)
    await read_sensors(services, hot, "fi-build-01")
    snapshot = services.store.state.sensors[hot]
    assert len(snapshot.history["CPU Temp"]) == 2 and snapshot.readings
    assert any(r.severity.value in ("warning", "critical") for r in snapshot.readings)
    assert any("CPU Temp" in a.why for a in attention(services.store.state) if a.server_id == hot)
    before = world.count("eq", "sensors")
    results = await asyncio.gather(*(read_sensors(services, hot, "fi-build-01") for _ in range(3)))
    assert results.count(True) == 1 and world.count("eq", "sensors") == before + 1


async def test_a_failed_sensor_read_keeps_the_last_readings_and_says_why(
    services: Services, world: World
) -> None:
    await read_sensors(services, 40021, "nl-db-01")
    world.faults.add("status", "eq/sensors", 500)
    await read_sensors(services, 40021, "nl-db-01")
    snapshot = services.store.state.sensors[40021]
    assert snapshot.readings and "HTTP 500" in snapshot.error


async def test_the_journal_records_outcomes_without_secrets(
    services: Services, tmp_path: Path
) -> None:
    await power(services, WEB[:1], "reboot", Secret(PIN))
    await power(services, WEB[1:2], "reboot", Secret("97531"))
    assert services.journal is not None
    entries = services.journal.entries()
    assert [(e.action, e.outcome) for e in entries if not e.change] == [
        ("reboot", "refused"),
        ("reboot", "done"),
        ("reboot", "sent"),
    ]
    # each request is written before it is sent, and its answer under the same change id
    requests = [(e.endpoint, e.outcome) for e in reversed(entries) if e.change]
    assert requests == [
        ("eq/reboot", "sending"),
        ("eq/reboot", "answered"),
        ("eq/reboot", "sending"),
        ("eq/reboot", "refused"),
    ]
    assert services.journal.unfinished() == []
    text = (tmp_path / "journal.jsonl").read_text()
    assert "97531" not in text and '"pin"' not in text
    assert oct((tmp_path / "journal.jsonl").stat().st_mode & 0o777) == "0o600"
    copy = services.journal.export(tmp_path / "out" / "journal.jsonl")
    assert copy.read_text() == text
