"""A VM's snapshots on the Snapshots tab, its load on the Sensors tab, and the snapshot taken
first before a VM's reinstall, as a person does them (asserted on the simulator's request log)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from hostkey_tui.clock import ManualClock
from hostkey_tui.config.model import Config, UiSettings
from hostkey_tui.models.tasks import TaskState
from hostkey_tui.simulator.world import World
from hostkey_tui.ui.kit.modals.confirm import ConfirmModal
from hostkey_tui.ui.kit.modals.form import FormModal
from hostkey_tui.ui.kit.modals.pin import PinModal
from hostkey_tui.ui.server.screen import ServerDetailScreen
from tests.ui.driver import BM, Driver

#: de-app-01: a VM that starts with one snapshot, "before-upgrade".
VM = 40052
MOVES = ("take_snapshot", "restore_snapshot", "remove_snapshot")


def config(tmp_path: Path, **options: Any) -> Config:
    return Config(ui=replace(UiSettings(), download_dir=tmp_path / "downloads"), **options)


def offered(screen: ServerDetailScreen) -> set[str]:
    return {b.binding.action for b in screen.active_bindings.values()}


def snap_jobs(app: Any) -> list[Any]:
    return [j for j in app.state.jobs.values() if j.kind == "snapshot"]


def names(world: World, server_id: int = VM) -> list[str]:
    return [str(s["name"]) for s in world.snapshots.get(server_id, [])]


async def _listed(ui: Driver) -> None:
    await ui.until(lambda: any("before-upgrade" in r for r in ui.rows("#snap-list")))


async def test_the_list_comes_through_the_callback_and_a_snapshot_is_taken_once(
    ui: Driver, ui_world: World, tmp_path: Path
) -> None:
    async with ui.run(config(tmp_path)) as app:
        screen = await ui.open_tab(VM, "snapshots")
        await _listed(ui)
        assert ui_world.count("vm", "get_snapshot") == 1
        assert set(MOVES) <= offered(screen)
        await ui.key("detail.snapshot_take")
        await ui.until(lambda: isinstance(app.screen, FormModal))
        await ui.fill(wait=False, name="nightly-1")
        await ui.until(lambda: isinstance(app.screen, ConfirmModal))
        confirm = app.screen
        assert isinstance(confirm, ConfirmModal) and "nightly-1" in confirm.action_text
        await ui.confirm()
        assert isinstance(app.screen, PinModal)
        assert ui_world.count("vm", "create_snapshot") == 0  # asked, not yet sent
        await ui.pin("1234")
        await ui.until(lambda: snap_jobs(app) and not snap_jobs(app)[0].running)
        await ui.until(lambda: any("nightly-1" in r for r in ui.rows("#snap-list")))
        assert ui_world.count("vm", "create_snapshot") == 1
        assert ui_world.logged("vm", "create_snapshot")[0].field("name") == "nightly-1"
        assert snap_jobs(app)[0].state is TaskState.DONE
        assert ui_world.count("vm", "get_snapshot") == 2  # read again once it was done


async def test_restoring_says_what_is_lost_and_is_typed(
    ui: Driver, ui_world: World, tmp_path: Path
) -> None:
    async with ui.run(config(tmp_path)) as app:
        await ui.open_tab(VM, "snapshots")
        await _listed(ui)
        await ui.key("detail.snapshot_restore")
        await ui.until(lambda: isinstance(app.screen, ConfirmModal))
        confirm = app.screen
        assert isinstance(confirm, ConfirmModal)
        assert "replaced by snapshot before-upgrade" in confirm.warning
        assert "is lost" in confirm.warning and confirm.typed
        await ui.confirm(typed=confirm.typed)
        await ui.pin("1234")
        await ui.until(lambda: snap_jobs(app) and not snap_jobs(app)[0].running)
        assert ui_world.count("vm", "restore_snapshot") == 1
        sent = ui_world.logged("vm", "restore_snapshot")[0]
        assert (sent.field("id"), sent.field("name")) == (str(VM), "before-upgrade")


async def test_removing_from_a_vm_that_is_off_is_typed_then_sent_once(
    ui: Driver, ui_world: World, tmp_path: Path
) -> None:
    ui_world.servers[VM].power_on = False
    async with ui.run(config(tmp_path)) as app:
        await ui.open_tab(VM, "snapshots")
        await _listed(ui)
        await ui.key("detail.snapshot_remove")
        await ui.until(lambda: isinstance(app.screen, ConfirmModal))
        confirm = app.screen
        assert isinstance(confirm, ConfirmModal) and confirm.typed == "before-upgrade"
        await ui.confirm(typed="before-upgrade")
        await ui.pin("1234")
        await ui.until(lambda: snap_jobs(app) and not snap_jobs(app)[0].running)
        await ui.until(lambda: "has no snapshots" in ui.text("#snap-note"))
        assert ui_world.count("vm", "remove_snapshot") == 1
        assert names(ui_world) == []


async def test_removing_from_a_running_vm_sends_nothing(
    ui: Driver, ui_world: World, tmp_path: Path
) -> None:
    async with ui.run(config(tmp_path)) as app:
        await ui.open_tab(VM, "snapshots")
        await _listed(ui)
        await ui.key("detail.snapshot_remove")
        await ui.until(lambda: "powered off" in ui.told)
        assert not isinstance(app.screen, ConfirmModal)
        assert ui_world.count("vm", "remove_snapshot") == 0


async def test_bare_metal_says_snapshots_are_for_vms(
    ui: Driver, ui_world: World, tmp_path: Path
) -> None:
    async with ui.run(config(tmp_path)):
        screen = await ui.open_tab(BM, "snapshots")
        await ui.settle()
        assert "Snapshots are for VMs" in ui.text("#snap-note")
        assert not set(MOVES) & offered(screen)
        assert ui_world.count("vm", "get_snapshot") == 0


async def test_read_only_lists_but_offers_no_change(
    ui: Driver, ui_world: World, tmp_path: Path
) -> None:
    async with ui.run(config(tmp_path, read_only=True)):
        screen = await ui.open_tab(VM, "snapshots")
        await _listed(ui)
        assert not set(MOVES) & offered(screen)
        assert "Read-only" in ui.text("#snap-note")
        await ui.press("n", "R", "delete")
        assert ui_world.count("vm", "create_snapshot") == 0
        assert ui.mutations() == []


async def test_the_vms_load_is_live_on_the_sensors_tab(
    ui: Driver, ui_world: World, ui_clock: ManualClock, tmp_path: Path
) -> None:
    async with ui.run(config(tmp_path)):
        await ui.open_tab(VM, "snapshots")
        await ui.tab("tab-sensors")
        await ui.until(lambda: "cpu percent" in ui.text("#sensors-panel"))
        first = ui_world.count("vm", "load_stats")
        assert first >= 1 and ui_world.count("eq", "sensors") == 0
        await ui.until(lambda: ui_world.count("vm", "load_stats") > first)
        await ui.tab("tab-overview")
        await ui.settle()
        left = ui_world.count("vm", "load_stats")
        ui_clock.advance(120)
        await ui.settle()
        assert ui_world.count("vm", "load_stats") == left  # the tab closed: no more reads


async def test_a_vms_reinstall_takes_a_snapshot_first(
    ui: Driver, ui_world: World, tmp_path: Path
) -> None:
    async with ui.run(config(tmp_path)) as app:
        await ui.open_tab(VM, "reinstall")
        await ui.pilot.press("i")
        await ui.until_idle()
        await ui.pilot.press("enter")
        await ui.until_idle()
        await ui.pilot.press("enter")
        await ui.until_idle()
        form = app.screen
        assert isinstance(form, FormModal)
        assert any(f.name == "snapshot_first" and f.value == "1" for f in form.fields)
        await ui.fill(root_pass="Secret-Pass1")
        confirm = app.screen
        assert isinstance(confirm, ConfirmModal) and "before-reinstall-" in confirm.warning
        await ui.confirm(typed=confirm.typed)
        await ui.pin("1234")
        await ui.until(lambda: ui_world.count("eq", "order_instance") == 1)
        order = [
            r.action for r in ui_world.requests if r.action in ("create_snapshot", "order_instance")
        ]
        assert order == ["create_snapshot", "order_instance"]
        assert any(n.startswith("before-reinstall-") for n in names(ui_world))


async def test_a_failed_snapshot_first_sends_no_reinstall(
    ui: Driver, ui_world: World, tmp_path: Path
) -> None:
    ui_world.faults.add("status", "vm/create_snapshot", 500.0, times=1)
    async with ui.run(config(tmp_path)) as app:
        await ui.open_tab(VM, "reinstall")
        await ui.pilot.press("i")
        await ui.until_idle()
        await ui.pilot.press("enter")
        await ui.until_idle()
        await ui.pilot.press("enter")
        await ui.until_idle()
        await ui.fill(root_pass="Secret-Pass1")
        confirm = app.screen
        assert isinstance(confirm, ConfirmModal)
        await ui.confirm(typed=confirm.typed)
        await ui.pin("1234")
        await ui.until(
            lambda: any(j.kind == "install" and not j.running for j in app.state.jobs.values())
        )
        install = next(j for j in app.state.jobs.values() if j.kind == "install")
        assert install.state is TaskState.FAILED and "not sent" in install.message
        assert ui_world.count("eq", "order_instance") == 0
