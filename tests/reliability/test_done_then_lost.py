"""invapi did it, the reply was lost: every mutating action, with the work done and its reply
unreadable.

For each action in `autopilot.JOURNEYS` that sends something, one app: the action done with
invapi carrying out the request and then answering with something that cannot be read (the
`garble` forms in turn: an HTML page with 200, a body that claims gzip and is not, a 302, a
524, a 408, JSON of the wrong shape; and for a few the connection closed, `drop_reply`). From
then on every read answers 503, so that invapi cannot be asked what happened. Then:

- reached invapi: the simulator received the request exactly once (each, for two servers);
- outcome shown: the journal's line for that change id says "unknown", the user is told it
  may have happened, never "failed" or "nothing was changed";
- repeat offered before reconciling: the same keys pressed again (every dialog answered) send
  nothing while the change is unsettled;
- reconciled to: with the reads back, invapi is asked again (what `r` does) and what it
  found settles the change: `state.settled`, and a "reconciled" journal line under the
  change's id.

Each cell of REPORT.md's table is recorded once its assertions held (`column=value`).
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from hostkey_tui.clock import ManualClock
from hostkey_tui.services.audit import Entry
from hostkey_tui.simulator.faults import GARBLES
from hostkey_tui.simulator.scenarios import build_world
from hostkey_tui.simulator.world import World
from hostkey_tui.ui.app import HostkeyApp
from tests.reliability.autopilot import (
    BY_ACTION,
    FAST,
    JOURNEYS,
    PIN,
    Journey,
    act,
    calm_changes,
    lose_the_reply,
    reach,
)
from tests.reliability.matrix import Matrix
from tests.ui.driver import Driver

SENDING = [j for j in JOURNEYS if j.sends]
#: Words that tell the user the outcome is not known (or what reading it back found).
UNKNOWN_WORDS = ("unknown", "may or may not", "may have happened", "was lost", "read back")
TABLE = "lost reply"
#: How a change is refused while an earlier one's outcome is unknown, and the title of the
#: flow's own refusal (ui/flows.py `not_repeated`); the API's says "... outcome is unknown", or
#: whatever the flow that caught it says.
REFUSAL = "Nothing was sent: the reply to"
FLOW_REFUSAL = "Not sent"

#: Changes that no read of invapi can show (a PIN): settled at once, the user told where to look.
NO_READ = frozenset({"eq/set_pin", "jira/request_assistance"})  # a sales ticket: by e-mail

#: Actions the app gets wrong today (action → why): each xfail(strict=True) until mended.
KNOWN: dict[str, str] = {}

#: The actions whose reply must carry something (an id, a key, a password, a URL): the only
#: ones where `wrong_shape` ({"result": "OK"}, nothing else) is a reply that cannot be read.
#: To the others (apply_credit, say) it is a whole, correct answer.
CARRY_DATA = frozenset(
    {
        "billing.new_contact",
        "billing.funds",
        "billing.mass_pay",
        "account.new_key",
        "detail.console",
        "detail.ipmi_user",
        "dns.add_domain",
    }
)
_WRONG_SHAPE = GARBLES.index("wrong_shape")
_OTHER_FORMS = [i for i in range(len(GARBLES)) if i != _WRONG_SHAPE]


def fault_of(index: int, journey: Journey) -> tuple[str, float, str]:
    """The fault for the `index`-th sending journey: `wrong_shape` where it is one, the other
    garble forms in turn, and every 7th a reply lost with its connection."""
    if journey.action in CARRY_DATA:
        return "garble", float(_WRONG_SHAPE), GARBLES[_WRONG_SHAPE]
    if index % 7 == 6:
        return "drop_reply", 0.0, "connection closed"
    form = _OTHER_FORMS[index % len(_OTHER_FORMS)]
    return "garble", float(form), GARBLES[form]


def _params() -> list[Any]:
    params = []
    for index, journey in enumerate(SENDING):
        marks = []
        if journey.action in KNOWN:
            marks.append(pytest.mark.xfail(strict=True, reason=KNOWN[journey.action]))
        params.append(pytest.param(journey, index, id=journey.action, marks=marks))
    return params


def _cell(matrix: Matrix, action: str, column: str, value: str) -> None:
    matrix.record(TABLE, action, f"{column}={value}", 1)


async def _prepare(ui: Driver, j: Journey) -> None:
    if j.after:
        first = BY_ACTION[j.after]
        await reach(ui, first)
        await act(ui, first)
        await ui.calm()
    await reach(ui, j)


def _new_lines(app: HostkeyApp, before: int) -> list[Entry]:
    journal = app.services.journal  # type: ignore[union-attr]
    assert journal is not None
    entries = journal.entries()
    return list(reversed(entries[: len(entries) - before]))  # oldest first


def _journal_size(app: HostkeyApp) -> int:
    journal = app.services.journal  # type: ignore[union-attr]
    assert journal is not None
    return len(journal.entries())


async def _press_the_action(ui: Driver, j: Journey) -> dict[str, Any]:
    """The journey's keys and every dialog answered; what was sent, journaled and said."""
    app = ui.app
    since = len(ui.requests)
    shown = {id(n) for n in app._notifications}
    jobs = set(app.state.jobs)
    before = _journal_size(app)
    met = await act(ui, j)
    await calm_changes(ui)
    return {
        "met": met,
        "sent": ui.mutations(since),
        "requests": [r for r in ui.requests[since:] if f"{r.resource}/{r.action}" in j.sends],
        "lines": _new_lines(app, before),
        "said": " ".join(str(n.message) for n in app._notifications if id(n) not in shown),
        "refusals": [
            str(n.title or "")
            for n in app._notifications
            if id(n) not in shown and REFUSAL in str(n.message)
        ],
        "jobs": " ".join(
            f"{job.title}: {job.state.value} {job.message}"
            for job_id, job in app.state.jobs.items()
            if job_id not in jobs
        ),
    }


