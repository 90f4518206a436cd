"""What the fleet looks like at 80x24 and 120x40 (issue 25): every account's servers in one
list with a Profile column and each account's line (one that cannot sign in said), the `!`
board across accounts, and a confirmation and a PIN dialog naming the account they act on."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest

from hostkey_tui.clock import ManualClock
from hostkey_tui.simulator.scenarios import build_world
from hostkey_tui.simulator.world import World
from hostkey_tui.ui.servers.fleet import FleetScreen
from tests.ui.conftest import Build
from tests.ui.driver import SIZES, Driver
from tests.ui.test_fleet_ui import BETA_PIN, fleet_options


def fleet_steps(clock: ManualClock, *keys: str, row: str = "") -> Callable[[Any], Awaitable[None]]:
    """Until the fleet has read every account, then (on `row`'s first line) press `keys`."""

    async def run(pilot: Any) -> None:
        ui = Driver.on(pilot, clock)

        def loaded() -> bool:
            screen = pilot.app.screen
            return isinstance(screen, FleetScreen) and all(
                m.trouble or (s.server_ids and not s.loading.active)
                for m in screen.members
                if (s := m.state) is not None
            )

        await ui.until(loaded, step=0.5)
        await ui.pause(2)
        if row:
            screen = pilot.app.screen
            table = screen.table
            table.action_move_to(next(n for n, k in enumerate(table.rows) if k.profile == row))
        for key in keys:
            await pilot.press(key)
            await ui.pause(2)

    return run


CASES = {
    "fleet": (),
    "fleet_attention": ("exclamation_mark",),
    "fleet_confirm": ("p", "down", "down", "down", "enter"),
    # confirmed (tab from Cancel to the button): the PIN dialog names the account too
    "fleet_pin": ("p", "down", "down", "down", "enter", "tab", "enter"),
}


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("case", list(CASES))
def test_fleet(
    snap_compare: Any,
    build: Build,
    ui_clock: ManualClock,
    ui_world: World,
    tmp_path: Path,
    case: str,
    size: tuple[int, int],
) -> None:
    beta = build_world(ui_clock, seed=11, servers=6, pin=BETA_PIN)
    beta.async_form = "documented"
    config, options = fleet_options(tmp_path, ui_world, beta)
    steps = fleet_steps(
        ui_clock, *CASES[case], row="beta" if case in ("fleet_confirm", "fleet_pin") else ""
    )
    assert snap_compare(build(config, **options), terminal_size=size, run_before=steps)
