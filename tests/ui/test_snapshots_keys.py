"""The keys as shown: the key bar (whole keys), the help (wrapped), the palette (names and keys)
and a dialog over its dimmed context, at 80x24 and 120x40."""

from __future__ import annotations

from typing import Any

import pytest

from hostkey_tui.clock import ManualClock
from tests.ui.conftest import Build
from tests.ui.driver import SIZES, Driver, Steps


def steps(clock: ManualClock, what: str) -> Steps:
    async def run(pilot: Any) -> None:
        ui = Driver.on(pilot, clock)
        await ui.settle()
        if what == "network":
            await ui.open_tab(40053, "network")
        elif what == "help":
            await ui.key("app.help")
            await ui.press("end")  # the filter's terms, at the end
        elif what == "palette":
            await ui.open_tab(40053, "network")
            await ui.press("ctrl+p", *"po")
        elif what == "grace":
            await ui.choose_power("reboot")
            await ui.confirm()
            await ui.pin("1234")
        await ui.pause(3)

    return run


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("what", ["network", "help", "palette", "grace"])
def test_keys(
    snap_compare: Any, build: Build, ui_clock: ManualClock, size: tuple[int, int], what: str
) -> None:
    """network: the tab's keys first, whole, `? Help q Quit` at the right end; help: the
    list's help scrolled to the filter terms, long ones wrapped under themselves; palette:
    `po` on the Network tab, each action by name with its key; grace: the countdown over the
    dimmed list."""
    assert snap_compare(build(), terminal_size=size, run_before=steps(ui_clock, what))