def _signed_in_key_left(world: World) -> bool:
    return any(k.active and k.secret == world.account_key for k in world.api_keys.values())


def _short(text: str, limit: int = 110) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


@pytest.mark.parametrize(("journey", "index"), _params())
async def test_done_then_lost_is_unknown_reconciled_and_never_repeated_blind(
    journey: Journey, index: int, ui: Driver, ui_clock: ManualClock, matrix: Matrix
) -> None:
    kind, value, form = fault_of(index, journey)
    if journey.action in KNOWN:
        _cell(matrix, journey.action, "known", KNOWN[journey.action])
    endpoint = journey.sends[0]  # a second request of another kind needs the first's reply
    times = journey.sends.count(endpoint)
    world = build_world(ui_clock, pin=PIN)
    async with ui.run(FAST, world=world, notifications=True, settle=False) as app:
        await _prepare(ui, journey)
        lost, _blind = lose_the_reply(world, endpoint, kind, value, times)
        first = await _press_the_action(ui, journey)
        where = f"{journey.action} / {form}: {first}"

        # reached invapi: each request once, none twice
        assert lost.fired == times, where
        assert Counter(first["sent"])[endpoint] == times, where
        forms = Counter(repr(sorted(r.form.items())) for r in first["requests"])
        assert max(forms.values()) == 1, where
        _cell(matrix, journey.action, "fault", form)
        _cell(
            matrix,
            journey.action,
            "reached invapi",
            "once" if times == 1 else f"once each ×{times}",
        )

        # outcome shown: unknown, in the journal under the change's id and to the user
        lines = first["lines"]
        sending = [e for e in lines if e.outcome == "sending" and e.endpoint == endpoint]
        assert len(sending) == times, where
        changes = {e.change for e in sending}
        told = {c: [e.outcome for e in lines if e.change == c][1:2] for c in changes}
        assert all(outcome == ["unknown"] for outcome in told.values()), f"{told}: {where}"
        failed = [f"{e.action}: {e.message}" for e in lines if e.outcome == "failed"]
        assert not failed, f"journaled as failed: {failed}: {where}"
        shown = f"{first['said']} {first['jobs']}".lower()
        assert any(word in shown for word in UNKNOWN_WORDS), where
        assert "nothing was changed" not in shown, where
        places = [
            place
            for place, text in (("toast", first["said"]), ("job", first["jobs"]))
            if any(word in text.lower() for word in UNKNOWN_WORDS)
        ]
        _cell(matrix, journey.action, "outcome shown", f"unknown ({', '.join(places)}; journal)")

        at_once = [e for e in lines if e.change in changes and e.outcome == "reconciled"]
        if at_once:
            # Settled while every read answered 503: only right where no read could tell.
            assert endpoint in NO_READ, f"reconciled while invapi could not be read: {where}"
            assert {e.change for e in at_once} == changes, where
            assert not any(e.change in changes for e in app.state.unsettled.values()), where
            _cell(matrix, journey.action, "reconciled to", _short(at_once[0].message))
            _cell(
                matrix,
                journey.action,
                "repeat offered before reconciling",
                "— (settled at once: no read shows it)",
            )
            assert not ui.unexpected, ui.unexpected
            await ui.still_answers()
            return
        keys = {k for k, e in app.state.unsettled.items() if e.change in changes}
        assert len(keys) == times, f"{where}: unsettled {dict(app.state.unsettled)}"

        # repeat offered before reconciling: the same keys, every dialog answered, send nothing
        again = await _press_the_action(ui, journey)
        where = f"{journey.action} / {form} / again: {again}"
        assert again["sent"] == [], where
        assert keys <= set(app.state.unsettled), where
        said = again["said"]
        if again["refusals"]:
            # the flow's own guard (ui/flows.py `not_repeated`), or the API's safety net
            titles = set(again["refusals"])
            by = "the flow" if titles == {FLOW_REFUSAL} else "the API"
            met = ", ".join(again["met"])
            how = f"no (refused by {by} after: {met})" if met else f"no (refused by {by} at once)"
        else:
            how = f"no ({_short(said, 60) or 'not offered'})"
        _cell(matrix, journey.action, "repeat offered before reconciling", how)

        # reconciled to: invapi readable again and asked again (what `r` does)
        world.faults.clear()
        before = _journal_size(app)
        app.services.changes.recheck()  # type: ignore[union-attr]
        await calm_changes(ui)
        lines = _new_lines(app, before)
        where = f"{journey.action} / {form} / reconciled: {lines} {app.state.unsettled}"
        if not _signed_in_key_left(world):
            # It deleted the key the app signed in with: invapi cannot be asked any more. The
            # change stays unknown, said, and still refused.
            left = [app.state.unsettled[k] for k in keys]
            assert all(e.status == "unknown" and e.message for e in left), where
            _cell(
                matrix,
                journey.action,
                "reconciled to",
                "— stays unknown, said: the key deleted was the session's own, invapi cannot "
                "be asked",
            )
            assert not ui.unexpected, ui.unexpected
            await ui.still_answers()
            return
        assert not keys & set(app.state.unsettled), where
        reconciled = [e for e in lines if e.change in changes and e.outcome == "reconciled"]
        assert {e.change for e in reconciled} == changes, where
        found = {text[:500] for _what, text in app.state.settled}
        assert {e.message for e in reconciled} <= found, where
        _cell(matrix, journey.action, "reconciled to", _short(reconciled[0].message))
        assert not ui.unexpected, ui.unexpected
        await ui.still_answers()
