"""Exactly once, at the wire: every mutating endpoint, with a fault at each point, is sent once.

For each of the simulator's mutating endpoints:

- before the work: invapi answers 503 without doing anything (a retry would be safe here, but
  the client cannot know that it was not done, so it must not retry);
- after the work: the work is done and the reply lost (the connection closes);
- a timeout: invapi never answers within the client's read timeout.

The first two go over a real loopback socket. The timeout goes through the in-process
transport, where the read timeout passes on the injected clock (httpx's own timer, over a
socket, would cost real time for each endpoint); that httpx's timeout over a socket is mapped the
same way is tests/api/test_client_socket.py's `test_a_mutation_is_not_retried_on_timeout`.

The simulator's request log must show that endpoint at most once, and the error must say the
outcome is unknown where it is (`ReplyLost`: "not sent again"), so that the UI can offer a way to
check instead of a resend. What each screen then shows is tested per feature (power, PIN, orders,
reinstall, DNS, keys, remote hands); this table is the guarantee beneath all of them.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from hostkey_tui.api import InvapiClient, Timeouts
from hostkey_tui.api.errors import InvapiError, ReplyLost
from hostkey_tui.api.retry import is_read
from hostkey_tui.clock import ManualClock
from hostkey_tui.simulator.routes import ROUTES
from hostkey_tui.simulator.server import SimulatorServer
from hostkey_tui.simulator.world import World
from tests.conftest import make_client
from tests.reliability.matrix import Matrix

_SIGNING = {("auth", "logout"), ("auth", "whmcslogin"), ("auth", "login")}
MUTATING = sorted({key for key in ROUTES if not is_read(*key)} - _SIGNING)
FAULTS = {
    "before the work (503)": ("status", 503.0),
    "reply lost after the work": ("drop_reply", 0.0),
    "timeout": ("hang", 0.0),
}
#: Enough for the simulator to accept most requests; a refusal still counts as sent.
FIELDS = {
    "id": "40053",
    "server_id": "40053",
    "ip": "193.222.96.191",
    "pin": "1234",
    "zone": "example-shop.com",
    "name": "x",
    "invoiceid": "1",
}


#: Faults that need no real time go over the socket; a timeout passes on the injected clock.
IN_PROCESS = {"timeout"}


@pytest.fixture
async def api(
    request: pytest.FixtureRequest, world: World, clock: ManualClock
) -> AsyncIterator[InvapiClient]:
    # Generous: only the fault may make a request fail, never a busy machine.
    timeouts = Timeouts(connect=5.0, read=5.0, total=30.0)
    if request.node.callspec.params["fault"] in IN_PROCESS:
        client = make_client(world, clock, timeouts=timeouts)
    else:
        server: SimulatorServer = request.getfixturevalue("live_server")
        client = make_client(world, clock, server.base_url, timeouts=timeouts)
    async with client:
        await client.auth.login()
        yield client


@pytest.mark.parametrize("fault", list(FAULTS))
async def test_every_mutating_endpoint_is_sent_at_most_once_whatever_fails(
    fault: str, api: InvapiClient, world: World, matrix: Matrix
) -> None:
    kind, value = FAULTS[fault]
    world.strict = False  # one generic form for every endpoint: here only "how often" counts
    sent_once = 0
    for resource, action in MUTATING:
        world.faults.clear()
        world.faults.add(kind, f"{resource}/{action}", value, times=1)
        before = world.count(resource, action)
        with pytest.raises(InvapiError) as raised:
            await api.call(resource, action, dict(FIELDS))
        sent = world.count(resource, action) - before
        assert sent <= 1, f"{resource}/{action} sent {sent} times after {fault}"
        if sent and kind in ("drop_reply", "hang"):
            assert isinstance(raised.value, ReplyLost), f"{resource}/{action}: {raised.value!r}"
            assert "not sent again" in raised.value.message
        sent_once += sent
        matrix.record("exactly once", f"{resource}/{action}", fault, 1)
        if kind != "status":
            await api.auth.login()  # a lost reply may have been the session's last word
    assert sent_once >= len(MUTATING) - 5  # nearly all reach the wire (a few are refused first)
