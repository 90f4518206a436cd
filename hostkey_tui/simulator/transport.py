"""The in-process adapter: an httpx transport answering from a `World` (for `--demo` and tests)."""

from __future__ import annotations

import asyncio

import httpx

from hostkey_tui.simulator.app import encode, handle
from hostkey_tui.simulator.world import World


class SimulatorTransport(httpx.AsyncBaseTransport):
    """Answers httpx requests from the simulated world, in the same event loop.

    A lost reply (`drop_reply`) surfaces as the connection closing without an answer, a hang
    as a request that never completes, just as over a socket.
    """

    def __init__(self, world: World) -> None:
        self.world = world

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        body = await request.aread()
        reply = await handle(self.world, request.url.path, body)
        if reply.hang:
            await asyncio.Event().wait()
        if reply.drop:
            raise httpx.RemoteProtocolError(
                "Server disconnected without sending a response.", request=request
            )
        content, content_type = encode(reply)
        headers = {"content-type": content_type, **reply.headers}
        return httpx.Response(reply.status, headers=headers, content=content, request=request)
