"""What force off and rename look like, at 80x24 and 120x40: the Force off confirmation (its
warning, the hostname to type) and the rename form (the current name; a problem under it)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.ui.conftest import Build
from tests.ui.driver import SIZES, steps

#: The power menu's fifth choice, Force off, on nl-vmmini's detail.
FORCE_OFF = ("p", "down", "down", "down", "down", "enter")

CASES = {
    "force_off_confirm": steps(*FORCE_OFF, server="34533"),
    "force_off_typed": steps(*FORCE_OFF, *"nl-vmmini", server="34533"),
    "power_menu_force_off": steps("p", server="34533"),
    "rename_form": steps("E", server="34533"),
    "rename_problem": steps("E", "end", "underscore", "enter", server="34533"),
}


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("case", list(CASES))
def test_rename_and_force_off(
    snap_compare: Any, build: Build, case: str, size: tuple[int, int]
) -> None:
    assert snap_compare(build(), terminal_size=size, run_before=CASES[case])
