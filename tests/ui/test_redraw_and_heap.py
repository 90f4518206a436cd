"""A long list's redraws spaced by what they cost, and the heap frozen out of the collector's full
passes once the accounts hold thousands of servers (issue 26). Both on injected clocks."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from typing import Any, cast

import pytest
from textual.message_pump import MessagePump

from hostkey_tui.models.server import Server
from hostkey_tui.state.events import CacheRestored, LoadStarted, ServersLoaded, SignedIn
from hostkey_tui.state.store import Store
from hostkey_tui.ui.heap import HeapKeeper
from hostkey_tui.ui.kit.coalesce import FACTOR, LONGEST_WAIT, Coalescer


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


class Owner:
    """What a Coalescer needs of a screen: its timers and its queue, run by hand here."""

    def __init__(self) -> None:
        self.timers: list[tuple[float, Callable[[], None]]] = []
        self.later: list[Callable[[], None]] = []

    def set_timer(self, delay: float, callback: Callable[[], None]) -> Any:
        self.timers.append((delay, callback))
        owner = self

        class Timer:
            def stop(self) -> None:
                owner.timers = [t for t in owner.timers if t[1] is not callback]

        return Timer()

    def call_later(self, callback: Callable[[], None]) -> bool:
        self.later.append(callback)
        return True


def coalescer(
    large: bool, *, next_turn: bool = False, cost: float = 0.04
) -> tuple[Coalescer, Owner, Clock, list[float]]:
    owner, clock, runs = Owner(), Clock(), []

    def work() -> None:
        runs.append(clock.now)
        clock.now += cost

    made = Coalescer(
        cast(MessagePump, owner), work, lambda: large, next_turn=next_turn, clock=clock
    )
    return made, owner, clock, runs


def test_a_short_list_is_redrawn_at_every_change() -> None:
    redraw, owner, _clock, runs = coalescer(large=False)
    for _ in range(5):
        redraw.ask()
    assert len(runs) == 5 and not owner.timers


def test_a_long_list_redraws_once_for_a_burst_spaced_by_its_cost() -> None:
    redraw, owner, clock, runs = coalescer(large=True, cost=0.04)
    redraw.ask()  # the first change is drawn at once
    assert runs == [100.0]
    for _ in range(30):  # a burst: 30 loading steps
        redraw.ask()
    assert len(runs) == 1 and len(owner.timers) == 1
    delay, fire = owner.timers[0]
    assert delay == pytest.approx(FACTOR * 0.04)
    clock.now += delay
    fire()
    assert len(runs) == 2  # once for the whole burst


def test_the_wait_is_bounded_and_a_direct_run_ends_it() -> None:
    redraw, owner, _clock, runs = coalescer(large=True, cost=2.0)
    redraw.ask()
    redraw.ask()
    assert owner.timers[0][0] == pytest.approx(LONGEST_WAIT)
    redraw.run()  # a filter key: drawn now, the wait called off
    assert len(runs) == 2 and not owner.timers


def test_a_list_become_short_while_a_redraw_waits_is_drawn_at_once() -> None:
    owner, clock, runs = Owner(), Clock(), []
    large = [True]

    def work() -> None:
        runs.append(clock.now)
        clock.now += 0.04

    redraw = Coalescer(cast(MessagePump, owner), work, lambda: large[0], clock=clock)
    redraw.ask()
    redraw.ask()  # waits
    assert len(runs) == 1 and owner.timers
    large[0] = False  # another account, or servers gone
    redraw.ask()
    assert len(runs) == 2 and not owner.timers


def test_the_fleet_redraws_at_the_next_turn_when_short() -> None:
    redraw, owner, _clock, runs = coalescer(large=False, next_turn=True)
    redraw.ask()
    redraw.ask()
    assert not runs and len(owner.later) == 1
    owner.later[0]()
    assert len(runs) == 1


def servers(first: int, count: int) -> tuple[Server, ...]:
    return tuple(Server(id=i, hostname=f"s{i}") for i in range(first, first + count))


@pytest.fixture
def unfrozen() -> Iterator[None]:
    yield
    gc.unfreeze()


def keeping(*stores: Store) -> tuple[Clock, HeapKeeper]:
    """A keeper freezing from 100 servers, at most once a second, following `stores`."""
    clock = Clock()
    keeper = HeapKeeper(clock=clock, large=100, spacing=1.0)
    for store in stores:
        keeper.follow(store)
    return clock, keeper


def test_the_heap_is_frozen_only_with_thousands_of_servers_and_spaced(unfrozen: None) -> None:
    one, two = Store(), Store()
    clock, keeper = keeping(one, two)
    keeper.follow(one)  # followed once
    one.dispatch(LoadStarted(200))
    two.dispatch(LoadStarted(200))
    one.dispatch(ServersLoaded(servers(1, 60), 0.0))
    assert keeper.freezes == 0  # 60 servers: nothing frozen
    two.dispatch(ServersLoaded(servers(1, 60), 0.0))
    assert keeper.freezes == 1 and gc.get_freeze_count() > 0  # 120 across the accounts
    two.dispatch(ServersLoaded(servers(61, 10), 0.0))
    assert keeper.freezes == 1  # within the spacing
    clock.now += 1.5
    two.dispatch(ServersLoaded(servers(71, 10), 0.0))
    assert keeper.freezes == 2
    two.dispatch(ServersLoaded(servers(81, 10), 0.0))
    assert keeper.freezes == 2  # within the spacing again
    clock.now += 1.5
    one.dispatch(ServersLoaded(servers(1, 60), 5.0))  # the same details read again (a refresh)
    assert keeper.freezes == 3


def test_nothing_is_frozen_outside_a_read_of_the_list(unfrozen: None) -> None:
    """A detail screen opened while nothing is read is collected once closed, as ever."""
    store = Store()
    clock, keeper = keeping(store)
    store.dispatch(ServersLoaded(servers(1, 150), 0.0))  # 150 servers, no load under way
    clock.now += 1.5
    store.dispatch(ServersLoaded(servers(1, 150), 9.0))
    assert keeper.freezes == 0


def test_servers_listed_or_still_cached_count_before_they_are_read(unfrozen: None) -> None:
    listed, cached = Store(), Store()
    clock, keeper = keeping(listed, cached)
    listed.dispatch(SignedIn(tuple(range(1, 151))))
    listed.dispatch(LoadStarted(150))  # 150 listed, none read yet
    assert keeper.freezes == 1
    clock.now += 1.5
    cached.dispatch(CacheRestored(servers(1, 10), 0.0, 500))  # 10 read, 500 still in the cache
    assert keeper.freezes == 2


def test_a_server_both_listed_and_still_cached_counts_once(unfrozen: None) -> None:
    store = Store()
    _clock, keeper = keeping(store)
    store.dispatch(CacheRestored(servers(1, 10), 0.0, 50))  # 60 in the cache, 10 read
    store.dispatch(SignedIn(tuple(range(1, 61))))  # the same 60 listed by invapi
    store.dispatch(LoadStarted(60))
    assert keeper.freezes == 0  # 60, not 110
