"""The client's network streams (`api/network.py`): an idle connection the server closed is
seen as such (and not used again), one still open is kept; the client's pool uses them."""

from __future__ import annotations

import asyncio
import contextlib
import shutil
import socket
import ssl
import subprocess
from pathlib import Path

import httpcore
import httpx
import pytest

from hostkey_tui.api.network import Backend, Stream
from hostkey_tui.api.transport import HttpTransport, on_cheap_streams, pool_limits
from hostkey_tui.clock import ManualClock

pytestmark = pytest.mark.socket


class Raw(httpcore.AsyncNetworkStream):
    """A stream over one end of a socket pair (what anyio's would answer about its socket)."""

    def __init__(self, sock: socket.socket | None) -> None:
        self.sock = sock

    def get_extra_info(self, info: str) -> object:
        return self.sock if info == "socket" else None


def test_an_idle_socket_is_readable_only_once_the_peer_wrote_or_closed() -> None:
    ours, peer = socket.socketpair()
    try:
        stream = Stream(Raw(ours))
        assert stream.get_extra_info("is_readable") is False
        peer.close()  # the server ends the kept-alive connection
        assert stream.get_extra_info("is_readable") is True
        ours.close()
        assert stream.readable() is True  # closed here: dropped, never used again
    finally:
        ours.close()
        peer.close()


def test_a_stream_without_a_socket_counts_as_readable() -> None:
    assert Stream(Raw(None)).readable() is True


def client() -> httpx.AsyncClient:
    """A client as the app's transport makes it (without certificates: loopback only)."""
    made = httpx.AsyncClient(verify=False, limits=pool_limits(2))
    on_cheap_streams(made)
    return made


def test_the_clients_pool_and_its_proxies_from_the_environment_use_these_streams(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("HTTPS_PROXY", "http://proxy.example:3128")
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    made = HttpTransport("https://invapi.hostkey.com", clock=ManualClock())
    pools = [made._http._transport._pool]  # type: ignore[attr-defined]
    proxies = [t for t in made._http._mounts.values() if t is not None]
    assert proxies, "the proxy of the environment is still used"
    pools += [t._pool for t in proxies]  # type: ignore[attr-defined]
    assert all(isinstance(pool._network_backend, Backend) for pool in pools)


async def test_a_connection_the_server_closed_while_idle_is_replaced_not_reused() -> None:
    """Over a real socket: the server answers, keeps the connection a moment, then closes it;
    the next request opens a new connection instead of failing on the dead one."""
    connections = 0
    closed = asyncio.Event()

    async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        nonlocal connections
        connections += 1
        await reader.readuntil(b"\r\n\r\n")
        writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: keep-alive\r\n\r\nok")
        await writer.drain()
        writer.close()  # closed while the client keeps it as idle
        await writer.wait_closed()
        closed.set()

    server = await asyncio.start_server(serve, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    try:
        async with client() as http:
            first = await http.get(f"http://127.0.0.1:{port}/")
            await closed.wait()  # closed on the server's side (loopback: seen here at once)
            second = await http.get(f"http://127.0.0.1:{port}/")
        assert (first.text, second.text) == ("ok", "ok")
        assert connections == 2
    finally:
        server.close()
        await server.wait_closed()


async def test_https_goes_through_these_streams(tmp_path: Path) -> None:
    """TLS is started on the wrapped stream (invapi is spoken to over https)."""
    if shutil.which("openssl") is None:
        pytest.skip("no openssl to make a certificate")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    made = ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost"]
    subprocess.run(
        [*made, "-days", "1", "-keyout", str(key), "-out", str(cert)],
        check=True,
        capture_output=True,
    )
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)

    async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        with contextlib.suppress(asyncio.IncompleteReadError, ConnectionError):
            while True:  # every request of the connection, until the client closes it
                await reader.readuntil(b"\r\n\r\n")
                writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\ntls")
                await writer.drain()

    server = await asyncio.start_server(serve, "127.0.0.1", 0, ssl=context)
    port = server.sockets[0].getsockname()[1]
    try:
        async with client() as http:
            reply = await http.get(f"https://127.0.0.1:{port}/")
            again = await http.get(f"https://127.0.0.1:{port}/")  # the kept connection
        assert (reply.text, again.text) == ("tls", "tls")
    finally:
        server.close()
        await server.wait_closed()
