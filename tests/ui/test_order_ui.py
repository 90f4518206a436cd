"""Ordering (section 4) and reinstalling (the Reinstall tab) as a person does it."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import DataTable, Static

from hostkey_tui.clock import ManualClock
from hostkey_tui.config.model import Config, Profile
from hostkey_tui.models.tasks import TaskState
from hostkey_tui.simulator.faults import GARBLES
from hostkey_tui.simulator.transport import SimulatorTransport
from hostkey_tui.simulator.world import World
from hostkey_tui.ui.app import HostkeyApp
from hostkey_tui.ui.kit.modals.choose import ChooseOne
from hostkey_tui.ui.kit.modals.confirm import ConfirmModal
from hostkey_tui.ui.kit.modals.form import FormModal
from hostkey_tui.ui.kit.modals.pin import PinModal
from hostkey_tui.ui.kit.widgets.stages import InstallStages
from hostkey_tui.ui.order.screen import OrderScreen
from hostkey_tui.ui.server.screen import ServerDetailScreen
from tests.ui.conftest import Build, settle
from tests.ui.test_account_ui import fill, until_idle
from tests.ui.test_network_ui import BACK
from tests.ui.test_power_ui import confirm, enter_pin, until

PASSWORD = "Secret-Pass1"
SIM = "http://127.0.0.1:9"
BM, VM = 40053, 34533


async def open_order(pilot: Any) -> OrderScreen:
    await settle(pilot.app, pilot)
    await pilot.press("4")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, OrderScreen)
    return screen


async def choose(pilot: Any, label: str) -> None:
    """Put the cursor on the row whose name (or code) is `label`, then press enter."""
    screen = pilot.app.screen
    assert isinstance(screen, OrderScreen)
    names = [getattr(r, "name", None) or str(getattr(r, "id", r)) for r in screen.rows]
    assert label in names, names
    screen.query_one("#choices", DataTable).move_cursor(row=names.index(label))
    await pilot.press("enter")
    await settle(pilot.app, pilot)


async def details(pilot: Any, password: str = PASSWORD, hostname: str = "web-01") -> None:
    await pilot.press("enter")
    await pilot.pause()
    await fill(pilot, hostname=hostname, root_pass=password)
    for _ in range(3):
        await pilot.pause()


async def through_details(pilot: Any, server: str = "vm.nano") -> OrderScreen:
    screen = await open_order(pilot)
    await choose(pilot, "NL")
    await choose(pilot, server)
    await choose(pilot, "Ubuntu 22.04")
    await choose(pilot, "WordPress")
    await choose(pilot, "3Tb traffic (1Gbps) VM")
    await details(pilot)
    return screen


async def test_a_whole_order_sends_one_request_with_the_chosen_fields(
    build: Build, ui_world: World, ui_clock: ManualClock
) -> None:
    app = build()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await through_details(pilot)
        assert screen.step == "period"
        await choose(pilot, "quarterly")
        assert screen.step == "summary"
        summary = str(screen.query_one("#summary", Static).render())
        assert "WordPress" in summary and "15.00 €" in summary and "covers it" in summary
        await pilot.press("o")
        await pilot.pause()
        await confirm(pilot)
        await enter_pin(pilot, ui_clock, "1234")
        await until(pilot, ui_clock, lambda: ui_world.count("eq", "order_instance") == 1)
        sent = ui_world.logged("eq", "order_instance")[0]
        chosen = {k: sent.field(k) for k in ("preset", "location_name", "traffic_plan")}
        assert chosen == {"preset": "vm.nano", "location_name": "NL", "traffic_plan": "25"}
        assert (sent.field("os_id"), sent.field("soft_id"), sent.field("deploy_period")) == (
            "187",
            "20",
            "quarterly",
        )
        assert sent.field("hostname") == "web-01" and sent.field("root_pass") == PASSWORD
        stages = screen.query_one("#order-stages", InstallStages)
        await until(
            pilot, ui_clock, lambda: stages.job is not None and stages.job.state.final, step=5.0
        )
        assert stages.job is not None and stages.job.state is TaskState.DONE
        assert "5 server online" in str(stages.render())
        assert ui_world.count("eq", "order_instance") == 1


async def test_a_partial_root_partition_is_said_in_the_summary_and_sent(
    build: Build, ui_world: World, ui_clock: ManualClock
) -> None:
    app = build()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_order(pilot)
        for label in ("NL", "vm.nano", "Ubuntu 22.04", "WordPress", "3Tb traffic (1Gbps) VM"):
            await choose(pilot, label)
        await pilot.press("enter")
        await pilot.pause()
        await fill(pilot, hostname="web-01", root_pass=PASSWORD, root_size="50")
        await settle(app, pilot)
        await choose(pilot, "quarterly")
        assert screen.step == "summary"
        summary = str(screen.query_one("#summary", Static).render())
        assert "Root size" in summary and "50 % of the disk" in summary
        await pilot.press("o")
        await pilot.pause()
        await confirm(pilot)
        await enter_pin(pilot, ui_clock, "1234")
        await until(pilot, ui_clock, lambda: ui_world.count("eq", "order_instance") == 1)
        assert ui_world.logged("eq", "order_instance")[0].field("root_size") == "50"


async def test_the_password_policy_is_said_and_nothing_sent(build: Build, ui_world: World) -> None:
    app = build()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_order(pilot)
        for label in ("NL", "vm.nano", "Ubuntu 22.04", "none", "3Tb traffic (1Gbps) VM"):
            await choose(pilot, label)
        await pilot.press("enter")
        await pilot.pause()
        await fill(pilot, root_pass="password")
        form = app.screen
        assert isinstance(form, FormModal)
        assert "upper-case" in str(form.query_one("#problem-root_pass", Static).render())
        await pilot.press("escape")
        await pilot.pause()
        assert screen.step == "details" and ui_world.count("eq", "order_instance") == 0


async def test_going_back_keeps_choices_and_drops_what_no_longer_fits(build: Build) -> None:
    app = build()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_order(pilot)
        await choose(pilot, "NL")
        await choose(pilot, "vm.mini")
        await choose(pilot, "Windows Server 2022 VM")
        await choose(pilot, "none")
        for _ in range(3):
            await pilot.press("escape")
            await pilot.pause()
        assert screen.step == "server"
        assert screen.draft.image is not None and screen.draft.no_soft  # kept
        await choose(pilot, "vm.medium")  # still fits: the OS stays
        assert screen.draft.image is not None and screen.draft.image.name.startswith("Windows")
        await pilot.press("escape")
        await pilot.pause()
        await choose(pilot, "vm.pico")  # 1 GB: Windows needs 4
        assert screen.draft.image is None and screen.step == "os"
        await choose(pilot, "Windows Server 2022 VM")  # refused here, said why
        assert screen.draft.image is None and screen.step == "os"


async def test_invapis_refusal_of_a_pair_brings_back_the_software_step(
    build: Build, ui_world: World, ui_clock: ManualClock
) -> None:
    app = build()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await through_details(pilot)
        # The catalogue changed on invapi's side since it was read: WordPress no longer
        # takes Ubuntu 22.04.
        wordpress = next(s for s in ui_world.catalog.software if s["id"] == 20)
        for tag in wordpress["tags"]:
            if tag["tag"] == "os":
                tag["value"] = ["217"]
        await choose(pilot, "monthly")
        await pilot.press("o")
        await pilot.pause()
        await confirm(pilot)
        await enter_pin(pilot, ui_clock, "1234")
        await until(pilot, ui_clock, lambda: screen.step == "software")
        note = str(screen.query_one("#step-note", Static).render())
        assert "not compatible" in note and screen.draft.soft is None
        assert screen.draft.image is not None and screen.draft.plan is not None  # kept
        assert ui_world.count("eq", "order_instance") == 1


async def test_a_stock_server_with_hardware_raid_is_said_to_be_deployed_by_hand(
    build: Build,
) -> None:
    app = build()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_order(pilot)
        await choose(pilot, "FI")
        await pilot.press("t")
        await settle(app, pilot)
        assert {getattr(r, "id", None) for r in screen.rows} >= {44717, 40514}
        await choose(pilot, "44717 2U")
        assert any("by hand" in str(n.message) for n in app._notifications)
        for label in ("Ubuntu 22.04", "none", "10Tb traffic (1Gbps) BM"):
            await choose(pilot, label)
        await details(pilot)
        await choose(pilot, "monthly")
        assert "by hand" in str(screen.query_one("#summary", Static).render())


async def open_reinstall(pilot: Any, server: int) -> ServerDetailScreen:
    await settle(pilot.app, pilot)
    await pilot.press("colon", *f"server {server}", "enter")
    await settle(pilot.app, pilot)
    await pilot.press(*(["T"] * BACK["reinstall"]))
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, ServerDetailScreen) and screen.active_tab == "tab-reinstall"
    return screen


async def reinstall_way_1(pilot: Any, clock: ManualClock, hostname: str) -> None:
    await pilot.press("i")
    await until_idle(pilot)
    assert isinstance(pilot.app.screen, ChooseOne)
    await pilot.press("enter")  # Ubuntu 22.04, the first that fits
    await until_idle(pilot)
    assert isinstance(pilot.app.screen, ChooseOne)
    await pilot.press("enter")  # no software
    await until_idle(pilot)
    await fill(pilot, root_pass=PASSWORD)
    assert isinstance(pilot.app.screen, ConfirmModal) and pilot.app.screen.typed == hostname
    await confirm(pilot, typed=hostname)
    await enter_pin(pilot, clock, "1234")


async def test_reinstall_way_1_shows_the_stages_to_the_end(
    build: Build, ui_world: World, ui_clock: ManualClock
) -> None:
    app = build()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_reinstall(pilot, VM)
        await reinstall_way_1(pilot, ui_clock, "nl-vmmini")
        stages = screen.query_one("#reinstall-stages", InstallStages)
        await until(
            pilot, ui_clock, lambda: stages.job is not None and stages.job.stage is not None
        )
        await pilot.press("i")  # a second one while it runs: refused, nothing sent
        await pilot.pause()
        assert not isinstance(app.screen, ChooseOne)
        await until(
            pilot, ui_clock, lambda: stages.job is not None and stages.job.state.final, step=5.0
        )
        text = str(stages.render())
        assert "✓ done" in text and text.count("✓") >= 6
        assert ui_world.count("eq", "order_instance") == 1


async def test_root_size_is_a_percentage_said_in_gb_and_sent_as_one(
    build: Build, ui_world: World, ui_clock: ManualClock
) -> None:
    disk = int(ui_world.servers[VM].hardware["hdd"])
    app = build()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_reinstall(pilot, VM)
        await pilot.press("i")
        await until_idle(pilot)
        await pilot.press("enter", "enter")
        await until_idle(pilot)
        await fill(pilot, root_pass=PASSWORD, root_size="150")  # not a percentage: refused
        assert not isinstance(app.screen, ConfirmModal)
        await fill(pilot, root_size="50")
        confirm_modal = app.screen
        assert isinstance(confirm_modal, ConfirmModal)
        assert f"50 % of the disk (about {disk // 2} GB of {disk} GB)" in confirm_modal.warning
        await confirm(pilot, typed="nl-vmmini")
        await enter_pin(pilot, ui_clock, "1234")
        await until(pilot, ui_clock, lambda: ui_world.count("eq", "order_instance") == 1)
        assert ui_world.logged("eq", "order_instance")[0].field("root_size") == "50"
        assert ui_world.servers[VM].root_gb == disk // 2  # the simulator sized / by it


async def test_a_failing_install_shows_invapis_words(
    build: Build, ui_world: World, ui_clock: ManualClock
) -> None:
    ui_world.fail_next_install = True
    app = build()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_reinstall(pilot, VM)
        await reinstall_way_1(pilot, ui_clock, "nl-vmmini")
        stages = screen.query_one("#reinstall-stages", InstallStages)
        await until(
            pilot, ui_clock, lambda: stages.job is not None and stages.job.state.final, step=5.0
        )
        text = str(stages.render())
        assert "✗ 3 post-install tasks done" in text and "timeout after 600 s" in text


def real_app(build: Build, world: World) -> HostkeyApp:
    """A signed-in profile (not the demo): its ledger outlives the app, as a user's does."""
    command = (sys.executable, "-c", f"print('{world.account_key}')")
    config = Config(profiles={"main": Profile("main", base_url=SIM, api_key_command=command)})
    return build(config, demo=False, transport=SimulatorTransport(world))


