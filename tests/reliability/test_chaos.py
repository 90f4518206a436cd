"""The chaos run: a person browsing every section and changing things while invapi misbehaves.

One app, one simulated account, a seeded random schedule (HOSTKEY_CHAOS_SEED, default below;
HOSTKEY_CHAOS_STEPS steps, 60 in CI). Each step is one of:

- a fault switched on for the next few requests, whatever they are (503, 429, a hang, a 5 s
  reply, malformed JSON, a lost reply, a task that never finishes, an async key that vanishes),
  or all faults switched off;
- browsing: a section, a server, tabs, the cursor, `r`, enter and escape;
- a mutating action from `autopilot.JOURNEYS`, its sending buttons pressed one to three times.

After every step: the app runs, no unexpected error was shown, browsing changed nothing on
invapi's side, and an action sent no endpoint more often than it stands for. At the end, with
the faults off and everything read again, what the app holds is what invapi holds: the
servers (each detail), the DNS domains, the API keys.
"""

from __future__ import annotations

import os
import random
from collections import Counter
from dataclasses import replace
from typing import Any

from hostkey_tui.clock import ManualClock
from hostkey_tui.simulator.world import World
from hostkey_tui.ui.app import HostkeyApp
from hostkey_tui.ui.kit.screen import SectionScreen
from tests.conftest import make_client
from tests.reliability.autopilot import BM, FAST, JOURNEYS, VM, Journey, act, reach
from tests.reliability.matrix import Matrix
from tests.ui.driver import Driver

SEED = int(os.environ.get("HOSTKEY_CHAOS_SEED", "20261127"))
STEPS = int(os.environ.get("HOSTKEY_CHAOS_STEPS", "60"))
FAULTS = (
    ("status", 503.0),
    ("rate_limit", 2.0),
    ("hang", 0.0),
    ("slow", 5.0),
    ("malformed", 0.0),
    ("drop_reply", 0.0),
    ("never_finish", 0.0),
    ("lose_task", 0.0),
)
BROWSE_KEYS = ("down", "down", "up", "t", "T", "r", "pagedown", "home", "enter", "escape")
#: Not in the random mix (each is in the tables): an order per step is slow to follow;
#: deleting the key the session signed in with signs it out (the app warns; the run would not
#: stop); a new PIN would make every later PIN typed here wrong.
SKIPPED = {"order.order", "account.delete_key", "account.set_pin"}


async def _back_to_a_screen(app: HostkeyApp, pilot: Any) -> None:
    """Close whatever dialog browsing opened (escape cancels: nothing is sent)."""
    for _ in range(5):
        if isinstance(app.screen, SectionScreen):
            return
        await pilot.press("escape")
        await pilot.pause()


async def _settle(app: HostkeyApp, pilot: Any, clock: ManualClock) -> None:
    """Time passes until all work is done; a dialog left open (a form a fault made refuse)
    is cancelled, as a person would."""
    for _ in range(3000):
        await pilot.pause()
        await _back_to_a_screen(app, pilot)
        if not app.starting and all(w.is_finished for w in app.workers if w.group != "sensors"):
            return
        clock.advance(1)
    raise AssertionError("the app never calmed down")


async def _browse(app: HostkeyApp, pilot: Any, clock: ManualClock, rng: random.Random) -> str:
    where = rng.choice(["1", "2", "3", "6", "server", "server"])
    if where == "server":
        app.open_server(rng.choice([BM, VM, 40041]))
    else:
        await pilot.press(where)
    keys = [rng.choice(BROWSE_KEYS) for _ in range(rng.randint(1, 5))]
    for key in keys:
        await pilot.press(key)
        await pilot.pause()
        await _back_to_a_screen(app, pilot)
    await _settle(app, pilot, clock)
    return f"browse {where} {' '.join(keys)}"


async def _act(ui: Driver, j: Journey, presses: int) -> list[str]:
    await reach(ui, j)
    since = len(ui.requests)
    await act(ui, j, presses=presses)
    assert ui.clock is not None
    await _settle(ui.app, ui.pilot, ui.clock)
    return ui.mutations(since)


async def test_a_chaotic_session_crashes_nothing_repeats_nothing_and_ends_consistent(
    ui: Driver, ui_world: World, ui_clock: ManualClock, matrix: Matrix
) -> None:
    rng = random.Random(SEED)
    journeys = [j for j in JOURNEYS if j.action not in SKIPPED]
    done: Counter[str] = Counter()
    async with ui.run(FAST, notifications=True, settle=False) as app:
        pilot = ui.pilot
        await ui.calm()
        for step in range(STEPS):
            roll = rng.random()
            if roll < 0.25:
                ui_world.faults.clear()
                if rng.random() < 0.8:
                    kind, value = rng.choice(FAULTS)
                    ui_world.faults.add(kind, "*", value, times=rng.randint(1, 3))
                    what = f"fault {kind}"
                else:
                    what = "faults off"
                done["fault switches"] += 1
            elif roll < 0.6:
                since = len(ui_world.requests)
                what = await _browse(app, pilot, ui_clock, rng)
                assert ui.mutations(since) == [], f"step {step}: {what} changed something"
                done["browsing steps"] += 1
            else:
                journey = rng.choice(journeys)
                presses = rng.randint(1, 3)
                sent = await _act(ui, journey, presses)
                what = f"{journey.action} ×{presses}: sent {sent}"
                wanted = Counter(journey.sends)
                assert all(n <= wanted[e] for e, n in Counter(sent).items()), f"step {step}: {what}"
                done["actions"] += 1
                done["requests that change something"] += len(sent)
            assert app.is_running, f"step {step}: {what}"
            assert not ui.unexpected, f"step {step}: {what}: {ui.unexpected}"
        # The end: faults off, everything read again; the app holds what invapi holds.
        ui_world.faults.clear()
        await _back_to_a_screen(app, pilot)
        await pilot.press("1")
        await _settle(app, pilot, ui_clock)
        await pilot.press("r")
        await _settle(app, pilot, ui_clock)
        # Read with a key of the whole account that is still there (the run may have deleted
        # or narrowed the one the app signed in with: its session goes on).
        key = next(
            k.secret
            for k in ui_world.api_keys.values()
            if k.active and not k.server_id and k.permissions is None and not k.ip
        )
        async with make_client(ui_world, ui_clock, api_key=key) as client:
            await client.auth.login()
            truth = {i: await client.eq.show(i) for i in sorted(ui_world.servers)}
            domains = {d.name for d in await client.pdns.list_domains()}
            keys = {k.name for k in await client.api_keys.list()}
        assert set(app.state.server_ids) == set(truth)
        for server_id, server in truth.items():
            # The power the app read is its own (eq/show does not carry it): the rest is invapi's.
            held = replace(app.state.servers[server_id], power="")
            assert held == server, f"server {server_id} differs"
        await pilot.press("3")
        await _settle(app, pilot, ui_clock)
        await pilot.press("r")
        await _settle(app, pilot, ui_clock)
        assert {d.name for d in app.state.dns.domains or ()} == domains
        await pilot.press("6")
        await _settle(app, pilot, ui_clock)
        await pilot.press("r")
        await _settle(app, pilot, ui_clock)
        assert {k.name for k in app.state.keys.api_keys or ()} == keys
    for name, count in done.items():
        matrix.record("chaos", name, f"seed {SEED}", count)
    matrix.record("chaos", "steps", f"seed {SEED}", STEPS)
