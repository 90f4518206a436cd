"""The in-process adapter: an httpx transport answering from a `World` (for `--demo` and tests)."""

from __future__ import annotations

import asyncio

import httpx

from hostkey_tui.simulator.app import encode, handle
from hostkey_tui.simulator.world import World


class SimulatorTransport(httpx.AsyncBaseTransport):
    """Answers httpx requests from the simulated world, in the same event loop.

    A lost reply (`drop_reply`) surfaces as the connection closing without an answer, a hang
    as the request's read timeout passing without a byte, just as over a socket; that timeout
    is counted on the world's clock, so a test's manual clock decides when it fires.
    """

    def __init__(self, world: World) -> None:
        self.world = world

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        body = await request.aread()
        reply = await handle(self.world, request.url.path, body)
        if reply.hang:
            read = (request.extensions.get("timeout") or {}).get("read")
            if read is None:
                await asyncio.Event().wait()  # no read timeout: it hangs for good
            else:
                await self.world.clock.sleep(float(read))
            raise httpx.ReadTimeout("The read operation timed out", request=request)
        if reply.drop:
            raise httpx.RemoteProtocolError(
                "Server disconnected without sending a response.", request=request
            )
        content, content_type = encode(reply)
        headers = {"content-type": content_type, **reply.headers}
        return httpx.Response(reply.status, headers=headers, content=content, request=request)
