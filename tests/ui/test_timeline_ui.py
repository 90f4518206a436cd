"""Issue 25: a server's Timeline tab, as a person uses it: a reboot made here, a suspension seen
on refresh, the invoices, `y` copying it all as Markdown."""

from __future__ import annotations

from typing import Any

import pytest

from hostkey_tui.clock import ManualClock
from hostkey_tui.simulator.world import World
from tests.ui.conftest import Build
from tests.ui.driver import SIZES, VM, Driver, Steps


async def reboot_then_suspended_elsewhere(ui: Driver, world: World) -> None:
    """The VM rebooted here; then, elsewhere, suspended; its Timeline tab, read again (`r`)."""
    await ui.settle()
    await ui.pilot.press("colon", *f"server {VM}", "enter")
    await ui.settle()
    await ui.choose_power("reboot")
    await ui.confirm()
    await ui.pin("1234")
    await ui.until(lambda: world.count("eq", "reboot") == 1)
    await ui.until(lambda: ui.app.state.jobs_running == 0)
    world.servers[VM].status = "suspended"
    await ui.pilot.press("T")
    await ui.settle()
    await ui.pilot.press("r")
    await ui.until(lambda: ui.app.state.servers[VM].status == "suspended")
    await ui.settle()


async def test_the_timeline_joins_this_apps_changes_what_was_seen_and_the_invoices(
    ui: Driver, ui_world: World
) -> None:
    async with ui.run() as app:
        await reboot_then_suspended_elsewhere(ui, ui_world)
        rows = ui.rows("#timeline-list")
        assert any("Reboot" in r and "this app" in r and "done" in r for r in rows), rows
        assert any("Status: rent → suspended" in r and "seen on refresh" in r for r in rows)
        assert any("Invoice" in r and "billing" in r for r in rows), rows
        await ui.press("y")
        copied = app.clipboard
        assert copied.startswith("### Timeline of nl-vmmini") and "| When | What |" in copied
        assert "Reboot" in copied and "suspended" in copied
        assert "copied" in ui.told.lower() or "clipboard" in ui.told


async def test_a_server_with_no_history_says_what_will_appear(ui: Driver, ui_world: World) -> None:
    ui_world.faults.add("status", "whmcs/get_related_invoices", value=503)
    async with ui.run():
        await ui.open_tab(VM, "timeline")
        await ui.until(lambda: "could not be read" in ui.text("#timeline-note"), step=10.0)
        note = ui.text("#timeline-note")
        assert "Nothing known of nl-vmmini yet" in note and "r reads again" in note


def timeline_case(clock: ManualClock, world: World) -> Steps:
    async def run(pilot: Any) -> None:
        ui = Driver.on(pilot, clock, world)
        await reboot_then_suspended_elsewhere(ui, world)
        await ui.pause(3)

    return run


@pytest.mark.parametrize("size", SIZES)
def test_timeline_snapshot(
    snap_compare: Any, build: Build, ui_clock: ManualClock, ui_world: World, size: tuple[int, int]
) -> None:
    case = timeline_case(ui_clock, ui_world)
    assert snap_compare(build(), terminal_size=size, run_before=case)
