"""The triage board: the servers that need a look, each with why, most urgent first.

`Board` keeps one account's board between states and makes it again only for the servers whose
inputs changed: a load or a cache read replaces a few dozen of 10,000 servers at a step, and
going through every server at each redraw was most of a redraw (13 ms of ~25 at 10,000).
`attention(state)` is the board of one state, made from nothing (the command line's).
"""

from __future__ import annotations

from bisect import bisect_left, insort
from collections.abc import Iterable, Mapping
from typing import Any

from hostkey_tui.models.sensors import Severity
from hostkey_tui.models.server import Server
from hostkey_tui.models.tasks import TaskState
from hostkey_tui.records import dataclass
from hostkey_tui.state.ranked import appended
from hostkey_tui.state.state import AppState, Job
from hostkey_tui.state.views import DUE_SOON, suspension

#: A job's end that the board shows until another job of the server replaces it.
_FAILED = (TaskState.FAILED, TaskState.TIMED_OUT, TaskState.GONE, TaskState.UNKNOWN)
_BAD = (Severity.WARNING, Severity.CRITICAL)


@dataclass(frozen=True, slots=True)
class Attention:
    """Why a server needs a look, most urgent first."""

    server_id: int
    reasons: tuple[str, ...]
    urgency: int  # 0 most urgent

    @property
    def why(self) -> str:
        return "; ".join(self.reasons)


def attention(state: AppState) -> list[Attention]:
    """The triage board: powered off, a sensor not ok, a job running or failed, billing due
    within 7 days or overdue, unreachable. Each with its reasons; most urgent first."""
    return Board().of(state)


def board_order(item: Attention, server: Server | None) -> tuple[int, int, str]:
    """Where a server stands on the triage board: by urgency, then the sooner due (the most
    overdue first), then by hostname."""
    days = server.days_left if server is not None and server.days_left is not None else 10**9
    return item.urgency, days, server.hostname if server is not None else ""


def latest_jobs(state: AppState) -> dict[int, Job]:
    """Each server's latest job the board tells of (a quiet one, e.g. a poll, is not)."""
    latest: dict[int, Job] = {}
    for job in state.jobs.values():
        if job.server_id is not None and not job.quiet:
            latest[job.server_id] = job
    return latest


def server_attention(state: AppState, server_id: int, last: Job | None) -> Attention | None:
    """One server's place on the board, or None when it needs no look."""
    reasons: list[tuple[int, str]] = []
    server = state.servers.get(server_id)
    if server_id in state.failed:
        reasons.append((0, f"unreachable: {state.failed[server_id]}"))
    power = state.power.get(server_id)
    if power is not None and power.on is None:
        reasons.append((0, "power unknown — check status"))
    elif power is not None and power.on is False:
        reasons.append((1, "powered off"))
    suspended = suspension(state, server_id)
    if suspended:
        reasons.append((1, suspended))
    sensors = state.sensors.get(server_id)
    if sensors is not None:
        bad = [r for r in sensors.readings if r.severity in _BAD]
        for reading in bad[:2]:
            level = 0 if reading.severity is Severity.CRITICAL else 2
            reasons.append((level, f"{reading.name} {reading.display()} ({reading.state})"))
    if last is not None:
        if last.running:
            reasons.append((3, f"{last.action} running"))
        elif last.state in _FAILED:
            reasons.append((1, f"{last.action} {last.state.value}: {last.message}"[:80]))
    pxe = state.pxe.get(server_id)
    if pxe is not None and pxe.pxe_written:
        reasons.append((1, "PXE config not cleared: finish the PXE reinstall"))
    request = state.billing.cancellations.get(server_id)
    if request is not None:
        reasons.append((3, f"cancellation requested ({request.type.lower()})"))
    if server is not None and server.days_left is not None:
        if server.days_left < 0:
            late = -server.days_left
            reasons.append((1, f"overdue {late} day{'' if late == 1 else 's'}"))
        elif server.days_left <= DUE_SOON:
            days = server.days_left
            reasons.append((3, f"due in {days} day{'' if days == 1 else 's'}"))
    if not reasons:
        return None
    reasons.sort()
    return Attention(server_id, tuple(r for _, r in reasons), reasons[0][0])


