"""httpcore's network streams, with a cheap answer to "is this idle connection's socket readable".

httpcore asks that of every idle connection of the pool whenever a request starts or ends (a
readable idle socket means the server closed it). Through anyio each answer builds the stream's
dict of attributes (and a peer-name system call) to find the socket, then makes a poll object:
with 8-20 connections and no latency, a fifth of the client's CPU per request. Here the socket
is found once, at connect, with a poll object registered once; everything else is anyio's
stream, unchanged.
"""

# The `timeout` parameters are httpcore's interface, passed through as they come.
# ruff: noqa: ASYNC109

from __future__ import annotations

import select
import socket
import ssl
import typing

import httpcore


def _poller(sock: socket.socket | None) -> select.poll | None:
    if sock is None or not hasattr(select, "poll"):
        return None
    try:
        fd = sock.fileno()
    except OSError:
        return None
    if fd < 0:
        return None
    poller = select.poll()
    poller.register(fd, select.POLLIN)
    return poller


class Stream(httpcore.AsyncNetworkStream):
    """anyio's stream through httpcore, its socket looked up once."""

    def __init__(self, inner: httpcore.AsyncNetworkStream) -> None:
        self._inner = inner
        self._sock: socket.socket | None = inner.get_extra_info("socket")
        self._poller = _poller(self._sock)

    async def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return await self._inner.read(max_bytes, timeout)

    async def write(self, buffer: bytes, timeout: float | None = None) -> None:
        await self._inner.write(buffer, timeout)

    async def aclose(self) -> None:
        await self._inner.aclose()

    async def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.AsyncNetworkStream:
        return Stream(await self._inner.start_tls(ssl_context, server_hostname, timeout))

    def get_extra_info(self, info: str) -> typing.Any:
        if info == "is_readable":
            return self.readable()
        return self._inner.get_extra_info(info)

    def readable(self) -> bool:
        """Whether a read would return at once (for an idle connection: the server closed it).
        A socket closed or gone counts as readable, as in httpcore: the connection is dropped."""
        sock, poller = self._sock, self._poller
        if sock is None or sock.fileno() < 0:
            return True
        if poller is None:  # no poll() on this platform
            return bool(self._inner.get_extra_info("is_readable"))
        return bool(poller.poll(0))


class Backend(httpcore.AsyncNetworkBackend):
    """httpcore's anyio backend, its streams wrapped in `Stream`."""

    def __init__(self) -> None:
        self._inner = httpcore.AnyIOBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: typing.Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        inner = await self._inner.connect_tcp(host, port, timeout, local_address, socket_options)
        return Stream(inner)

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: typing.Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        return Stream(await self._inner.connect_unix_socket(path, timeout, socket_options))

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)
