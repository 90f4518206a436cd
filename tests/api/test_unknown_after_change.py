"""A reply that cannot be read after a change was sent is an unknown outcome, never a failure.

invapi may have done the work before its reply went wrong; "failed, nothing changed" would invite
the same change again (a second reboot, a second paid order).
"""

from __future__ import annotations

import httpx
import pytest

from hostkey_tui.api import InvapiClient, MalformedReply
from hostkey_tui.api.errors import ReplyLost
from hostkey_tui.clock import ManualClock
from hostkey_tui.models.common import Secret

KEY = "k" * 16 + "-" + "k" * 16


def _client(reply: dict[str, object]) -> tuple[InvapiClient, list[bytes]]:
    sent: list[bytes] = []

    def answer(request: httpx.Request) -> httpx.Response:
        if b"action=login" in request.content:
            return httpx.Response(200, json={"result": {"token": "tok", "servers": [1]}})
        sent.append(request.content)
        return httpx.Response(200, json=reply)

    client = InvapiClient(
        "https://invapi.hostkey.com",
        api_key=KEY,
        transport=httpx.MockTransport(answer),
        clock=ManualClock(autoadvance=True),
    )
    return client, sent


async def test_a_change_whose_reply_has_no_shape_is_unknown_and_not_resent() -> None:
    client, sent = _client({"result": "OK", "something": "else"})  # no async key
    async with client:
        with pytest.raises(ReplyLost, match=r"eq/reboot was sent.*may or may not"):
            await client.eq.power(1, "reboot", Secret("1234"))
    assert len(sent) == 1


async def test_a_read_whose_reply_has_no_shape_stays_a_malformed_reply() -> None:
    client, _ = _client({"result": "OK", "server_data": "not an object"})
    async with client:
        with pytest.raises(MalformedReply) as caught:
            await client.eq.show(1)
    assert not isinstance(caught.value, ReplyLost)


async def test_an_unreadable_pin_check_is_a_failure_not_an_unknown_change() -> None:
    client, _ = _client(["not", "an", "object"])  # type: ignore[arg-type]
    async with client:
        with pytest.raises(MalformedReply):
            await client.eq.check_pin(Secret("1234"))