async def pxe(pilot: Any, clock: ManualClock, *, pin: bool, typed: str = "") -> None:
    """Take the next PXE step (its dialogs answered), and wait for its result."""
    await pilot.press("x")
    await until_idle(pilot)
    await confirm(pilot, typed=typed)
    if pin:
        await enter_pin(pilot, clock, "1234")
    await until(
        pilot,
        clock,
        lambda: not any(j.running for j in pilot.app.state.jobs.values() if j.kind == "install"),
        step=5.0,
    )


async def test_the_pxe_way_step_by_step_resumes_after_a_restart_and_reminds(
    build: Build, ui_world: World, ui_clock: ManualClock, tmp_path: Path
) -> None:
    app = real_app(build, ui_world)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_reinstall(pilot, BM)
        await pilot.press("x")
        await until_idle(pilot)
        await confirm(pilot)  # begin
        await until_idle(pilot)
        await confirm(pilot)  # step 1: the reinstall key
        await settle(app, pilot)
        assert app.state.pxe[BM].step == 1
        # Step 2: the OS, the partitioning, the password, the typed hostname, the PIN.
        await pilot.press("x")
        await until_idle(pilot)
        await pilot.press("enter")  # the first OS that fits
        await until_idle(pilot)
        await pilot.press("down", "down", "enter")  # LVM_RAID1
        await until_idle(pilot)
        await fill(pilot, root_pass=PASSWORD)
        await confirm(pilot, typed="de-db-02")
        await enter_pin(pilot, ui_clock, "1234")
        await until(pilot, ui_clock, lambda: app.state.pxe[BM].step == 2)
        panel = str(screen.query_one("#reinstall-pxe", Static).render())
        assert "PXE config is set" in panel
        assert ui_world.logged("eq", "create_pxe")[0].field("raid") == "LVM_RAID1"
    ledger = (tmp_path / "state" / "ledger.json").read_text()
    assert '"step": 2' in ledger and PASSWORD not in ledger

    again = real_app(build, ui_world)
    async with again.run_test(size=(120, 40)) as pilot:
        await settle(again, pilot)
        assert again.state.pxe[BM].step == 2  # resumed where it was
        bar = str(again.screen.query_one("#attention", Static).render())
        assert "PXE" in bar  # the reminder, on the list
        await open_reinstall(pilot, BM)
        await pxe(pilot, ui_clock, pin=True)  # boot from PXE
        await pxe(pilot, ui_clock, pin=True, typed="de-db-02")  # reboot
        await pxe(pilot, ui_clock, pin=False)  # the stages
        assert any(j.stage is not None and j.stage.number == 5 for j in again.state.jobs.values())
        await pxe(pilot, ui_clock, pin=True)  # boot from disk
        await pxe(pilot, ui_clock, pin=False)  # clear the PXE config
        assert BM not in again.state.pxe
        assert ui_world.count("eq", "clear_pxe") == 1
        assert not isinstance(again.screen, (ConfirmModal, PinModal))


