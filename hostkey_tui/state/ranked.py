"""The server list's sorted order, kept between states: a change of a few servers moves only
those (a load or a cache read replaces a few dozen of 10,000 servers at a step, and sorting all
10,000 again at each redraw was a third of it)."""

from __future__ import annotations

from bisect import bisect_left, insort
from collections.abc import Callable, Collection, Iterable, Mapping
from operator import itemgetter
from typing import Any

from hostkey_tui.models.server import Server

#: Beyond one server in this many changed, the order is sorted from nothing.
MANY = 8
#: A key's last part: the server's id.
_last = itemgetter(-1)


class Ranked:
    """The ids of `server_ids` that have a record, in the order of a sort key that ends with the
    id (so no two keys are equal and the order needs no tie-breaking)."""

    def __init__(self) -> None:
        self._column: str | None = None
        self._server_ids: tuple[int, ...] | None = None
        self._listed: set[int] = set()
        self._key_of: dict[int, Any] = {}
        #: The keys in order; None when they do not compare (ordered by id then).
        self._ranked: list[Any] | None = []

    def ids(
        self,
        column: str,
        order: Callable[[Server], Any],
        servers: Mapping[int, Server],
        server_ids: tuple[int, ...],
        changed: Iterable[int],
    ) -> list[int]:
        """The ids in ascending order, after the servers in `changed` (every server whose
        record is new, replaced or gone since the last call) moved."""
        if column != self._column or self._ranked is None:
            return self._rebuild(column, order, servers, server_ids)
        if server_ids is not self._server_ids:
            # A list read from the cache, or a load finding new servers, only adds at its end.
            grown = appended(self._server_ids, server_ids)
            if grown is None:
                return self._rebuild(column, order, servers, server_ids)
            self._server_ids = server_ids
            self._listed.update(grown)
            changed = [*changed, *grown]
        ranked, key_of, listed = self._ranked, self._key_of, self._listed
        if not isinstance(changed, Collection):
            changed = list(changed)
        if len(changed) * MANY > len(ranked):  # each move is a pass: one sort is cheaper
            return self._rebuild(column, order, servers, server_ids)
        try:
            for server_id in changed:
                old = key_of.pop(server_id, None)
                if old is not None:
                    del ranked[bisect_left(ranked, old)]
                server = servers.get(server_id)
                if server is not None and server_id in listed:
                    key = key_of[server_id] = order(server)
                    insort(ranked, key)
        except TypeError:  # a key that does not compare with the others
            return self._rebuild(column, order, servers, server_ids)
        except BaseException:
            self._column = None  # half moved: sorted from nothing next time
            raise
        return list(map(_last, ranked))

    def _rebuild(
        self,
        column: str,
        order: Callable[[Server], Any],
        servers: Mapping[int, Server],
        server_ids: tuple[int, ...],
    ) -> list[int]:
        self._column = None  # until made whole
        self._server_ids = server_ids
        self._listed = set(server_ids)
        self._key_of = {i: order(servers[i]) for i in server_ids if i in servers}
        try:
            self._ranked = sorted(self._key_of.values())
        except TypeError:  # keys that do not compare: by id, made again at every change
            self._ranked = None
            return sorted(self._key_of)
        self._column = column
        return list(map(_last, self._ranked))


def appended(before: tuple[int, ...] | None, now: tuple[int, ...]) -> tuple[int, ...] | None:
    """What `now` adds at the end of `before`, or None when it is not `before` and more."""
    if before is None or len(now) < len(before) or now[: len(before)] != before:
        return None
    return now[len(before) :]
