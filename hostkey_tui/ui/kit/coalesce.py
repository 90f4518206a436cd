"""Redrawing a long list once for a burst of changes, spaced by what a redraw costs.

A load adds 25 servers to the state a step, many steps a second. With 10,000 servers each
redraw of the list (its triage board, sort and rows) costs 30-40 ms: done for every step, the
event loop did nothing else for seconds at a time (bench/README.md, responsive). Below `LARGE`
servers a redraw costs a few milliseconds and is done as before, so every change is drawn at
once (and the tests, whose lists are small, see no timer).
"""

from __future__ import annotations

import time
from collections.abc import Callable

from textual.message_pump import MessagePump
from textual.timer import Timer

#: Servers from which a list's redraws for a burst of changes are spaced out.
LARGE = 2_000
#: After a redraw, the next waits this many times what it took: the list takes at most a
#: quarter of the event loop, the rest is for keys and the screen.
FACTOR = 3.0
#: ... but never longer than this (seconds): a load's rows still come in steadily.
LONGEST_WAIT = 0.5


class Coalescer:
    """Calls `work` when asked: at once (or, with `next_turn`, at the loop's next turn) while
    `large()` is false or the last call was long enough ago; otherwise once, later, for all the
    asks in between (`work` reads the newest state itself)."""

    def __init__(
        self,
        owner: MessagePump,
        work: Callable[[], None],
        large: Callable[[], bool],
        *,
        next_turn: bool = False,
        clock: Callable[[], float] = time.perf_counter,
    ) -> None:
        self._owner = owner
        self._work = work
        self._large = large
        self._next_turn = next_turn
        self._clock = clock
        self._due = False
        self._timer: Timer | None = None
        self._not_before = float("-inf")

    def ask(self) -> None:
        if self._due and self._timer is not None and not self._large():
            self.run()  # the list became short while a redraw waited: drawn at once again
            return
        if self._due:
            return  # a call is coming: it will draw what is newest then
        wait = self._not_before - self._clock()
        if wait > 0 and self._large():
            self._due = True
            self._timer = self._owner.set_timer(wait, self.run)
        elif self._next_turn:
            self._due = True
            self._owner.call_later(self.run)
        else:
            self.run()

    def run(self) -> None:
        """Call `work` now (a filter key does: it is not spaced out), ending any wait."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        self._due = False
        start = self._clock()
        self._work()
        took = self._clock() - start
        self._not_before = self._clock() + min(LONGEST_WAIT, FACTOR * took)
