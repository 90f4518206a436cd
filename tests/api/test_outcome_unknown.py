"""After a change may have reached invapi, every reply that is not a clear answer is an unknown
outcome (`ReplyLost`), sent once and never again; what surely sent nothing stays a plain
`TransportError`. Each fault is also tried on a read, which keeps its old handling (retried where
it was retried before).
"""

from __future__ import annotations

import gzip
from collections.abc import AsyncIterator, Callable

import httpx
import pytest

from hostkey_tui.api import InvapiClient, MalformedReply, NotFound, PermissionDenied
from hostkey_tui.api.errors import ReplyLost, TransportError
from hostkey_tui.api.transport import FieldValue
from hostkey_tui.clock import ManualClock

KEY = "k" * 16 + "-" + "k" * 16
CHANGE: tuple[str, str, dict[str, FieldValue]] = ("eq", "reboot", {"id": 1, "pin": "1234"})
READ: tuple[str, str, dict[str, FieldValue]] = ("eq", "show", {"id": 1})
Fault = Callable[[httpx.Request], httpx.Response]


class Chunks(httpx.AsyncByteStream):
    """A body that arrives in pieces, as over a socket (httpx does not read it ahead)."""

    def __init__(self, *pieces: bytes | BaseException) -> None:
        self.pieces = pieces

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for piece in self.pieces:
            if isinstance(piece, BaseException):
                raise piece
            yield piece


def streamed(status: int, *pieces: bytes | BaseException, **headers: str) -> httpx.Response:
    return httpx.Response(
        status, headers={k.replace("_", "-"): v for k, v in headers.items()}, stream=Chunks(*pieces)
    )


class Invapi:
    """A mock invapi: signs in, and answers every other request with `fault`."""

    def __init__(self, fault: Fault) -> None:
        self.fault = fault
        self.sent: list[str] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if b"action=login" in request.content:
            return httpx.Response(200, json={"result": {"token": "tok", "servers": [1]}})
        self.sent.append(httpx.QueryParams(request.content.decode())["action"])
        return self.fault(request)

    def client(self, *, max_reply: int | None = None) -> InvapiClient:
        client = InvapiClient(
            "https://invapi.hostkey.com",
            api_key=KEY,
            transport=httpx.MockTransport(self),
            clock=ManualClock(autoadvance=True),
            rand=lambda: 0.5,
        )
        if max_reply is not None:
            client._http.max_reply = max_reply
        return client


async def change_fails(fault: Fault, **options: int) -> tuple[ReplyLost, list[str]]:
    invapi = Invapi(fault)
    async with invapi.client(**options) as api:
        with pytest.raises(ReplyLost) as lost:
            await api.call(*CHANGE)
    assert_unknown_said(lost.value)
    return lost.value, invapi.sent


async def read_fails(fault: Fault, **options: int) -> tuple[Exception, list[str]]:
    invapi = Invapi(fault)
    async with invapi.client(**options) as api:
        with pytest.raises(Exception) as failed:
            await api.call(*READ)
    assert not isinstance(failed.value, ReplyLost)
    assert isinstance(failed.value, Exception)
    return failed.value, invapi.sent


def assert_unknown_said(error: ReplyLost) -> None:
    text = error.message
    assert text.startswith("eq/reboot was sent, but ")
    assert "may or may not have happened" in text and "not sent again" in text
    assert "nothing was changed" not in text.lower() and "try again" not in text.lower()
    assert error.sent and error.title == "Outcome unknown"


HTML = "<html><body><h1>Welcome to nginx</h1></body></html>"


async def test_an_html_page_with_status_200_after_a_change_is_unknown() -> None:
    lost, sent = await change_fails(lambda request: httpx.Response(200, html=HTML))
    assert lost.why.startswith("the reply was not JSON") and "<html>" in lost.why
    assert sent == ["reboot"]


async def test_an_html_page_with_status_200_after_a_read_is_a_malformed_reply() -> None:
    failed, sent = await read_fails(lambda request: httpx.Response(200, html=HTML))
    assert isinstance(failed, MalformedReply)
    assert sent == ["show"]  # as before: a reply that is not JSON is not read again


def bad_gzip(request: httpx.Request) -> httpx.Response:
    return streamed(200, b"\x1f\x8b\x08\x00this is not deflate data", content_encoding="gzip")


