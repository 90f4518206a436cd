"""Exactly once as the user sees it: every mutating action of the app, driven by keys.

For each action in `autopilot.JOURNEYS` (every binding marked mutating, plus power), one app:

1. the action done with every sending key pressed three times (enter on the PIN, the confirm
   button, a form's submit): the simulator receives exactly the requests the action stands for;
2. then again with invapi answering 503 before doing anything, then with a request that never
   gets an answer (a timeout), then with the work done and the reply lost: each time at most one
   request, journaled before it went; the journal and the screen say the true state (unknown,
   and what asking invapi found: a 503 after the request left cannot be told from one after the
   work), and the app still answers keys.

`test_every_mutating_action_has_a_journey` keeps the table complete as actions are added.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from hostkey_tui.clock import ManualClock
from hostkey_tui.simulator.scenarios import build_world
from hostkey_tui.ui.keys import ACTIONS, BY_ID
from tests.reliability.autopilot import (
    BY_ACTION,
    FAST,
    JOURNEYS,
    PIN,
    Journey,
    act,
    reach,
)
from tests.reliability.matrix import Matrix
from tests.ui.driver import Driver

#: (fault kind, value, what the table calls it)
FAULTS = (
    ("status", 503.0, "503 before the work"),
    ("hang", 0.0, "timeout"),
    ("drop_reply", 0.0, "reply lost after the work"),
)
#: Words that say the outcome is not known, or what reading it back found.
UNKNOWN_WORDS = ("unknown", "may or may not", "reply was lost", "read back", "listed now")


def test_every_mutating_action_has_a_journey() -> None:
    mutating = {action.id for action in ACTIONS if action.mutating}
    assert mutating - set(BY_ACTION) == set(), "add a journey to tests/reliability/autopilot.py"
    assert {"servers.power", "detail.power"} <= set(BY_ACTION)
    assert set(BY_ACTION) - set(BY_ID) == set(), "a journey names a key by its binding id"


async def _prepare(ui: Driver, j: Journey) -> None:
    if j.after:
        first = BY_ACTION[j.after]
        await reach(ui, first)
        await act(ui, first)
        await ui.calm()
    await reach(ui, j)


async def _act(ui: Driver, j: Journey) -> dict[str, Any]:
    """Do the action with triple presses; what was sent, journaled and said meanwhile."""
    app = ui.app
    since = len(ui.requests)
    shown = {id(n) for n in app._notifications}
    journal = app.services.journal  # type: ignore[union-attr]
    assert journal is not None
    before = len(journal.entries())
    met = await act(ui, j, presses=3)
    await ui.calm()
    entries = journal.entries()
    return {
        "met": met,
        "sent": ui.mutations(since),
        "forms": Counter(
            repr((r.resource, r.action, sorted(r.form.items())))
            for r in ui.requests[since:]
            if f"{r.resource}/{r.action}" in j.sends
        ),
        # the change's own lines, and the request lines (written before sending, then how
        # each ended: answered, refused, not sent, unknown, reconciled)
        "outcomes": [e.outcome for e in entries[: len(entries) - before] if not e.change],
        "requests": [e.outcome for e in entries[: len(entries) - before] if e.change],
        "said": " ".join(str(n.message) for n in app._notifications if id(n) not in shown),
    }


@pytest.mark.parametrize("journey", JOURNEYS, ids=[j.action for j in JOURNEYS])
async def test_each_action_sends_once_and_says_the_true_state_whatever_fails(
    journey: Journey, ui: Driver, ui_clock: ManualClock, matrix: Matrix
) -> None:
    # The faults in one app (503 and a hang change nothing on invapi's side, so the action can
    # be done again), unless the journey needs a new one each time; then, in a new app, the
    # action with nothing failing. Each app has an account of its own, as it was at the start.
    sessions = [[f] for f in FAULTS] if journey.fresh else [list(FAULTS)]
    if not journey.sends:
        sessions = []  # sends nothing: no fault can reach it
        for _kind, _value, column in FAULTS:
            matrix.record("actions", journey.action, column, 0)
    for faults in sessions:
        world = build_world(ui_clock, pin=PIN)
        async with ui.run(FAST, world=world, notifications=True, settle=False):
            await _prepare(ui, journey)
            for kind, value, column in faults:
                for endpoint in set(journey.sends):
                    world.faults.add(kind, endpoint, value, times=1)
                seen = await _act(ui, journey)
                world.faults.clear()
                where = f"{journey.action} / {column}: {seen}"
                assert seen["sent"], where  # offered again, and it reached the wire
                wanted = Counter(journey.sends)
                assert all(n <= wanted[e] for e, n in Counter(seen["sent"]).items()), where
                assert max(seen["forms"].values()) == 1, where  # never the same request twice
                assert seen["outcomes"], f"{where}: nothing written to the journal"
                assert "sending" in seen["requests"], where  # journaled before it went
                if kind == "status":
                    # a 503 after the request left may come from a proxy after the work: the
                    # app cannot know, so it is unknown and invapi is asked (never "failed")
                    assert any(word in seen["said"] for word in UNKNOWN_WORDS), where
                    assert "unknown" in seen["requests"], where
                    assert not set(seen["outcomes"]) & {"failed", "not sent"}, where
                else:
                    assert any(word in seen["said"] for word in UNKNOWN_WORDS), where
                    assert set(seen["outcomes"]) & {"unknown", "done", "failed"}, where
                await ui.still_answers()
                matrix.record("actions", journey.action, column, 1)
    world = build_world(ui_clock, pin=PIN)
    async with ui.run(FAST, world=world, notifications=True, settle=False):
        await _prepare(ui, journey)
        done = await _act(ui, journey)
        where = f"{journey.action}: {done}"
        assert not [m for m in done["met"] if "refused" in m or "menu " in m], where
        assert Counter(done["sent"]) == Counter(journey.sends), where
        if journey.sends:
            assert done["outcomes"], f"{where}: nothing written to the journal"
            assert set(done["outcomes"]) <= {"sent", "done"}, where
            assert set(done["requests"]) == {"sending", "answered"}, where
        await ui.still_answers()
        matrix.record("actions", journey.action, "no fault, each button pressed 3 times", 1)
