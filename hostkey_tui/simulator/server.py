"""The real adapter: invapi on 127.0.0.1 over HTTP/1.1, so the real transport is tested over a
real socket. Small on purpose: POST with a Content-Length body, keep-alive, nothing else.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Iterator

from hostkey_tui.simulator.app import encode, handle
from hostkey_tui.simulator.world import World

_REASONS = {
    200: "OK",
    404: "Not Found",
    429: "Too Many Requests",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
}


class SimulatorServer:
    """An asyncio HTTP server answering from `world`."""

    def __init__(self, world: World, host: str = "127.0.0.1", port: int = 0) -> None:
        self.world = world
        self.host = host
        self.port = port
        self._server: asyncio.Server | None = None

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    async def start(self) -> None:
        self._server = await asyncio.start_server(self._serve, self.host, self.port)
        self.port = self._server.sockets[0].getsockname()[1]

    async def stop(self) -> None:
        if self._server is not None:
            self._server.close()
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self._server.wait_closed(), 1.0)

    async def serve_forever(self) -> None:
        if self._server is None:
            await self.start()
        assert self._server is not None
        async with self._server:
            await self._server.serve_forever()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                request_line = await reader.readline()
                if not request_line:
                    return
                method, path, _ = request_line.decode("latin-1").split(" ", 2)
                headers: dict[str, str] = {}
                while True:
                    line = await reader.readline()
                    if line in (b"\r\n", b"\n", b""):
                        break
                    name, _, value = line.decode("latin-1").partition(":")
                    headers[name.strip().lower()] = value.strip()
                length = int(headers.get("content-length", "0") or 0)
                body = await reader.readexactly(length) if length else b""
                if method != "POST":
                    await self._write(writer, 405, b'{"error":"POST only"}', "application/json", {})
                    continue
                reply = await handle(self.world, path.split("?", 1)[0], body)
                if reply.hang:
                    await asyncio.Event().wait()
                if reply.drop:
                    return  # the work is done; the reply is lost with the connection
                content, content_type = encode(reply)
                await self._write(writer, reply.status, content, content_type, reply.headers)
                if headers.get("connection", "").lower() == "close":
                    return
        except (ConnectionError, asyncio.IncompleteReadError, ValueError):
            return
        finally:
            with contextlib.suppress(Exception):
                writer.close()

    @staticmethod
    async def _write(
        writer: asyncio.StreamWriter,
        status: int,
        content: bytes,
        content_type: str,
        extra: dict[str, str],
    ) -> None:
        head = [
            f"HTTP/1.1 {status} {_REASONS.get(status, 'Status')}",
            f"Content-Type: {content_type}",
            f"Content-Length: {len(content)}",
        ]
        head += [f"{name}: {value}" for name, value in extra.items()]
        writer.write(("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + content)
        await writer.drain()


@contextlib.contextmanager
def serve_in_thread(world: World, port: int = 0) -> Iterator[SimulatorServer]:
    """Run the server on its own event loop in a thread (for tests that need a real socket)."""
    server = SimulatorServer(world, port=port)
    loop = asyncio.new_event_loop()
    ready = threading.Event()

    def run() -> None:
        asyncio.set_event_loop(loop)
        loop.run_until_complete(server.start())
        ready.set()
        loop.run_forever()

    thread = threading.Thread(target=run, name="invapi-simulator", daemon=True)
    thread.start()
    ready.wait(10)
    try:
        yield server
    finally:

        async def shutdown() -> None:
            # Connections still open (a hanging reply, say) end here, not as pending tasks
            # destroyed with the loop.
            await server.stop()
            tasks = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)

        with contextlib.suppress(Exception):
            asyncio.run_coroutine_threadsafe(shutdown(), loop).result(5)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(5)
        loop.close()
