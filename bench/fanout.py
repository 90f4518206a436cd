"""`fanout`: 1,000 `eq/show` through the real client against the simulator's real HTTP server
(in its own process, as invapi would be), each answered after 50 ms, 16 at a time.

Measured in the same run, alternating which goes first, so that the machine's noise falls on
both: the floor ceil(N/C) x 50 ms, plain httpx posting the same 1,000 requests to the same
simulator with the same concurrency (what the simulator and httpx cost on their own), and the
app's load (`load_servers`: client, parse, state). Target: the app within 1.15x of the floor.

Then, with no latency, where the app's time goes per server: CPU per request for plain httpx
and for the app's load, and the app's own stages on the same replies (JSON decode, parse into a
`Server`, the state's reduce, the list's index).

.venv/bin/python -m bench.fanout             # 1,000 servers, 3 runs
.venv/bin/python -m bench.fanout 1000 5      # 5 runs
"""

from __future__ import annotations

import asyncio
import json
import math
import statistics
import sys
import time
from collections.abc import Awaitable, Callable
from dataclasses import replace
from types import MappingProxyType

import httpx

from bench.common import simulator_process
from hostkey_tui.api import InvapiClient
from hostkey_tui.clock import SystemClock
from hostkey_tui.models.server import server_from_show
from hostkey_tui.services.context import Services, ServiceSettings
from hostkey_tui.services.servers import load_servers
from hostkey_tui.services.session import sign_in
from hostkey_tui.state.events import ServersLoaded
from hostkey_tui.state.state import AppState
from hostkey_tui.state.store import Store
from hostkey_tui.state.views import ServerIndex

SERVERS = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000
RUNS = int(sys.argv[2]) if len(sys.argv) > 2 else 3
CONCURRENCY = 16
LATENCY = 0.05
BATCH = 25  # as services.servers


async def plain(url: str, key: str, bodies: list[bytes] | None = None) -> tuple[float, float]:
    """Plain httpx, the same requests and concurrency: (wall seconds, CPU seconds)."""
    limits = httpx.Limits(max_connections=CONCURRENCY, max_keepalive_connections=CONCURRENCY)
    async with httpx.AsyncClient(limits=limits) as http:
        login = await http.post(f"{url}/auth.php", data={"action": "login", "key": key})
        session = login.json()["result"]
        token = session["token"]
        queue = [int(i) for i in reversed(session["servers"])]

        async def worker() -> None:
            while queue:
                server_id = queue.pop()
                data = {"action": "show", "id": str(server_id), "token": token}
                reply = await http.post(f"{url}/eq.php", data=data)
                reply.json()
                if bodies is not None:
                    bodies.append(reply.content)

        return await _timed(lambda: asyncio.gather(*(worker() for _ in range(CONCURRENCY))))


async def ours(url: str, key: str, keep: list[Services] | None = None) -> tuple[float, float]:
    """The app's load: (wall seconds, CPU seconds); every server must be read."""
    async with InvapiClient(url, api_key=key, concurrency=CONCURRENCY) as client:
        settings = ServiceSettings(concurrency=CONCURRENCY)
        services = Services(client, Store(), SystemClock(), settings)
        await sign_in(services)
        timed = await _timed(lambda: load_servers(services))
        loaded = len(services.store.state.servers)
        if loaded != SERVERS:
            raise SystemExit(f"the app read {loaded} of {SERVERS} servers")
        if keep is not None:
            keep.append(services)
        return timed


async def _timed(work: Callable[[], Awaitable[object]]) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    await work()
    return time.perf_counter() - wall, time.process_time() - cpu


def spread(values: list[float], unit: Callable[[float], str]) -> str:
    low, high = min(values), max(values)
    median = statistics.median(values)
    noisy = " — varies by more than 30%" if median and (high - low) / median > 0.30 else ""
    runs = " / ".join(unit(v) for v in values)
    return f"median {unit(median)}, {unit(low)}–{unit(high)} ({runs}){noisy}"


