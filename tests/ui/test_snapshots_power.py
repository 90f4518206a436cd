"""What power, PIN, jobs, sensors and triage look like, at 80x24 and 120x40."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from hostkey_tui.clock import ManualClock
from hostkey_tui.config.model import Config, ConfirmPolicy, Profile
from hostkey_tui.simulator.world import World
from tests.ui.conftest import Build
from tests.ui.driver import SIZES, Driver, Steps

#: One thing done to the app before its picture is taken.
Action = Callable[[Driver], Awaitable[None]]


def steps(clock: ManualClock, *actions: Action) -> Steps:
    async def run(pilot: Any) -> None:
        ui = Driver.on(pilot, clock)
        await ui.settle()
        for action in actions:
            await action(ui)
        await ui.pause(2)

    return run


def keys(*names: str) -> Action:
    async def press(ui: Driver) -> None:
        # Only let the screen catch up: flows and pollers are meant to keep running.
        await ui.pilot.press(*names)
        await ui.pause(3)

    return press


def power(action: str, typed: str = "", pin: str = "") -> Action:
    async def run(ui: Driver) -> None:
        await ui.choose_power(action)
        if typed != "-":
            await ui.confirm(typed)
        if pin:
            await ui.pin(pin)

    return run


def settle_jobs(ui: Driver) -> Awaitable[None]:
    return ui.until(lambda: ui.app.state.jobs_running == 0 and not ui.app.flow_running)


@pytest.mark.parametrize("size", SIZES)
def test_pin_modal(
    snap_compare: Any, build: Build, ui_clock: ManualClock, size: tuple[int, int]
) -> None:
    """The PIN dialog: the action, the servers, a masked field, and that cancel sends nothing."""
    run = steps(ui_clock, power("reboot"), keys(*"12"))
    assert snap_compare(build(), terminal_size=size, run_before=run)


@pytest.mark.parametrize("size", SIZES)
def test_pin_rejected(
    snap_compare: Any, build: Build, ui_clock: ManualClock, size: tuple[int, int]
) -> None:
    """A wrong PIN: invapi's words and the tries left by this session's count."""
    run = steps(ui_clock, power("reboot", pin="0000"))
    assert snap_compare(build(), terminal_size=size, run_before=run)


@pytest.mark.parametrize("size", SIZES)
def test_pin_locked(
    snap_compare: Any, build: Build, ui_clock: ManualClock, size: tuple[int, int]
) -> None:
    """Three wrong PINs: invapi's words and its block warned of; the user may still try."""

    async def three(ui: Driver) -> None:
        await power("reboot")(ui)
        for pin in ("0000", "0001", "0002"):
            await ui.pin(pin)

    assert snap_compare(build(), terminal_size=size, run_before=steps(ui_clock, three))


@pytest.mark.parametrize("size", SIZES)
def test_confirm_single(
    snap_compare: Any, build: Build, ui_clock: ManualClock, size: tuple[int, int]
) -> None:
    """Reboot one server: hostname, id and main IP named; focus on Cancel."""
    assert snap_compare(
        build(), terminal_size=size, run_before=steps(ui_clock, power("reboot", typed="-"))
    )


@pytest.mark.parametrize("size", SIZES)
def test_confirm_bulk_typed(
    snap_compare: Any, build: Build, ui_clock: ManualClock, size: tuple[int, int]
) -> None:
    """Power off three marked servers: every one named, the warning, and the count to type."""
    run = steps(ui_clock, keys("space", "space", "space"), power("off", typed="-"))
    assert snap_compare(build(), terminal_size=size, run_before=run)


@pytest.mark.parametrize("size", SIZES)
def test_confirm_production_typed(
    snap_compare: Any, build: Build, ui_clock: ManualClock, size: tuple[int, int]
) -> None:
    """A production server (its env=prod tag) needs its hostname typed before a reboot."""
    config = Config(
        profiles={"demo": Profile("demo", confirm=ConfirmPolicy(production_tags=("env=prod",)))}
    )
    run = steps(ui_clock, power("reboot", typed="-"))
    assert snap_compare(build(config), terminal_size=size, run_before=run)


