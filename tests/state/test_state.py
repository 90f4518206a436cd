"""reduce as a table of event → state, the store, and the list's views at small and large sizes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hostkey_tui.models.server import Server, ServerKind, server_from_show
from hostkey_tui.models.tags import Tag
from hostkey_tui.state.events import (
    CacheRestored,
    ConnectionLost,
    LoadFinished,
    LoadStarted,
    MarksCleared,
    MarksToggled,
    ServerIdsListed,
    ServerLoadFailed,
    ServersLoaded,
    SignedIn,
    SignInRefused,
)
from hostkey_tui.state.reduce import reduce
from hostkey_tui.state.state import AppState, Link
from hostkey_tui.state.store import Store
from hostkey_tui.state.views import ServerIndex, Term, fit_columns, parse_query

DOC = Path(__file__).parent.parent / "data" / "doc_examples"


def server(server_id: int, hostname: str, **fields: object) -> Server:
    return Server(id=server_id, hostname=hostname, **fields)  # type: ignore[arg-type]


def loaded(*servers: Server) -> AppState:
    state = reduce(AppState(), SignedIn(tuple(s.id for s in servers)))
    return reduce(state, ServersLoaded(servers, 100.0))


def test_servers_arrive_and_the_same_details_change_nothing() -> None:
    a, b = server(1, "a"), server(2, "b")
    state = loaded(a, b)
    assert dict(state.servers) == {1: a, 2: b} and state.fetched_at[1] == 100.0
    again = reduce(state, ServersLoaded((server(1, "a"),), 200.0))
    assert again.servers is state.servers  # equal details: the very same mapping
    assert again.fetched_at[1] == 200.0


def test_a_refresh_listing_fewer_servers_drops_the_others_and_their_marks() -> None:
    state = reduce(loaded(server(1, "a"), server(2, "b")), MarksToggled((1, 2)))
    state = reduce(state, ServerIdsListed((2,)))
    assert list(state.servers) == [2] and state.marked == frozenset({2})
    assert reduce(state, ServerIdsListed((2,))) is state


def test_loading_progress_failures_and_finish() -> None:
    state = reduce(reduce(AppState(), SignedIn((1, 2, 3))), LoadStarted(3))
    state = reduce(state, ServersLoaded((server(1, "a"),), 1.0))
    state = reduce(state, ServerLoadFailed(2, "Not found"))
    assert (state.loading.done, state.loading.total, state.loading.active) == (2, 3, True)
    assert state.failed == {2: "Not found"}
    state = reduce(state, LoadFinished(5.0))
    assert (
        not state.loading.active and state.refreshed_at == 5.0 and state.connection.link is Link.OK
    )


def test_the_cache_is_stale_until_a_load_finishes() -> None:
    state = reduce(AppState(), CacheRestored((server(1, "a"),), 50.0))
    assert state.stale and state.cached_at == 50.0 and state.server_ids == (1,)
    assert not reduce(state, LoadFinished(60.0)).stale


def test_connection_states() -> None:
    lost = reduce(AppState(), ConnectionLost("down", 30.0))
    assert lost.connection.link is Link.UNREACHABLE and lost.connection.retry_at == 30.0
    assert reduce(lost, SignInRefused("bad key")).connection.link is Link.SIGNED_OUT


def test_marks() -> None:
    state = reduce(AppState(), MarksToggled((1, 2)))
    state = reduce(state, MarksToggled((2, 3)))
    assert state.marked == {1, 3}
    cleared = reduce(state, MarksCleared())
    assert cleared.marked == frozenset() and reduce(cleared, MarksCleared()) is cleared


def test_the_store_tells_subscribers_only_of_changes() -> None:
    store = Store()
    seen: list[AppState] = []
    stop = store.subscribe(seen.append)
    store.dispatch(MarksToggled((1,)))
    store.dispatch(MarksCleared())
    store.dispatch(MarksCleared())  # nothing changes: nobody is told
    assert len(seen) == 2
    stop()
    store.dispatch(MarksToggled((1,)))
    assert len(seen) == 2


@pytest.mark.parametrize(
    ("text", "terms"),
    [
        ("loc:NL", (Term("location", "nl"),)),
        (
            "loc:NL status:power_off tag:env=prod gpu",
            (
                Term("location", "nl"),
                Term("status", "power_off"),
                Term("tag", "env=prod"),
                Term("kind", "gpu"),
            ),
        ),
        ("-staging web", (Term("", "staging", negate=True), Term("", "web"))),
        ("31.207.", (Term("", "31.207."),)),
        ('tag:"team=a b"', (Term("tag", "team=a b"),)),
        ("unknown:field", (Term("", "unknown:field"),)),
        ('broken "quote', (Term("", "broken"), Term("", '"quote'))),
    ],
)
def test_queries_parse_into_terms(text: str, terms: tuple[Term, ...]) -> None:
    assert parse_query(text) == terms


FLEET = [
    server(
        11, "nl-web-1", location="NL", status="rent", kind=ServerKind.VM, tags=(Tag("env", "prod"),)
    ),
    server(12, "nl-gpu-1", location="NL", status="rent", kind=ServerKind.GPU),
    server(
        13,
        "us-db-1",
        location="US",
        status="power_off",
        kind=ServerKind.BARE_METAL,
        tags=(Tag("env", "staging"),),
    ),
    server(14, "fi-vgpu", location="FI", status="rent", kind=ServerKind.VGPU),
]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["fi-vgpu", "nl-gpu-1", "nl-web-1", "us-db-1"]),
        ("nl", ["nl-gpu-1", "nl-web-1"]),
        ("loc:NL", ["nl-gpu-1", "nl-web-1"]),
        ("gpu", ["fi-vgpu", "nl-gpu-1"]),
        ("vgpu", ["fi-vgpu"]),
        ("bm", ["us-db-1"]),
        ("status:power", ["us-db-1"]),
        ("tag:env=prod", ["nl-web-1"]),
        ("tag:env", ["nl-web-1", "us-db-1"]),
        ("tag:staging", ["us-db-1"]),
        ("-loc:NL", ["fi-vgpu", "us-db-1"]),
        ("id:1", ["fi-vgpu", "nl-gpu-1", "nl-web-1", "us-db-1"]),
        ("id:13", ["us-db-1"]),
        ("host:db", ["us-db-1"]),
        ("loc:NL -gpu", ["nl-web-1"]),
        ("zzz", []),
    ],
)
def test_filters(query: str, expected: list[str]) -> None:
    state = loaded(*FLEET)
    index = ServerIndex()
    assert [state.servers[i].hostname for i in index.rows(state, query)] == expected


def test_narrowing_gives_the_same_answer_as_filtering_afresh() -> None:
    state = loaded(*FLEET)
    typed = ServerIndex()
    for prefix in ("n", "nl", "nl-", "nl-w", "nl-", "n", ""):
        assert typed.rows(state, prefix) == ServerIndex().rows(state, prefix)


def test_servers_not_read_yet_list_last_and_match_only_by_id() -> None:
    state = reduce(loaded(*FLEET), ServerIdsListed((11, 12, 13, 14, 99)))
    index = ServerIndex()
    assert index.rows(state, "")[-1] == 99
    assert index.rows(state, "99") == [99]
    assert 99 not in index.rows(state, "loc:NL")


def test_sort_by_columns_and_reverse() -> None:
    state = loaded(*FLEET)
    index = ServerIndex()
    assert index.rows(state, "", "location") == [14, 11, 12, 13]
    assert index.rows(state, "", "id", reverse=True) == [14, 13, 12, 11]


def test_find_for_the_jump_line() -> None:
    state = loaded(*FLEET)
    index = ServerIndex()
    assert index.find(state, "13") == 13
    assert index.find(state, "us-db-1") == 13
    assert index.find(state, "fi-") == 14
    assert index.find(state, "nl-") is None  # not unique


def test_columns_fit_the_width() -> None:
    assert [c.key for c in fit_columns(["id", "hostname", "ip", "location", "tags", "os"], 40)] == [
        "id",
        "hostname",
        "ip",
    ]
    wide = [c.key for c in fit_columns(["id", "hostname", "ip", "location", "tags", "os"], 200)]
    assert wide == ["id", "hostname", "ip", "location", "tags", "os"]


def test_the_documented_server_indexes() -> None:
    documented = server_from_show(json.loads((DOC / "eq.show.json").read_text()))
    state = loaded(documented)
    index = ServerIndex()
    assert index.rows(state, "31.207.44") == [34533]
    assert index.rows(state, "wK5Vjwx_BC") == []  # secrets are not searchable