@pytest.mark.parametrize("form", range(len(GARBLES)))
async def test_an_order_whose_reply_was_garbled_is_unknown_and_never_sent_again(
    build: Build, ui_world: World, ui_clock: ManualClock, form: int
) -> None:
    """invapi placed the order, then its reply could not be read (an HTML page with 200, a bad
    gzip body, a 302, a 524, a 408, the wrong shape): the app says unknown, asks invapi what
    happened, and never offers the same summary again."""
    ui_world.faults.add("garble", "eq/order_instance", value=form, times=1)
    app = build()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await through_details(pilot)
        await choose(pilot, "quarterly")
        await pilot.press("o")
        await pilot.pause()
        await confirm(pilot)
        await enter_pin(pilot, ui_clock, "1234")
        await until(pilot, ui_clock, lambda: screen.sent_at is not None)
        assert ui_world.count("eq", "order_instance") == 1
        job = app.state.jobs[screen.job_id]
        summary = str(screen.query_one("#summary", Static).render())
        assert "not sent again" in summary and "N starts a new order" in summary
        if GARBLES[form] == "wrong_shape":
            # {"result": "OK"} is an order invapi took without a deploy key yet: said so
            assert job.state is TaskState.DONE and "no deploy key yet" in job.message
        else:
            assert job.state is TaskState.UNKNOWN, job
            # invapi is asked: the new server (or its invoice) shows the order went through
            await until(pilot, ui_clock, lambda: not app.state.unsettled, step=5.0)
            assert app.state.settled and "it happened" in app.state.settled[-1][1]
            assert "checked: it happened" in app.state.jobs[screen.job_id].message
        await pilot.press("o")  # the same summary: nothing is asked, nothing sent
        await pilot.pause()
        assert app.screen is screen
        assert ui_world.count("eq", "order_instance") == 1
        await pilot.press("N")
        await pilot.pause()
        assert screen.step == "location" and screen.sent_at is None


