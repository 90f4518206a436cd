"""Power, PIN, jobs and sensors as a person drives them, counted in the simulator's request log."""

from __future__ import annotations

import asyncio

from textual.widgets import Button, Static

from hostkey_tui.clock import ManualClock
from hostkey_tui.config.model import Config
from hostkey_tui.models.tasks import TaskState
from hostkey_tui.simulator.world import World
from hostkey_tui.state.board import attention
from hostkey_tui.ui.jobs.screen import JobsScreen
from hostkey_tui.ui.kit.modals.choose import ChooseOne
from hostkey_tui.ui.kit.modals.confirm import ConfirmModal
from hostkey_tui.ui.kit.modals.grace import GraceCountdown
from hostkey_tui.ui.kit.modals.pin import PinModal
from hostkey_tui.ui.kit.widgets.chrome import StatusLine
from hostkey_tui.ui.server.screen import ServerDetailScreen
from hostkey_tui.ui.servers.screen import ServersScreen
from hostkey_tui.ui.servers.table import ServerTable
from tests.conftest import PIN
from tests.ui.driver import Driver


async def reboot_first_three(ui: Driver) -> None:
    await ui.pilot.press("space", "space", "space", "home")
    await ui.choose_power("reboot")
    await ui.confirm(typed="3")
    await ui.pin("1234")


async def test_a_bulk_reboot_is_one_pin_and_exactly_three_requests(
    ui: Driver, ui_world: World
) -> None:
    async with ui.run() as app:
        await reboot_first_three(ui)
        assert isinstance(app.screen, GraceCountdown)
        assert ui_world.count("eq", "reboot") == 0  # nothing during the grace period
        await ui.until(lambda: ui_world.count("eq", "reboot") == 3)
        await ui.until(lambda: app.state.jobs_running == 0)
        assert ui_world.count("eq", "check_pin") == 1 and ui_world.count("eq", "reboot") == 3
        power_jobs = [j for j in app.state.jobs.values() if j.kind == "power"]
        assert [j.state for j in power_jobs] == [TaskState.DONE] * 3
        assert any("Reboot" in str(n.message) for n in app._notifications)


async def test_the_grace_period_aborts_and_sends_nothing(
    ui: Driver, ui_world: World, ui_clock: ManualClock
) -> None:
    async with ui.run() as app:
        await reboot_first_three(ui)
        ui_clock.advance(2)
        await ui.press("escape")
        ui_clock.advance(30)
        await ui.pause()
        assert ui_world.count("eq", "reboot") == 0
        assert any("nothing was sent" in str(n.message) for n in app._notifications)
        journal = app.services.journal.entries()  # type: ignore[union-attr]
        assert journal[0].outcome == "aborted"


async def test_a_wrong_pin_is_said_with_invapis_words_and_the_right_one_still_works(
    ui: Driver, ui_world: World
) -> None:
    async with ui.run() as app:
        await ui.choose_power("reboot")
        await ui.confirm()
        await ui.pin("0000")
        said = ui.pin_problem
        # The documented failure: one wrong PIN, its debug shown, the tries left counted.
        assert "not correct" in said and '"Blocked For Security Purposes"' in said
        assert "2 tries left" in said and "refuses every PIN" in said
        assert isinstance(app.screen, PinModal)  # the user decides whether to try again
        await ui.pin(PIN)
        await ui.until(lambda: ui_world.count("eq", "reboot") == 1)
        assert not app.state.pin.blocked and app.state.pin.accepted


async def test_after_three_wrong_pins_power_actions_are_still_offered(
    ui: Driver, ui_world: World
) -> None:
    async with ui.run() as app:
        await ui.choose_power("reboot")
        await ui.confirm()
        for wrong in ("0000", "0001", "0002"):
            await ui.pin(wrong)
        await ui.pilot.press("escape")
        await ui.until(lambda: not isinstance(app.screen, PinModal))
        assert app.state.pin.blocked and ui_world.count("eq", "reboot") == 0
        await ui.press("p")
        menu = app.screen
        assert isinstance(menu, ChooseOne)
        assert [c.key for c in menu.choices] == ["status", "on", "off", "reboot", "hard_off"]


