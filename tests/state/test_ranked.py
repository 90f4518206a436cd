"""The list's order kept between states (`Ranked`, through `ServerIndex.sorted_ids`) is, at every
state, column and direction, the order a fresh sort of the whole list gives; keys that do not
compare fall back to the id."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date
from types import MappingProxyType
from typing import Any

import pytest

from hostkey_tui.models.server import IpAddress, Server
from hostkey_tui.state import ranked as ranked_module
from hostkey_tui.state.ranked import Ranked
from hostkey_tui.state.state import AppState
from hostkey_tui.state.views import COLUMNS, ServerIndex, sort_key

IDS = list(range(1, 61))


def a_server(server_id: int, rng: random.Random) -> Server:
    return Server(
        id=server_id,
        hostname=rng.choice(["nl-web", "us-db", "fi-ci", "NL-web"]) + f"-{rng.randint(1, 3)}",
        location=rng.choice(["NL", "US", "FI"]),
        status=rng.choice(["Active", "power_off"]),
        days_left=rng.choice([None, -3, 5, 30]),
        due_date=rng.choice([None, date(2026, 12, 24), date(2027, 1, 1)]),
        ips=tuple(
            IpAddress(ip, main=True)
            for ip in rng.choice([["31.207.44.1"], ["31.207.44.10"], ["5.39.1.2"], []])
        ),
    )


def fresh(state: AppState, column: str, reverse: bool) -> list[int]:
    """The order made from nothing, as the list made it before it was kept."""
    known = [i for i in state.server_ids if i in state.servers]
    unknown = [i for i in state.server_ids if i not in state.servers]
    order = sort_key(column)
    known.sort(key=lambda i: order(state.servers[i]), reverse=reverse)
    return known + unknown


def step(state: AppState, rng: random.Random) -> AppState:
    if rng.random() < 0.05:
        ids = list(IDS)
        rng.shuffle(ids)
        return replace(state, server_ids=tuple(ids[: rng.randint(40, 50)]))
    if rng.random() < 0.15:  # new servers at the list's end (a cache read, a load)
        more = [i for i in IDS if i not in state.server_ids][: rng.randint(1, 4)]
        return replace(state, server_ids=state.server_ids + tuple(more))
    servers = dict(state.servers)
    for server_id in rng.sample(IDS, rng.randint(1, 6)):
        if server_id in servers and rng.random() < 0.2:
            del servers[server_id]
        else:
            servers[server_id] = a_server(server_id, rng)
    return replace(state, servers=MappingProxyType(servers))


@pytest.mark.parametrize("many", [ranked_module.MANY, 10**9])  # and never sorted anew
def test_the_kept_order_is_at_every_state_a_fresh_sort(
    many: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ranked_module, "MANY", many)
    columns = [c for c in COLUMNS if c not in ("profile", "why")]
    for seed in range(15):
        rng = random.Random(seed)
        servers = {i: a_server(i, rng) for i in IDS[:20]}  # the rest not read yet
        state = AppState(server_ids=tuple(IDS[:40]), servers=MappingProxyType(servers))
        index = ServerIndex()
        column, reverse = "hostname", False
        for _ in range(80):
            if rng.random() < 0.15:
                column, reverse = rng.choice(columns), rng.random() < 0.5
            expected = fresh(state, column, reverse)
            assert index.sorted_ids(state, column, reverse) == expected, (seed, column)
            if rng.random() < 0.2:  # a search in between sees the changes first
                index.find(state, "nl")
            state = step(state, rng)


def test_the_same_state_gives_the_same_list() -> None:
    rng = random.Random(1)
    state = AppState(
        server_ids=tuple(IDS), servers=MappingProxyType({i: a_server(i, rng) for i in IDS})
    )
    index = ServerIndex()
    assert index.sorted_ids(state, "hostname", False) is index.sorted_ids(state, "hostname", False)


def test_keys_that_do_not_compare_order_by_id_and_a_later_change_is_still_right() -> None:
    servers = {i: Server(id=i, hostname=f"h{i}") for i in (3, 1, 2)}
    mixed: dict[int, Any] = {1: "b", 2: 5, 3: "a"}

    def order(server: Server) -> tuple[Any, int]:
        return mixed[server.id], server.id

    ranked = Ranked()
    ids = (3, 1, 2)
    assert ranked.ids("c", order, servers, ids, ()) == [1, 2, 3]
    mixed[2] = "c"
    servers[2] = Server(id=2, hostname="h2")
    assert ranked.ids("c", order, servers, ids, (2,)) == [3, 1, 2]  # a, b, c
    mixed[1] = 0
    servers[1] = Server(id=1, hostname="h1")
    assert ranked.ids("c", order, servers, ids, (1,)) == [1, 2, 3]