def stages(bodies: list[bytes], state: AppState) -> dict[str, float]:
    """Microseconds per server of each of the app's own steps, on the same replies."""
    figures: dict[str, float] = {}
    start = time.perf_counter()
    decoded = [json.loads(body) for body in bodies]
    figures["JSON decode"] = time.perf_counter() - start
    start = time.perf_counter()
    servers = [server_from_show(data) for data in decoded]
    figures["parse into Server"] = time.perf_counter() - start
    empty = replace(state, servers=MappingProxyType({}), fetched_at=MappingProxyType({}))
    store = Store(empty)
    start = time.perf_counter()
    for first in range(0, len(servers), BATCH):
        store.dispatch(ServersLoaded(tuple(servers[first : first + BATCH]), 0.0, seen=True))
    figures["reduce (batches of 25)"] = time.perf_counter() - start
    index = ServerIndex()
    start = time.perf_counter()
    index.rows(store.state, "")
    figures["index and sort (once)"] = time.perf_counter() - start
    return {name: seconds / len(bodies) * 1e6 for name, seconds in figures.items()}


async def measure(url: str, key: str) -> dict[str, list[float]]:
    """Wall and CPU seconds of each run, plain httpx and the app taking turns to go first."""
    figures: dict[str, list[float]] = {"plain": [], "app": [], "plain cpu": [], "app cpu": []}
    for run in range(RUNS):
        first, second = (plain, ours) if run % 2 == 0 else (ours, plain)
        for bench in (first, second):
            wall, cpu = await bench(url, key)
            name = "plain" if bench is plain else "app"
            figures[name].append(wall)
            figures[f"{name} cpu"].append(cpu / SERVERS)
    return figures


async def costs(url: str, key: str) -> tuple[list[float], list[float], list[bytes], AppState]:
    plain_cpu: list[float] = []
    app_cpu: list[float] = []
    bodies: list[bytes] = []
    kept: list[Services] = []
    for run in range(RUNS):
        plain_cpu.append((await plain(url, key, bodies if run == 0 else None))[1] / SERVERS)
        app_cpu.append((await ours(url, key, kept if run == 0 else None))[1] / SERVERS)
    return plain_cpu, app_cpu, bodies, kept[0].store.state


def main() -> None:
    floor = math.ceil(SERVERS / CONCURRENCY) * LATENCY
    with simulator_process(SERVERS, latency=LATENCY) as (url, key):
        walls = asyncio.run(measure(url, key))
    plains, apps = walls["plain"], walls["app"]
    with simulator_process(SERVERS) as (url, key):
        plain_cpu, app_cpu, bodies, state = asyncio.run(costs(url, key))
    per_stage = stages(bodies, state)

    def seconds(value: float) -> str:
        return f"{value:.2f} s"

    def micro(value: float) -> str:
        return f"{value * 1e6:.0f} µs"

    print(f"{SERVERS} eq/show, {CONCURRENCY} at a time, {LATENCY * 1000:.0f} ms each; {RUNS} runs")
    print(f"fanout, floor: {floor:.2f} s")
    print(f"fanout, plain httpx: {spread(plains, seconds)}")
    print(f"fanout, the app: {spread(apps, seconds)}")
    print(f"fanout, CPU per request at 50 ms, plain httpx: {spread(walls['plain cpu'], micro)}")
    print(f"fanout, CPU per request at 50 ms, the app: {spread(walls['app cpu'], micro)}")
    print(f"fanout, CPU per request at 0 ms, plain httpx: {spread(plain_cpu, micro)}")
    print(f"fanout, CPU per request at 0 ms, the app: {spread(app_cpu, micro)}")
    print(
        "fanout, the app's stages per server: "
        + ", ".join(f"{name} {value:.0f} µs" for name, value in per_stage.items())
    )
    ratios = [wall / floor for wall in apps]
    print(
        f"fanout, ratio to the floor: the app {statistics.median(ratios):.2f}x "
        f"({min(ratios):.2f}–{max(ratios):.2f}), plain httpx "
        f"{statistics.median(plains) / floor:.2f}x"
    )


if __name__ == "__main__":
    main()
