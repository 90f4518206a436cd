"""The triage board kept between states (`Board`) is, at every state, the board made from
nothing (`attention`): whatever changed (a server, its power, sensors, jobs, PXE run, billing
data, a cancellation, the list itself, servers added at its end) and however many changes came
at once."""

from __future__ import annotations

import random
from dataclasses import replace
from decimal import Decimal
from types import MappingProxyType
from typing import Any

import pytest

from hostkey_tui.models.billing import BillingData, CancellationRequest
from hostkey_tui.models.common import Money
from hostkey_tui.models.sensors import SensorGroup, SensorReading, Severity
from hostkey_tui.models.server import Server
from hostkey_tui.models.tasks import TaskState
from hostkey_tui.state import board as board_module
from hostkey_tui.state.board import Attention, Board, attention, board_order
from hostkey_tui.state.state import AppState, Job, Power, PxeRun, Sensors
from hostkey_tui.state.views import DUE_SOON, suspension

IDS = list(range(1, 41))
POWERS = [Power(True, "on", 1.0), Power(False, "off", 1.0), Power(None, "?", 1.0)]


def a_server(server_id: int, rng: random.Random) -> Server:
    return Server(
        id=server_id,
        hostname=rng.choice(["nl-web", "us-db", "fi-ci"]) + f"-{rng.randint(1, 4):02d}",
        status=rng.choice(["Active", "power_off"]),
        days_left=rng.choice([None, -3, 0, 5, 30]),
    )


def billing_of(rng: random.Random) -> BillingData:
    return BillingData(
        name="x",
        status="Active",
        cycle="Monthly",
        recurring=Money("10.00", Decimal(10), "EUR"),
        setup_fee=Money("0.00", Decimal(0), "EUR"),
        next_due=None,
        days_left=None,
        suspend_reason=rng.choice(["", "Overdue on payment", "abuse"]),
    )


def reading(rng: random.Random) -> SensorReading:
    state = rng.choice(["ok", "nc", "cr"])
    return SensorReading("CPU Temp", "70", Decimal(70), "°C", state, SensorGroup.TEMPERATURE)


def changed_map(old: Any, rng: random.Random, make: Any) -> MappingProxyType[Any, Any]:
    values = dict(old)
    for server_id in rng.sample(IDS, rng.randint(1, 3)):
        if server_id in values and rng.random() < 0.4:
            del values[server_id]
        else:
            values[server_id] = make(server_id)
    return MappingProxyType(values)


def step(state: AppState, rng: random.Random) -> AppState:
    """One random change of what the board is made of (sometimes several at once)."""
    for _ in range(rng.choice([1, 1, 1, 2, 4])):
        what = rng.choice(
            ["servers", "ids", "failed", "power", "sensors", "jobs", "pxe", "bill", "cancel"]
        )
        if what == "servers":
            state = replace(
                state, servers=changed_map(state.servers, rng, lambda i: a_server(i, rng))
            )
        elif what == "ids" and rng.random() < 0.3:
            ids = list(state.server_ids)
            rng.shuffle(ids)
            state = replace(state, server_ids=tuple(ids[: rng.randint(len(ids) - 3, len(ids))]))
        elif what == "ids":  # new servers at the list's end (a cache read, a load)
            more = [i for i in IDS if i not in state.server_ids][: rng.randint(1, 4)]
            state = replace(state, server_ids=state.server_ids + tuple(more))
        elif what == "failed":
            state = replace(state, failed=changed_map(state.failed, rng, lambda i: "timed out"))
        elif what == "power":
            state = replace(
                state, power=changed_map(state.power, rng, lambda i: rng.choice(POWERS))
            )
        elif what == "sensors":
            make = lambda i: Sensors((reading(rng), reading(rng)), 1.0)  # noqa: E731
            state = replace(state, sensors=changed_map(state.sensors, rng, make))
        elif what == "jobs":
            jobs = dict(state.jobs)
            key = f"job{rng.randint(1, 30)}"
            jobs[key] = Job(
                key,
                "power",
                "reboot",
                "Reboot",
                rng.choice(IDS),
                1.0,
                state=rng.choice(list(TaskState)),
                quiet=rng.random() < 0.2,
            )
            state = replace(state, jobs=MappingProxyType(jobs))
        elif what == "pxe":
            step_of = lambda i: PxeRun(i, "h", rng.randint(1, 6))  # noqa: E731
            state = replace(state, pxe=changed_map(state.pxe, rng, step_of))
        elif what == "bill":
            made = changed_map(state.billing.servers, rng, lambda i: billing_of(rng))
            state = replace(state, billing=replace(state.billing, servers=made))
        else:
            made = changed_map(
                state.billing.cancellations,
                rng,
                lambda i: CancellationRequest(i, rng.choice(["Immediate", "End of billing"])),
            )
            state = replace(state, billing=replace(state.billing, cancellations=made))
    return state


