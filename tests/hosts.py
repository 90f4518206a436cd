"""Several simulated accounts, each at its own address (the fleet's tests)."""

from __future__ import annotations

import httpx

from hostkey_tui.simulator.transport import SimulatorTransport
from hostkey_tui.simulator.world import World


class ByHost(httpx.AsyncBaseTransport):
    """Each account's invapi at its own address: a simulated world per host; a host in
    `unreachable` refuses connections (invapi out of reach)."""

    def __init__(self, worlds: dict[str, World], unreachable: frozenset[str] = frozenset()) -> None:
        self.transports = {host: SimulatorTransport(w) for host, w in worlds.items()}
        self.unreachable = unreachable

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if request.url.host in self.unreachable:
            raise httpx.ConnectError("connection refused", request=request)
        return await self.transports[request.url.host].handle_async_request(request)
