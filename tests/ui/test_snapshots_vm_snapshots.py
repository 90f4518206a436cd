"""A VM's Snapshots tab and its load on the Sensors tab, at 80x24 and 120x40: the list (read
through invapi's callback), the dialog that names a new snapshot, the restore confirmation (what
is lost, the hostname typed), and the VM's live load where bare metal shows its sensors."""

from __future__ import annotations

from typing import Any

import pytest

from tests.ui.conftest import Build
from tests.ui.driver import SIZES, Driver, Steps
from tests.ui.test_snapshots_network import steps


def sensors(server: str) -> Steps:
    """Open `server`'s Sensors tab (two tabs on from the Overview), its load read once."""

    async def run(pilot: Any) -> None:
        ui = Driver.on(pilot)
        await ui.settle()
        await pilot.press("colon", *f"server {server}", "enter")
        await ui.settle()
        await pilot.press("t", "t")
        for _ in range(4):
            for _ in range(3):
                await pilot.pause()
            pilot.app.clock.advance(1)
        for _ in range(6):
            await pilot.pause()

    return run


CASES = {
    "snapshot_list": steps("de-app-01", "snapshots"),
    "snapshot_create_dialog": steps("de-app-01", "snapshots", "n"),
    "snapshot_restore_confirm": steps("de-app-01", "snapshots", "R"),
    "vm_stats": sensors("de-app-01"),
}


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("case", list(CASES))
def test_vm_snapshots(snap_compare: Any, build: Build, case: str, size: tuple[int, int]) -> None:
    assert snap_compare(build(), terminal_size=size, run_before=CASES[case])
