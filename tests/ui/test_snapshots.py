"""What each screen looks like, at 80x24 and 120x40. Fixed data, a still clock, no blinking.

Regenerate after an intended change with `pytest tests/ui --snapshot-update`, then look at
every changed SVG (snapshot_report.html) before committing it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from hostkey_tui.clock import ManualClock
from hostkey_tui.config.model import Config
from hostkey_tui.simulator.world import World
from hostkey_tui.state.state import Link
from tests.ui.conftest import Build, settle

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]


def after(
    *keys: str, wait_for: Callable[[Any], bool] | None = None, clock: ManualClock | None = None
) -> Callable[[Any], Any]:
    """A run_before: let the app settle (moving the clock if told), then press keys."""

    async def run(pilot: Any) -> None:
        app = pilot.app
        for _ in range(40):
            if wait_for is None or wait_for(app):
                break
            await pilot.pause()
            if clock is not None:
                clock.advance(1)
        if wait_for is None:
            await settle(app, pilot)
        for key in keys:
            await pilot.press(key)
        await pilot.pause()
        await pilot.pause()

    return run


@pytest.mark.parametrize("size", SIZES)
def test_welcome(snap_compare: Any, build: Build, size: tuple[int, int]) -> None:
    """No config and no key: the demo, or an API key (masked) and where it will be saved."""
    home_config = (
        Path.home() / ".config" / "hostkey-tui" / "config.toml"
    )  # shown as ~/…: the same everywhere
    app = build(demo=False, config_path=home_config)
    assert snap_compare(app, terminal_size=size, run_before=after(wait_for=lambda app: True))


@pytest.mark.parametrize("size", SIZES)
def test_list_loading(
    snap_compare: Any, build: Build, ui_world: World, size: tuple[int, int]
) -> None:
    """Signed in, details not arrived: every id listed as loading, progress in the status line."""
    ui_world.faults.add("hang", "eq/show")
    app = build()
    assert snap_compare(
        app, terminal_size=size, run_before=after(wait_for=lambda a: a.state.loading.active)
    )


@pytest.mark.parametrize("size", SIZES)
def test_list_loaded(snap_compare: Any, build: Build, size: tuple[int, int]) -> None:
    """The home screen: 28 servers by hostname; overdue in red, due within a week in yellow."""
    assert snap_compare(build(), terminal_size=size, run_before=after())


@pytest.mark.parametrize("size", SIZES)
def test_list_with_pending_orders(
    snap_compare: Any, build: Build, ui_world: World, size: tuple[int, int]
) -> None:
    """Orders that are no server yet, under the triage line: one unpaid, one being set up."""
    ui_world.pending_orders[900501] = {
        "id": 900501,
        "name": "web-09",
        "status": "Pending",
        "config": "vm.nano NL",
    }
    ui_world.pending_orders[900502] = {
        "id": 900502,
        "name": "gpu-02",
        "status": "Active",
        "config": "gpu.v1-2080 NL",
    }
    assert snap_compare(build(), terminal_size=size, run_before=after())


@pytest.mark.parametrize("size", SIZES)
def test_list_filtered(snap_compare: Any, build: Build, size: tuple[int, int]) -> None:
    """`/loc:NL gpu`: two rows, and the count in the status line."""
    assert snap_compare(
        build(), terminal_size=size, run_before=after("slash", *"loc:NL gpu", "enter")
    )


@pytest.mark.parametrize("size", SIZES)
def test_list_empty(snap_compare: Any, build: Build, size: tuple[int, int]) -> None:
    """A filter nothing matches says so, and how to clear it."""
    assert snap_compare(build(), terminal_size=size, run_before=after("slash", *"no-such-server"))


@pytest.mark.parametrize("size", SIZES)
def test_list_api_unreachable(
    snap_compare: Any, build: Build, ui_world: World, ui_clock: ManualClock, size: tuple[int, int]
) -> None:
    """invapi not answering at start: what happened, that it retries, and r to retry now."""
    ui_world.faults.add("status", "auth/login", 503)
    app = build()
    waiting = after(wait_for=lambda a: a.state.connection.link is Link.UNREACHABLE, clock=ui_clock)
    assert snap_compare(app, terminal_size=size, run_before=waiting)


@pytest.mark.parametrize("size", SIZES)
def test_detail_vm(snap_compare: Any, build: Build, size: tuple[int, int]) -> None:
    """The documented server: identity, billing, hardware, traffic bars, tags (password hidden)."""
    assert snap_compare(
        build(), terminal_size=size, run_before=after("colon", *"server 34533", "enter")
    )


@pytest.mark.parametrize("size", SIZES)
def test_detail_bare_metal(snap_compare: Any, build: Build, size: tuple[int, int]) -> None:
    """A dual-Xeon server: CPUs, RAM, disks, RAID levels, board."""
    assert snap_compare(
        build(), terminal_size=size, run_before=after("colon", *"server de-db-02", "enter")
    )


@pytest.mark.parametrize("size", SIZES)
def test_help(snap_compare: Any, build: Build, size: tuple[int, int]) -> None:
    """`?` on the list: its keys, moving keys, global keys, and the filter terms. The global
    keys list the sections in number order (1–6, from `ui.sections`), then the others."""
    assert snap_compare(build(), terminal_size=size, run_before=after("question_mark"))


@pytest.mark.parametrize("size", SIZES)
def test_palette(snap_compare: Any, build: Build, size: tuple[int, int]) -> None:
    """`ctrl+p` then `sort`: the sort actions, with their keys."""
    assert snap_compare(build(), terminal_size=size, run_before=after("ctrl+p", *"sort"))


@pytest.mark.parametrize("size", SIZES)
def test_jump_line(snap_compare: Any, build: Build, size: tuple[int, int]) -> None:
    """`:` then an unknown server: the line stays, with what went wrong under the hint."""
    assert snap_compare(
        build(), terminal_size=size, run_before=after("colon", *"server nope", "enter")
    )


@pytest.mark.parametrize("size", SIZES)
def test_read_only_header(snap_compare: Any, build: Build, size: tuple[int, int]) -> None:
    """`--read-only`: READ-ONLY in the header instead of RW."""
    assert snap_compare(build(Config(read_only=True)), terminal_size=size, run_before=after())


@pytest.mark.parametrize("size", SIZES)
def test_list_reading_a_big_cache(
    snap_compare: Any,
    build: Build,
    ui_clock: ManualClock,
    monkeypatch: pytest.MonkeyPatch,
    size: tuple[int, int],
) -> None:
    """A start with 800 cached servers: the top of the list at once, the rest being read (the
    status line says how many are left; no 'nothing needs attention' of a part)."""
    import asyncio
    import os

    from hostkey_tui.simulator.scenarios import build_world

    world = build_world(ui_clock, servers=800)

    async def fill_the_cache() -> None:
        first = build(world=world)
        async with first.run_test(size=(120, 40)) as pilot:
            await settle(first, pilot)

    asyncio.run(fill_the_cache())
    world.faults.add("hang", "*")
    # The first part after the first frame is read; the next waits (the still picture).
    monkeypatch.setattr("hostkey_tui.ui.opening.OPENING_PAUSE", 600)
    monkeypatch.setattr("shutil.get_terminal_size", lambda: os.terminal_size(size))
    reading = after(wait_for=lambda a: 0 < a.state.cache_pending < 700)
    assert snap_compare(build(world=world), terminal_size=size, run_before=reading)
