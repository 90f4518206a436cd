"""A reply body read from its raw bytes, decoded under one cap across every encoding layer.

httpx inflates a whole network chunk in one go, and `Content-Encoding: gzip, gzip` nests one
bomb in another: 3.5 KB grew past 4 GB before a cap on the decoded bytes could look at it. So
the transport reads the raw bytes itself, accepts at most one encoding layer, and inflates it
in bounded steps that stop as soon as the cap is passed.

brotli and zstd are refused (and never asked for): their Python decoders cannot bound what one
call writes, so they could not be held to the cap.
"""

from __future__ import annotations

import zlib
from collections.abc import AsyncIterable, Iterator

from hostkey_tui.models.common import as_text

#: What we ask for; anything else the server sends anyway is refused.
ACCEPT_ENCODING = "gzip, deflate"
#: The most one inflate step writes before the cap is looked at again.
_STEP = 256 * 1024
_GZIP = zlib.MAX_WBITS | 16


class BodyRefused(Exception):
    """The body cannot be taken: too large, too many layers, an unknown or broken encoding.

    Attributes:
        why: said to the user ("the reply was larger than 64 MB").
        retryable: a read may be tried again (a damaged body may be a passing fault); False
            when the server would only send the same again (an encoding we refuse, the size).
    """

    def __init__(self, why: str, *, retryable: bool) -> None:
        super().__init__(why)
        self.why = why
        self.retryable = retryable


def _megabytes(cap: int) -> str:
    return f"{cap / (1024 * 1024):g} MB"


def encoding_of(values: list[str]) -> str:
    """The one content encoding of a reply ("" for none), from its Content-Encoding headers.

    Raises:
        BodyRefused: two or more layers, or one that is not gzip or deflate.
    """
    layers = [part.strip().lower() for value in values for part in value.split(",") if part.strip()]
    layers = [layer for layer in layers if layer != "identity"]
    shown = as_text(", ".join(layers), single_line=True)[:60]
    if len(layers) > 1:
        raise BodyRefused(
            f"the reply came with {len(layers)} content-encoding layers ({shown}); at most one "
            "is accepted",
            retryable=False,
        )
    if not layers:
        return ""
    layer = "gzip" if layers[0] == "x-gzip" else layers[0]
    if layer not in ("gzip", "deflate"):
        raise BodyRefused(
            f"the reply came in a content encoding hostkey-tui does not accept ({shown!r})",
            retryable=False,
        )
    return layer


class _Inflater:
    """gzip or deflate (zlib-wrapped, or raw as some servers send it), in bounded steps."""

    def __init__(self, encoding: str) -> None:
        self.encoding = encoding
        self._zlib = zlib.decompressobj(_GZIP if encoding == "gzip" else zlib.MAX_WBITS)
        self._first = encoding == "deflate"

    def pieces(self, data: bytes) -> Iterator[bytes]:
        while data and not self._zlib.eof:
            try:
                piece = self._zlib.decompress(data, _STEP)
            except zlib.error as error:
                if not self._first:
                    raise BodyRefused(
                        f"its {self.encoding} data could not be decoded ({error})", retryable=True
                    ) from None
                # "deflate" is raw DEFLATE from some servers: try that before giving up.
                self._first = False
                self._zlib = zlib.decompressobj(-zlib.MAX_WBITS)
                continue
            self._first = False
            data = self._zlib.unconsumed_tail
            yield piece

    def finish(self) -> None:
        if not self._zlib.eof:
            raise BodyRefused(
                f"its {self.encoding} data ended before its end mark (a cut-off reply)",
                retryable=True,
            )


async def read_body(raw: AsyncIterable[bytes], encoding: str, cap: int) -> bytes:
    """The decoded body of `raw` (the bytes as they came), at most `cap` bytes of it.

    Raises:
        BodyRefused: more than `cap` bytes (decoded), or data the encoding cannot decode.
    """
    body = bytearray()
    inflater = _Inflater(encoding) if encoding else None
    came = False

    def add(piece: bytes) -> None:
        if len(body) + len(piece) > cap:
            raise BodyRefused(
                f"the reply was larger than {_megabytes(cap)} (decoded); it was not read on",
                retryable=False,
            )
        body.extend(piece)

    async for chunk in raw:
        came = came or bool(chunk)
        if inflater is None:
            add(chunk)
            continue
        for piece in inflater.pieces(chunk):
            add(piece)
    if inflater is not None and came:  # an empty body is empty, whatever its header says
        inflater.finish()
    return bytes(body)


def check_size(body: bytes, cap: int) -> None:
    """The same cap for a body an in-process transport handed over whole.

    Raises:
        BodyRefused: more than `cap` bytes.
    """
    if len(body) > cap:
        raise BodyRefused(f"the reply was larger than {_megabytes(cap)}", retryable=False)
