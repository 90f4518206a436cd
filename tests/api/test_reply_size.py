"""One cap across every content-encoding layer: a gzip bomb is refused with little memory spent.

`Content-Encoding: gzip, gzip` on 12 KB is a gigabyte of zeros; httpx inflated a whole chunk at
once, so the 64 MB cap was looked at only after 4 GB had been allocated. Peak memory is measured
with tracemalloc (Python's allocations, which is where inflated bytes land).
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import gzip
import tracemalloc
import zlib
from collections.abc import AsyncIterator, Awaitable, Callable

import pytest

from hostkey_tui.api import InvapiClient, MalformedReply
from hostkey_tui.api.errors import ReplyLost, TransportError
from hostkey_tui.clock import ManualClock
from tests.api.test_outcome_unknown import CHANGE, READ, Invapi, streamed

MB = 1024 * 1024
GZIP = zlib.DEFLATED


@functools.cache
def zeros_gzipped() -> tuple[bytes, bytes]:
    """1 GB of zeros gzip'd once (about 4.6 MB) and twice (about 12 KB), built in pieces."""
    inner = zlib.compressobj(1, GZIP, 31)
    outer = zlib.compressobj(9, GZIP, 31)
    zeros = bytes(MB)
    once: list[bytes] = []
    twice: list[bytes] = []
    for _ in range(1024):
        piece = inner.compress(zeros)
        once.append(piece)
        twice.append(outer.compress(piece))
    last = inner.flush()
    once.append(last)
    twice.extend([outer.compress(last), outer.flush()])
    return b"".join(once), b"".join(twice)


def pieces(data: bytes, size: int = 64 * 1024) -> list[bytes]:
    return [data[i : i + size] for i in range(0, len(data), size)]


async def peak_while(run: Callable[[], Awaitable[object]]) -> int:
    tracemalloc.start()
    try:
        await run()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


async def test_two_gzip_layers_are_refused_before_anything_is_inflated() -> None:
    _, bomb = zeros_gzipped()
    assert len(bomb) < 64 * 1024
    invapi = Invapi(lambda request: streamed(200, *pieces(bomb), content_encoding="gzip, gzip"))
    caught: list[BaseException] = []

    async def read() -> None:
        async with invapi.client() as api:
            with pytest.raises(TransportError) as failed:
                await api.call(*READ)
            caught.append(failed.value)

    peak = await peak_while(read)
    assert peak < 4 * MB
    error = caught[0]
    assert not isinstance(error, ReplyLost)
    assert "2 content-encoding layers (gzip, gzip)" in str(error) and "at most one" in str(error)
    assert invapi.sent == ["show"]  # not retried: the server would send the same again


async def test_two_gzip_layers_after_a_change_are_an_unknown_outcome() -> None:
    _, bomb = zeros_gzipped()
    invapi = Invapi(lambda request: streamed(200, bomb, content_encoding="gzip, gzip"))
    async with invapi.client() as api:
        with pytest.raises(ReplyLost, match="2 content-encoding layers") as lost:
            await api.call(*CHANGE)
    assert "may or may not" in lost.value.message and invapi.sent == ["reboot"]


@pytest.mark.parametrize("header", ["gzip,gzip", "gzip, deflate", "deflate, gzip, gzip"])
async def test_any_two_layers_are_refused(header: str) -> None:
    invapi = Invapi(lambda request: streamed(200, b"{}", content_encoding=header))
    async with invapi.client() as api:
        with pytest.raises(TransportError, match="content-encoding layers"):
            await api.call(*READ)


@pytest.mark.parametrize("header", ["br", "zstd", "compress", "x-bomb"])
async def test_an_encoding_not_asked_for_is_refused(header: str) -> None:
    invapi = Invapi(lambda request: streamed(200, b"{}", content_encoding=header))
    async with invapi.client() as api:
        with pytest.raises(TransportError, match="does not accept") as failed:
            await api.call(*READ)
    assert header in failed.value.message and invapi.sent == ["show"]


@pytest.mark.parametrize("header", ["identity", "gzip, identity", "GZIP", "x-gzip"])
async def test_one_layer_with_identity_is_read(header: str) -> None:
    body = b'{"result": "OK"}'
    data = body if header == "identity" else gzip.compress(body)
    invapi = Invapi(lambda request: streamed(200, data, content_encoding=header))
    async with invapi.client() as api:
        assert await api.call(*READ) == {"result": "OK"}


@pytest.mark.parametrize("wrapped", [True, False])
async def test_deflate_is_read_zlib_wrapped_or_raw(wrapped: bool) -> None:
    packer = zlib.compressobj(6, GZIP, 15 if wrapped else -15)
    data = packer.compress(b'{"result": "OK"}') + packer.flush()
    invapi = Invapi(lambda request: streamed(200, data[:3], data[3:], content_encoding="deflate"))
    async with invapi.client() as api:
        assert await api.call(*READ) == {"result": "OK"}