async def test_a_bad_gzip_body_after_a_change_is_unknown() -> None:
    lost, sent = await change_fails(bad_gzip)
    assert "could not be decoded" in lost.why
    assert sent == ["reboot"]


async def test_a_bad_gzip_body_after_a_read_is_read_again() -> None:
    failed, sent = await read_fails(bad_gzip)
    assert isinstance(failed, TransportError) and "could not be decoded" in failed.message
    assert sent == ["show"] * 4


async def test_a_decoding_error_from_httpx_itself_after_a_change_is_unknown() -> None:
    # An in-process transport hands over a body httpx has already tried to decode.
    def fault(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=b"garbage", headers={"content-encoding": "gzip"})

    lost, sent = await change_fails(fault)
    assert "could not be decoded" in lost.why
    assert sent == ["reboot"]
    failed, sent = await read_fails(fault)
    assert isinstance(failed, TransportError) and sent == ["show"] * 4


def gzip_cut_short(request: httpx.Request) -> httpx.Response:
    whole = gzip.compress(b'{"result": "OK", "callback": "abc"}')
    return streamed(200, whole[:-12], content_encoding="gzip")


async def test_a_gzip_body_cut_short_after_a_change_is_unknown() -> None:
    lost, sent = await change_fails(gzip_cut_short)
    assert "cut-off" in lost.why and sent == ["reboot"]


async def test_a_good_gzip_body_is_read() -> None:
    body = b'{"result": "OK", "server_data": {"id": 1}}'
    pieces = gzip.compress(body)
    invapi = Invapi(lambda request: streamed(200, pieces[:7], pieces[7:], content_encoding="gzip"))
    async with invapi.client() as api:
        assert await api.call(*READ) == {"result": "OK", "server_data": {"id": 1}}


@pytest.mark.parametrize(
    ("status", "location"),
    [
        (301, "/eq.php"),
        (302, "https://invapi.hostkey.com/elsewhere.php"),
        (303, "/done.php"),
        (307, "/v2/eq.php"),
        (308, "/v2/eq.php"),
        (302, "https://evil.example/collect"),
        (300, ""),
    ],
)
async def test_any_redirect_after_a_change_is_unknown_and_not_followed(
    status: int, location: str
) -> None:
    lost, sent = await change_fails(
        lambda request: httpx.Response(status, headers={"location": location} if location else {})
    )
    assert "redirect" in lost.why and f"HTTP {status}" in lost.why and lost.status == status
    assert sent == ["reboot"]  # reached the server once; following would send it again
    if "evil" in location:
        assert "another host (evil.example)" in lost.why


