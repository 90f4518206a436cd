"""Event-loop stalls and what ran during them.

A tick is asked for every 5 ms; how late it comes is how long a key pressed then waits. While
it runs, a thread samples the event loop's stack every 2 ms (the frames of hostkey_tui and of
the libraries, innermost first), and the garbage collector's passes are timed through
`gc.callbacks`. A stall is reported with its phase, its length, the collector's time inside it
and the stacks sampled most often inside it.
"""

from __future__ import annotations

import asyncio
import collections
import gc
import sys
import threading
import time
from dataclasses import dataclass, field

#: Frames of these are what ran; the event loop's own machinery says nothing.
_SKIPPED = ("/asyncio/", "/threading.py", "/selectors.py", "/contextlib.py", "bench/")


@dataclass
class Stall:
    phase: str
    start: float
    length: float
    collector: float = 0.0
    full_passes: int = 0
    stacks: list[tuple[str, int]] = field(default_factory=list)

    def describe(self) -> str:
        parts = [f"{self.length * 1000:.0f} ms while {self.phase}"]
        if self.collector:
            passes = f", {self.full_passes} full" if self.full_passes else ""
            parts.append(f"garbage collector {self.collector * 1000:.0f} ms{passes}")
        for stack, count in self.stacks:
            parts.append(f"{count}× {stack}")
        if not self.stacks and not self.collector:
            parts.append("(no sample: C code holding the GIL, or between samples)")
        return "; ".join(parts)


class StallWatch:
    """Use as `async with StallWatch() as watch:`, setting `watch.phase` as the work moves on."""

    def __init__(self, tick: float = 0.005, threshold: float = 0.05) -> None:
        self.tick = tick
        self.threshold = threshold
        self.phase = "starting"
        self.lateness: dict[str, list[float]] = collections.defaultdict(list)
        self._late: list[tuple[str, float, float]] = []
        self._samples: list[tuple[float, str]] = []
        self._passes: list[tuple[float, float, int]] = []
        self._began = 0.0
        self._stop = threading.Event()
        self._task: asyncio.Task[None] | None = None
        self._thread: threading.Thread | None = None

    async def __aenter__(self) -> StallWatch:
        gc.callbacks.append(self._collected)
        loop_thread = threading.get_ident()
        self._thread = threading.Thread(target=self._sample, args=(loop_thread,), daemon=True)
        self._thread.start()
        self._task = asyncio.create_task(self._ticks())
        return self

    async def __aexit__(self, *exc: object) -> None:
        self._stop.set()
        if self._task is not None:
            self._task.cancel()
        if self._thread is not None:
            self._thread.join()
        gc.callbacks.remove(self._collected)

    async def _ticks(self) -> None:
        while True:
            asked = time.perf_counter()
            await asyncio.sleep(self.tick)
            late = max(0.0, time.perf_counter() - asked - self.tick)
            self.lateness[self.phase].append(late)
            if late >= self.threshold:
                self._late.append((self.phase, asked + self.tick, late))

    def _collected(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self._began = time.perf_counter()
        else:
            self._passes.append((self._began, time.perf_counter(), info["generation"]))

    def _sample(self, loop_thread: int) -> None:
        while not self._stop.wait(0.002):
            frame = sys._current_frames().get(loop_thread)
            names: list[str] = []
            while frame is not None and len(names) < 3:
                path = frame.f_code.co_filename
                if not any(part in path for part in _SKIPPED):
                    module = frame.f_globals.get("__name__", "?")
                    names.append(f"{module}.{frame.f_code.co_name}")
                frame = frame.f_back
            if names:
                self._samples.append((time.perf_counter(), " ← ".join(names)))

    def absorb(self, other: StallWatch) -> None:
        """Another watch's figures as this one's (a second app of the same run)."""
        for phase, values in other.lateness.items():
            self.lateness[phase].extend(values)
        self._late += other._late
        self._samples += other._samples
        self._passes += other._passes

    def stalls(self, top: int = 5) -> list[Stall]:
        found = []
        for phase, start, length in sorted(self._late, key=lambda s: -s[2])[:top]:
            end = start + length
            stall = Stall(phase, start, length)
            for began, ended, generation in self._passes:
                overlap = min(end, ended) - max(start, began)
                if overlap > 0:
                    stall.collector += overlap
                    stall.full_passes += generation == 2
            counts = collections.Counter(s for t, s in self._samples if start <= t <= end)
            stall.stacks = counts.most_common(3)
            found.append(stall)
        return found

    def full_passes(self) -> list[float]:
        return [ended - began for began, ended, generation in self._passes if generation == 2]