@pytest.mark.parametrize("many", [board_module.MANY, 10**9])  # and never made from nothing
def test_a_kept_board_is_at_every_state_the_board_made_from_nothing(
    many: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(board_module, "MANY", many)
    for seed in range(20):
        rng = random.Random(seed)
        servers = {i: a_server(i, rng) for i in IDS[:30]}
        state = AppState(server_ids=tuple(IDS[:25]), servers=MappingProxyType(servers))
        board = Board()
        for _ in range(60):
            assert board.of(state) == attention(state) == reference(state), f"seed {seed}"
            state = step(state, rng)


def reference(state: AppState) -> list[Attention]:
    """The board as it was made before it was kept (b7379ce's `views.attention`, word for
    word): what the kept board must equal."""
    latest_job: dict[int, Job] = {}
    for job in state.jobs.values():
        if job.server_id is not None and not job.quiet:
            latest_job[job.server_id] = job
    found: list[Attention] = []
    for server_id in state.server_ids:
        reasons: list[tuple[int, str]] = []
        server = state.servers.get(server_id)
        if server_id in state.failed:
            reasons.append((0, f"unreachable: {state.failed[server_id]}"))
        power = state.power.get(server_id)
        if power is not None and power.on is None:
            reasons.append((0, "power unknown — check status"))
        elif power is not None and power.on is False:
            reasons.append((1, "powered off"))
        suspended = suspension(state, server_id)
        if suspended:
            reasons.append((1, suspended))
        sensors = state.sensors.get(server_id)
        if sensors is not None:
            bad = [
                r for r in sensors.readings if r.severity in (Severity.WARNING, Severity.CRITICAL)
            ]
            for reading in bad[:2]:
                level = 0 if reading.severity is Severity.CRITICAL else 2
                reasons.append((level, f"{reading.name} {reading.display()} ({reading.state})"))
        last = latest_job.get(server_id)
        if last is not None:
            if last.running:
                reasons.append((3, f"{last.action} running"))
            elif last.state in (
                TaskState.FAILED,
                TaskState.TIMED_OUT,
                TaskState.GONE,
                TaskState.UNKNOWN,
            ):
                reasons.append((1, f"{last.action} {last.state.value}: {last.message}"[:80]))
        pxe = state.pxe.get(server_id)
        if pxe is not None and pxe.pxe_written:
            reasons.append((1, "PXE config not cleared: finish the PXE reinstall"))
        request = state.billing.cancellations.get(server_id)
        if request is not None:
            reasons.append((3, f"cancellation requested ({request.type.lower()})"))
        if server is not None and server.days_left is not None:
            if server.days_left < 0:
                late = -server.days_left
                reasons.append((1, f"overdue {late} day{'' if late == 1 else 's'}"))
            elif server.days_left <= DUE_SOON:
                days = server.days_left
                reasons.append((3, f"due in {days} day{'' if days == 1 else 's'}"))
        if reasons:
            reasons.sort()
            found.append(Attention(server_id, tuple(r for _, r in reasons), reasons[0][0]))
    found.sort(key=lambda a: board_order(a, state.servers.get(a.server_id)))
    return found


def test_the_same_state_gives_the_same_board_and_ties_keep_the_list_order() -> None:
    servers = [Server(id=i, hostname="same", status="Active", days_left=3) for i in (5, 2, 9)]
    state = AppState(server_ids=(5, 2, 9), servers=MappingProxyType({s.id: s for s in servers}))
    board = Board()
    first = board.of(state)
    assert board.of(state) is first
    assert [a.server_id for a in first] == [5, 2, 9]
    again = replace(state, server_ids=(9, 5, 2))
    assert [a.server_id for a in board.of(again)] == [9, 5, 2]
