"""`responsive`: while 200 requests are in flight (1,000 servers, each `eq/show` answered after
2 s, 200 at a time) and a bare-metal server's sensors poll, keys are typed into the filter.

The figure is the event loop's lateness: a tick asked for every 5 ms and how late it came. A
key pressed at that moment waits that long before anything of it happens. Target: p95 ≤ 50 ms.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import replace

from bench.common import big_app, ms, p95
from hostkey_tui.clock import SystemClock
from hostkey_tui.config.model import Config
from hostkey_tui.simulator.scenarios import build_world

SERVERS = 1_000


async def main() -> None:
    world = build_world(SystemClock(), servers=SERVERS)
    world.faults.add("latency", "eq/show", 2.0)
    config = Config()
    config = replace(config, api=replace(config.api, concurrency=200))
    app = big_app(SERVERS, world=world, config=config)
    lateness: list[float] = []
    stop = False

    async def sampler() -> None:
        while not stop:
            asked = time.perf_counter()
            await asyncio.sleep(0.005)
            lateness.append(max(0.0, time.perf_counter() - asked - 0.005))

    async with app.run_test(size=(120, 40)) as pilot:
        task = asyncio.create_task(sampler())
        await pilot.pause(0.5)
        in_flight = app.state.loading.active
        await pilot.press("slash")
        for char in "nl-web" * 3:
            await pilot.press(char)
            await pilot.pause(0.05)
        for _ in range(18):
            await pilot.press("backspace")
        await pilot.pause(1.0)
        stop = True
        await task
    print(f"responsive: {SERVERS} servers loading 200 at a time (2 s each); loading: {in_flight}")
    print(
        f"responsive, event-loop lateness: p95 {ms(p95(lateness))}, max {ms(max(lateness))} "
        f"({len(lateness)} ticks)"
    )


if __name__ == "__main__":
    asyncio.run(main())
