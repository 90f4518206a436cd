"""Ordering (section 4) and reinstalling (the Reinstall tab) as a person does it."""

from __future__ import annotations

import sys
from contextlib import AbstractAsyncContextManager
from pathlib import Path

import pytest
from textual.widgets import Static

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
from tests.ui.driver import BM, PASSWORD, VM, Driver

SIM = "http://127.0.0.1:9"


async def through_details(ui: Driver, server: str = "vm.nano") -> OrderScreen:
    screen = await ui.open_order()
    await ui.pick("NL")
    await ui.pick(server)
    await ui.pick("Ubuntu 22.04")
    await ui.pick("WordPress")
    await ui.pick("3Tb traffic (1Gbps) VM")
    await ui.order_details()
    return screen


async def test_a_whole_order_sends_one_request_with_the_chosen_fields(
    ui: Driver, ui_world: World
) -> None:
    async with ui.run():
        screen = await through_details(ui)
        assert screen.step == "period"
        await ui.pick("quarterly")
        assert screen.step == "summary"
        summary = str(screen.query_one("#summary", Static).render())
        assert "WordPress" in summary and "15.00 €" in summary and "covers it" in summary
        await ui.press("o")
        await ui.confirm()
        await ui.pin("1234")
        await ui.until(lambda: ui_world.count("eq", "order_instance") == 1)
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
        await ui.until(lambda: stages.job is not None and stages.job.state.final, step=5.0)
        assert stages.job is not None and stages.job.state is TaskState.DONE
        assert "5 server online" in str(stages.render())
        assert ui_world.count("eq", "order_instance") == 1


async def test_a_partial_root_partition_is_said_in_the_summary_and_sent(
    ui: Driver, ui_world: World
) -> None:
    async with ui.run():
        screen = await ui.open_order()
        for label in ("NL", "vm.nano", "Ubuntu 22.04", "WordPress", "3Tb traffic (1Gbps) VM"):
            await ui.pick(label)
        await ui.press("enter")
        await ui.fill(hostname="web-01", root_pass=PASSWORD, root_size="50")
        await ui.settle()
        await ui.pick("quarterly")
        assert screen.step == "summary"
        summary = str(screen.query_one("#summary", Static).render())
        assert "Root size" in summary and "50 % of the disk" in summary
        await ui.press("o")
        await ui.confirm()
        await ui.pin("1234")
        await ui.until(lambda: ui_world.count("eq", "order_instance") == 1)
        assert ui_world.logged("eq", "order_instance")[0].field("root_size") == "50"


async def test_the_password_policy_is_said_and_nothing_sent(ui: Driver, ui_world: World) -> None:
    async with ui.run() as app:
        screen = await ui.open_order()
        for label in ("NL", "vm.nano", "Ubuntu 22.04", "none", "3Tb traffic (1Gbps) VM"):
            await ui.pick(label)
        await ui.press("enter")
        await ui.fill(root_pass="password")
        form = app.screen
        assert isinstance(form, FormModal)
        assert "upper-case" in str(form.query_one("#problem-root_pass", Static).render())
        await ui.press("escape")
        assert screen.step == "details" and ui_world.count("eq", "order_instance") == 0


async def test_going_back_keeps_choices_and_drops_what_no_longer_fits(ui: Driver) -> None:
    async with ui.run():
        screen = await ui.open_order()
        await ui.pick("NL")
        await ui.pick("vm.mini")
        await ui.pick("Windows Server 2022 VM")
        await ui.pick("none")
        for _ in range(3):
            await ui.press("escape")
        assert screen.step == "server"
        assert screen.draft.image is not None and screen.draft.no_soft  # kept
        await ui.pick("vm.medium")  # still fits: the OS stays
        assert screen.draft.image is not None and screen.draft.image.name.startswith("Windows")
        await ui.press("escape")
        await ui.pick("vm.pico")  # 1 GB: Windows needs 4
        assert screen.draft.image is None and screen.step == "os"
        await ui.pick("Windows Server 2022 VM")  # refused here, said why
        assert screen.draft.image is None and screen.step == "os"


async def test_invapis_refusal_of_a_pair_brings_back_the_software_step(
    ui: Driver, ui_world: World
) -> None:
    async with ui.run():
        screen = await through_details(ui)
        # The catalogue changed on invapi's side since it was read: WordPress no longer
        # takes Ubuntu 22.04.
        wordpress = next(s for s in ui_world.catalog.software if s["id"] == 20)
        for tag in wordpress["tags"]:
            if tag["tag"] == "os":
                tag["value"] = ["217"]
        await ui.pick("monthly")
        await ui.press("o")
        await ui.confirm()
        await ui.pin("1234")
        await ui.until(lambda: screen.step == "software")
        note = str(screen.query_one("#step-note", Static).render())
        assert "not compatible" in note and screen.draft.soft is None
        assert screen.draft.image is not None and screen.draft.plan is not None  # kept
        assert ui_world.count("eq", "order_instance") == 1


