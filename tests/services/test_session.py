"""Signing in and loading the list: concurrency, order, cache, retries, and what is not re-sent."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import httpx
import pytest

from hostkey_tui.api import InvapiClient
from hostkey_tui.clock import ManualClock
from hostkey_tui.services.cache import ServerCache
from hostkey_tui.services.context import Services, ServiceSettings
from hostkey_tui.services.servers import load_servers, refresh
from hostkey_tui.services.session import run_session
from hostkey_tui.simulator.transport import SimulatorTransport
from hostkey_tui.simulator.world import World
from hostkey_tui.state.events import CacheRestored, Event, ServersLoaded
from hostkey_tui.state.state import AppState, Link
from hostkey_tui.state.store import Store
from tests.conftest import SIM_URL, make_client


def services_for(
    client: InvapiClient, clock: ManualClock, tmp_path: Path | None = None, **settings: float
) -> Services:
    cache = ServerCache(tmp_path / "servers.json", client.base_url) if tmp_path else None
    return Services(client, Store(), clock, ServiceSettings(**settings), cache)  # type: ignore[arg-type]


async def test_a_session_loads_every_server_and_caches_them_without_secrets(
    client: InvapiClient, clock: ManualClock, world: World, tmp_path: Path
) -> None:
    services = services_for(client, clock, tmp_path)
    await run_session(services)
    state = services.store.state
    assert len(state.servers) == len(world.servers) and state.connection.link is Link.OK
    assert state.account.email == world.email and state.account.credit is not None
    text = (tmp_path / "servers.json").read_text()
    assert (tmp_path / "servers.json").stat().st_mode & 0o777 == 0o600
    passwords = [
        t["value"] for s in world.servers.values() for t in s.tags if t["tag"] == "password"
    ]
    assert passwords and not any(p in text for p in passwords)
    assert world.account_key not in text and not any(t in text for t in world.tokens)


async def test_the_rows_on_screen_are_read_first(
    client: InvapiClient, clock: ManualClock, world: World
) -> None:
    services = services_for(client, clock, concurrency=1)
    await client.auth.login()
    from hostkey_tui.services.session import sign_in

    await sign_in(services)
    on_screen = [40072, 40071, 40073]
    await load_servers(services, lambda: on_screen)
    shown = [int(r.field("id")) for r in world.logged("eq", "show")]
    assert shown[:3] == on_screen


class Counting(httpx.AsyncBaseTransport):
    """Counts the requests in flight at once, answering from the simulator after a moment."""

    def __init__(self, world: World) -> None:
        self.inner = SimulatorTransport(world)
        self.now = 0
        self.most = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.now += 1
        self.most = max(self.most, self.now)
        try:
            await asyncio.sleep(0.001)
            return await self.inner.handle_async_request(request)
        finally:
            self.now -= 1


async def test_concurrency_is_bounded(world: World, clock: ManualClock) -> None:
    counting = Counting(world)
    async with InvapiClient(
        SIM_URL, api_key=world.account_key, transport=counting, clock=clock
    ) as api:
        services = services_for(api, clock, concurrency=4)
        await run_session(services)
    assert counting.most <= 4 + 1  # the account request runs beside the details
    assert len(services.store.state.servers) == 28


async def test_details_read_within_the_cache_time_are_not_read_again(
    client: InvapiClient, clock: ManualClock, world: World
) -> None:
    services = services_for(client, clock, cache_ttl=60)
    await run_session(services)
    shows = world.count("eq", "show")
    clock.advance(30)
    await load_servers(services)
    assert world.count("eq", "show") == shows
    clock.advance(60)
    await load_servers(services)
    assert world.count("eq", "show") == shows * 2


async def test_a_refresh_that_changes_nothing_changes_no_state(
    client: InvapiClient, clock: ManualClock
) -> None:
    services = services_for(client, clock)
    await run_session(services)
    before = services.store.state
    seen: list[AppState] = []
    services.store.subscribe(seen.append)
    await refresh(services)
    after = services.store.state
    assert after.servers is before.servers  # same details: the list has nothing to repaint


async def test_the_cache_is_shown_first_then_revalidated(
    client: InvapiClient, clock: ManualClock, world: World, tmp_path: Path
) -> None:
    await run_session(services_for(client, clock, tmp_path))
    header, *lines = (tmp_path / "servers.json").read_text().splitlines()
    servers = [json.loads(line) for line in lines]
    servers[0]["server_data"]["hostname"] = "old-name"
    for tag in servers[0]["tags"]:
        if tag["tag"] == "hostname":
            tag["value"] = "old-name"
    rewritten = [header, *(json.dumps(server) for server in servers)]
    (tmp_path / "servers.json").write_text("\n".join(rewritten) + "\n")
    services = services_for(client, clock, tmp_path)
    events: list[object] = []
    original = services.store.dispatch

    def dispatch(event: Event) -> AppState:
        events.append(event)
        return original(event)

    services.store.dispatch = dispatch  # type: ignore[method-assign]
    await run_session(services)
    assert isinstance(events[0], CacheRestored) and events[0].servers[0].hostname == "old-name"
    assert any(isinstance(e, ServersLoaded) for e in events)
    first = servers[0]["server_data"]["id"]
    assert (
        services.store.state.servers[first].hostname != "old-name"
        and not services.store.state.stale
    )


async def test_an_unreachable_api_is_retried_with_growing_waits(world: World) -> None:
    clock = ManualClock()
    world.clock = clock
    world.faults.add("status", "auth/login", 503, times=8)  # two rounds of the client's own retries
    async with make_client(world, clock) as api:
        services = services_for(api, clock)
        session = asyncio.create_task(run_session(services))
        waits: list[float] = []
        for _ in range(200):
            await asyncio.sleep(0)
            state = services.store.state
            retry_at = state.connection.retry_at
            unreachable = state.connection.link is Link.UNREACHABLE
            if unreachable and retry_at is not None and retry_at not in waits:
                waits.append(retry_at)
            if session.done():
                break
            clock.advance(0.5)
        await session
    assert len(waits) == 2 and waits[1] - waits[0] > 2  # the second wait is longer
    assert (
        services.store.state.connection.link is Link.OK and len(services.store.state.servers) == 28
    )


async def test_a_refused_key_stops_trying(world: World, clock: ManualClock) -> None:
    async with make_client(world, clock, api_key="0123456789abcdef-0123456789abcdef") as api:
        services = services_for(api, clock)
        await run_session(services)
    assert services.store.state.connection.link is Link.SIGNED_OUT
    assert world.count("auth", "login") == 1


def test_a_damaged_cache_keeps_what_reads_and_another_format_is_ignored(tmp_path: Path) -> None:
    from hostkey_tui.models.server import Server

    cache = ServerCache(tmp_path / "servers.json", "https://invapi.example")
    cache.save([Server(1, "one"), Server(2, "two")], 100.0)
    lines = (tmp_path / "servers.json").read_bytes().splitlines()
    assert len(lines) == 3  # a header, then one line per server
    (tmp_path / "servers.json").write_bytes(b"\n".join([lines[0], b"{broken", lines[2]]))
    cached = cache.load()
    assert cached is not None and [s.hostname for s in cached.servers] == ["two"]
    (tmp_path / "servers.json").write_text('{"format": 1, "servers": []}')
    assert cache.load() is None
    assert ServerCache(tmp_path / "missing.json", "x").load() is None


def test_a_save_asked_for_earlier_never_overwrites_a_later_one(tmp_path: Path) -> None:
    """Saves run in worker threads: the one the event loop asked for last wins, whatever the
    wall clock says and whichever thread runs first."""
    from hostkey_tui.models.server import Server

    cache = ServerCache(tmp_path / "servers.json", "https://invapi.example")
    earlier, later = cache.ticket(), cache.ticket()
    cache.save([Server(1, "new")], 50.0, later)  # the clock stepped back: an older saved_at
    cache.save([Server(1, "old")], 100.0, earlier)  # its thread ran last
    cached = cache.load()
    assert cached is not None and [s.hostname for s in cached.servers] == ["new"]
    cache.save([Server(1, "newest")], 10.0)  # a save with no ticket takes the next one
    cached = cache.load()
    assert cached is not None and [s.hostname for s in cached.servers] == ["newest"]


def test_the_cache_is_kept_in_the_lists_order_and_read_head_first(tmp_path: Path) -> None:
    from hostkey_tui.models.server import Server

    cache = ServerCache(tmp_path / "servers.json", "https://invapi.example")
    names = ["web-10", "Alpha", "db-2", "alpha", "zeta"]
    cache.save([Server(i + 1, name) for i, name in enumerate(names)], 100.0)
    whole = cache.load()
    assert whole is not None and whole.unread == b""
    # By hostname as the list sorts it (case aside, then id): the top of the list comes first.
    assert [s.hostname for s in whole.servers] == ["Alpha", "alpha", "db-2", "web-10", "zeta"]
    head = cache.load(head=2)
    assert head is not None and [s.hostname for s in head.servers] == ["Alpha", "alpha"]
    assert head.pending == 3
    parts = [[s.hostname for s in part] for part in head.rest(2)]
    assert parts == [["db-2", "web-10"], ["zeta"]]
    assert head.saved_at == 100.0 and "unread" not in repr(head)
    # A damaged line after the head is skipped like one in it.
    lines = (tmp_path / "servers.json").read_bytes().splitlines()
    (tmp_path / "servers.json").write_bytes(b"\n".join([*lines[:4], b"{broken", lines[5]]))
    head = cache.load(head=2)
    assert head is not None and [s.hostname for part in head.rest(9) for s in part] == [
        "db-2",
        "zeta",
    ]


def test_restoring_the_head_then_the_rest_gives_the_whole_list(tmp_path: Path) -> None:
    from hostkey_tui.models.server import Server
    from hostkey_tui.services.servers import restore_cache, restore_rest
    from hostkey_tui.state.store import Store

    cache = ServerCache(tmp_path / "servers.json", "https://invapi.example")
    cache.save([Server(i, f"host-{i:02}") for i in range(1, 31)], 100.0)
    store = Store()
    cached = restore_cache(store, cache, head=10)
    assert list(store.state.server_ids) == list(range(1, 11)) and store.state.stale
    assert store.state.cache_pending == 20
    steps = restore_rest(store, cached, chunk=8)
    left = []
    for pending in steps:  # one part per step: the caller draws in between
        left.append(pending)
        assert len(store.state.server_ids) == 30 - pending
        assert store.state.cache_pending == pending
    assert left == [12, 4, 0]
    assert list(store.state.server_ids) == list(range(1, 31)) and store.state.cached_at == 100.0
    whole = Store()
    assert list(restore_rest(whole, restore_cache(whole, cache))) == []  # no head, no rest
    assert whole.state.servers == store.state.servers and whole.state.cache_pending == 0


async def test_the_rest_is_parsed_off_the_loop_under_the_turn_and_added_on_the_loop(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    from hostkey_tui.models.server import Server
    from hostkey_tui.services import cache as cache_module
    from hostkey_tui.services.servers import restore_cache, restore_rest_aside

    cache = ServerCache(tmp_path / "servers.json", "https://invapi.example")
    cache.save([Server(i, f"host-{i:02}") for i in range(1, 31)], 100.0)
    store = Store()
    cached = restore_cache(store, cache, head=10)
    loop_thread = threading.get_ident()
    seen: list[tuple[int, int, bool]] = []
    store.subscribe(
        lambda state: seen.append(
            (len(state.server_ids), state.cache_pending, threading.get_ident() == loop_thread)
        )
    )
    # Each part's parse waits, in its thread, until the loop has looked at the turn.
    parsers: list[int] = []
    started = threading.Semaphore(0)
    go_on = threading.Semaphore(0)
    parse = cache_module._servers

    def held_parse(lines: list[bytes]) -> object:
        parsers.append(threading.get_ident())
        started.release()
        assert go_on.acquire(timeout=10), "the loop never looked"
        return parse(lines)

    monkeypatch.setattr(cache_module, "_servers", held_parse)
    turn = asyncio.Lock()
    while_parsing: list[tuple[bool, int]] = []

    async def look() -> None:
        for _ in range(3):  # 20 unread in parts of 8: three parses
            while not started.acquire(blocking=False):
                await asyncio.sleep(0)  # the loop is free while a part is parsed
            while_parsing.append((turn.locked(), len(store.state.server_ids)))
            go_on.release()

    await asyncio.gather(restore_rest_aside(store, cached, turn, chunk=8), look())
    assert parsers and loop_thread not in parsers
    # Another account could not take the turn while a part was parsed, nor saw it half-added.
    assert while_parsing == [(True, 10), (True, 18), (True, 26)]
    assert seen == [(18, 12, True), (26, 4, True), (30, 0, True)]
    assert list(store.state.server_ids) == list(range(1, 31)) and store.state.cached_at == 100.0
    assert not turn.locked()
    await restore_rest_aside(store, None, turn)  # nothing cached: nothing happens
    assert len(seen) == 3


async def test_the_head_is_read_off_the_loop_and_added_on_it(tmp_path: Path) -> None:
    import threading

    from hostkey_tui.models.server import Server
    from hostkey_tui.services.servers import restore_cache_aside

    cache = ServerCache(tmp_path / "servers.json", "https://invapi.example")
    cache.save([Server(i, f"host-{i:02}") for i in range(1, 31)], 100.0)
    loop_thread = threading.get_ident()
    readers: list[int] = []
    load = cache.load

    def watched_load(head: int | None = None) -> object:
        readers.append(threading.get_ident())
        return load(head)

    cache.load = watched_load  # type: ignore[method-assign,assignment]
    store = Store()
    added: list[bool] = []
    store.subscribe(lambda _: added.append(threading.get_ident() == loop_thread))
    cached = await restore_cache_aside(store, cache, 10)
    assert readers and loop_thread not in readers and added == [True]
    assert cached is not None and len(cached.servers) == 10 and cached.pending == 20
    assert list(store.state.server_ids) == list(range(1, 11)) and store.state.cache_pending == 20
    assert await restore_cache_aside(Store(), None, 10) is None  # no cache: nothing
