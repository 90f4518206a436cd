"""Power, PIN, jobs and sensors as a person drives them, counted in the simulator's request log."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from textual.widgets import Button, Static

from hostkey_tui.clock import ManualClock
from hostkey_tui.config.model import Config
from hostkey_tui.models.tasks import TaskState
from hostkey_tui.simulator.world import World
from hostkey_tui.ui.app import HostkeyApp
from hostkey_tui.ui.jobs.screen import JobsScreen
from hostkey_tui.ui.kit.modals.choose import ChooseOne
from hostkey_tui.ui.kit.modals.confirm import ConfirmModal
from hostkey_tui.ui.kit.modals.grace import GraceCountdown
from hostkey_tui.ui.kit.modals.pin import PinModal
from hostkey_tui.ui.kit.widgets.inputs import TextInput
from hostkey_tui.ui.server.screen import ServerDetailScreen
from tests.conftest import PIN
from tests.quiet import until as quietly_until
from tests.ui.conftest import Build, settle


async def until(
    pilot: Any, clock: ManualClock, done: Callable[[], bool], step: float = 1.0, limit: int = 120
) -> None:
    """Let simulated time pass, `step` seconds at a time, until `done` holds."""
    del pilot  # the app is the one running on this event loop
    await quietly_until(done, step=lambda: clock.advance(step), turns=limit)


async def choose_power(pilot: Any, action: str) -> None:
    await pilot.press("p")
    await pilot.pause()
    assert isinstance(pilot.app.screen, ChooseOne)
    index = {"status": 0, "on": 1, "off": 2, "reboot": 3}[action]
    await pilot.press(*(["down"] * index), "enter")
    await pilot.pause()


async def confirm(pilot: Any, typed: str = "") -> None:
    screen = pilot.app.screen
    assert isinstance(screen, ConfirmModal)
    if typed:
        screen.query_one("#confirm-typed", TextInput).value = typed
        await pilot.pause()
    await pilot.click("#confirm")
    await pilot.pause()


async def enter_pin(pilot: Any, clock: ManualClock, pin: str) -> None:
    assert isinstance(pilot.app.screen, PinModal)
    await pilot.press(*pin, "enter")
    await until(
        pilot,
        clock,
        lambda: (
            not isinstance(pilot.app.screen, PinModal)
            or "not correct" in pin_problem(pilot.app)
            or "blocked" in pin_problem(pilot.app)
        ),
    )


def pin_problem(app: HostkeyApp) -> str:
    screen = app.screen
    return (
        str(screen.query_one("#pin-problem", Static).render())
        if isinstance(screen, PinModal)
        else ""
    )


async def reboot_first_three(pilot: Any, clock: ManualClock) -> None:
    await pilot.press("space", "space", "space", "home")
    await choose_power(pilot, "reboot")
    await confirm(pilot, typed="3")
    await enter_pin(pilot, clock, "1234")


async def test_a_bulk_reboot_is_one_pin_and_exactly_three_requests(
    build: Build, ui_world: World, ui_clock: ManualClock
) -> None:
    app = build()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await reboot_first_three(pilot, ui_clock)
        assert isinstance(app.screen, GraceCountdown)
        assert ui_world.count("eq", "reboot") == 0  # nothing during the grace period
        await until(pilot, ui_clock, lambda: ui_world.count("eq", "reboot") == 3)
        await until(pilot, ui_clock, lambda: app.state.jobs_running == 0)
        assert ui_world.count("eq", "check_pin") == 1 and ui_world.count("eq", "reboot") == 3
        power_jobs = [j for j in app.state.jobs.values() if j.kind == "power"]
        assert [j.state for j in power_jobs] == [TaskState.DONE] * 3
        assert any("Reboot" in str(n.message) for n in app._notifications)


async def test_the_grace_period_aborts_and_sends_nothing(
    build: Build, ui_world: World, ui_clock: ManualClock
) -> None:
    app = build()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await reboot_first_three(pilot, ui_clock)
        ui_clock.advance(2)
        await pilot.press("escape")
        await pilot.pause()
        ui_clock.advance(30)
        await pilot.pause()
        assert ui_world.count("eq", "reboot") == 0
        assert any("nothing was sent" in str(n.message) for n in app._notifications)
        journal = app.services.journal.entries()  # type: ignore[union-attr]
        assert journal[0].outcome == "aborted"


async def test_a_wrong_pin_is_said_with_invapis_words_and_the_right_one_still_works(
    build: Build, ui_world: World, ui_clock: ManualClock
) -> None:
    app = build()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await choose_power(pilot, "reboot")
        await confirm(pilot)
        await enter_pin(pilot, ui_clock, "0000")
        said = pin_problem(app)
        # The documented failure: one wrong PIN, its debug shown, the tries left counted.
        assert "not correct" in said and '"Blocked For Security Purposes"' in said
        assert "2 tries left" in said and "refuses every PIN" in said
        assert isinstance(app.screen, PinModal)  # the user decides whether to try again
        await enter_pin(pilot, ui_clock, PIN)
        await until(pilot, ui_clock, lambda: ui_world.count("eq", "reboot") == 1)
        assert not app.state.pin.blocked and app.state.pin.accepted


async def test_after_three_wrong_pins_power_actions_are_still_offered(
    build: Build, ui_world: World, ui_clock: ManualClock
) -> None:
    app = build()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await choose_power(pilot, "reboot")
        await confirm(pilot)
        for wrong in ("0000", "0001", "0002"):
            await enter_pin(pilot, ui_clock, wrong)
        await pilot.press("escape")
        await until(pilot, ui_clock, lambda: not isinstance(app.screen, PinModal))
        assert app.state.pin.blocked and ui_world.count("eq", "reboot") == 0
        await pilot.press("p")
        await pilot.pause()
        menu = app.screen
        assert isinstance(menu, ChooseOne)
        assert [c.key for c in menu.choices] == ["status", "on", "off", "reboot"]


async def test_a_second_press_while_a_reboot_runs_sends_nothing(
    build: Build, ui_world: World, ui_clock: ManualClock
) -> None:
    app = build()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await choose_power(pilot, "reboot")
        await confirm(pilot)
        await enter_pin(pilot, ui_clock, "1234")
        await until(pilot, ui_clock, lambda: ui_world.count("eq", "reboot") == 1)
        await choose_power(pilot, "reboot")  # the job is still under way: refused at once
        assert not isinstance(app.screen, ConfirmModal)
        assert any("already under way" in str(n.message) for n in app._notifications)
        await until(pilot, ui_clock, lambda: app.state.jobs_running == 0)
        assert ui_world.count("eq", "reboot") == 1


async def test_a_lost_reply_shows_unknown_and_is_not_resent(
    build: Build, ui_world: World, ui_clock: ManualClock
) -> None:
    ui_world.faults.add("drop_reply", "eq/off", times=1)
    app = build()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("colon", *"server nl-vmmini", "enter")
        await settle(app, pilot)
        await choose_power(pilot, "off")
        await confirm(pilot)
        await enter_pin(pilot, ui_clock, "1234")
        await until(
            pilot,
            ui_clock,
            lambda: ui_world.count("eq", "off") == 1 and app.state.jobs_running == 0,
        )
        ui_clock.advance(30)
        await pilot.pause()
        assert ui_world.count("eq", "off") == 1
        job = next(j for j in app.state.jobs.values() if j.kind == "power")
        assert job.state is TaskState.UNKNOWN
        await pilot.press("t")
        await pilot.pause()
        assert "unknown — check status" in str(
            app.screen.query_one("#power-panel", Static).render()
        )


async def test_the_power_tab_reads_the_status_and_follows_a_job(
    build: Build, ui_world: World, ui_clock: ManualClock
) -> None:
    app = build()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("colon", *"server fi-backup-01", "enter")  # powered off in the demo
        await settle(app, pilot)
        await pilot.press("t")
        await until(pilot, ui_clock, lambda: 40044 in app.state.power)

        def panel() -> str:
            return str(app.screen.query_one("#power-panel", Static).render())

        assert "off" in panel() and "Chassis Power is off" in panel()
        await choose_power(pilot, "on")
        await confirm(pilot)
        await enter_pin(pilot, ui_clock, "1234")
        await until(pilot, ui_clock, lambda: app.state.power[40044].on is True)
        assert "● on" in panel() and "Power on fi-backup-01" in panel()


async def to_sensors_tab(app: HostkeyApp, pilot: Any) -> None:
    """fi-build-01's sensors tab, its first reading asked for."""
    await settle(app, pilot)
    await pilot.press("colon", *"server fi-build-01", "enter")
    await settle(app, pilot)
    await pilot.press("t", "t")