async def test_a_stock_server_with_hardware_raid_is_said_to_be_deployed_by_hand(
    ui: Driver,
) -> None:
    async with ui.run() as app:
        screen = await ui.open_order()
        await ui.pick("FI")
        await ui.pilot.press("t")
        await ui.settle()
        assert {getattr(r, "id", None) for r in screen.rows} >= {44717, 40514}
        await ui.pick("44717 2U")
        assert any("by hand" in str(n.message) for n in app._notifications)
        for label in ("Ubuntu 22.04", "none", "10Tb traffic (1Gbps) BM"):
            await ui.pick(label)
        await ui.order_details()
        await ui.pick("monthly")
        assert "by hand" in str(screen.query_one("#summary", Static).render())


async def test_reinstall_way_1_shows_the_stages_to_the_end(ui: Driver, ui_world: World) -> None:
    async with ui.run() as app:
        screen = await ui.open_tab(VM, "reinstall")
        await ui.reinstall("nl-vmmini")
        stages = screen.query_one("#reinstall-stages", InstallStages)
        await ui.until(lambda: stages.job is not None and stages.job.stage is not None)
        await ui.press("i")  # a second one while it runs: refused, nothing sent
        assert not isinstance(app.screen, ChooseOne)
        await ui.until(lambda: stages.job is not None and stages.job.state.final, step=5.0)
        text = str(stages.render())
        assert "✓ done" in text and text.count("✓") >= 6
        assert ui_world.count("eq", "order_instance") == 1


async def test_root_size_is_a_percentage_said_in_gb_and_sent_as_one(
    ui: Driver, ui_world: World
) -> None:
    disk = int(ui_world.servers[VM].hardware["hdd"])
    async with ui.run() as app:
        await ui.open_tab(VM, "reinstall")
        await ui.pilot.press("i")
        await ui.until_idle()
        await ui.pilot.press("enter", "enter")
        await ui.until_idle()
        await ui.fill(root_pass=PASSWORD, root_size="150")  # not a percentage: refused
        assert not isinstance(app.screen, ConfirmModal)
        await ui.fill(root_size="50")
        confirm_modal = app.screen
        assert isinstance(confirm_modal, ConfirmModal)
        assert f"50 % of the disk (about {disk // 2} GB of {disk} GB)" in confirm_modal.warning
        await ui.confirm(typed="nl-vmmini")
        await ui.pin("1234")
        await ui.until(lambda: ui_world.count("eq", "order_instance") == 1)
        assert ui_world.logged("eq", "order_instance")[0].field("root_size") == "50"
        assert ui_world.servers[VM].root_gb == disk // 2  # the simulator sized / by it


async def test_a_failing_install_shows_invapis_words(ui: Driver, ui_world: World) -> None:
    ui_world.fail_next_install = True
    async with ui.run():
        screen = await ui.open_tab(VM, "reinstall")
        await ui.reinstall("nl-vmmini")
        stages = screen.query_one("#reinstall-stages", InstallStages)
        await ui.until(lambda: stages.job is not None and stages.job.state.final, step=5.0)
        text = str(stages.render())
        assert "✗ 3 post-install tasks done" in text and "timeout after 600 s" in text


def real_app(ui: Driver, world: World) -> AbstractAsyncContextManager[HostkeyApp]:
    """A signed-in profile (not the demo) running: its ledger outlives the app, as a user's
    does."""
    command = (sys.executable, "-c", f"print('{world.account_key}')")
    config = Config(profiles={"main": Profile("main", base_url=SIM, api_key_command=command)})
    return ui.run(config, demo=False, transport=SimulatorTransport(world))


async def pxe(ui: Driver, *, pin: bool, typed: str = "", choose: bool = False) -> None:
    """Take the next PXE step (its dialogs answered; `choose`: the first choice offered), and
    wait for its result."""
    await ui.pilot.press("x")
    await ui.until_idle()
    if choose:
        await ui.pilot.press("enter")
        await ui.until_idle()
    await ui.confirm(typed=typed)
    if pin:
        await ui.pin("1234")
    await ui.until(
        lambda: not any(j.running for j in ui.app.state.jobs.values() if j.kind == "install"),
        step=5.0,
    )


