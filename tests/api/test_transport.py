"""Form encoding, the https-only rule, redirects, and HTTP statuses mapped onto our errors."""

from __future__ import annotations

from decimal import Decimal

import httpx
import pytest

from hostkey_tui.api import InvapiClient, NotFound, PermissionDenied, TransportError
from hostkey_tui.api.errors import InsecureUrl, ReplyLost
from hostkey_tui.api.transport import check_base_url, encode_form
from hostkey_tui.clock import ManualClock
from hostkey_tui.models.common import Secret


def test_nested_params_and_lists_are_encoded_as_documented() -> None:
    pairs = encode_form(
        {
            "action": "add_dns",
            "params": {
                "zone": "example.com",
                "content": ["1.2.3.4", "5.6.7.8"],
                "ttl": 3600,
                "priority": None,
            },
            "token": "t",
        },
    )
    assert pairs == [
        ("action", "add_dns"),
        ("params[zone]", "example.com"),
        ("params[content][]", "1.2.3.4"),
        ("params[content][]", "5.6.7.8"),
        ("params[ttl]", "3600"),
        ("token", "t"),
    ]


def test_scalars_are_encoded_plainly() -> None:
    pairs = encode_form(
        {"invoices": [1, 2], "amount": Decimal("10.50"), "own_os": True, "pin": Secret("1234")}
    )
    assert pairs == [
        ("invoices[]", "1"),
        ("invoices[]", "2"),
        ("amount", "10.50"),
        ("own_os", "1"),
        ("pin", "1234"),
    ]


@pytest.mark.parametrize(
    "url",
    [
        "https://invapi.hostkey.com",
        "https://invapi.hostkey.com/",
        "http://127.0.0.1:8765",
        "http://localhost:8765",
        "http://[::1]:8765",
    ],
)
def test_accepted_base_urls(url: str) -> None:
    assert check_base_url(url) == url.rstrip("/")


@pytest.mark.parametrize(
    "url", ["http://invapi.hostkey.com", "ftp://x", "invapi.hostkey.com", "http://10.0.0.1", ""]
)
def test_refused_base_urls(url: str) -> None:
    with pytest.raises(InsecureUrl, match="https"):
        check_base_url(url)


def _client(handler: httpx.MockTransport) -> InvapiClient:
    return InvapiClient(
        "https://invapi.hostkey.com",
        transport=handler,
        clock=ManualClock(autoadvance=True),
        rand=lambda: 0.5,
    )


async def test_a_redirect_to_another_host_is_refused() -> None:
    seen: list[str] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        return httpx.Response(302, headers={"location": "https://evil.example/collect"})

    async with _client(httpx.MockTransport(answer)) as api:
        with pytest.raises(TransportError, match="another host"):
            await api.call("presets", "list", {"location": "NL"}, token=False)
    assert seen == ["https://invapi.hostkey.com/presets.php"]  # not followed, not retried


async def test_a_same_host_307_is_followed() -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/presets.php":
            return httpx.Response(307, headers={"location": "/v2/presets.php"})
        return httpx.Response(200, json={"result": "OK", "presets": []})

    async with _client(httpx.MockTransport(answer)) as api:
        assert await api.call("presets", "list", {"location": "NL"}, token=False) == {
            "result": "OK",
            "presets": [],
        }


@pytest.mark.parametrize(("status", "error"), [(403, PermissionDenied), (404, NotFound)])
async def test_http_statuses_map_onto_errors(status: int, error: type[Exception]) -> None:
    async with _client(
        httpx.MockTransport(lambda request: httpx.Response(status, text="no"))
    ) as api:
        with pytest.raises(error):
            await api.call("presets", "list", {"location": "NL"}, token=False)


async def test_a_502_after_a_change_means_the_outcome_is_unknown() -> None:
    calls = 0

    def answer(request: httpx.Request) -> httpx.Response:
        nonlocal calls
        calls += 1
        if b"action=login" in request.content:
            return httpx.Response(200, json={"result": {"token": "tok", "servers": [1]}})
        return httpx.Response(502, text="bad gateway")

    async with InvapiClient(
        "https://invapi.hostkey.com",
        api_key="k" * 16 + "-" + "k" * 16,
        transport=httpx.MockTransport(answer),
        clock=ManualClock(autoadvance=True),
    ) as api:
        with pytest.raises(ReplyLost, match="may or may not"):
            await api.call("eq", "reboot", {"id": 1, "pin": "1234"})
    assert calls == 2  # login, then the one reboot
