"""What DNS beyond records looks like, at 80x24 and 120x40: the SRV record form with its
protocol, the edit form that renames, the zones list and its add form, a domain's subdomains."""

from __future__ import annotations

from typing import Any

import pytest

from tests.ui.conftest import Build
from tests.ui.driver import SIZES, Steps
from tests.ui.driver import steps as section_steps


def steps(*keys: str) -> Steps:
    return section_steps(*keys, section="3")


CASES = {
    "srv_editor": steps("slash", *"type:srv", "enter", "e"),
    "rename_editor": steps("slash", *"name:www", "enter", "e"),
    "zones": steps("z"),
    "zone_add": steps("z", "a"),
    "zone_delete": steps("z", "delete"),
    "subdomains": steps("u"),
}


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("case", list(CASES))
def test_dns_zones(snap_compare: Any, build: Build, case: str, size: tuple[int, int]) -> None:
    assert snap_compare(build(), terminal_size=size, run_before=CASES[case])