async def test_the_pxe_way_step_by_step_resumes_after_a_restart_and_reminds(
    ui: Driver, ui_world: World, tmp_path: Path
) -> None:
    async with real_app(ui, ui_world) as app:
        screen = await ui.open_tab(BM, "reinstall")
        await ui.pilot.press("x")
        await ui.until_idle()
        await ui.confirm()  # begin
        await ui.until_idle()
        await ui.confirm()  # step 1: the reinstall key
        await ui.settle()
        assert app.state.pxe[BM].step == 1
        # Step 2: the OS, the partitioning, the password, the typed hostname, the PIN.
        await ui.pilot.press("x")
        await ui.until_idle()
        await ui.pilot.press("enter")  # the first OS that fits
        await ui.until_idle()
        await ui.pilot.press("down", "down", "enter")  # LVM_RAID1
        await ui.until_idle()
        await ui.fill(root_pass=PASSWORD)
        await ui.confirm(typed="de-db-02")
        await ui.pin("1234")
        await ui.until(lambda: app.state.pxe[BM].step == 2)
        panel = str(screen.query_one("#reinstall-pxe", Static).render())
        assert "PXE config is set" in panel
        assert ui_world.logged("eq", "create_pxe")[0].field("raid") == "LVM_RAID1"
    ledger = (tmp_path / "state" / "ledger.json").read_text()
    assert '"step": 2' in ledger and PASSWORD not in ledger

    async with real_app(ui, ui_world) as again:
        assert again.state.pxe[BM].step == 2  # resumed where it was
        bar = str(again.screen.query_one("#attention", Static).render())
        assert "PXE" in bar  # the reminder, on the list
        await ui.open_tab(BM, "reinstall")
        await pxe(ui, pin=True)  # boot from PXE
        await pxe(ui, pin=True, typed="de-db-02")  # reboot
        await pxe(ui, pin=False)  # the stages
        assert any(j.stage is not None and j.stage.number == 5 for j in again.state.jobs.values())
        await pxe(ui, pin=True)  # boot from disk
        await pxe(ui, pin=False, choose=True)  # no post-install task (none fits: no GPU)
        assert ui_world.count("jenkins", "call") == 0
        await pxe(ui, pin=False)  # clear the PXE config
        assert BM not in again.state.pxe
        assert ui_world.count("eq", "clear_pxe") == 1
        assert not isinstance(again.screen, (ConfirmModal, PinModal))


@pytest.mark.parametrize("form", range(len(GARBLES)))
async def test_an_order_whose_reply_was_garbled_is_unknown_and_never_sent_again(
    ui: Driver, ui_world: World, form: int
) -> None:
    """invapi placed the order, then its reply could not be read (an HTML page with 200, a bad
    gzip body, a 302, a 524, a 408, the wrong shape): the app says unknown, asks invapi what
    happened, and never offers the same summary again."""
    ui_world.faults.add("garble", "eq/order_instance", value=form, times=1)
    async with ui.run() as app:
        screen = await through_details(ui)
        await ui.pick("quarterly")
        await ui.press("o")
        await ui.confirm()
        await ui.pin("1234")
        await ui.until(lambda: screen.sent_at is not None)
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
            await ui.until(lambda: not app.state.unsettled, step=5.0)
            assert app.state.settled and "it happened" in app.state.settled[-1][1]
            assert "checked: it happened" in app.state.jobs[screen.job_id].message
        await ui.press("o")  # the same summary: nothing is asked, nothing sent
        assert app.screen is screen
        assert ui_world.count("eq", "order_instance") == 1
        await ui.press("N")
        assert screen.step == "location" and screen.sent_at is None


async def test_a_lost_order_reply_blocks_a_new_order_until_invapi_was_asked(
    ui: Driver, ui_world: World
) -> None:
    ui_world.faults.add("drop_reply", "eq/order_instance", times=1)
    ui_world.faults.add("status", "eq/update_servers", value=503)  # cannot be asked yet
    async with ui.run() as app:
        screen = await through_details(ui)
        await ui.pick("quarterly")
        await ui.press("o")
        await ui.confirm()
        await ui.pin("1234")
        await ui.until(
            lambda: any(e.status == "unknown" for e in app.state.unsettled.values()),
            step=5.0,
        )
        await ui.pilot.press("N")  # a new order, the same wizard: refused before any question
        screen = await through_details(ui)
        await ui.pick("quarterly")
        await ui.press("o")
        assert app.screen is screen  # no confirmation, no PIN
        assert ui_world.count("eq", "order_instance") == 1
        ui_world.faults.clear()
        app.refresh_servers()  # r: asks invapi again
        await ui.until(lambda: not app.state.unsettled, step=5.0)
        assert ui_world.count("eq", "order_instance") == 1


async def test_an_answered_order_still_deploying_is_not_sent_again(
    ui: Driver, ui_world: World
) -> None:
    ui_world.faults.add("never_finish", "eq/order_instance")  # the deploy goes on for good
    async with ui.run() as app:
        screen = await through_details(ui)
        await ui.pick("quarterly")
        await ui.press("o")
        await ui.confirm()
        await ui.pin("1234")
        await ui.until(lambda: ui_world.count("eq", "order_instance") == 1)
        assert app.state.jobs_running  # still following its deploy
        await ui.press("o")
        assert app.screen is screen  # nothing asked
        assert ui_world.count("eq", "order_instance") == 1
