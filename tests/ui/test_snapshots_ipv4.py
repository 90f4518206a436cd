"""Extra IPv4 addresses on the Network tab, at 80x24 and 120x40: the add dialog (the free
addresses, the price not known), the tab with an address added, and removing one."""

from __future__ import annotations

from typing import Any

import pytest

from hostkey_tui.simulator.routes import Ctx
from hostkey_tui.simulator.routes.ipv4 import add_ipv4
from hostkey_tui.simulator.world import Form, World
from tests.ui.conftest import Build
from tests.ui.driver import BM, SIZES
from tests.ui.test_snapshots_network import steps

CASES = {
    "ipv4_add_dialog": steps("de-db-02", "network", "a"),
    # the cursor on the added address: the key bar offers its removal
    "network_extra_ip": steps("de-db-02", "network", "down", "down"),
    "ipv4_remove_confirm": steps("de-db-02", "network", "down", "down", "delete"),
}


def added_before(world: World) -> None:
    """One address added to de-db-02 as invapi's add_ipv4 would (the simulator's own route)."""
    form = Form([("id", str(BM)), ("amount", "1"), ("port", "eth0")])
    add_ipv4(world, form, Ctx(world, "net", "add_ipv4", None))


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("case", list(CASES))
def test_ipv4(
    snap_compare: Any, build: Build, ui_world: World, case: str, size: tuple[int, int]
) -> None:
    if case != "ipv4_add_dialog":
        added_before(ui_world)
    assert snap_compare(build(), terminal_size=size, run_before=CASES[case])
