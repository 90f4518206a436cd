"""Read-only, as the user meets it: every mutating action of the app is absent and sends nothing.

For each action in `autopilot.JOURNEYS`, in a read-only session: its place is reached, its
binding is not among the screen's enabled keys (so neither the key bar, the help screen nor
the command palette offers it), and pressing its keys anyway (answering any dialog that would
follow) sends nothing that changes anything and writes nothing to the journal. The client's
own refusal of every mutating endpoint is tested in test_secrets.py.
"""

from __future__ import annotations

import pytest

from hostkey_tui.config.model import Config
from hostkey_tui.ui.keys import BY_ID
from tests.reliability.autopilot import JOURNEYS, Journey, act, reach
from tests.reliability.matrix import Matrix
from tests.ui.driver import Driver


@pytest.mark.parametrize("journey", JOURNEYS, ids=[j.action for j in JOURNEYS])
async def test_read_only_offers_no_mutating_action_and_sends_nothing(
    journey: Journey, ui: Driver, matrix: Matrix
) -> None:
    async with ui.run(Config(read_only=True), notifications=True, settle=False) as app:
        await reach(ui, journey)
        action = BY_ID[journey.action]
        if action.mutating:
            offered = {
                active.binding.action
                for active in app.screen.active_bindings.values()
                if active.enabled
            }
            assert action.action not in offered, f"{journey.action} offered in read-only"
        journal = app.services.journal  # type: ignore[union-attr]
        assert journal is not None
        before = len(journal.entries())
        since = len(ui.requests)
        met = await act(ui, journey)
        await ui.calm()
        assert ui.mutations(since) == [], (journey.action, met)
        written = journal.entries()[: len(journal.entries()) - before]
        assert not [e for e in written if e.outcome in ("sent", "done", "unknown")], written
        assert app.is_running
    matrix.record("read-only ui", journey.action, "not offered, nothing sent", 1)
