"""The kill chaos run: the app killed (SIGKILL) at seeded random points while it changes things,
and started again on the same journal: the journal is complete, and nothing is done twice.

invapi is the simulator on a loopback socket, in this process. Each life of "the app" is a
child process (`tests/reliability/kill_child.py`) signing in with the services and making the
script's changes: three servers powered off, a DNS record, an order, an invoice paid from
credit. Each round the test picks, from a seeded generator, the change at which to kill it and
how: `done` (invapi receives the request and carries it out, the child killed before the reply)
or `hang` (the request reaches invapi and is never answered nor carried out; the child killed
while it waits). The next life starts on the same journal; the last one runs to its end.

Then:
- every change request invapi received has its "sending" line in the journal, written before
  it was sent;
- every change id has an outcome: answered, refused, not sent, or unknown then reconciled;
  nothing is left open (`Journal.unfinished` is empty);
- each life tried the change the last one was killed in again before asking invapi, and it was
  refused (nothing sent);
- per change: carried out by invapi exactly once; received once more only for each time it was
  left hanging (never done), and sent again then only because invapi was found not to have made
  it.

HOSTKEY_KILL_SEED and HOSTKEY_KILL_ROUNDS change the seed and the number of kills.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from hostkey_tui.api.resources.base import is_change
from hostkey_tui.clock import ManualClock
from hostkey_tui.services.audit import Journal
from hostkey_tui.simulator import app as simulator_app
from hostkey_tui.simulator import routes
from hostkey_tui.simulator.scenarios import build_world
from hostkey_tui.simulator.server import serve_in_thread
from hostkey_tui.simulator.world import Form, Reply, World
from tests.reliability.kill_child import KEY_ENV, POWERED_OFF, RECORD, START, ZONE, script
from tests.reliability.matrix import Matrix

SEED = int(os.environ.get("HOSTKEY_KILL_SEED", "20261128"))
ROUNDS = int(os.environ.get("HOSTKEY_KILL_ROUNDS", "5"))
INVOICE = 23452  # unpaid, 35.00, and the account's credit covers it
ROOT = Path(__file__).parent.parent.parent
#: Generous bounds for one life: only a hung test ever reaches them.
LIFE_TIMEOUT = 60.0


@dataclass
class KillSwitch:
    """Holds invapi at the `at`-th change received, until the test has killed the child; then
    carries it out (`done`) or leaves it hanging, never done (`hang`)."""

    at: int = 0
    mode: str = ""
    received: int = 0
    reached: threading.Event = field(default_factory=threading.Event)
    release: threading.Event = field(default_factory=threading.Event)
    handled: threading.Event = field(default_factory=threading.Event)
    #: Each change request received, with whether invapi carried it out.
    log: list[tuple[str, dict[str, list[str]], bool]] = field(default_factory=list)

    def arm(self, at: int, mode: str) -> None:
        self.at, self.mode = at, mode
        for event in (self.reached, self.release, self.handled):
            event.clear()


@pytest.fixture
def switch(monkeypatch: pytest.MonkeyPatch) -> Iterator[KillSwitch]:
    switch = KillSwitch()
    real = routes.dispatch

    def dispatch(world: World, resource: str, action: str, form: Form) -> Reply:
        if not is_change(resource, action):
            return real(world, resource, action, form)
        switch.received += 1
        endpoint = f"{resource}/{action}"
        fields = dict(world.requests[-1].form)
        if switch.received != switch.at:
            reply = real(world, resource, action, form)
            switch.log.append((endpoint, fields, True))
            return reply
        switch.reached.set()
        switch.release.wait(LIFE_TIMEOUT)  # the simulator stands still while the child dies
        try:
            if switch.mode == "hang":
                switch.log.append((endpoint, fields, False))
                return Reply(hang=True)
            reply = real(world, resource, action, form)
            switch.log.append((endpoint, fields, True))
            return reply
        finally:
            switch.handled.set()

    monkeypatch.setattr(simulator_app, "dispatch", dispatch)
    yield switch
    switch.release.set()


def _subprocesses_work() -> bool:
    try:
        done = subprocess.run([sys.executable, "-c", "pass"], timeout=30, check=False)
    except (OSError, subprocess.SubprocessError):
        return False
    return done.returncode == 0


def _key(endpoint: str, fields: dict[str, list[str]]) -> str:
    """The change key of a request as invapi received it (services.changes.change_key)."""

    def field_(name: str) -> str:
        values = fields.get(name) or fields.get(f"params[{name}]") or []
        return values[0] if values else ""

    if endpoint in ("eq/on", "eq/off", "eq/reboot"):
        return f"power:{field_('id')}"
    if endpoint == "eq/order_instance":
        return "order:account"
    if endpoint.startswith("pdns/"):
        return f"zone:{field_('zone')}"
    if endpoint == "whmcs/apply_credit":
        return f"invoice:{field_('invoice_id')}"
    return endpoint


def _events(output: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in output.splitlines() if line.startswith("{")]


def test_killed_at_random_points_the_journal_is_complete_and_nothing_is_done_twice(
    tmp_path: Path, switch: KillSwitch, matrix: Matrix
) -> None:
    if not _subprocesses_work():
        pytest.skip("no subprocesses here")
    world = build_world(ManualClock(START), pin="1234")
    world.async_form = "direct"  # power answers at once: no polling in real time
    journal_path = tmp_path / "state" / "journal.jsonl"
    environment = {**os.environ, KEY_ENV: world.account_key, "PYTHONPATH": str(ROOT)}
    rng = random.Random(SEED)
    wanted = len(script(INVOICE))
    lives: list[dict[str, Any]] = []
    with serve_in_thread(world) as server:
        command = [
            sys.executable,
            "-m",
            "tests.reliability.kill_child",
            server.base_url,
            str(journal_path),
            str(INVOICE),
        ]
        for round_ in range(ROUNDS + 1):
            last = round_ == ROUNDS
            at, mode = switch.received + rng.randint(1, 2), rng.choice(["done", "hang"])
            switch.arm(0 if last else at, mode)
            child = subprocess.Popen(
                command,
                cwd=ROOT,
                env=environment,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            killed = False
            if not last:
                # Killed when invapi holds the chosen change, unless the life ends first.
                deadline = time.monotonic() + LIFE_TIMEOUT
                while child.poll() is None and not switch.reached.wait(0.05):
                    assert time.monotonic() < deadline, f"life {round_} neither ended nor sent"
                if switch.reached.is_set():
                    os.kill(child.pid, signal.SIGKILL)
                    killed = True
            try:
                out, err = child.communicate(timeout=LIFE_TIMEOUT)
            except subprocess.TimeoutExpired:
                child.kill()
                out, err = child.communicate()
                raise AssertionError(f"life {round_} never ended: {out}\n{err[-3000:]}") from None
            if killed:
                switch.release.set()
                assert switch.handled.wait(LIFE_TIMEOUT), "invapi never took the held change"
            else:
                assert child.returncode == 0, f"life {round_}: {out}\n{err[-3000:]}"
            lives.append(
                {
                    "killed": killed,
                    "mode": mode if killed else "",
                    "events": _events(out),
                    "stderr": err[-2000:],  # what a failure here needs to be understood
                }
            )
            if not killed and not last:
                break  # the script ran to its end before the chosen change: nothing left

    where = json.dumps(lives, indent=1)
    errors = [e for life in lives for e in life["events"] if e["event"].startswith("error")]
    assert not errors, f"a change was refused by invapi: {errors}\n{where}"
    journal = Journal(journal_path)
    entries = list(reversed(journal.entries(20000)))  # oldest first
    assert journal.skipped == 0, where

    # every change invapi received has its "sending" line (each line one request at most)
    sending = Counter(
        (e.endpoint, _key(e.endpoint, {k: [v] for k, v in e.about}))
        for e in entries
        if e.outcome == "sending"
    )
    received = Counter((endpoint, _key(endpoint, fields)) for endpoint, fields, _ in switch.log)
    assert all(sending[k] >= n for k, n in received.items()), f"{received} {sending}\n{where}"

    # every change id has an outcome; an unknown one was reconciled; nothing left open
    outcomes: dict[str, list[str]] = {}
    for entry in entries:
        if entry.change:
            outcomes.setdefault(entry.change, []).append(entry.outcome)
    for change, said in outcomes.items():
        assert said[0] == "sending", f"{change}: {said}\n{where}"
        assert said[-1] in ("answered", "refused", "not sent", "reconciled"), f"{change}: {said}"
        if "unknown" in said:
            assert "reconciled" in said[said.index("unknown") :], f"{change}: {said}"
    assert journal.unfinished() == [], where

    # a change cut off by the kill was tried again at the next start and refused, nothing sent
    refusals: Counter[str] = Counter()
    for before, after in itertools.pairwise(lives):
        if before["killed"]:
            refused = [e for e in after["events"] if e["event"].startswith("refused")]
            assert refused, f"the cut-off change was not refused at the next start\n{where}"
            assert not [e for e in after["events"] if "while unsettled" in e["event"]], where
            refusals.update(e["event"] for e in refused)
    # and the journal agrees: no change of the same key sent before the open one was reconciled
    key_of: dict[str, str] = {}
    open_keys: dict[str, str] = {}  # key → the change id left open, until it is reconciled
    for entry in entries:
        if entry.outcome == "sending":
            key = _key(entry.endpoint, {k: [v] for k, v in entry.about})
            key_of[entry.change] = key
            assert key not in open_keys, f"{key} sent again while {open_keys[key]} was open"
            open_keys[key] = entry.change
        elif entry.change in key_of and entry.outcome != "unknown":
            open_keys.pop(key_of[entry.change], None)

    # done exactly once each; received once more only for each time it was left hanging
    done = Counter(_key(endpoint, fields) for endpoint, fields, did in switch.log if did)
    hung = Counter(_key(endpoint, fields) for endpoint, fields, did in switch.log if not did)
    keys = {step.key for step in script(INVOICE)}
    assert set(done) == keys and all(n == 1 for n in done.values()), f"{done}\n{where}"
    total = Counter(_key(endpoint, fields) for endpoint, fields, _ in switch.log)
    assert all(total[k] == 1 + hung[k] for k in keys), f"{total} {hung}\n{where}"

    # and invapi holds each change once
    assert all(not world.servers[s].power_on for s in POWERED_OFF)
    name, kind, value = RECORD
    records = [
        r
        for r in world.zones[ZONE]["records"]
        if r["name"] == f"{name}.{ZONE}" and r["type"] == kind and r["content"] == value
    ]
    assert len(records) == 1, world.zones[ZONE]["records"]
    assert world.invoices[INVOICE].status == "Paid"

    kills = [life for life in lives if life["killed"]]
    matrix.record("kill chaos", "lives (processes started)", f"seed {SEED}", len(lives))
    matrix.record(
        "kill chaos",
        "SIGKILLs: invapi done, reply never read",
        f"seed {SEED}",
        sum(1 for k in kills if k["mode"] == "done"),
    )
    matrix.record(
        "kill chaos",
        "SIGKILLs: request hanging, never done",
        f"seed {SEED}",
        sum(1 for k in kills if k["mode"] == "hang"),
    )
    matrix.record("kill chaos", "changes meant (each done once)", f"seed {SEED}", wanted)
    for event, count in refusals.items():
        matrix.record(
            "kill chaos", f"cut-off change tried again at start: {event}", f"seed {SEED}", count
        )
    matrix.record("kill chaos", "change requests received", f"seed {SEED}", len(switch.log))
    matrix.record(
        "kill chaos", "journal change ids, all with an outcome", f"seed {SEED}", len(outcomes)
    )