async def open_sensors(app: HostkeyApp, pilot: Any, clock: ManualClock) -> None:
    """fi-build-01's sensors tab, with its first reading in."""
    await to_sensors_tab(app, pilot)
    await until(
        pilot,
        clock,
        lambda: 40041 in app.state.sensors and bool(app.state.sensors[40041].readings),
    )


async def test_sensors_poll_while_the_tab_is_open_and_stop_when_it_closes(
    build: Build, ui_world: World, ui_clock: ManualClock
) -> None:
    app = build()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_sensors(app, pilot, ui_clock)
        first = app.state.sensors[40041].readings

        def sensors() -> str:
            return str(app.screen.query_one("#sensors-panel", Static).render())

        assert "CPU Temp" in sensors() and "Fans" in sensors() and "no reading" in sensors()
        await until(pilot, ui_clock, lambda: ui_world.count("eq", "sensors") >= 3)
        assert app.state.sensors[40041].readings != first  # they drift as time passes
        await pilot.press("t")  # back to the first tab: polling stops
        await pilot.pause()
        count = ui_world.count("eq", "sensors")
        for _ in range(5):
            ui_clock.advance(10)
            await pilot.pause()
        assert ui_world.count("eq", "sensors") == count
        await pilot.press("T")  # sensors again, then leave the screen
        await pilot.pause()
        await pilot.press("escape")
        count = ui_world.count("eq", "sensors")
        for _ in range(5):
            ui_clock.advance(10)
            await pilot.pause()
        assert ui_world.count("eq", "sensors") <= count + 1


