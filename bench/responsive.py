"""`responsive`: event-loop stalls while the app loads, refreshes, filters and reads a cache of
10,000 servers, and what ran during the longest.

One run: the app signs in to a simulated account of 10,000 servers (the simulator's real HTTP
server in its own process, every request answered after 20 ms; 8 `eq/show` at a time, the
config's default) and reads them all ("loading"); `r`
reads them again ("refreshing"); "nl-web" is typed into the filter three times and deleted
("filtering"); the app quits, writing its cache, and a second app starts from that cache with
nothing answering at invapi's address ("reading the cache"). A tick asked for every 5 ms says
how late it came (see `bench.stalls`). Target: no stall over 100 ms.

.venv/bin/python -m bench.responsive            # 10,000 servers, 3 runs
.venv/bin/python -m bench.responsive 2000 1     # quicker
.venv/bin/python -m bench.responsive 10000 1 64 # 64 requests at a time (the config's most)
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

from bench.common import big_app, ms, p95, simulator_process
from bench.stalls import Stall, StallWatch
from hostkey_tui.clock import SystemClock
from hostkey_tui.config.model import Config
from hostkey_tui.simulator.scenarios import build_world
from hostkey_tui.ui.app import HostkeyApp

SERVERS = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
RUNS = int(sys.argv[2]) if len(sys.argv) > 2 else 3
CONCURRENCY = int(sys.argv[3]) if len(sys.argv) > 3 else 8
LATENCY = 0.02
LIMIT = 900.0


async def until(pilot: Any, done: Any, what: str) -> None:
    start = time.perf_counter()
    while not done():
        if time.perf_counter() - start > LIMIT:
            raise TimeoutError(what)
        await pilot.pause(0.05)


async def one_run() -> tuple[StallWatch, float]:
    config = Config()
    config = replace(config, api=replace(config.api, concurrency=CONCURRENCY))
    # The app as a user runs it: its real client, invapi (the simulator) in its own process, so
    # that what invapi does is not counted as the app's stalls.
    with simulator_process(SERVERS, latency=LATENCY) as (url, key):
        real = {"base_url": url, "demo": False, "environ": {"HOSTKEY_API_KEY": key}}
        app = big_app(SERVERS, world=build_world(SystemClock(), servers=1), config=config, **real)
        folder: Path = app.bench_folder  # type: ignore[attr-defined]
        started = time.perf_counter()
        async with StallWatch() as watch, app.run_test(size=(120, 40)) as pilot:
            watch.phase = "loading"
            await until(pilot, lambda: _loaded(app), "the first load")
            loaded = time.perf_counter() - started
            watch.phase = "refreshing"
            await pilot.press("r")
            await until(pilot, lambda: app.state.loading.active, "the refresh to start")
            await until(pilot, lambda: _loaded(app), "the refresh")
            watch.phase = "filtering"
            await pilot.press("slash")
            for _ in range(3):
                for char in "nl-web":
                    await pilot.press(char)
                for _ in range(6):
                    await pilot.press("backspace")
            await pilot.pause(0.2)
            watch.phase = "quitting"
    # The second start: invapi gone (nothing answers at its address), the cache alone.
    async with StallWatch() as again_watch:
        again = big_app(
            SERVERS,
            world=build_world(SystemClock(), servers=1),
            config=config,
            folder=folder,
            **real,
        )
        async with again.run_test(size=(120, 40)) as pilot:
            again_watch.phase = "reading the cache"
            await until(pilot, lambda: len(again.state.servers) >= SERVERS, "the cache")
            await pilot.pause(0.2)
            again_watch.phase = "quitting"
    watch.absorb(again_watch)
    return watch, loaded


def _loaded(app: HostkeyApp) -> bool:
    return len(app.state.servers) >= SERVERS and not app.state.loading.active


def main() -> None:
    phases = ("loading", "refreshing", "filtering", "reading the cache")
    worst: dict[str, list[float]] = {phase: [] for phase in phases}
    late: dict[str, list[float]] = {phase: [] for phase in phases}
    stalls: list[tuple[int, Stall]] = []
    full: list[float] = []
    for run in range(1, RUNS + 1):
        watch, loaded = asyncio.run(one_run())
        print(f"run {run}: {SERVERS} servers loaded in {loaded:.1f} s", flush=True)
        for phase in phases:
            ticks = watch.lateness.get(phase, [0.0])
            worst[phase].append(max(ticks))
            late[phase].append(p95(ticks))
        stalls += [(run, stall) for stall in watch.stalls()]
        full += watch.full_passes()
    print(f"responsive: {SERVERS} servers, {CONCURRENCY} requests at a time, {RUNS} runs")
    for phase in phases:
        maxima = " / ".join(ms(v) for v in worst[phase])
        print(
            f"responsive, {phase}: longest stall {maxima}; p95 lateness "
            f"{ms(statistics.median(late[phase]))}"
        )
    longest = ms(max(full, default=0.0))
    print(f"responsive, full garbage collections: {len(full)}, the longest {longest}")
    print("responsive, the 5 longest stalls:")
    for run, stall in sorted(stalls, key=lambda s: -s[1].length)[:5]:
        print(f"  run {run}: {stall.describe()}")


if __name__ == "__main__":
    main()