async def test_a_second_press_while_a_reboot_runs_sends_nothing(
    ui: Driver, ui_world: World
) -> None:
    async with ui.run() as app:
        await ui.choose_power("reboot")
        await ui.confirm()
        await ui.pin("1234")
        await ui.until(lambda: ui_world.count("eq", "reboot") == 1)
        await ui.choose_power("reboot")  # the job is still under way: refused at once
        assert not isinstance(app.screen, ConfirmModal)
        assert any("already under way" in str(n.message) for n in app._notifications)
        await ui.until(lambda: app.state.jobs_running == 0)
        assert ui_world.count("eq", "reboot") == 1


async def test_a_lost_reply_shows_unknown_and_is_not_resent(
    ui: Driver, ui_world: World, ui_clock: ManualClock
) -> None:
    ui_world.faults.add("drop_reply", "eq/off", times=1)
    async with ui.run() as app:
        await ui.pilot.press("colon", *"server nl-vmmini", "enter")
        await ui.settle()
        await ui.choose_power("off")
        await ui.confirm()
        await ui.pin("1234")
        await ui.until(
            lambda: ui_world.count("eq", "off") == 1 and app.state.jobs_running == 0,
        )
        ui_clock.advance(30)
        await ui.pause()
        assert ui_world.count("eq", "off") == 1
        job = next(j for j in app.state.jobs.values() if j.kind == "power")
        assert job.state is TaskState.UNKNOWN
        await ui.press("t")
        assert "unknown — check status" in str(
            app.screen.query_one("#power-panel", Static).render()
        )


async def test_the_power_tab_reads_the_status_and_follows_a_job(
    ui: Driver, ui_world: World
) -> None:
    async with ui.run() as app:
        await ui.pilot.press("colon", *"server fi-backup-01", "enter")  # powered off in the demo
        await ui.settle()
        await ui.pilot.press("t")
        await ui.until(lambda: 40044 in app.state.power)

        def panel() -> str:
            return str(app.screen.query_one("#power-panel", Static).render())

        assert "off" in panel() and "Chassis Power is off" in panel()
        await ui.choose_power("on")
        await ui.confirm()
        await ui.pin("1234")
        await ui.until(lambda: app.state.power[40044].on is True)
        assert "● on" in panel() and "Power on fi-backup-01" in panel()


async def to_sensors_tab(ui: Driver) -> None:
    """fi-build-01's sensors tab, its first reading asked for."""
    await ui.settle()
    await ui.pilot.press("colon", *"server fi-build-01", "enter")
    await ui.settle()
    await ui.pilot.press("t", "t")


async def open_sensors(ui: Driver) -> None:
    """fi-build-01's sensors tab, with its first reading in."""
    await to_sensors_tab(ui)
    app = ui.app
    await ui.until(lambda: 40041 in app.state.sensors and bool(app.state.sensors[40041].readings))


async def test_sensors_poll_while_the_tab_is_open_and_stop_when_it_closes(
    ui: Driver, ui_world: World, ui_clock: ManualClock
) -> None:
    async with ui.run() as app:
        await open_sensors(ui)
        first = app.state.sensors[40041].readings

        def sensors() -> str:
            return str(app.screen.query_one("#sensors-panel", Static).render())

        assert "CPU Temp" in sensors() and "Fans" in sensors() and "no reading" in sensors()
        await ui.until(lambda: ui_world.count("eq", "sensors") >= 3)
        assert app.state.sensors[40041].readings != first  # they drift as time passes
        await ui.press("t")  # back to the first tab: polling stops
        count = ui_world.count("eq", "sensors")
        for _ in range(5):
            ui_clock.advance(10)
            await ui.pause()
        assert ui_world.count("eq", "sensors") == count
        await ui.press("T")  # sensors again, then leave the screen
        await ui.pilot.press("escape")
        count = ui_world.count("eq", "sensors")
        for _ in range(5):
            ui_clock.advance(10)
            await ui.pause()
        assert ui_world.count("eq", "sensors") <= count + 1