@pytest.mark.parametrize("size", SIZES)
def test_power_tab(
    snap_compare: Any, build: Build, ui_world: World, ui_clock: ManualClock, size: tuple[int, int]
) -> None:
    """The Power tab after a reboot: on, read when, and the jobs of this server."""
    run = steps(
        ui_clock,
        keys("colon", *"server nl-db-01", "enter", "t"),
        settle_jobs,
        power("reboot", pin="1234"),
        settle_jobs,
    )
    assert snap_compare(build(), terminal_size=size, run_before=run)


async def _sensors_read(ui: Driver) -> None:
    await ui.until(
        lambda: (
            bool(ui.app.state.sensors)
            and bool(next(iter(ui.app.state.sensors.values())).readings)
            # the power state is read alongside: the picture is taken once both are in
            and not any(job.running for job in ui.app.state.jobs.values())
        )
    )


@pytest.mark.parametrize("size", SIZES)
def test_sensors_ok(
    snap_compare: Any, build: Build, ui_clock: ManualClock, size: tuple[int, int]
) -> None:
    """Sensors of a healthy server, grouped, with no reading shown as such."""
    run = steps(ui_clock, keys("colon", *"server nl-db-01", "enter", "t", "t"), _sensors_read)
    assert snap_compare(build(), terminal_size=size, run_before=run)


@pytest.mark.parametrize("size", SIZES)
def test_sensors_degraded(
    snap_compare: Any, build: Build, ui_clock: ManualClock, size: tuple[int, int]
) -> None:
    """A dead fan: its reading in red, critical."""
    run = steps(ui_clock, keys("colon", *"server de-db-02", "enter", "t", "t"), _sensors_read)
    assert snap_compare(build(), terminal_size=size, run_before=run)


@pytest.mark.parametrize("size", SIZES)
def test_jobs_section(
    snap_compare: Any, build: Build, ui_clock: ManualClock, size: tuple[int, int]
) -> None:
    """Section 5 after a reboot of three: each job, its state and result; the journal below."""
    run = steps(
        ui_clock,
        keys("space", "space", "space", "home"),
        power("reboot", typed="3", pin="1234"),
        settle_jobs,
        keys("5"),
    )
    assert snap_compare(build(), terminal_size=size, run_before=run)


@pytest.mark.parametrize("size", SIZES)
def test_triage_board(
    snap_compare: Any, build: Build, ui_clock: ManualClock, size: tuple[int, int]
) -> None:
    """`!`: only the servers that need a look, most urgent first, and why."""
    assert snap_compare(
        build(), terminal_size=size, run_before=steps(ui_clock, keys("exclamation_mark"))
    )


@pytest.mark.parametrize("size", SIZES)
def test_confirm_power_on_suspended(
    snap_compare: Any, build: Build, ui_clock: ManualClock, size: tuple[int, int]
) -> None:
    """Power on a server suspended for non-payment: said before anything is sent, with what
    may happen and what to do (pay the overdue invoice first)."""
    run = steps(
        ui_clock,
        keys("colon", *"server tr-legacy-01", "enter"),
        settle_jobs,
        power("on", typed="-"),
    )
    assert snap_compare(build(), terminal_size=size, run_before=run)


@pytest.mark.parametrize("size", SIZES)
def test_power_tab_suspended_after_power_on(
    snap_compare: Any, build: Build, ui_clock: ManualClock, size: tuple[int, int]
) -> None:
    """After powering on a suspended server: the header ("suspended, powered on"), the Power
    tab (● on, and the suspension) say the same, as read back from invapi."""
    run = steps(
        ui_clock,
        keys("colon", *"server tr-legacy-01", "enter", "t"),
        settle_jobs,
        power("on", pin="1234"),
        settle_jobs,
    )
    assert snap_compare(build(), terminal_size=size, run_before=run)
