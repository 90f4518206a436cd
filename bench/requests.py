"""`requests`: requests sent on typical journeys, from the simulator's request log.

- a server opened twice within the cache time: no second `eq/show`;
- the sensors tab left and re-entered: at most one sensor request in flight per server;
- a refresh where nothing changed: the state (and so the screen) is the same object.
"""

from __future__ import annotations

import asyncio

from bench.common import big_app
from hostkey_tui.simulator.world import World

TABS_TO_SENSORS = 2  # t presses from the Overview: Power, Sensors


async def main() -> None:
    app = big_app(None)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        sim = app.bench_world  # type: ignore[attr-defined]
        server = 40053  # de-db-02, bare metal: it has IPMI sensors
        before = _count(sim, "eq", "show", server)
        for _ in range(2):
            app.open_server(server)
            await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.press("escape")
            await pilot.pause()
        show_again = _count(sim, "eq", "show", server) - before

        app.open_server(server)
        await pilot.pause()
        await pilot.press(*(["t"] * TABS_TO_SENSORS))
        await pilot.pause()
        in_flight = 0
        for key in ("T", "t", "T", "t"):  # leave and re-enter the sensors tab, twice
            await pilot.press(key)
            await pilot.pause(0.2)
            in_flight = max(in_flight, len(app.services.sensor_reads) if app.services else 0)
        sensor_requests = sum(1 for r in sim.requests if r.action == "sensors")
        await pilot.press("escape")
        await pilot.pause()
        await app.workers.wait_for_complete()

        servers = app.state.servers
        app.refresh_servers(force=True)
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        same = app.state.servers is servers
    print(f"requests, eq/show for a server opened twice within the cache time: {show_again}")
    print(
        f"requests, sensor reads after leaving and re-entering the tab: {sensor_requests}, "
        f"in flight at most {max(in_flight, 0)} per server"
    )
    print(f"requests, a refresh where nothing changed keeps the same state: {same}")


def _count(world: World, resource: str, action: str, server_id: int) -> int:
    return sum(
        1
        for r in world.requests
        if r.resource == resource and r.action == action and r.field("id") == str(server_id)
    )


if __name__ == "__main__":
    asyncio.run(main())