async def test_re_entering_the_sensors_tab_reads_again_only_when_due(
    ui: Driver, ui_world: World, ui_clock: ManualClock
) -> None:
    async with ui.run() as app:
        await open_sensors(ui)
        count = ui_world.count("eq", "sensors")
        first_at = app.state.sensors[40041].at
        assert first_at is not None
        for _ in range(2):  # leave and come back at once, twice: the reading shown is fresh
            await ui.press("T")
            await ui.press("t")
        assert ui_world.count("eq", "sensors") == count
        interval = app.setup.config.refresh.sensors
        await ui.until(lambda: ui_world.count("eq", "sensors") == count + 1)
        assert ui_clock.now() - first_at >= interval  # asked again when due, not before


async def test_leaving_the_tab_while_a_reading_is_under_way_does_not_send_another(
    ui: Driver, ui_world: World
) -> None:
    async with ui.run() as app:
        await to_sensors_tab(ui)  # the reading is sent; its result is not in yet
        await ui.pause()
        for key in ("T", "t", "T", "t"):
            await ui.press(key)
        assert ui_world.count("eq", "sensors") == 1
        await ui.until(lambda: bool(app.state.sensors.get(40041)))
        assert ui_world.count("eq", "sensors") == 1  # the first one, followed to its end


async def test_a_vm_has_no_sensors_to_read(ui: Driver, ui_world: World) -> None:
    async with ui.run() as app:
        await ui.pilot.press("colon", *"server nl-vmmini", "enter")
        await ui.settle()
        await ui.press("t", "t")
        # its load (vm/load_stats) is shown instead: tests/ui/test_vm_snapshots_ui.py
        assert "no IPMI sensors" in str(app.screen.query_one("#sensors-panel", Static).render())
        assert ui_world.count("eq", "sensors") == 0


async def test_read_only_offers_only_the_status(ui: Driver, ui_world: World) -> None:
    async with ui.run(Config(read_only=True)) as app:
        await ui.press("p")
        assert [c.key for c in app.screen.choices] == ["status"]  # type: ignore[attr-defined]
        await ui.pilot.press("enter")
        await ui.until(lambda: app.state.jobs_running == 0 and bool(app.state.power))
        assert ui_world.count("eq", "status") == 1
        assert sum(ui_world.count("eq", a) for a in ("on", "off", "reboot", "check_pin")) == 0


async def test_jobs_outlive_the_screen_and_are_listed(ui: Driver, ui_world: World) -> None:
    async with ui.run() as app:
        await ui.pilot.press("enter")
        await ui.settle()
        await ui.choose_power("reboot")
        await ui.confirm()
        await ui.pin("1234")
        await ui.until(lambda: ui_world.count("eq", "reboot") == 1)
        await ui.press("escape", "5")  # leave the detail; the job goes on
        assert isinstance(app.screen, JobsScreen)
        assert "1 job running" in app.screen.query_one("StatusLine").left  # type: ignore[attr-defined]
        await ui.until(lambda: app.state.jobs_running == 0)
        assert ui_world.count("eq", "reboot") == 1
        await ui.press("enter")  # opens the server of the newest job
        assert isinstance(app.screen, ServerDetailScreen)


async def test_the_attention_filter_lists_who_needs_a_look_and_why(ui: Driver) -> None:
    async with ui.run() as app:
        bar = str(app.screen.query_one("#attention", Static).render())
        assert "need attention" in bar and "tr-legacy-01" in bar
        await ui.press("exclamation_mark")
        table = app.screen.query_one("ServerTable")
        names = [app.state.servers[i].hostname for i in table.rows]  # type: ignore[attr-defined]
        assert names[0] == "tr-legacy-01"
        assert set(names) == {"tr-legacy-01", "de-app-01", "nl-web-02", "us-edge-01"}
        assert "overdue 12 days" in table._notes[40072]  # type: ignore[attr-defined]
        await ui.pilot.press("exclamation_mark")
        assert len(table.rows) == 28  # type: ignore[attr-defined]


