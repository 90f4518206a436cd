"""The client against the simulator over a real loopback socket: what the foundation promises.

Each test reads the simulator's request log to prove what was (and was not) sent.
"""

from __future__ import annotations

import asyncio

import httpx
import pytest

from hostkey_tui.api import (
    ApiError,
    AuthError,
    InvapiClient,
    MalformedReply,
    NotFound,
    PermissionDenied,
    PinRejected,
    ReplyLost,
    Timeouts,
    TransportError,
    watch,
)
from hostkey_tui.api.tasks import TaskKind
from hostkey_tui.clock import ManualClock
from hostkey_tui.models.common import Secret
from hostkey_tui.models.orders import InstallOptions
from hostkey_tui.models.tasks import TaskState
from hostkey_tui.simulator.server import SimulatorServer
from hostkey_tui.simulator.world import SimApiKey, World
from tests.conftest import PIN, make_client

pytestmark = pytest.mark.socket


async def test_login_returns_the_session_and_servers(
    socket_client: InvapiClient, world: World
) -> None:
    session = await socket_client.auth.login()

    assert session.server_ids == tuple(sorted(world.servers))
    assert "eq/reboot" in session.permissions
    assert session.expires_at is not None
    assert world.count("auth", "login") == 1


async def test_token_is_renewed_before_it_expires_mid_sequence(
    live_server: SimulatorServer, world: World, clock: ManualClock
) -> None:
    async with make_client(world, clock, live_server.base_url, ttl=300) as api:
        await api.eq.show(34533)
        clock.advance(250)  # 50 s left: inside the one-minute margin
        await api.eq.show(32645)
        await api.eq.show(17405)

    assert world.count("auth", "login") == 2
    assert world.count("eq", "show") == 3  # none refused: renewed before sending


async def test_an_expired_session_logs_in_again_once_and_repeats_the_call(
    socket_client: InvapiClient, world: World
) -> None:
    await socket_client.eq.show(34533)
    world.tokens.clear()  # the session ended on the server's side

    server = await socket_client.eq.show(32645)

    assert server.id == 32645
    assert world.count("auth", "login") == 2
    statuses = [(r.action, r.field("id")) for r in world.requests if r.resource == "eq"]
    assert statuses == [("show", "34533"), ("show", "32645"), ("show", "32645")]


async def test_concurrent_calls_share_one_renewal(
    socket_client: InvapiClient, world: World
) -> None:
    await socket_client.eq.show(34533)
    world.tokens.clear()

    servers = await asyncio.gather(*(socket_client.eq.show(i) for i in sorted(world.servers)[:8]))

    assert len(servers) == 8
    assert world.count("auth", "login") == 2


async def test_a_wrong_key_is_an_auth_error(
    live_server: SimulatorServer, world: World, clock: ManualClock
) -> None:
    async with make_client(
        world, clock, live_server.base_url, api_key="0123456789abcdef-0123456789abcdef"
    ) as api:
        with pytest.raises(AuthError, match="API key"):
            await api.eq.show(34533)
    async with make_client(world, clock, live_server.base_url, api_key="not-a-key") as api:
        with pytest.raises(AuthError, match="format"):
            await api.eq.show(34533)
    assert world.count("eq") == 0


async def test_permission_is_checked_before_sending(
    live_server: SimulatorServer, world: World, clock: ManualClock
) -> None:
    limited = [p for p in world.full_permissions if p != "eq/reboot"]
    world.api_keys[990] = SimApiKey(
        990, "read-mostly", "a" * 16 + "-" + "b" * 16, permissions=limited
    )
    async with make_client(
        world, clock, live_server.base_url, api_key="a" * 16 + "-" + "b" * 16
    ) as api:
        with pytest.raises(PermissionDenied, match="eq/reboot"):
            await api.eq.power(34533, "reboot", Secret(PIN))
    assert world.count("eq", "reboot") == 0


async def test_a_permission_refused_by_the_server_is_mapped(
    socket_client: InvapiClient, world: World
) -> None:
    await socket_client.eq.show(34533)
    for token in world.tokens.values():  # the role changed on the server's side
        token.permissions = [p for p in token.permissions if p != "eq/show"]

    with pytest.raises(PermissionDenied):
        await socket_client.eq.show(34533)
    assert world.count("auth", "login") == 1  # "Permission denied" is not an expired session


async def test_a_wrong_pin_gets_the_documented_reply_and_three_block_for_a_while(
    socket_client: InvapiClient, world: World, clock: ManualClock
) -> None:
    for attempt in range(3):
        with pytest.raises(PinRejected) as rejected:
            await socket_client.eq.power(34533, "reboot", Secret("0000"))
        # Each one is the documented failure: one wrong PIN, with invapi's "blocked" words.
        assert "not correct" in rejected.value.message, attempt
        assert rejected.value.said == "Blocked For Security Purposes"
    with pytest.raises(PinRejected) as still:
        await socket_client.eq.power(34533, "reboot", Secret(PIN))  # invapi blocks for a while
    assert still.value.blocked and "each try may extend" in still.value.message
    assert world.count("eq", "reboot") == 4  # the app locks nothing itself
    clock.advance(16 * 60)
    await socket_client.eq.power(34533, "reboot", Secret(PIN))


async def test_an_unknown_server_is_not_found(socket_client: InvapiClient) -> None:
    with pytest.raises(NotFound):
        await socket_client.eq.show(1)