async def test_re_entering_the_sensors_tab_reads_again_only_when_due(
    build: Build, ui_world: World, ui_clock: ManualClock
) -> None:
    app = build()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_sensors(app, pilot, ui_clock)
        count = ui_world.count("eq", "sensors")
        first_at = app.state.sensors[40041].at
        assert first_at is not None
        for _ in range(2):  # leave and come back at once, twice: the reading shown is fresh
            await pilot.press("T")
            await pilot.pause()
            await pilot.press("t")
            await pilot.pause()
        assert ui_world.count("eq", "sensors") == count
        interval = app.setup.config.refresh.sensors
        await until(pilot, ui_clock, lambda: ui_world.count("eq", "sensors") == count + 1)
        assert ui_clock.now() - first_at >= interval  # asked again when due, not before


async def test_leaving_the_tab_while_a_reading_is_under_way_does_not_send_another(
    build: Build, ui_world: World, ui_clock: ManualClock
) -> None:
    app = build()
    async with app.run_test(size=(120, 40)) as pilot:
        await to_sensors_tab(app, pilot)  # the reading is sent; its result is not in yet
        await pilot.pause()
        for key in ("T", "t", "T", "t"):
            await pilot.press(key)
            await pilot.pause()
        assert ui_world.count("eq", "sensors") == 1
        await until(pilot, ui_clock, lambda: bool(app.state.sensors.get(40041)))
        assert ui_world.count("eq", "sensors") == 1  # the first one, followed to its end


async def test_a_vm_has_no_sensors_to_read(build: Build, ui_world: World) -> None:
    app = build()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("colon", *"server nl-vmmini", "enter")
        await settle(app, pilot)
        await pilot.press("t", "t")
        await pilot.pause()
        assert "bare-metal" in str(app.screen.query_one("#sensors-panel", Static).render())
        assert ui_world.count("eq", "sensors") == 0


async def test_read_only_offers_only_the_status(
    build: Build, ui_world: World, ui_clock: ManualClock
) -> None:
    app = build(Config(read_only=True))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("p")
        await pilot.pause()
        assert [c.key for c in app.screen.choices] == ["status"]  # type: ignore[attr-defined]
        await pilot.press("enter")
        await until(pilot, ui_clock, lambda: app.state.jobs_running == 0 and bool(app.state.power))
        assert ui_world.count("eq", "status") == 1
        assert sum(ui_world.count("eq", a) for a in ("on", "off", "reboot", "check_pin")) == 0


async def test_jobs_outlive_the_screen_and_are_listed(
    build: Build, ui_world: World, ui_clock: ManualClock
) -> None:
    app = build()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        await choose_power(pilot, "reboot")
        await confirm(pilot)
        await enter_pin(pilot, ui_clock, "1234")
        await until(pilot, ui_clock, lambda: ui_world.count("eq", "reboot") == 1)
        await pilot.press("escape", "5")  # leave the detail; the job goes on
        await pilot.pause()
        assert isinstance(app.screen, JobsScreen)
        assert "1 job running" in app.screen.query_one("StatusLine").left  # type: ignore[attr-defined]
        await until(pilot, ui_clock, lambda: app.state.jobs_running == 0)
        assert ui_world.count("eq", "reboot") == 1
        await pilot.press("enter")  # opens the server of the newest job
        await pilot.pause()
        assert isinstance(app.screen, ServerDetailScreen)


