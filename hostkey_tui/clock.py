"""Time, injectable: the system clock for real use, a manual one for tests and the simulator.

Everything that waits or asks the time (task polling, token refresh, the simulator's async keys,
"refreshed 12 s ago") takes a `Clock`, so tests can move time instead of sleeping.
"""

from __future__ import annotations

import asyncio
import heapq
import itertools
import time
from typing import Protocol


class Clock(Protocol):
    """The time source every layer uses."""

    def now(self) -> float:
        """Seconds since the epoch (wall time: token expiry and dates are absolute)."""
        ...

    async def sleep(self, seconds: float) -> None:
        """Wait `seconds` of this clock's time."""
        ...


class SystemClock:
    """Real time."""

    def now(self) -> float:
        return time.time()

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(max(0.0, seconds))


class ManualClock:
    """A clock that moves only when told to.

    With `autoadvance`, `sleep()` moves the clock forward by the time asked for and returns at
    once, so a poll loop runs to its end without real waiting. Without it, sleepers wait until
    `advance()` passes their wake-up time, which lets a test hold the world still and look.
    """

    def __init__(self, start: float = 1_795_000_000.0, *, autoadvance: bool = False) -> None:
        self._now = start
        self.autoadvance = autoadvance
        self._sleepers: list[tuple[float, int, asyncio.Future[None]]] = []
        self._counter = itertools.count()

    def now(self) -> float:
        return self._now

    async def sleep(self, seconds: float) -> None:
        if self.autoadvance:
            self._now += max(0.0, seconds)
            await asyncio.sleep(0)
            return
        loop = asyncio.get_running_loop()
        future: asyncio.Future[None] = loop.create_future()
        heapq.heappush(self._sleepers, (self._now + max(0.0, seconds), next(self._counter), future))
        self._wake_due()
        await future

    def advance(self, seconds: float) -> None:
        """Move time forward and wake every sleeper whose time has come."""
        self._now += seconds
        self._wake_due()

    def set(self, when: float) -> None:
        """Jump to an absolute time (never backwards)."""
        self._now = max(self._now, when)
        self._wake_due()

    @property
    def sleepers(self) -> int:
        """How many sleeps are waiting for the clock to move."""
        return sum(1 for _, _, future in self._sleepers if not future.done())

    def _wake_due(self) -> None:
        while self._sleepers and self._sleepers[0][0] <= self._now:
            _, _, future = heapq.heappop(self._sleepers)
            if not future.done():
                future.get_loop().call_soon_threadsafe(_resolve, future)


def _resolve(future: asyncio.Future[None]) -> None:
    if not future.done():
        future.set_result(None)
