"""`filter`: 10,000 servers; a filter term typed character by character, then deleted.

Two figures per key, median and p95:
- the app's own work for the key: the list re-filtered and re-sorted, the table given its rows,
  and every visible line rendered (what a frame costs beyond Textual's fixed handling);
- end to end through Textual's pilot (key in, screen refreshed), against the same pilot loop on
  a minimal Textual app in the same run: the ratio removes the pilot's own waiting.
Target: median ≤ 16 ms, p95 ≤ 33 ms (the app's own work).

`.venv/bin/python -m bench.filter 10000 --profile` also prints where the own work goes (cProfile
over the same keys, once the list is loaded).
"""

from __future__ import annotations

import asyncio
import cProfile
import pstats
import sys
import time

from bench.common import big_app, summary, until_loaded
from bench.minimal_app import Minimal
from hostkey_tui.ui.kit.widgets.inputs import TextInput
from hostkey_tui.ui.servers.screen import ServersScreen
from hostkey_tui.ui.servers.table import ServerTable

SERVERS = int(sys.argv[1]) if len(sys.argv) > 1 and sys.argv[1].isdigit() else 10_000
PROFILE = "--profile" in sys.argv
TERM = "nl-web-0"
ROUNDS = 3


def own_work(screen: ServersScreen, text: str) -> float:
    """The list's work for one keystroke: filter, sort, hand over the rows, render a frame."""
    table = screen.query_one(ServerTable)
    start = time.perf_counter()
    screen.query_text = text
    screen._update_rows()
    for y in range(table.size.height):
        table.render_line(y)
    return time.perf_counter() - start


async def through_pilot(pilot: object, keys: list[str]) -> list[float]:
    taken = []
    for key in keys:
        start = time.perf_counter()
        await pilot.press(key)  # type: ignore[attr-defined]
        await pilot.pause()  # type: ignore[attr-defined]
        taken.append(time.perf_counter() - start)
    return taken


def keys() -> list[str]:
    return [*TERM, *(["backspace"] * len(TERM))]


async def main() -> None:
    app = big_app(SERVERS)
    async with app.run_test(size=(120, 40)) as pilot:
        loaded = await until_loaded(app, pilot, SERVERS)
        screen = app.screen
        assert isinstance(screen, ServersScreen)
        work: list[float] = []
        typed = [*range(1, len(TERM) + 1), *range(len(TERM) - 1, -1, -1)]
        for _ in range(ROUNDS):
            for n in typed:
                work.append(own_work(screen, TERM[:n]))
        if PROFILE:
            profile = cProfile.Profile()
            profile.runcall(lambda: [own_work(screen, TERM[:n]) for n in typed * ROUNDS])
            pstats.Stats(profile).sort_stats("tottime").print_stats(20)
        screen.query_one("#filter", TextInput).focus()
        await pilot.pause()
        piloted = []
        for _ in range(ROUNDS):
            piloted += await through_pilot(pilot, keys())
        shown = len(screen.query_one(ServerTable).rows)
    minimal = Minimal()
    async with minimal.run_test(size=(120, 40)) as pilot:
        baseline = []
        for _ in range(ROUNDS):
            baseline += await through_pilot(pilot, keys())
    median_app = sorted(piloted)[len(piloted) // 2]
    median_min = sorted(baseline)[len(baseline) // 2]
    print(f"servers {SERVERS} (loaded in {loaded:.1f} s); rows shown at the end: {shown}")
    print(summary("filter, the app's own work per key", work))
    print(summary("filter, key to frame through the pilot", piloted))
    print(summary("minimal Textual app, key to frame through the pilot", baseline))
    print(f"ratio to the minimal app (medians): {median_app / median_min:.2f}")


if __name__ == "__main__":
    asyncio.run(main())
