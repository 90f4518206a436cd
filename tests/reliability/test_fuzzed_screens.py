"""Every screen renders whatever parsed from broken simulator data, without crashing.

The parsers are fuzzed reply by reply in test_fuzz_families.py; here the simulated account
itself is broken before the app starts: values inside the raw JSON the simulator serves (server
IPs, hardware, tags and licences, invoice items, DNS zones, SSH keys) are replaced at random
with the wrong type, null, empty, huge, negative, odd dates, nested junk or unicode. Then a
person walks through every section, opens servers of both kinds and every tab, and an
invoice. What parsed is shown; what did not is said as a malformed reply; nothing crashes,
no unexpected error is shown, and the keys keep working.
"""

from __future__ import annotations

import random
from typing import Any

import pytest
from textual.widgets import TabbedContent

from hostkey_tui.clock import ManualClock
from hostkey_tui.simulator.world import World
from hostkey_tui.ui.kit.modals.help import HelpScreen
from tests.reliability.autopilot import BM, VM
from tests.reliability.matrix import Matrix
from tests.ui.driver import Driver

SEEDS = range(6)
ODD: tuple[Any, ...] = (
    None,
    "",
    "abc",
    -1,
    0,
    10**20,
    1.5e308,
    "1e309",
    "NaN",
    [],
    {},
    [None, {"x": []}],
    {"a": {"b": {"c": "d"}}},
    "0000-00-00 00:00:00",
    "2026-02-30 25:61:00",
    "ünïcødé ✓ 漢字 🙂",
    "x" * 5000,
    True,
    "[bold]markup[/]",
)


def _break(value: Any, rng: random.Random, rate: float) -> Any:
    """The same JSON with some leaves (and some containers) replaced by odd values."""
    if rng.random() < rate / 4:
        return rng.choice(ODD)
    if isinstance(value, dict):
        broken = {k: _break(v, rng, rate) for k, v in value.items()}
        if broken and rng.random() < rate:
            broken.pop(rng.choice(list(broken)))  # a key missing
        return broken
    if isinstance(value, list):
        return [_break(v, rng, rate) for v in value]
    if rng.random() < rate:
        return rng.choice(ODD)
    return value


def break_world(world: World, seed: int, rate: float = 0.15) -> None:
    rng = random.Random(seed)
    for server in world.servers.values():
        server.ips = _break(server.ips, rng, rate)
        server.hardware = _break(server.hardware, rng, rate)
        # A tag named "password" holds the root password: the app knows it by that name, and
        # keeps it out of files; broken into another name it would be just text (and the
        # secrets audit would rightly find it in the cache), so it stays whole.
        server.tags = [
            tag
            if isinstance(tag, dict) and tag.get("tag") == "password"
            else _break(tag, rng, rate)
            for tag in server.tags
        ]
        server.licenses = _break(server.licenses, rng, rate)
    for invoice in world.invoices.values():
        invoice.items = _break(invoice.items, rng, rate)
    for name in list(world.zones):
        world.zones[name] = _break(world.zones[name], rng, rate)
    for key in list(world.ssh_keys):
        world.ssh_keys[key] = _break(world.ssh_keys[key], rng, rate)


async def _walk(ui: Driver, clock: ManualClock, world: World) -> int:
    """Every section, both kinds of server with every tab, an invoice; screens seen."""
    app, pilot = ui.app, ui.pilot
    seen = 0
    for section in ("servers", "billing", "dns", "order", "jobs", "account"):
        app.action_section(section)
        await ui.calm()
        await pilot.press("down", "down", "t")
        await ui.calm()
        seen += 1
    for server in (BM, VM):
        app.action_section("servers")
        await ui.calm()
        app.open_server(server)
        await ui.calm()
        tabs = app.screen.query_one(TabbedContent)
        for pane in [p.id for p in tabs.query("TabPane")]:
            if pane:
                tabs.active = pane
                for _ in range(3):
                    await pilot.pause()
                    clock.advance(1)
                seen += 1
        await pilot.press("escape")
        await ui.calm()
    app.action_section("billing")
    if world.invoices:
        app.open_invoice(min(world.invoices))
        await ui.calm()
        seen += 1
    return seen


@pytest.mark.parametrize("seed", SEEDS)
async def test_every_screen_survives_broken_simulator_data(
    seed: int, ui: Driver, ui_world: World, ui_clock: ManualClock, matrix: Matrix
) -> None:
    break_world(ui_world, seed)
    async with ui.run(notifications=True, settle=False) as app:
        await ui.calm()
        seen = await _walk(ui, ui_clock, ui_world)
        assert app.is_running
        assert not ui.unexpected, ui.unexpected
        await ui.key("app.help")
        assert isinstance(app.screen, HelpScreen)
    matrix.record("fuzzed screens", f"seed {seed}", "screens", seen)
