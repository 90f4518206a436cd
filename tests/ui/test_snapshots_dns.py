"""What the DNS section looks like, at 80x24 and 120x40."""

from __future__ import annotations

from typing import Any

import pytest

from hostkey_tui.config.model import Config
from hostkey_tui.simulator.world import World
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


def add_idn_zones(world: World) -> None:
    """Two domains invapi lists in their ASCII form, as an IDN is held (münchen.de, пример.рф)."""
    for name in ("xn--mnchen-3ya.de", "xn--e1afmkfd.xn--p1ai"):
        domain_id = world.next_id()
        world.domains[domain_id] = name
        rows = [
            (name, "A", "192.0.2.80", None),
            (f"www.{name}", "CNAME", name, None),
            (name, "MX", f"mail.{name}", 10),
            (f"s1._domainkey.{name}", "TXT", '"v=DKIM1; k=rsa; p=MIIBIjANBgkqhkiG9w0B"', None),
        ]
        world.zones[name] = {
            "id": domain_id,
            "name": name,
            "records": [
                {"id": world.next_id(), "name": n, "type": t, "content": c, "ttl": 3600}
                | ({"priority": p} if p is not None else {})
                for n, t, c, p in rows
            ],
        }


@pytest.mark.parametrize("size", SIZES)
def test_dns_idn_domains(
    snap_compare: Any, build: Build, ui_world: World, size: tuple[int, int]
) -> None:
    """The domain list shows both forms of an IDN, and so does the open zone's title."""
    add_idn_zones(ui_world)
    assert snap_compare(build(), terminal_size=size, run_before=steps("down", "down"))
