"""The fleet: every account's server list as one, each row naming its account (issue 25).

Each account keeps its own state and `ServerIndex`, so a filter keystroke filters each one as
the single list does; what this adds is the merge. Sorted by account (the default) the merge
is a concatenation; by any other column it is computed once per change of the accounts'
orders and then only filtered, so that 10 accounts of 1,000 servers cost what the list of
10,000 does.
"""

from __future__ import annotations

import heapq
import shlex
from collections.abc import Iterator, Mapping, Sequence
from typing import Any, NamedTuple

from hostkey_tui.models.server import Server
from hostkey_tui.state.board import Attention, Board, board_order
from hostkey_tui.state.state import AppState
from hostkey_tui.state.views import ServerIndex, sort_key

#: The fleet's own sort column, besides the list's.
BY_PROFILE = "profile"


class FleetKey(NamedTuple):
    """A row of the fleet: a server of one account (ids are only unique within one)."""

    profile: str
    server_id: int


class Account(NamedTuple):
    """One account as the fleet reads it: its name, its state now and its index."""

    profile: str
    state: AppState
    view: ServerIndex


def split_profile_terms(query: str) -> tuple[set[str], set[str], str]:
    """`profile:NAME` terms taken out of a filter (the others are the list's language): the
    profiles asked for, those left out (`-profile:NAME`), and the rest of the filter.

    Raises:
        ValueError: an unclosed quote.
    """
    words = shlex.split(query)
    wanted: set[str] = set()
    unwanted: set[str] = set()
    rest = []
    for word in words:
        name, sep, value = word.removeprefix("-").partition(":")
        if sep and name.lower() == BY_PROFILE:
            (unwanted if word.startswith("-") else wanted).add(value.lower())
        else:
            rest.append(word)
    return wanted, unwanted, shlex.join(rest)


def profile_terms(query: str) -> tuple[set[str], set[str], str]:
    """As `split_profile_terms`, forgiving an unclosed quote while it is being typed."""
    try:
        return split_profile_terms(query)
    except ValueError:
        return split_profile_terms(query.replace('"', "").replace("'", ""))


def wanted_profile(profile: str, wanted: set[str], unwanted: set[str]) -> bool:
    name = profile.lower()
    return (not wanted or name in wanted) and name not in unwanted


class FleetServers(Mapping[FleetKey, Server]):
    """The servers of every account by fleet key, read through (nothing is copied)."""

    def __init__(self, accounts: Sequence[Account]) -> None:
        self._by_profile = {a.profile: a.state.servers for a in accounts}

    def __getitem__(self, key: FleetKey) -> Server:
        return self._by_profile[key.profile][key.server_id]

    def get(self, key: FleetKey, default: Server | None = None) -> Server | None:  # type: ignore[override]
        servers = self._by_profile.get(key.profile)
        return default if servers is None else servers.get(key.server_id, default)

    def __iter__(self) -> Iterator[FleetKey]:
        for profile, servers in self._by_profile.items():
            for server_id in servers:
                yield FleetKey(profile, server_id)

    def __len__(self) -> int:
        return sum(len(s) for s in self._by_profile.values())


class FleetIndex:
    """The fleet's rows for a query and a sort, over each account's own index."""

    def __init__(self) -> None:
        self._merged_key: tuple[object, ...] | None = None
        self._merged: list[FleetKey] = []
        self._merged_from: list[list[int]] = []
        #: Each account's last rows as fleet keys, by the list of ids they were made of (held:
        #: compared by identity). A part of one account's cache read makes its own again, not
        #: 10,000 keys across the fleet.
        self._keys_of: dict[str, tuple[list[int], list[FleetKey]]] = {}

    def _keys(self, profile: str, ids: list[int]) -> list[FleetKey]:
        kept = self._keys_of.get(profile)
        if kept is not None and kept[0] is ids:
            return kept[1]
        keys = [FleetKey(profile, i) for i in ids]
        self._keys_of[profile] = (ids, keys)
        return keys

    def rows(
        self,
        accounts: Sequence[Account],
        query: str,
        column: str = BY_PROFILE,
        reverse: bool = False,
    ) -> list[FleetKey]:
        wanted, unwanted, rest = profile_terms(query)
        shown = [a for a in accounts if wanted_profile(a.profile, wanted, unwanted)]
        if column == BY_PROFILE:
            # each account's servers by hostname, reversed with the accounts
            ordered = sorted(shown, key=lambda a: a.profile.lower(), reverse=reverse)
            rows: list[FleetKey] = []
            for account in ordered:
                ids = account.view.rows(account.state, rest, "hostname", reverse)
                rows += self._keys(account.profile, ids)
            return rows
        merged = self._merged_order(accounts, column, reverse)
        if not rest and len(shown) == len(accounts):
            return merged
        kept = {a.profile: set(a.view.rows(a.state, rest, column, reverse)) for a in shown}
        return [k for k in merged if k.server_id in kept.get(k.profile, ())]

    def _merged_order(
        self, accounts: Sequence[Account], column: str, reverse: bool
    ) -> list[FleetKey]:
        """Every account's servers in one order by `column` (servers not read yet last)."""
        orders = [(a, a.view.sorted_ids(a.state, column, reverse)) for a in accounts]
        # The orders themselves are kept and compared by identity: an id alone may be reused.
        key = (column, reverse, *(a.profile for a, _ in orders))
        lists = [order for _, order in orders]
        if (
            key == self._merged_key
            and len(lists) == len(self._merged_from)
            and all(new is old for new, old in zip(lists, self._merged_from, strict=True))
        ):
            return self._merged
        order_of = sort_key(column)

        def keyed(account: Account, ids: list[int]) -> Iterator[tuple[Any, FleetKey]]:
            servers = account.state.servers
            for server_id in ids:
                server = servers.get(server_id)
                if server is not None:
                    yield order_of(server), FleetKey(account.profile, server_id)

        try:
            known = [
                k
                for _, k in heapq.merge(
                    *(keyed(a, ids) for a, ids in orders),
                    key=lambda pair: pair[0],
                    reverse=reverse,
                )
            ]
        except TypeError:  # keys that do not compare across accounts: by account then
            known = [
                FleetKey(a.profile, i) for a, ids in orders for i in ids if i in a.state.servers
            ]
        unread = [
            FleetKey(a.profile, i) for a, ids in orders for i in ids if i not in a.state.servers
        ]
        self._merged_key, self._merged_from, self._merged = key, lists, known + unread
        return self._merged


#: Each account's board, kept by its profile (a change in one account redoes its own).
Boards = dict[str, Board]


def fleet_attention(
    accounts: Sequence[Account], boards: Boards | None = None
) -> list[tuple[str, Attention]]:
    """The triage board of every account, most urgent first, each with its account; `boards`
    keeps each account's own board until its state changes."""
    boards = {} if boards is None else boards
    found = []
    for account in accounts:
        board = boards.get(account.profile)
        if board is None:
            board = boards[account.profile] = Board()
        found += [(account.profile, item, account.state) for item in board.of(account.state)]

    def order(entry: tuple[str, Attention, AppState]) -> tuple[tuple[int, int, str], str]:
        profile, item, state = entry
        return board_order(item, state.servers.get(item.server_id)), profile

    found.sort(key=order)
    return [(profile, item) for profile, item, _ in found]
