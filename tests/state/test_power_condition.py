"""The one power reading (`AppState.power`) and what the list and the header say of it."""

from __future__ import annotations

import pytest

from hostkey_tui.models.server import Server
from hostkey_tui.state.board import attention
from hostkey_tui.state.events import PowerRead, ServersLoaded, SignedIn
from hostkey_tui.state.reduce import reduce
from hostkey_tui.state.state import AppState
from hostkey_tui.state.views import ServerIndex, condition, condition_words


def loaded(*servers: Server) -> AppState:
    state = reduce(AppState(), SignedIn(tuple(s.id for s in servers)))
    return reduce(state, ServersLoaded(servers, 100.0))


@pytest.mark.parametrize(
    ("status", "on", "column", "words"),
    [
        ("rent", "not read", "rent", "rent"),
        ("rent", True, "on", "powered on"),
        ("rent", False, "off", "powered off"),
        ("rent", None, "power ?", "power unknown"),
        ("power_off", "not read", "suspended", "suspended"),
        ("power_off", True, "susp, on", "suspended, powered on"),
        ("power_off", False, "susp, off", "suspended, powered off"),
    ],
)
def test_the_list_and_the_header_say_the_power_the_power_tab_read(
    status: str, on: bool | str | None, column: str, words: str
) -> None:
    state = loaded(Server(id=1, hostname="a", status=status))
    if on != "not read":
        state = reduce(state, PowerRead(1, on, "", 5.0))  # type: ignore[arg-type]
    server = state.servers[1]
    assert condition(server) == column and condition_words(server) == words
    assert len(condition(server)) <= 9  # the Status column's width


def test_a_server_read_again_keeps_its_power() -> None:
    state = reduce(loaded(Server(id=1, hostname="a")), PowerRead(1, False, "", 5.0))
    before = state.servers[1]
    again = reduce(state, ServersLoaded((Server(id=1, hostname="a"),), 200.0))
    assert again.servers[1].power == "off"
    assert again.servers is state.servers and again.servers[1] is before  # nothing new


def test_the_power_is_kept_for_a_server_read_after_it() -> None:
    state = reduce(AppState(), SignedIn((1,)))
    state = reduce(state, PowerRead(1, True, "", 5.0))
    state = reduce(state, ServersLoaded((Server(id=1, hostname="a"),), 100.0))
    assert state.servers[1].power == "on"


def test_status_off_finds_what_the_list_shows() -> None:
    state = loaded(Server(id=1, hostname="a", status="rent"), Server(2, "b", status="rent"))
    state = reduce(state, PowerRead(1, False, "", 5.0))
    index = ServerIndex()
    assert index.rows(state, "status:off") == [1]
    assert index.rows(state, "status:rent") == [1, 2]  # invapi's own word still finds it


def test_the_triage_board_says_why_a_server_is_suspended() -> None:
    state = loaded(Server(id=1, hostname="a", status="power_off", days_left=-12))
    assert attention(state)[0].reasons == (
        "overdue 12 days",
        "suspended for non-payment",
    )
    state = loaded(Server(id=1, hostname="a", status="power_off", days_left=20))
    assert "suspended (invapi's status power_off; it does not say why)" in attention(state)[0].why
