"""`fleet`: 10 accounts of 1,000 servers in one list (issue 25), against the list's figures.

The app is built as `hostkey-tui --fleet` builds it: a config of 10 profiles, each at its own
address (each a simulated account in this process), signed in at once. Figures:
- the fleet's own work per filter key (every account filtered, the rows merged, the table
  given them, every visible line rendered), sorted by account and sorted by hostname (the
  merge across accounts); target as `filter`: median ≤ 16 ms, p95 ≤ 33 ms;
- its own work per scroll key (down, page down, end); target as `scroll`: median ≤ 8 ms;
- a second start, painted from the 10 accounts' disk caches: seconds until every cached row
  is on the fleet's screen (no account reachable: the caches alone), and the longest the event
  loop was held meanwhile.

.venv/bin/python -m bench.fleet          # 10 × 1,000
.venv/bin/python -m bench.fleet 10 200   # accounts × servers
"""

from __future__ import annotations

import asyncio
import gc
import sys
import time
from pathlib import Path
from typing import Any

import httpx
from textual.css.query import NoMatches

from bench.common import big_app, ms, summary
from bench.stalls import StallWatch
from hostkey_tui.clock import SystemClock
from hostkey_tui.config.load import parse_config
from hostkey_tui.simulator.scenarios import build_world
from hostkey_tui.simulator.transport import SimulatorTransport
from hostkey_tui.simulator.world import World
from hostkey_tui.ui.servers.fleet import FleetScreen

ACCOUNTS = int(sys.argv[1]) if len(sys.argv) > 1 else 10
SERVERS = int(sys.argv[2]) if len(sys.argv) > 2 else 1_000
TERM = "nl-web-0"
ROUNDS = 3
PLAN = (("down", "move(1)", 60), ("pagedown", "page(1)", 30), ("end", "move_to(-1)", 10))


class ByHost(httpx.AsyncBaseTransport):
    """Each account at its own address; `down`: every address refuses (the second start)."""

    def __init__(self, worlds: dict[str, World]) -> None:
        self.transports = {f"{h}.invalid": SimulatorTransport(w) for h, w in worlds.items()}
        self.down = False

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if self.down:
            raise httpx.ConnectError("refused", request=request)
        return await self.transports[request.url.host].handle_async_request(request)


def fleet_app(worlds: dict[str, World], transport: ByHost, folder: Path | None) -> Any:
    names = sorted(worlds)
    text = "".join(
        f'[profiles.{n}]\nbase_url = "https://{n}.invalid"\napi_key_env = "KEY_{n}"\n'
        for n in names
    )
    environ = {f"KEY_{n}": worlds[n].account_key for n in names}
    options: dict[str, Any] = {"folder": folder} if folder else {}
    config = parse_config(f'default_profile = "{names[0]}"\n' + text, Path("fleet.toml"))
    return big_app(
        None,
        config=config,
        demo=False,
        environ=environ,
        transport=transport,
        fleet=True,
        world=worlds[names[0]],
        **options,
    )


async def until(pilot: Any, done: Any, limit: float = 900) -> float:
    start = time.perf_counter()
    while not done():
        if time.perf_counter() - start > limit:
            raise TimeoutError("the fleet never got there")
        await pilot.pause(0.05)
    return time.perf_counter() - start


def shown(app: Any) -> int:
    screen = app.screen
    if not isinstance(screen, FleetScreen) or not screen.is_mounted:
        return 0
    try:
        return len(screen.table.rows)
    except NoMatches:  # pushed, not composed yet
        return 0


def own_filter(screen: FleetScreen, text: str) -> float:
    start = time.perf_counter()
    screen.query_text = text
    screen._update()
    for y in range(screen.table.size.height):
        screen.table.render_line(y)
    return time.perf_counter() - start


async def main() -> None:
    clock = SystemClock()
    total = ACCOUNTS * SERVERS
    worlds = {
        f"acct{n:02d}": build_world(clock, seed=100 + n, servers=SERVERS) for n in range(ACCOUNTS)
    }
    transport = ByHost(worlds)
    app = fleet_app(worlds, transport, None)
    folder = app.bench_folder
    async with app.run_test(size=(120, 40)) as pilot:
        loaded = await until(
            pilot,
            lambda: (
                shown(app) == total
                and all(len(m.state.servers) == SERVERS for m in app.screen.members)
            ),
        )
        screen = app.screen
        assert isinstance(screen, FleetScreen)
        figures: dict[str, list[float]] = {"profile": [], "hostname": []}
        for column in figures:
            screen.sort_column = column
            screen._update()
            for _ in range(ROUNDS):
                for n in [*range(1, len(TERM) + 1), *range(len(TERM) - 1, -1, -1)]:
                    figures[column].append(own_filter(screen, TERM[:n]))
        screen.sort_column = "profile"
        screen.query_text = ""
        screen._update()
        table = screen.table
        table.focus()
        await pilot.pause()
        scroll: list[float] = []
        for _, action, count in PLAN:
            for _ in range(count):
                start = time.perf_counter()
                await table.run_action(action)
                for y in range(table.size.height):
                    table.render_line(y)
                scroll.append(time.perf_counter() - start)
        await app.action_quit()
    # The second start: every account's invapi out of reach, the caches alone. The simulated
    # accounts live in this process only for the benchmark (a real app's heap holds none of
    # them): frozen out of the garbage collector, whose full passes over them would be counted
    # as the app's stalls. The longest full pass over what is left is said.
    transport.down = True
    gc.collect()
    gc.freeze()
    pauses: list[float] = []
    began: list[float] = [0.0]

    def collected(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            began[0] = time.perf_counter()
        elif info["generation"] == 2:
            pauses.append(time.perf_counter() - began[0])

    gc.callbacks.append(collected)
    again = fleet_app(worlds, transport, folder)
    # As `bench.responsive`: "starting" until the app has mounted and drawn its first frame,
    # then "reading the caches" until every row is shown.
    async with StallWatch() as watch, again.run_test(size=(120, 40)) as pilot:
        watch.phase = "reading the caches"
        painted = await until(pilot, lambda: shown(again) == total)
        watch.phase = "quitting"
    gc.callbacks.remove(collected)
    reading = watch.lateness.get("reading the caches", [0.0])
    print(f"fleet {ACCOUNTS} accounts × {SERVERS} servers ({total:,}); loaded in {loaded:.1f} s")
    print(summary("fleet filter, own work per key, by account", figures["profile"]))
    print(summary("fleet filter, own work per key, by hostname (merged)", figures["hostname"]))
    print(summary("fleet scroll, own work per key", scroll))
    print(
        f"second start from {ACCOUNTS} caches (invapi out of reach): every row shown in "
        f"{painted:.2f} s; longest event-loop stall while reading them {ms(max(reading))} "
        f"(while starting {ms(max(watch.lateness.get('starting', [0.0])))}); "
        f"{len(pauses)} full garbage collections, the longest {ms(max(pauses, default=0.0))}"
    )
    for stall in watch.stalls(3):
        print(f"  {stall.describe()}")


if __name__ == "__main__":
    asyncio.run(main())
