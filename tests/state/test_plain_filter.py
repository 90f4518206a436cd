"""The plain one-word filter's fast path (issue 26) finds exactly what the general one does,
typed one key at a time, deleted, after a filter of another kind, and with servers not read."""

from __future__ import annotations

from hostkey_tui.models.server import Server
from hostkey_tui.state.events import ServersLoaded, SignedIn
from hostkey_tui.state.reduce import reduce
from hostkey_tui.state.state import AppState
from hostkey_tui.state.views import ServerIndex


def state() -> AppState:
    names = ["nl-web-01", "nl-db-02", "de-web-03", "us-cache-04", "nl-web-05"]
    servers = tuple(Server(id=100 + n, hostname=name) for n, name in enumerate(names))
    listed = reduce(AppState(), SignedIn((*(s.id for s in servers), 777, 1050)))
    return reduce(listed, ServersLoaded(servers, 1.0))


def fresh(query: str) -> list[int]:
    return ServerIndex().rows(state(), query)


def test_typed_and_deleted_key_by_key_the_rows_are_those_of_a_fresh_index() -> None:
    current = state()
    index = ServerIndex()
    for query in ["n", "nl", "nl-", "nl-w", "nl-we", "nl-web", "nl-we", "nl", "", "0", "05", "7"]:
        assert index.rows(current, query) == fresh(query), query
    assert index.rows(current, "05") == [104, 1050]  # a server not read yet matches by its id
    assert index.rows(current, "777") == [777]


def test_after_a_filter_of_another_kind_the_plain_one_is_right() -> None:
    current = state()
    index = ServerIndex()
    assert index.rows(current, "-web") == fresh("-web")
    assert index.rows(current, "-web d") == fresh("-web d")
    assert index.rows(current, "web") == fresh("web") == [102, 100, 104]
    assert index.rows(current, "web-0") == [102, 100, 104]