async def test_a_lost_power_change_is_not_offered_again_until_invapi_was_asked(
    ui: Driver, ui_world: World
) -> None:
    ui_world.faults.add("drop_reply", "eq/off", times=1)
    ui_world.faults.add("status", "eq/status", value=503)  # invapi cannot be asked yet
    async with ui.run() as app:
        await ui.pilot.press("colon", *"server nl-vmmini", "enter")
        await ui.settle()
        await ui.choose_power("off")
        await ui.confirm()
        await ui.pin("1234")
        await ui.until(
            lambda: any(e.status == "unknown" for e in app.state.unsettled.values()),
        )
        said = [str(n.message) for n in app._notifications]
        assert any("was lost" in text and "asks invapi" in text for text in said), (
            said,
            app.state.unsettled,
        )
        for action in ("off", "on"):  # any power change of that server: refused, no PIN asked
            await ui.choose_power(action)
            assert not isinstance(app.screen, ConfirmModal | PinModal)
        said = [str(n.message) for n in app._notifications]
        assert any(text.startswith("Nothing was sent") and "r asks again" in text for text in said)
        assert ui_world.count("eq", "off") == 1 and ui_world.count("eq", "on") == 0
        ui_world.faults.clear()
        await ui.pilot.press("r")
        await ui.until(lambda: not app.state.unsettled)
        said = [str(n.message) for n in app._notifications]
        assert any("nl-vmmini is" in text for text in said), said
        await ui.choose_power("on")  # now it may be asked for again
        assert isinstance(app.screen, ConfirmModal)


async def test_quitting_with_a_change_under_way_asks_first(ui: Driver, ui_world: World) -> None:
    ui_world.faults.add("never_finish", "eq/reboot")
    async with ui.run() as app:
        await ui.choose_power("reboot")
        await ui.confirm()
        await ui.pin("1234")
        await ui.until(lambda: ui_world.count("eq", "reboot") == 1)
        await ui.press("q")
        assert isinstance(app.screen, ConfirmModal)
        assert "1 change is under way" in app.screen.action_text
        assert "next start asks invapi" in app.screen.warning
        await ui.press("escape")  # stay
        assert app.is_running and not isinstance(app.screen, ConfirmModal)
        await ui.press("q")
        app.screen.query_one("#confirm", Button).press()
        for _ in range(500):  # the app signs out and exits: plain turns of the loop, no pauses
            if ui_world.count("auth", "logout"):
                break
            await asyncio.sleep(0)
        assert ui_world.count("auth", "logout") == 1  # quit through the confirmation
    assert app.return_code == 0
    assert ui_world.count("eq", "reboot") == 1


async def test_q_during_the_grace_countdown_aborts_the_change_and_quits(
    ui: Driver, ui_world: World, ui_clock: ManualClock
) -> None:
    async with ui.run() as app:
        await reboot_first_three(ui)
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


SUSPENDED, SUSPENDED_NAME = 40072, "tr-legacy-01"  # suspended for non-payment in the demo


def list_row(ui: Driver, hostname: str) -> str:
    """The server list's row of `hostname`, as drawn (the list is under the detail)."""
    screen = next(s for s in ui.app.screen_stack if isinstance(s, ServersScreen))
    table = screen.query_one(ServerTable)
    lines = [table.render_line(y).text for y in range(table.size.height)]
    return next(text for text in lines if f" {hostname} " in text)


def header(ui: Driver) -> str:
    return ui.text("#detail-title")


async def test_powering_on_a_suspended_server_says_so_first_and_every_place_agrees_after(
    ui: Driver, ui_world: World
) -> None:
    async with ui.run() as app:
        assert "suspended" in list_row(ui, SUSPENDED_NAME)
        await ui.jump(f"server {SUSPENDED_NAME}")
        await ui.settle()
        assert "suspended" in header(ui) and "power_off" not in header(ui)
        assert "Status    suspended (invapi: power_off)" in ui.text("#overview")
        await ui.choose_power("on")
        screen = app.screen
        assert isinstance(screen, ConfirmModal)
        # Said before anything is sent: suspended, why, what may happen, what to do.
        assert "tr-legacy-01 is suspended for non-payment (12 days overdue)" in screen.warning
        assert "may refuse to power it on" in screen.warning and "Pay it first" in screen.warning
        assert ui_world.count("eq", "on") == 0
        shows, statuses = ui_world.count("eq", "show"), ui_world.count("eq", "status")
        await ui.confirm()
        await ui.pin("1234")
        await ui.until(lambda: ui_world.count("eq", "on") == 1 and app.state.jobs_running == 0)
        # Read back after the change: what invapi says now, not what was asked.
        assert ui_world.count("eq", "show") > shows and ui_world.count("eq", "status") > statuses
        await ui.press("t")  # the Power tab
        await ui.pause(2)
        assert app.state.power[SUSPENDED].on is True
        panel = ui.text("#power-panel")
        assert "● on" in panel and "suspended for non-payment" in panel
        assert "suspended, powered on" in header(ui)
        assert "susp, on" in list_row(ui, SUSPENDED_NAME)
        assert "suspended, powered on (invapi: power_off)" in ui.text("#overview")


