"""`scroll`: 10,000 servers; down, page down and end.

The app's own work per key (the cursor moved, the view scrolled, every visible line rendered)
and, as for `filter`, the same keys end to end through the pilot against a minimal app.
Target: median ≤ 8 ms (the app's own work).
"""

from __future__ import annotations

import asyncio
import sys
import time

from bench.common import big_app, summary, until_loaded
from bench.filter import through_pilot
from bench.minimal_app import Minimal
from hostkey_tui.ui.servers.table import ServerTable

SERVERS = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
PLAN = (("down", "move(1)", 60), ("pagedown", "page(1)", 30), ("end", "move_to(-1)", 10))


async def main() -> None:
    app = big_app(SERVERS)
    own: dict[str, list[float]] = {key: [] for key, _, _ in PLAN}
    async with app.run_test(size=(120, 40)) as pilot:
        await until_loaded(app, pilot, SERVERS)
        table = app.screen.query_one(ServerTable)
        table.focus()
        await pilot.pause()
        for key, action, count in PLAN:
            for _ in range(count):
                start = time.perf_counter()
                await table.run_action(action)
                for y in range(table.size.height):
                    table.render_line(y)
                own[key].append(time.perf_counter() - start)
                if key == "end":
                    await table.run_action("move_to(0)")
        piloted = await through_pilot(pilot, ["down"] * 40 + ["pagedown"] * 20)
    minimal = Minimal()
    async with minimal.run_test(size=(120, 40)) as pilot:
        baseline = await through_pilot(pilot, ["a"] * 60)
    print(f"servers {SERVERS}")
    for key, values in own.items():
        print(summary(f"scroll, the app's own work, {key}", values))
    print(summary("scroll, all keys, the app's own work", [v for vs in own.values() for v in vs]))
    print(summary("scroll, key to frame through the pilot", piloted))
    print(summary("minimal Textual app, key to frame through the pilot", baseline))


if __name__ == "__main__":
    asyncio.run(main())