async def test_an_incompatible_order_is_an_api_error_with_invapis_words(
    socket_client: InvapiClient,
) -> None:
    options = InstallOptions(os_id=187, root_pass=Secret("Str0ng-pass"), soft_id=49)
    with pytest.raises(ApiError, match=r"not compatible with Ubuntu 22\.04"):
        await socket_client.eq.reinstall_instance(34533, options, Secret(PIN))


async def test_no_connection_is_a_transport_error_that_sent_nothing(
    world: World, clock: ManualClock
) -> None:
    async with make_client(world, clock, "http://127.0.0.1:9") as api:
        with pytest.raises(TransportError) as failure:
            await api.eq.show(34533)
    assert not failure.value.sent


async def test_broken_json_is_a_malformed_reply(socket_client: InvapiClient, world: World) -> None:
    await socket_client.auth.login()
    world.faults.add("malformed", "eq/show", times=1)

    with pytest.raises(MalformedReply):
        await socket_client.eq.show(34533)


async def test_reads_are_retried_on_503(socket_client: InvapiClient, world: World) -> None:
    await socket_client.auth.login()
    world.faults.add("status", "eq/show", 503, times=2)

    server = await socket_client.eq.show(34533)

    assert server.hostname == "nl-vmmini"
    assert world.count("eq", "show") == 3
    assert socket_client.retries == 2


async def test_reads_honour_retry_after(
    socket_client: InvapiClient, world: World, clock: ManualClock
) -> None:
    await socket_client.auth.login()
    world.faults.add("rate_limit", "eq/show", 7, times=1)
    before = clock.now()

    await socket_client.eq.show(34533)

    assert clock.now() - before >= 7
    assert world.count("eq", "show") == 2


async def test_a_retry_after_beyond_30_seconds_is_not_waited_for(
    socket_client: InvapiClient, world: World
) -> None:
    await socket_client.auth.login()
    world.faults.add("rate_limit", "eq/show", 120)

    with pytest.raises(TransportError, match="429"):
        await socket_client.eq.show(34533)
    assert world.count("eq", "show") == 1


async def test_a_mutation_is_not_retried_on_503(socket_client: InvapiClient, world: World) -> None:
    await socket_client.auth.login()
    world.faults.add("status", "eq/reboot", 503, times=1)

    with pytest.raises(TransportError):
        await socket_client.eq.power(34533, "reboot", Secret(PIN))
    assert world.count("eq", "reboot") == 1


async def test_a_mutation_is_not_retried_on_timeout(
    live_server: SimulatorServer, world: World, clock: ManualClock
) -> None:
    # httpx's own read timeout, over a real socket: real time, so short, and only for the
    # request that hangs (signing in gets all the time a busy machine may need).
    timeouts = Timeouts(connect=5.0, read=5.0, total=30.0)
    async with make_client(world, clock, live_server.base_url, timeouts=timeouts) as api:
        await api.auth.login()
        api._http._http.timeout = httpx.Timeout(0.3, connect=5.0)
        world.faults.add("hang", "eq/reboot", times=1)
        with pytest.raises(ReplyLost, match="not sent again"):
            await api.eq.power(34533, "reboot", Secret(PIN))
    assert world.count("eq", "reboot") == 1


async def test_a_lost_reply_is_reported_as_such_and_the_work_still_happens(
    socket_client: InvapiClient, world: World, clock: ManualClock
) -> None:
    await socket_client.auth.login()
    world.faults.add("drop_reply", "eq/off", times=1)

    with pytest.raises(ReplyLost):
        await socket_client.eq.power(34533, "off", Secret(PIN))
    clock.advance(10)
    world.tick()

    assert world.count("eq", "off") == 1
    assert world.servers[34533].power_on is False


async def test_a_power_action_is_followed_to_completion(
    socket_client: InvapiClient, world: World, clock: ManualClock
) -> None:
    handle = await socket_client.eq.power(40044, "on", Secret(PIN))
    assert handle.kind is TaskKind.POWER

    events = [event async for event in watch(socket_client.callback, handle, clock=clock)]

    assert events[0].state is TaskState.PENDING
    assert events[-1].state is TaskState.DONE
    assert events[-1].message == "Post is on"
    assert world.servers[40044].power_on
    status = await socket_client.eq.status(40044)
    final = [e async for e in watch(socket_client.callback, status, clock=clock)][-1]
    assert final.message == "Chassis Power is on"


async def test_a_key_is_gone_after_it_answered_ok(
    socket_client: InvapiClient, clock: ManualClock
) -> None:
    handle = await socket_client.eq.status(34533)
    events = [event async for event in watch(socket_client.callback, handle, clock=clock)]
    assert events[-1].state is TaskState.DONE

    again = await socket_client.callback.check(handle.key)

    assert again.state is TaskState.GONE


async def test_install_stages_are_seen_one_to_five_in_order(
    socket_client: InvapiClient, clock: ManualClock
) -> None:
    options = InstallOptions(os_id=219, root_pass=Secret("Str0ng-pass"))
    order = await socket_client.eq.reinstall_instance(34533, options, Secret(PIN))
    assert order.handle is not None

    events = [event async for event in watch(socket_client.callback, order.handle, clock=clock)]

    stages = [
        e.stage.number for e in events if e.stage is not None and e.state is TaskState.PENDING
    ]
    assert stages == [1, 2, 3, 4, 5]
    assert events[-1].state is TaskState.DONE
    server = await socket_client.eq.show(34533)
    assert server.os_name == "Ubuntu 24.04"
