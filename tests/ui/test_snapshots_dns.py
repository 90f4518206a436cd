"""What the DNS section looks like, at 80x24 and 120x40."""

from __future__ import annotations

from typing import Any

import pytest

from hostkey_tui.config.model import Config
from tests.ui.conftest import Build
from tests.ui.driver import SIZES, Steps
from tests.ui.driver import steps as billing_steps


def steps(*keys: str) -> Steps:
    return billing_steps(*keys, section="3")


CASES = {
    "zone": steps(),
    "zone_filtered": steps("slash", *"type:mx"),
    "zone_nothing_matches": steps("slash", *"zzz"),
    "second_domain": steps("down"),
    "record_editor_new": steps("n"),
    "record_editor_mx": steps("slash", *"type:mx", "enter", "e"),
    "domain_delete": steps("D"),
}


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("case", list(CASES))
def test_dns(snap_compare: Any, build: Build, case: str, size: tuple[int, int]) -> None:
    assert snap_compare(build(), terminal_size=size, run_before=CASES[case])


@pytest.mark.parametrize("size", SIZES)
def test_dns_read_only(snap_compare: Any, build: Build, size: tuple[int, int]) -> None:
    assert snap_compare(build(Config(read_only=True)), terminal_size=size, run_before=steps())
