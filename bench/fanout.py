"""`fanout`: 1,000 `eq/show` through the real client against the simulator's real HTTP server
(in its own process, as invapi would be), each answered after 50 ms, 16 at a time: wall time
against the floor ceil(N/C) x 50 ms. Target: within 1.15x of the floor."""

from __future__ import annotations

import asyncio
import math
import sys
import time

from bench.common import simulator_process
from hostkey_tui.api import InvapiClient
from hostkey_tui.clock import SystemClock
from hostkey_tui.services.context import Services, ServiceSettings
from hostkey_tui.services.servers import load_servers
from hostkey_tui.services.session import sign_in
from hostkey_tui.state.store import Store

SERVERS = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000
CONCURRENCY = 16
LATENCY = 0.05


async def run(url: str, key: str) -> tuple[float, int]:
    async with InvapiClient(url, api_key=key) as client:
        services = Services(
            client, Store(), SystemClock(), ServiceSettings(concurrency=CONCURRENCY)
        )
        await sign_in(services)
        start = time.perf_counter()
        await load_servers(services)
        return time.perf_counter() - start, len(services.store.state.servers)


def main() -> None:
    with simulator_process(SERVERS, latency=LATENCY) as (url, key):
        wall, loaded = asyncio.run(run(url, key))
    floor = math.ceil(SERVERS / CONCURRENCY) * LATENCY
    print(f"servers {SERVERS}, concurrency {CONCURRENCY}, {LATENCY * 1000:.0f} ms per request")
    print(
        f"fanout: {loaded} eq/show in {wall:.2f} s; floor {floor:.2f} s; ratio {wall / floor:.2f}"
    )


if __name__ == "__main__":
    main()
