"""Building the real app (through the factory) against the simulator, deterministically."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from hostkey_tui.clock import ManualClock
from hostkey_tui.config.model import Config
from hostkey_tui.factory import make_app
from hostkey_tui.simulator.scenarios import build_world
from hostkey_tui.simulator.world import World
from hostkey_tui.state.state import Link
from hostkey_tui.ui.app import HostkeyApp
from tests.conftest import assert_kept_the_contract
from tests.ui.driver import Driver

START = 1_795_000_000.0  # 2026-11-18 05:46 UTC: dates in snapshots never move

Build = Callable[..., HostkeyApp]


@pytest.fixture
def ui_clock() -> ManualClock:
    """Time stands still unless a test moves it (retry waits included)."""
    return ManualClock(START)


@pytest.fixture
def ui_world(ui_clock: ManualClock, request: pytest.FixtureRequest) -> Iterator[World]:
    world = build_world(ui_clock, pin="1234")
    if "snap_compare" in request.fixturenames:
        # A picture is of one moment: the same in every run, whichever async form this run
        # tests elsewhere (a direct reply shows its outcome a poll earlier).
        world.async_form = "documented"
    yield world
    assert_kept_the_contract(world)


@pytest.fixture
def build(tmp_path: Path, ui_clock: ManualClock, ui_world: World) -> Build:
    """`build(config=None, demo=True, **options)`: the app as the command line makes it."""

    def make(config: Config | None = None, *, demo: bool = True, **options: Any) -> HostkeyApp:
        world: World = options.get("world") or ui_world

        async def resolve(name: str) -> tuple[str, ...]:
            """Forward DNS as the world has it, at once (the machine's resolver takes time)."""
            return world.resolve(name)

        arguments: dict[str, Any] = {
            "config_path": tmp_path / "config" / "config.toml",
            "demo": demo,
            "clock": ui_clock,
            "world": ui_world,
            "environ": {},
            "state_dir": tmp_path / "state",
            "cache_dir": tmp_path / "cache",
            "timers": False,
            "blink": False,
            "resolve": resolve,
        }
        arguments.update(options)
        config = config or Config()
        if config.ui.download_dir is None:  # never the real ~/Downloads (and each its own)
            config = replace(config, ui=replace(config.ui, download_dir=tmp_path / "downloads"))
        return make_app(config, **arguments)

    return make


@pytest.fixture
def ui(build: Build, ui_clock: ManualClock, ui_world: World) -> Driver:
    """A person at the keyboard: `async with ui.run(config, size=...):`, then
    `await ui.section("billing")`, `await ui.key("billing.pay")`, `await ui.fill(amount="35")`,
    `ui.toasts`, `ui.requests` (tests/ui/driver.py)."""
    return Driver(ui_clock, ui_world, build)


def link(app: HostkeyApp) -> Link:
    """The connection now: a call, so that mypy keeps no narrowing of it across awaits (its
    strict equality check would call `is Link.OK` after `is Link.UNREACHABLE` impossible)."""
    return app.state.connection.link


async def settle(app: HostkeyApp, pilot: Any) -> None:
    """Until the app has done all it does by itself: opened, every read answered, drawn.

    The pilot's pause waits for the event loop to be quiet (tests/quiet.py): in-process, a read
    is answered by then. A flow waiting on a dialog, or a wait on the still clock, stays waiting.
    """
    await pilot.pause()
    for _ in range(100):  # the client is made once the first frame is written
        if not app.starting:
            break
        await pilot.pause()
    else:
        raise AssertionError("the app never finished opening")
    await pilot.pause()