async def test_after_a_power_off_the_header_the_power_tab_and_the_list_row_agree(
    ui: Driver, ui_world: World
) -> None:
    async with ui.run() as app:
        await ui.jump("server nl-vmmini")
        await ui.settle()
        await ui.choose_power("off")
        screen = app.screen
        assert isinstance(screen, ConfirmModal)
        assert "The server stops at once" in screen.warning  # one server, said of one
        assert "suspended" not in screen.warning
        await ui.confirm()
        await ui.pin("1234")
        await ui.until(lambda: ui_world.count("eq", "off") == 1 and app.state.jobs_running == 0)
        await ui.press("t")
        await ui.pause(2)
        assert "○ off" in ui.text("#power-panel")
        assert "powered off" in header(ui)
        assert " off " in list_row(ui, "nl-vmmini")
        await ui.choose_power("on")
        await ui.confirm()
        await ui.pin("1234")
        await ui.until(lambda: ui_world.count("eq", "on") == 1 and app.state.jobs_running == 0)
        await ui.pause(2)
        assert "● on" in ui.text("#power-panel") and "powered on" in header(ui)
        assert " on " in list_row(ui, "nl-vmmini")


async def test_the_power_menu_speaks_of_one_server_or_several_and_keeps_labels_apart(
    ui: Driver,
) -> None:
    async with ui.run() as app:
        await ui.press("p")
        chooser = app.screen
        assert isinstance(chooser, ChooseOne)
        rows = [row.plain for row in chooser.rows()]
        assert any("stops it at once" in row for row in rows)
        # Every label stands in its own column, apart from what it says.
        starts = {row.index(row.split("   ")[-1].strip()) for row in rows}
        assert len(starts) == 1, rows
        await ui.press("escape", "space", "space", "home", "p")
        chooser = app.screen
        assert isinstance(chooser, ChooseOne)
        assert any("stops them at once" in row.plain for row in chooser.rows())


async def test_paying_the_overdue_invoice_clears_overdue_from_the_triage_board(
    ui: Driver, ui_world: World
) -> None:
    async with ui.run() as app:
        assert "overdue 12 days" in " ".join(a.why for a in attention(app.state))
        await ui.section("billing")
        await ui.key("billing.pay")  # the first row: the overdue invoice, 35.00 EUR
        await ui.fill(amount="35.00")
        await ui.confirm()
        await ui.settle()
        assert ui_world.count("whmcs", "apply_credit") == 1
        await ui.until(lambda: (app.state.servers[SUSPENDED].days_left or 0) > 0)
        whys = {a.server_id: a.why for a in attention(app.state)}
        assert "overdue" not in whys.get(SUSPENDED, "") and "suspended" not in whys.get(
            SUSPENDED, ""
        )
        await ui.section("servers")
        assert "overdue" not in ui.text("#attention")


async def test_a_payment_made_elsewhere_clears_overdue_on_refresh(
    ui: Driver, ui_world: World
) -> None:
    async with ui.run() as app:
        ui_world.settle(ui_world.invoices[23452])  # paid by PayPal, outside the app
        await ui.press("r")
        await ui.settle()
        assert "overdue" not in " ".join(a.why for a in attention(app.state))
        assert "overdue" not in ui.text("#attention")


async def test_the_triage_board_says_it_is_ranked_by_urgency(ui: Driver) -> None:
    async with ui.run() as app:
        status = app.screen.query_one(StatusLine)
        assert "by hostname" in status.right
        await ui.press("exclamation_mark")
        await ui.pause()
        assert "by urgency" in status.right and "by hostname" not in status.right
        await ui.press("exclamation_mark")
        await ui.pause()
        assert "by hostname" in status.right
