"""What the Network and Remote tabs look like, at 80x24 and 120x40.

Each tab owns its keys (issue 21): the key bar shows the open tab's keys first, then the
detail's own (back, refresh, reveal, …), so at 80x24 what the tab can do is what is seen.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from hostkey_tui.config.model import Config, UiSettings
from tests.services.test_network import refused
from tests.ui.conftest import Build
from tests.ui.driver import BACK, SIZES, Driver, Steps

#: A step that waits for a dialog to open (a key pressed before it would go to the screen
#: behind: the traffic graph's period chooser is opened by a worker).
DIALOG = "<dialog>"


def steps(server: str, tab: str, *keys: str, wait: float = 0) -> Steps:
    """Open `server`'s `tab`, let the simulated clock run (the reads of the tab), press keys.

    The clock moves only before the keys: a flow that waits on a dialog keeps waiting. The port
    status is read only on `s` with the PIN (the documented reply of get_status is final as it
    comes, so no clock is needed after the keys).
    """

    async def run(pilot: Any) -> None:
        ui = Driver.on(pilot)
        await ui.settle()
        await pilot.press("colon", *f"server {server}", "enter")
        await ui.settle()
        await pilot.press(*(["T"] * BACK[tab]))
        # The clock moves a second at a time with the app caught up in between: what is read
        # on opening the tab shows the same every run.
        for _ in range(6):
            for _ in range(3):
                await pilot.pause()
            pilot.app.clock.advance(1)
        for _ in range(6):
            await pilot.pause()
        for key in keys:
            if key == DIALOG:  # the next keys are for a dialog a worker opens: wait for it
                for _ in range(200):
                    if pilot.app.screen.is_modal:
                        break
                    await pilot.pause()
                continue
            if key == "scroll_end":  # as the mouse wheel would: the table stays focused
                pilot.app.screen.query_one("#remote-scroll").scroll_end(animate=False)
                await pilot.pause()
                continue
            await pilot.press(key)
            for _ in range(3):
                await pilot.pause()
        if wait:
            for _ in range(int(wait)):
                pilot.app.clock.advance(1)
                await pilot.pause()
        for _ in range(4):
            await pilot.pause()

    return run


#: The PIN keys after `s` (the port status) or a traffic graph's period.
PIN = ("1", "2", "3", "4", "enter")

CASES = {
    "network_bare_metal": steps("de-db-02", "network"),
    "port_status_pin": steps("de-db-02", "network", "s"),
    "port_status_read": steps("de-db-02", "network", "s", *PIN),
    "network_vm": steps("nl-vmmini", "network"),
    "network_staff_block": steps("fi-backup-01", "network", "down"),
    "ptr_editor": steps("de-db-02", "network", "e"),
    "port_off_confirm": steps("de-db-02", "network", "s", *PIN, "o", "enter", "enter"),
    "block_dialog": steps("de-db-02", "network", "down", "b"),
    "remote_bare_metal": steps("de-db-02", "remote"),
    "remote_vm": steps("nl-vmmini", "remote"),
    "iso_list": steps("nl-vmmini", "remote", "down", "down", "scroll_end"),
    "tags_tab": steps("de-app-01", "tags"),
    "tag_editor": steps("de-app-01", "tags", "end", "n"),
    "traffic_view": steps(
        "de-db-02", "network", "H", DIALOG, "down", "enter", DIALOG, *PIN, wait=2
    ),
}


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("case", list(CASES))
def test_network(snap_compare: Any, build: Build, case: str, size: tuple[int, int]) -> None:
    """Each tab as it opens; the key bar starts with the tab's own keys (see above)."""
    # ~/Downloads of this test process's own home: the saved graph's path reads the same.
    config = Config(ui=replace(UiSettings(), download_dir=Path.home() / "Downloads"))
    assert snap_compare(build(config), terminal_size=size, run_before=CASES[case])


@pytest.mark.parametrize("size", SIZES)
def test_network_read_only(snap_compare: Any, build: Build, size: tuple[int, int]) -> None:
    """Read-only: everything is shown, no change is offered."""
    app = build(Config(read_only=True))
    assert snap_compare(app, terminal_size=size, run_before=steps("de-db-02", "remote"))


@pytest.mark.parametrize("size", SIZES)
def test_network_ptr_not_read(
    snap_compare: Any, build: Build, size: tuple[int, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A refused PTR read: said where the PTR would be, with why and that r retries."""
    refused(monkeypatch, "ip", "get_ptr", "PTR lookups are paused")
    assert snap_compare(build(), terminal_size=size, run_before=steps("de-db-02", "network"))
