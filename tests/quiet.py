"""Waiting in tests for the app to have nothing left to do, judged by the event loop, not by time.

Textual's pilot waits for "idle" by sleeping at least 20 ms and comparing the process's CPU time
with the wall clock (`textual._wait.wait_for_idle`): every key press costs 40 ms or more, and on
a loaded machine a process that is not given the CPU looks idle, so a test looks too early (the
billing snapshots drew squeezed columns that way). `until_quiet` asks the event loop instead:
nothing is ready to run, and no timer is due within `HORIZON` (Textual's own frame, resize and
batch timers are shorter; the app's second-long ticks run on the injected clock). It is installed
in place of Textual's wait for the whole test run (tests/conftest.py).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from textual._context import active_app
from textual.app import ScreenStackError
from textual.timer import Timer

#: A timer due within this many seconds is waited for: Textual's screen update (1/60 s), resize
#: check (1/120 s) and `delay_update` (50 ms) and the app's cache-reading pause (5 ms).
HORIZON = 0.06
#: Turns of the loop with nothing to do before it counts as quiet: a task woken by the last
#: handle of one turn runs in the next.
CALM_TURNS = 3
#: A loop that never calms down (a busy-wait, a short timer that repeats) is a bug: said after
#: this many seconds of loop time, not waited out.
GIVE_UP = 30.0


def _timer_of(handle: asyncio.TimerHandle) -> Timer | None:
    """The Textual timer this sleep belongs to, if any (its task runs `Timer._run_timer`)."""
    args = getattr(handle, "_args", None) or ()
    future = args[0] if args else None
    if not isinstance(future, asyncio.Future):
        return None
    for callback, _context in getattr(future, "_callbacks", None) or ():
        task = getattr(callback, "__self__", None)
        if isinstance(task, asyncio.Task):
            frame = getattr(task.get_coro(), "cr_frame", None)
            owner = frame.f_locals.get("self") if frame is not None else None
            if isinstance(owner, Timer):
                return owner
    return None


def _paused(timer: Timer) -> bool:
    active: asyncio.Event = timer._active
    return not active.is_set()


def _next_due(loop: asyncio.AbstractEventLoop) -> float | None:
    """When the next timer that will do something is due (a paused Textual timer will not)."""
    due: float | None = None
    scheduled: list[asyncio.TimerHandle] = getattr(loop, "_scheduled", [])
    for handle in scheduled:
        if handle.cancelled() or (due is not None and handle.when() >= due):
            continue
        timer = _timer_of(handle)
        if timer is not None and _paused(timer):
            continue
        due = handle.when()
    return due


def _flush_frame() -> bool:
    """Lay out and paint what the screen has pending now, as its 1/60 s update timer would."""
    try:
        app = active_app.get()
        screen = app.screen
    except (LookupError, ScreenStackError):  # no app running here, or no screen yet
        return False
    if app._batch_count or not screen.is_current:
        return False
    pending = (
        screen._layout_required
        or screen._scroll_required
        or screen._repaint_required
        or screen._recompose_required
        or screen._dirty_widgets
    )
    if pending:
        screen._on_timer_update()
    return bool(pending)


#: Calls of `asyncio.to_thread` under way (the app writes its disk cache and parses large
#: replies in worker threads): the loop waits on them, so it is not quiet.
_in_threads = [0]
_to_thread = asyncio.to_thread


async def counted_to_thread(func: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Any:
    """`asyncio.to_thread`, counted (installed in its place for the test run)."""
    _in_threads[0] += 1
    try:
        return await _to_thread(func, *args, **kwargs)
    finally:
        _in_threads[0] -= 1


def _busy(loop: asyncio.AbstractEventLoop) -> bool:
    return bool(getattr(loop, "_ready", ()))


async def until_quiet(min_sleep: float = 0.0, max_sleep: float = 1.0) -> None:
    """Return once the loop has run everything it can without waiting for a timer or a peer.

    Takes (and ignores) `wait_for_idle`'s arguments so that it can stand in for it.
    """
    del min_sleep, max_sleep
    loop = asyncio.get_running_loop()
    give_up = loop.time() + GIVE_UP
    calm = 0
    while loop.time() < give_up:
        await asyncio.sleep(0)
        if _busy(loop) or _flush_frame():
            calm = 0
            continue
        if _in_threads[0]:
            await asyncio.sleep(0.001)  # a worker thread's end is no event of the loop's
            calm = 0
            continue
        due = _next_due(loop)
        if due is not None and due - loop.time() <= HORIZON:
            await asyncio.sleep(max(0.0, due - loop.time()))
            calm = 0
            continue
        calm += 1
        if calm >= CALM_TURNS:
            return
    ready = [repr(handle) for handle in getattr(loop, "_ready", ())][:5]
    raise AssertionError(f"the event loop was never quiet for {GIVE_UP:.0f} s; running: {ready}")


async def until(
    condition: Callable[[], object],
    *,
    step: Callable[[], Any] | None = None,
    turns: int = 200,
    what: str = "",
) -> None:
    """Wait (quietly, then calling `step`, e.g. moving the clock) until `condition()` holds."""
    for _ in range(turns):
        await until_quiet()
        if condition():
            return
        if step is not None:
            step()
    raise AssertionError(f"never happened: {what or condition}")
