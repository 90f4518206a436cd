"""The fleet's rows (issue 25): each account's own index, merged. By account a concatenation;
by a column one order across accounts; filtered as the list is, plus profile terms."""

from __future__ import annotations

from dataclasses import replace

import pytest

from hostkey_tui.state.events import LoadCalledOff, LoadStarted, ServerIdsListed
from hostkey_tui.state.fleet import (
    Account,
    FleetIndex,
    FleetKey,
    FleetServers,
    fleet_attention,
    split_profile_terms,
)
from hostkey_tui.state.reduce import reduce
from hostkey_tui.state.state import AppState
from hostkey_tui.state.views import ServerIndex
from tests.state.test_state import loaded, server


def account(profile: str, *servers: tuple[int, str], unread: tuple[int, ...] = ()) -> Account:
    state = loaded(*(server(i, name, location="NL") for i, name in servers))
    if unread:
        state = reduce(state, ServerIdsListed((*state.server_ids, *unread)))
    return Account(profile, state, ServerIndex())


@pytest.fixture
def fleet() -> list[Account]:
    # the same id in two accounts: only the pair (profile, id) is a row's key
    return [
        account("beta", (7, "db-1"), (8, "web-2"), unread=(9,)),
        account("alpha", (7, "web-1"), (3, "cache-1")),
    ]


def hosts(fleet: list[Account], rows: list[FleetKey]) -> list[str]:
    servers = FleetServers(fleet)
    return [f"{k.profile}/{s.hostname if (s := servers.get(k)) else k.server_id}" for k in rows]


def test_by_account_each_one_by_hostname_and_reversed_as_a_whole(fleet: list[Account]) -> None:
    index = FleetIndex()
    rows = index.rows(fleet, "")
    assert hosts(fleet, rows) == [
        "alpha/cache-1",
        "alpha/web-1",
        "beta/db-1",
        "beta/web-2",
        "beta/9",
    ]
    # servers not read yet stay last of their account, as in the list
    assert hosts(fleet, index.rows(fleet, "", reverse=True)) == [
        "beta/web-2",
        "beta/db-1",
        "beta/9",
        "alpha/web-1",
        "alpha/cache-1",
    ]


def test_by_a_column_one_order_across_accounts_unread_last(fleet: list[Account]) -> None:
    index = FleetIndex()
    assert hosts(fleet, index.rows(fleet, "", "hostname")) == [
        "alpha/cache-1",
        "beta/db-1",
        "alpha/web-1",
        "beta/web-2",
        "beta/9",
    ]
    assert hosts(fleet, index.rows(fleet, "", "hostname", reverse=True))[:4] == [
        "beta/web-2",
        "alpha/web-1",
        "beta/db-1",
        "alpha/cache-1",
    ]
    # the merge is kept while the accounts' orders are the same lists, and redone when one
    # changes (a server renamed)
    first = index.rows(fleet, "", "hostname")
    assert index.rows(fleet, "", "hostname") is first
    alpha = fleet[1]
    renamed = replace(alpha.state.servers[3], hostname="zz-cache")
    state = replace(alpha.state, servers={**alpha.state.servers, 3: renamed})
    fleet[1] = Account("alpha", state, alpha.view)
    assert hosts(fleet, index.rows(fleet, "", "hostname"))[-2] == "alpha/zz-cache"


def test_filters_with_profile_terms(fleet: list[Account]) -> None:
    index = FleetIndex()
    assert hosts(fleet, index.rows(fleet, "web")) == ["alpha/web-1", "beta/web-2"]
    assert hosts(fleet, index.rows(fleet, "profile:beta web")) == ["beta/web-2"]
    assert hosts(fleet, index.rows(fleet, "-profile:beta")) == ["alpha/cache-1", "alpha/web-1"]
    assert hosts(fleet, index.rows(fleet, "PROFILE:ALPHA", "hostname")) == [
        "alpha/cache-1",
        "alpha/web-1",
    ]
    assert hosts(fleet, index.rows(fleet, "web", "hostname")) == ["alpha/web-1", "beta/web-2"]
    assert index.rows(fleet, 'profile:"beta') != []  # an unclosed quote while typing: no error
    with pytest.raises(ValueError):
        split_profile_terms('profile:"beta')


def test_the_board_spans_accounts_most_urgent_first() -> None:
    overdue = account("beta", (1, "old"))
    soon = account("alpha", (2, "new"))

    def due(acct: Account, server_id: int, days: int) -> Account:
        s = replace(acct.state.servers[server_id], days_left=days)
        state: AppState = replace(acct.state, servers={server_id: s})
        return Account(acct.profile, state, acct.view)

    board = fleet_attention([due(soon, 2, 3), due(overdue, 1, -5)])
    assert [(p, a.server_id) for p, a in board] == [("beta", 1), ("alpha", 2)]


def test_a_load_called_off_no_longer_says_it_loads() -> None:
    state = reduce(loaded(server(1, "a")), LoadStarted(5))
    called_off = reduce(state, LoadCalledOff())
    assert state.loading.active and not called_off.loading.active
    assert called_off.servers == state.servers and called_off.stale == state.stale


def test_by_account_a_change_of_one_account_is_seen_and_the_others_kept(
    fleet: list[Account],
) -> None:
    index = FleetIndex()
    before = index.rows(fleet, "")
    beta = fleet[0]
    renamed = loaded(server(7, "aaa-db-1", location="NL"), server(8, "web-2", location="NL"))
    changed = [Account("beta", renamed, beta.view), fleet[1]]
    after = index.rows(changed, "")
    assert hosts(changed, after) == hosts(changed, FleetIndex().rows(changed, ""))
    assert hosts(changed, after)[2:] == ["beta/aaa-db-1", "beta/web-2"]
    assert after[:2] == before[:2]  # alpha's rows as they were
    assert index.rows(changed, "") == after  # asked again: the same rows
