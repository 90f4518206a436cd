"""The journal as the Jobs screen shows it, and what the status line says meanwhile."""

from __future__ import annotations

from types import MappingProxyType

from hostkey_tui.services.audit import Entry
from hostkey_tui.state.state import AppState, Unsettled
from hostkey_tui.ui.jobs.screen import shown_entries
from hostkey_tui.ui.kit.status import status_text


def entry(outcome: str, change: str = "", at: float = 1.0) -> Entry:
    return Entry(at, "p", "eq/reboot" if change else "reboot", ("a (1)",), outcome, change=change)


def test_the_journal_shows_each_change_once_and_every_request_left_open() -> None:
    newest_first = [
        entry("reconciled", "c2", 9),  # what invapi was found to have done
        entry("unknown", "c2", 8),
        entry("sending", "c2", 7),
        entry("sending", "c3", 6),  # cut off: no answer recorded
        entry("done", "", 5),
        entry("sent", "", 4),
        entry("answered", "c1", 3),  # said by the change's own lines already
        entry("sending", "c1", 2),
    ]
    shown = [(e.outcome, e.change) for e in shown_entries(newest_first)]
    assert shown == [
        ("reconciled", "c2"),
        ("unknown", "c2"),
        ("sending", "c3"),
        ("done", ""),
        ("sent", ""),
    ]


def test_the_status_line_says_an_unknown_outcome_and_what_is_done_about_it() -> None:
    checking = Unsettled("power:1", "eq/reboot", "eq/reboot of a (1)", 0.0)
    state = AppState(unsettled=MappingProxyType({"power:1": checking}))
    assert "outcome unknown: eq/reboot of a (1): asking invapi what happened" in status_text(
        state, 10.0
    )
    waiting = Unsettled("power:1", "eq/reboot", "eq/reboot of a (1)", 0.0, status="unknown")
    state = AppState(
        unsettled=MappingProxyType({"power:1": waiting}),
        journal_problem="The audit journal /x/journal.jsonl cannot be written (Read-only file "
        "system): changes are not being recorded.",
    )
    said = status_text(state, 10.0)
    assert said.startswith("The audit journal /x/journal.jsonl cannot be written")
    assert "r asks again" in said


def test_a_slow_sign_in_says_what_it_waits_for_and_how_long() -> None:
    from hostkey_tui.state.events import SigningIn
    from hostkey_tui.state.reduce import reduce

    state = reduce(AppState(), SigningIn("auth/login", 100.0))
    assert "waiting for invapi's reply (auth/login) · 12 s" in status_text(state, 112.0)
    state = reduce(state, SigningIn("eq/update_servers", 130.0))
    assert "(eq/update_servers) · 2 s" in status_text(state, 132.0)
