"""Keeping the garbage collector's full passes short while thousands of servers are in memory.

Each server read is some 25 objects the cyclic collector tracks; with 10,000 of them, a full
pass (which the collector starts by itself whenever what survived grew by a quarter) walks a
quarter of a million objects and held the event loop for 0.45-0.6 s while a list was loaded,
refreshed or read from the cache (bench/README.md, responsive). Servers are immutable records
with no reference cycles: reference counting frees them when a newer read replaces them, and
the collector has nothing to find in them.

So once the accounts hold `LARGE` servers, each time their state changes while a list is read
(a load, a refresh, the rest of the cache; at most every `SPACING` seconds) the young
generations are collected (a few milliseconds: they are small) and everything that survived
is frozen (`gc.freeze`, constant time) out of later passes, which then walk only what came
after.

What it costs: an object frozen while alive that later becomes garbage held in a reference
cycle is never collected (a screen open during a refresh and closed afterwards, say). It
happens only with large accounts, and only while their lists are read; small accounts, and
the tests, never freeze.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable

from hostkey_tui.state.state import AppState
from hostkey_tui.state.store import Store

#: Servers across the followed accounts from which the heap is frozen: the app's own objects
#: (its modules, Textual's) already make a full pass of about 100 ms on a slow machine, so
#: this is lower than where the list's redraws are spaced out; the tests' lists stay below it.
LARGE = 1_000

#: Seconds between two freezes (each collects the young generations first, a few ms): what a
#: second of loading or of reading the cache adds made full passes of 100 ms.
SPACING = 0.2


class HeapKeeper:
    def __init__(
        self,
        clock: Callable[[], float] = time.monotonic,
        large: int = LARGE,
        spacing: float = SPACING,
    ) -> None:
        self._clock = clock
        self.large = large
        self.spacing = spacing
        self._sizes: dict[int, int] = {}
        self._last = float("-inf")
        #: How many times the heap was frozen (for the benchmarks).
        self.freezes = 0

    def follow(self, store: Store) -> None:
        key = id(store)
        if key in self._sizes:
            return
        self._sizes[key] = _size(store.state)
        store.subscribe(lambda state: self._changed(key, state))

    def _changed(self, key: int, state: AppState) -> None:
        # While a list is read (a load, a refresh, the cache), not at every change: a refresh
        # that finds the same details keeps the list but makes as much garbage, whose survivors
        # made full passes of 50-90 ms; outside a read (a power poll, a detail opened) nothing
        # is frozen, so a screen closed later is collected as ever.
        self._sizes[key] = _size(state)
        if sum(self._sizes.values()) < self.large:
            return
        if not (state.loading.active or state.cache_pending):
            return
        now = self._clock()
        if now - self._last < self.spacing:
            return
        self._last = now
        gc.collect(1)
        gc.freeze()
        self.freezes += 1


def _size(state: AppState) -> int:
    """The servers an account holds or is about to: those listed at sign-in and those still in
    the cache count, so that the app's own objects are frozen before the first full pass over
    them (some 80 ms) rather than once a thousand servers are read."""
    return max(len(state.servers) + state.cache_pending, len(state.server_ids))