def _sources(state: AppState) -> tuple[Mapping[int, Any], ...]:
    """What a server's place on the board is made of, beside its record and its latest job:
    each keyed by server id (so that a change names the servers it touches)."""
    return (
        state.failed,
        state.power,
        state.sensors,
        state.pxe,
        state.billing.servers,
        state.billing.cancellations,
    )


def _changed(old: Mapping[int, Any], new: Mapping[int, Any]) -> set[int]:
    """The ids whose value is not the same object in both."""
    changed = {k for k, v in new.items() if old.get(k) is not v}
    changed.update(old.keys() - new.keys())
    return changed


Place = tuple[tuple[int, int, str], int, Attention]
#: Beyond one server in this many changed, the board is made from nothing (one sort).
MANY = 8


class Board:
    """One account's triage board, kept between its states (`of`)."""

    def __init__(self) -> None:
        self._state: AppState | None = None
        self._latest: dict[int, Job] = {}
        #: Each server's place: (where it stands, its position in the list, the item), by id
        #: and in the board's order.
        self._places: dict[int, Place] = {}
        self._ranked: list[Place] = []
        self._board: list[Attention] = []
        self._where: tuple[tuple[int, ...], dict[int, int]] = ((), {})

    def of(self, state: AppState) -> list[Attention]:
        """The board of `state` (the same list while the state is the same)."""
        if state is self._state:
            return self._board
        latest = latest_jobs(state)
        redo = self._redo(state, latest)
        if redo is not None and not redo:
            self._state, self._latest = state, latest
            return self._board
        try:
            self._board = self._update(state, latest, redo)
        except BaseException:
            self._state = None  # half updated: made from nothing next time
            raise
        self._state, self._latest = state, latest
        return self._board

    def _redo(self, state: AppState, latest: dict[int, Job]) -> set[int] | None:
        """The servers whose place may have changed since the last state; None for all."""
        old = self._state
        if old is None:
            return None
        grown: tuple[int, ...] = ()
        if state.server_ids is not old.server_ids:
            # A list read from the cache, or a load finding new servers, only adds at its end.
            added = appended(old.server_ids, state.server_ids)
            if added is None:
                return None  # the list itself changed
            grown = added
        redo = _changed(self._latest, latest)
        redo.update(grown)
        if state.servers is not old.servers:
            redo |= _changed(old.servers, state.servers)
        for before, now in zip(_sources(old), _sources(state), strict=True):
            if now is not before:
                redo |= _changed(before, now)
        # Each place moved costs a pass over the board: with many, one sort is cheaper.
        return None if len(redo) * MANY > len(state.server_ids) else redo

    def _update(
        self, state: AppState, latest: dict[int, Job], redo: set[int] | None
    ) -> list[Attention]:
        places, ranked = self._places, self._ranked
        ids: Iterable[tuple[int, int]]
        if redo is None:
            places.clear()
            ranked.clear()
            ids = enumerate(state.server_ids)
        else:
            where = self._positions(state.server_ids)
            ids = [(where[i], i) for i in redo if i in where]
            for server_id in redo:
                place = places.pop(server_id, None)
                if place is not None:
                    del ranked[bisect_left(ranked, place)]
        servers = state.servers
        for position, server_id in ids:
            item = server_attention(state, server_id, latest.get(server_id))
            if item is not None:
                place = (board_order(item, servers.get(server_id)), position, item)
                places[server_id] = place
                if redo is not None:
                    insort(ranked, place)
        if redo is None:
            # Ties keep the list's order (the position), as a stable sort of the list would;
            # positions differ, so the items themselves are never compared.
            ranked.extend(places.values())
            ranked.sort()
        return [item for _, _, item in ranked]

    def _positions(self, server_ids: tuple[int, ...]) -> dict[int, int]:
        """Each listed id's position in the list (kept while the list only grows)."""
        before, where = self._where
        if before is not server_ids:
            grown = appended(before, server_ids)
            if grown is None:
                where = {server_id: n for n, server_id in enumerate(server_ids)}
            else:
                where.update((i, n) for n, i in enumerate(grown, start=len(before)))
            self._where = (server_ids, where)
        return where