async def test_a_lost_order_reply_blocks_a_new_order_until_invapi_was_asked(
    build: Build, ui_world: World, ui_clock: ManualClock
) -> None:
    ui_world.faults.add("drop_reply", "eq/order_instance", times=1)
    ui_world.faults.add("status", "eq/update_servers", value=503)  # cannot be asked yet
    app = build()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await through_details(pilot)
        await choose(pilot, "quarterly")
        await pilot.press("o")
        await pilot.pause()
        await confirm(pilot)
        await enter_pin(pilot, ui_clock, "1234")
        await until(
            pilot,
            ui_clock,
            lambda: any(e.status == "unknown" for e in app.state.unsettled.values()),
            step=5.0,
        )
        await pilot.press("N")  # a new order, the same wizard: refused before any question
        screen = await through_details(pilot)
        await choose(pilot, "quarterly")
        await pilot.press("o")
        await pilot.pause()
        assert app.screen is screen  # no confirmation, no PIN
        assert ui_world.count("eq", "order_instance") == 1
        ui_world.faults.clear()
        app.refresh_servers()  # r: asks invapi again
        await until(pilot, ui_clock, lambda: not app.state.unsettled, step=5.0)
        assert ui_world.count("eq", "order_instance") == 1


async def test_an_answered_order_still_deploying_is_not_sent_again(
    build: Build, ui_world: World, ui_clock: ManualClock
) -> None:
    ui_world.faults.add("never_finish", "eq/order_instance")  # the deploy goes on for good
    app = build()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await through_details(pilot)
        await choose(pilot, "quarterly")
        await pilot.press("o")
        await pilot.pause()
        await confirm(pilot)
        await enter_pin(pilot, ui_clock, "1234")
        await until(pilot, ui_clock, lambda: ui_world.count("eq", "order_instance") == 1)
        assert app.state.jobs_running  # still following its deploy
        await pilot.press("o")
        await pilot.pause()
        assert app.screen is screen  # nothing asked
        assert ui_world.count("eq", "order_instance") == 1
