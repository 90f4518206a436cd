"""`warm_start`: 1,000 servers in the disk cache and the API hanging: time to the painted list,
against a cold start (empty cache, the API answering) to the first rows, in the same run.
Measured in-process (the app's own start, not the interpreter's). Target: the cached list
painted without waiting for the network, within 1.3x the startup figure."""

from __future__ import annotations

import asyncio
import statistics
import time
from collections.abc import Callable
from functools import partial
from typing import Any

from rich.console import RenderableType
from textual.screen import Screen

from bench.common import big_app, until_loaded
from hostkey_tui.clock import SystemClock
from hostkey_tui.simulator.scenarios import build_world
from hostkey_tui.ui.app import HostkeyApp
from hostkey_tui.ui.servers.table import ServerTable

SERVERS = 1_000
RUNS = 5


class Timed(HostkeyApp):
    """The app, noting when Textual first writes a frame with rows (the moment a person sees
    the list: what the app does after that frame, such as reading the rest of the cache, is
    not in the figure)."""

    painted_at = 0.0

    def _display(self, screen: Screen[Any], renderable: RenderableType | None) -> None:
        super()._display(screen, renderable)
        if renderable is not None and not self.painted_at:
            tables = screen.query(ServerTable)
            if tables and tables.first().rows and self.state.servers:
                self.painted_at = time.perf_counter()


async def to_rows(make: Callable[[], HostkeyApp]) -> tuple[float, float]:
    """From making the app (which reads the disk cache into its state) to the first frame with
    rows, and to every server in the state."""
    start = time.perf_counter()
    app = make()
    app.__class__ = Timed
    assert isinstance(app, Timed)
    async with app.run_test(size=(120, 40)) as pilot:
        while not app.painted_at or len(app.state.servers) < SERVERS:
            if time.perf_counter() - start > 60:
                raise TimeoutError("no rows")
            await pilot.pause(0.002)
        return app.painted_at - start, time.perf_counter() - start


async def main() -> None:
    world = build_world(SystemClock(), servers=SERVERS)
    first = big_app(SERVERS, world=world)
    folder = first.bench_folder  # type: ignore[attr-defined]
    async with first.run_test(size=(120, 40)) as pilot:
        await until_loaded(first, pilot, SERVERS)
        await pilot.pause(0.5)
    cold, warm, whole = [], [], []
    for _ in range(RUNS):
        cold.append((await to_rows(partial(big_app, SERVERS, world=world)))[0])
        hanging = build_world(SystemClock(), servers=SERVERS)
        hanging.faults.add("hang", "*")
        painted, complete = await to_rows(partial(big_app, SERVERS, world=hanging, folder=folder))
        warm.append(painted)
        whole.append(complete)
    c, w = statistics.median(cold), statistics.median(warm)
    print(f"warm_start, {SERVERS} cached servers, API hanging, to rows: median {w * 1000:.0f} ms")
    print(
        f"warm_start, to all {SERVERS} in the list: median {statistics.median(whole) * 1000:.0f} ms"
    )
    print(f"warm_start, cold start with the API answering, to rows: median {c * 1000:.0f} ms")
    print(f"warm_start, ratio to the cold start: {w / c:.2f}")


if __name__ == "__main__":
    asyncio.run(main())
