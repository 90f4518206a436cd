"""What the app saw change on its servers, kept between runs for each server's timeline.

A refresh (or a power read) that finds a server changed since the last read — its status, power,
name, tags, addresses, due date — writes one JSON line per change to a file of its account in
the state folder (0600 in 0700). Nothing secret is written: secret tags are never compared, and
the lines hold only what the server list shows. The file is bounded: past `KEEP` lines, the
oldest are dropped on the next write.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

from hostkey_tui.config.paths import private_dir, write_private
from hostkey_tui.models.server import Server
from hostkey_tui.models.timeline import Sighting, power_sighting, sightings
from hostkey_tui.state.events import Event, PowerRead, ServersLoaded
from hostkey_tui.state.state import AppState

#: Lines kept per account (a few years of an ordinary fleet's changes).
KEEP = 20_000


class SightingLog:
    def __init__(self, path: Path, keep: int = KEEP, *, across_runs: bool = True) -> None:
        self.path = path
        self.keep = keep
        #: Whether what an earlier run saw (the disk cache) counts as "before". Not for the
        #: demo: its simulated account starts afresh each run, and a difference is no change.
        self.across_runs = across_runs
        self._lines: int | None = None
        #: The file as last read, by its (mtime, size): read again only once it changed.
        self._held: tuple[tuple[int, int], list[Sighting]] | None = None
        #: Why the last write failed ("" when it did not): the timeline says it.
        self.problem = ""

    def record(self, seen: list[Sighting]) -> None:
        if not seen:
            return
        data = b"".join(
            json.dumps(
                {"at": s.at, "id": s.server_id, "topic": s.topic, "what": s.what},
                ensure_ascii=False,
            ).encode()
            + b"\n"
            for s in seen
        )
        try:
            private_dir(self.path.parent)
            descriptor = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
            try:
                os.write(descriptor, data)
            finally:
                os.close(descriptor)
            if self._lines is None:
                self._lines = len(self.path.read_bytes().splitlines())
            else:
                self._lines += len(seen)
            if self._lines > self.keep + self.keep // 10:
                kept = self.path.read_bytes().splitlines(keepends=True)[-self.keep :]
                write_private(self.path, b"".join(kept))
                self._lines = len(kept)
            self.problem = ""
        except OSError as error:
            self.problem = f"{self.path} cannot be written ({error.strerror or error})"

    def of(self, server_id: int) -> list[Sighting]:
        """What was seen of one server, oldest first (unreadable lines skipped)."""
        return [s for s in self._all() if s.server_id == server_id]

    def _all(self) -> list[Sighting]:
        try:
            info = self.path.stat()
            stat = (info.st_mtime_ns, info.st_size)
            if self._held is not None and self._held[0] == stat:
                return self._held[1]
            raw = self.path.read_bytes().splitlines()
        except OSError:
            return []
        found = []
        for line in raw:
            try:
                data = json.loads(line)
                found.append(
                    Sighting(
                        float(data["at"]),
                        int(data["id"]),
                        str(data["topic"]),
                        str(data["what"]),
                    )
                )
            except (ValueError, KeyError, TypeError):
                continue
        self._held = (stat, found)
        return found


def record_since(
    log: SightingLog, held: Iterable[Server], now: Mapping[int, Server], at: float
) -> None:
    """What changed between servers read earlier (a cache) and as read now (a command line run
    does not put the cache on screen first, so it compares once, after its read)."""
    seen: list[Sighting] = []
    for server in held:
        fresh = now.get(server.id)
        if fresh is not None:
            seen += sightings(server, fresh, at)
    log.record(seen)


def observer(log: SightingLog) -> Callable[[AppState, Event], None]:
    """What the store calls with the state before each event: servers read again are compared
    with what was held (the cache of the last run counts, so a change made while the app was
    closed is seen at the first refresh)."""

    def observe(before: AppState, event: Event) -> None:
        match event:
            case ServersLoaded(servers, at, True):
                seen: list[Sighting] = []
                for server in servers:
                    held = before.servers.get(server.id)
                    if held is None or held is server:
                        continue
                    if not log.across_runs and server.id not in before.fetched_at:
                        continue  # only the cache of an earlier run holds it
                    seen += sightings(held, server, at)
                log.record(seen)
            case PowerRead(server_id, on, _, at, True):
                held_power = before.power.get(server_id)
                if held_power is None or on is None or held_power.on is None:
                    return
                found = power_sighting(
                    server_id,
                    "on" if held_power.on else "off",
                    "on" if on else "off",
                    at,
                )
                if found is not None:
                    log.record([found])

    return observe