async def test_a_read_follows_a_same_host_307_but_refuses_other_redirects() -> None:
    def fault(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/eq.php":
            return httpx.Response(307, headers={"location": "/v2/eq.php"})
        return httpx.Response(200, json={"result": "OK", "server_data": {"id": 1}})

    invapi = Invapi(fault)
    async with invapi.client() as api:
        assert await api.call(*READ) == {"result": "OK", "server_data": {"id": 1}}
    assert invapi.sent == ["show", "show"]

    failed, sent = await read_fails(lambda request: httpx.Response(302, headers={"location": "/x"}))
    assert isinstance(failed, TransportError) and failed.title == "Redirect refused"
    assert sent == ["show"]


async def test_too_many_redirects_on_a_read_is_refused_once() -> None:
    failed, sent = await read_fails(
        lambda request: httpx.Response(307, headers={"location": "/eq.php"})
    )
    assert isinstance(failed, TransportError) and "too many" in failed.message
    assert sent == ["show"] * 4  # four hops of one request, not retried


@pytest.mark.parametrize("status", [408, 500, 502, 503, 504, 520, 524, 400, 409])
async def test_an_http_error_status_after_a_change_is_unknown(status: int) -> None:
    lost, sent = await change_fails(lambda request: httpx.Response(status, html=HTML))
    assert lost.why == f"invapi answered HTTP {status}" and lost.status == status
    assert sent == ["reboot"]


@pytest.mark.parametrize(
    ("status", "tries"), [(408, 1), (500, 1), (502, 4), (503, 4), (504, 4), (524, 1)]
)
async def test_an_http_error_status_after_a_read_is_retried_as_before(
    status: int, tries: int
) -> None:
    failed, sent = await read_fails(lambda request: httpx.Response(status, html=HTML))
    assert isinstance(failed, TransportError) and failed.status == status
    assert sent == ["show"] * tries


@pytest.mark.parametrize(
    ("status", "error"),
    [(403, PermissionDenied), (404, NotFound), (429, TransportError)],
)
async def test_clear_answers_after_a_change_stay_what_they_are(
    status: int, error: type[Exception]
) -> None:
    invapi = Invapi(lambda request: httpx.Response(status, text="no"))
    async with invapi.client() as api:
        with pytest.raises(error) as caught:
            await api.call(*CHANGE)
    assert not isinstance(caught.value, ReplyLost)
    assert invapi.sent == ["reboot"]


async def test_a_401_after_a_change_still_signs_in_again_once() -> None:
    answers = iter([httpx.Response(401), httpx.Response(200, json={"result": "OK"})])
    invapi = Invapi(lambda request: next(answers))
    async with invapi.client() as api:
        assert await api.call(*CHANGE) == {"result": "OK"}
    assert invapi.sent == ["reboot", "reboot"]


def oversized(request: httpx.Request) -> httpx.Response:
    return streamed(200, b'{"result": "OK", "pad": "', b"x" * 4000, b'"}')


async def test_an_oversized_reply_after_a_change_is_unknown() -> None:
    lost, sent = await change_fails(oversized, max_reply=1000)
    assert lost.why.startswith("the reply was larger than")
    assert sent == ["reboot"]


async def test_an_oversized_reply_after_a_read_is_refused_and_not_read_again() -> None:
    failed, sent = await read_fails(oversized, max_reply=1000)
    assert isinstance(failed, TransportError) and "larger than" in failed.message
    assert not failed.retryable and sent == ["show"]


def raises(error: type[httpx.TransportError], text: str = "boom") -> Fault:
    def fault(request: httpx.Request) -> httpx.Response:
        raise error(text, request=request)

    return fault


SENT_AND_BROKEN = [
    (httpx.ReadTimeout, "no reply came in time"),
    (httpx.WriteTimeout, "no reply came in time"),
    (httpx.ReadError, "the connection broke"),
    (httpx.WriteError, "the connection broke"),
    (httpx.RemoteProtocolError, "the connection broke"),
]


@pytest.mark.parametrize(("error", "said"), SENT_AND_BROKEN)
async def test_a_timeout_or_reset_after_a_change_is_unknown(
    error: type[httpx.TransportError], said: str
) -> None:
    lost, sent = await change_fails(raises(error, "[Errno 104] Connection reset by peer"))
    assert lost.why.startswith(said) and sent == ["reboot"]


@pytest.mark.parametrize(("error", "said"), SENT_AND_BROKEN)
async def test_a_timeout_or_reset_after_a_read_is_retried(
    error: type[httpx.TransportError], said: str
) -> None:
    failed, sent = await read_fails(raises(error))
    assert isinstance(failed, TransportError) and said in failed.message
    assert sent == ["show"] * 4


async def test_a_reset_in_the_middle_of_the_body_after_a_change_is_unknown() -> None:
    lost, sent = await change_fails(
        lambda request: streamed(200, b'{"result": "O', httpx.ReadError("reset"))
    )
    assert "connection broke" in lost.why and sent == ["reboot"]


@pytest.mark.parametrize(
    ("error", "said"),
    [
        (httpx.ConnectError, "Could not connect"),
        (httpx.ConnectTimeout, "timed out"),
        (httpx.PoolTimeout, "came free"),
    ],
)
async def test_what_surely_sent_nothing_stays_a_transport_error(
    error: type[httpx.TransportError], said: str
) -> None:
    invapi = Invapi(raises(error))
    async with invapi.client() as api:
        with pytest.raises(TransportError) as caught:
            await api.call(*CHANGE)
    assert not isinstance(caught.value, ReplyLost) and not caught.value.sent
    assert said in caught.value.message and "Nothing was sent" in caught.value.message
    _, sent = await read_fails(raises(error))
    assert sent == ["show"] * 4  # reads: retried as before