async def test_the_attention_filter_lists_who_needs_a_look_and_why(build: Build) -> None:
    app = build()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        bar = str(app.screen.query_one("#attention", Static).render())
        assert "need attention" in bar and "tr-legacy-01" in bar
        await pilot.press("exclamation_mark")
        await pilot.pause()
        table = app.screen.query_one("ServerTable")
        names = [app.state.servers[i].hostname for i in table.rows]  # type: ignore[attr-defined]
        assert names[0] == "tr-legacy-01"
        assert set(names) == {"tr-legacy-01", "de-app-01", "nl-web-02", "us-edge-01"}
        assert "overdue 12 days" in table._notes[40072]  # type: ignore[attr-defined]
        await pilot.press("exclamation_mark")
        assert len(table.rows) == 28  # type: ignore[attr-defined]


async def test_a_lost_power_change_is_not_offered_again_until_invapi_was_asked(
    build: Build, ui_world: World, ui_clock: ManualClock
) -> None:
    ui_world.faults.add("drop_reply", "eq/off", times=1)
    ui_world.faults.add("status", "eq/status", value=503)  # invapi cannot be asked yet
    app = build()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("colon", *"server nl-vmmini", "enter")
        await settle(app, pilot)
        await choose_power(pilot, "off")
        await confirm(pilot)
        await enter_pin(pilot, ui_clock, "1234")
        await until(
            pilot,
            ui_clock,
            lambda: any(e.status == "unknown" for e in app.state.unsettled.values()),
        )
        said = [str(n.message) for n in app._notifications]
        assert any("was lost" in text and "asks invapi" in text for text in said), (
            said,
            app.state.unsettled,
        )
        for action in ("off", "on"):  # any power change of that server: refused, no PIN asked
            await choose_power(pilot, action)
            assert not isinstance(app.screen, ConfirmModal | PinModal)
        said = [str(n.message) for n in app._notifications]
        assert any(text.startswith("Nothing was sent") and "r asks again" in text for text in said)
        assert ui_world.count("eq", "off") == 1 and ui_world.count("eq", "on") == 0
        ui_world.faults.clear()
        await pilot.press("r")
        await until(pilot, ui_clock, lambda: not app.state.unsettled)
        said = [str(n.message) for n in app._notifications]
        assert any("nl-vmmini is" in text for text in said), said
        await choose_power(pilot, "on")  # now it may be asked for again
        assert isinstance(app.screen, ConfirmModal)


async def test_quitting_with_a_change_under_way_asks_first(
    build: Build, ui_world: World, ui_clock: ManualClock
) -> None:
    ui_world.faults.add("never_finish", "eq/reboot")
    app = build()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await choose_power(pilot, "reboot")
        await confirm(pilot)
        await enter_pin(pilot, ui_clock, "1234")
        await until(pilot, ui_clock, lambda: ui_world.count("eq", "reboot") == 1)
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmModal)
        assert "1 change is under way" in app.screen.action_text
        assert "next start asks invapi" in app.screen.warning
        await pilot.press("escape")  # stay
        await pilot.pause()
        assert app.is_running and not isinstance(app.screen, ConfirmModal)
        await pilot.press("q")
        await pilot.pause()
        app.screen.query_one("#confirm", Button).press()
        for _ in range(500):  # the app signs out and exits: plain turns of the loop, no pauses
            if ui_world.count("auth", "logout"):
                break
            await asyncio.sleep(0)
        assert ui_world.count("auth", "logout") == 1  # quit through the confirmation
    assert app.return_code == 0
    assert ui_world.count("eq", "reboot") == 1


async def test_q_during_the_grace_countdown_aborts_the_change_and_quits(
    build: Build, ui_world: World, ui_clock: ManualClock
) -> None:
    app = build()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await reboot_first_three(pilot, ui_clock)
        assert isinstance(app.screen, GraceCountdown)
        app.simulate_key("q")  # as pressed; not waited on like pilot.press: the app quits
        for _ in range(500):  # the app signs out and exits: plain turns of the loop, no pauses
            if ui_world.count("auth", "logout"):
                break
            await asyncio.sleep(0)
        assert ui_world.count("auth", "logout") == 1
        ui_clock.advance(30)
    assert ui_world.count("eq", "reboot") == 0
    assert app.return_code == 0
    journal = app.services.journal.entries()  # type: ignore[union-attr]
    assert journal[0].outcome == "aborted"