async def test_the_inner_bomb_after_one_layer_is_just_a_body_that_is_not_json() -> None:
    # One layer is taken: what it holds (12 KB become 4.6 MB of gzip) is not inflated again.
    chunks = pieces(zeros_gzipped()[1])
    invapi = Invapi(lambda request: streamed(200, *chunks, content_encoding="gzip"))

    async def read() -> None:
        async with invapi.client() as api:
            with pytest.raises(MalformedReply):
                await api.call(*READ)

    assert await peak_while(read) < 32 * MB


async def test_one_layer_of_a_gigabyte_stops_at_the_cap() -> None:
    chunks = pieces(zeros_gzipped()[0])
    invapi = Invapi(lambda request: streamed(200, *chunks, content_encoding="gzip"))
    caught: list[TransportError] = []

    async def read() -> None:
        async with invapi.client(max_reply=MB) as api:
            with pytest.raises(TransportError) as failed:
                await api.call(*READ)
            caught.append(failed.value)

    peak = await peak_while(read)
    assert peak < 3 * MB  # the 1 MB cap and one step
    assert "larger than 1 MB (decoded)" in caught[0].message and not caught[0].retryable
    assert invapi.sent == ["show"]


async def test_the_default_cap_of_64_mb_bounds_the_peak() -> None:
    chunks = pieces(zeros_gzipped()[0])
    invapi = Invapi(lambda request: streamed(200, *chunks, content_encoding="gzip"))

    async def change() -> None:
        async with invapi.client() as api:
            with pytest.raises(ReplyLost, match="larger than 64 MB"):
                await api.call(*CHANGE)

    assert await peak_while(change) < 96 * MB  # the cap, with a bytearray's headroom
    assert invapi.sent == ["reboot"]


@contextlib.asynccontextmanager
async def raw_http(reply: bytes) -> AsyncIterator[str]:
    """A loopback server that answers every request with `reply` (status line and all)."""

    async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        head = await reader.readuntil(b"\r\n\r\n")
        length = next(
            (
                int(line.split(b":", 1)[1])
                for line in head.split(b"\r\n")
                if line.lower().startswith(b"content-length:")
            ),
            0,
        )
        await reader.readexactly(length)
        writer.write(reply)
        with contextlib.suppress(ConnectionError):  # the client may refuse and hang up early
            await writer.drain()
        writer.close()

    server = await asyncio.start_server(serve, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.close()
        await server.wait_closed()


def http_reply(body: bytes, *headers: str, length: int | None = None) -> bytes:
    size = len(body) if length is None else length
    lines = ["HTTP/1.1 200 OK", f"Content-Length: {size}", *headers, "", ""]
    return "\r\n".join(lines).encode() + body


async def test_over_a_real_socket_the_bomb_is_refused_and_one_layer_is_capped() -> None:
    once, twice = zeros_gzipped()
    bomb = http_reply(twice, "Content-Encoding: gzip, gzip")
    async with raw_http(bomb) as url, InvapiClient(url, clock=ManualClock(autoadvance=True)) as api:
        with pytest.raises(TransportError, match="2 content-encoding layers"):
            await api.call("presets", "list", {"location": "NL"}, token=False)

    async def read() -> None:
        layer = http_reply(once, "Content-Encoding: gzip")
        async with (
            raw_http(layer) as url,
            InvapiClient(url, clock=ManualClock(autoadvance=True)) as api,
        ):
            api._http.max_reply = MB
            with pytest.raises(TransportError, match="larger than 1 MB"):
                await api.call("presets", "list", {"location": "NL"}, token=False)

    assert await peak_while(read) < 16 * MB


async def test_over_a_real_socket_a_change_cut_off_mid_body_is_unknown() -> None:
    cut = http_reply(b'{"result": "OK", "callback": "ab', length=64)  # then the line drops
    async with raw_http(cut) as url, InvapiClient(url, clock=ManualClock(autoadvance=True)) as api:
        with pytest.raises(ReplyLost, match="connection broke") as lost:
            await api.call("eq", "reboot", {"id": 1, "pin": "1234"}, token=False)
    assert "eq/reboot was sent" in lost.value.message


async def test_over_a_real_socket_an_html_page_after_a_change_is_unknown() -> None:
    page = http_reply(b"<html>done, maybe</html>", "Content-Type: text/html")
    async with raw_http(page) as url, InvapiClient(url, clock=ManualClock(autoadvance=True)) as api:
        with pytest.raises(ReplyLost, match="the reply was not JSON"):
            await api.call("eq", "reboot", {"id": 1, "pin": "1234"}, token=False)
