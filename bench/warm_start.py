"""`warm_start`: 1,000 servers in the disk cache and the API hanging: time to the painted list,
against a cold start (empty cache, the API answering) to the first rows, in the same run.
Measured in-process (the app's own start, not the interpreter's). Target: the cached list
painted without waiting for the network, within 1.3x the startup figure."""

from __future__ import annotations

import asyncio
import statistics
import time

from bench.common import big_app, until_loaded
from hostkey_tui.clock import SystemClock
from hostkey_tui.simulator.scenarios import build_world
from hostkey_tui.ui.widgets.server_table import ServerTable

SERVERS = 1_000
RUNS = 5


async def to_rows(app: object) -> float:
    start = time.perf_counter()
    async with app.run_test(size=(120, 40)) as pilot:  # type: ignore[attr-defined]
        while True:
            tables = app.screen.query(ServerTable)  # type: ignore[attr-defined]
            if tables and tables.first().rows and app.state.servers:  # type: ignore[attr-defined]
                return time.perf_counter() - start
            if time.perf_counter() - start > 60:
                raise TimeoutError("no rows")
            await pilot.pause(0.01)


async def main() -> None:
    world = build_world(SystemClock(), servers=SERVERS)
    first = big_app(SERVERS, world=world)
    folder = first.bench_folder  # type: ignore[attr-defined]
    async with first.run_test(size=(120, 40)) as pilot:
        await until_loaded(first, pilot, SERVERS)
        await pilot.pause(0.5)
    cold, warm = [], []
    for _ in range(RUNS):
        cold.append(await to_rows(big_app(SERVERS, world=world)))
        hanging = build_world(SystemClock(), servers=SERVERS)
        hanging.faults.add("hang", "*")
        warm.append(await to_rows(big_app(SERVERS, world=hanging, folder=folder)))
    c, w = statistics.median(cold), statistics.median(warm)
    print(f"warm_start, {SERVERS} cached servers, API hanging, to rows: median {w * 1000:.0f} ms")
    print(f"warm_start, cold start with the API answering, to rows: median {c * 1000:.0f} ms")
    print(f"warm_start, ratio to the cold start: {w / c:.2f}")


if __name__ == "__main__":
    asyncio.run(main())
