"""Issue 25: a server's timeline joins the journal, the jobs' stages, the changes seen on refresh
(kept between runs, 0600, bounded, nothing secret), its invoices and its cancellation."""

from __future__ import annotations

import json
import stat
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from hostkey_tui.api import InvapiClient
from hostkey_tui.clock import ManualClock
from hostkey_tui.models.billing import CancellationRequest, Invoice
from hostkey_tui.models.common import Money, Secret
from hostkey_tui.models.server import IpAddress, Server
from hostkey_tui.models.tags import Tag
from hostkey_tui.models.timeline import (
    BY_APP,
    BY_BILLING,
    BY_REFRESH,
    Event,
    JournalLine,
    Sighting,
    from_cancellation,
    from_invoices,
    from_journal,
    from_sightings,
    markdown,
    power_sighting,
    sightings,
)
from hostkey_tui.services.audit import Journal
from hostkey_tui.services.context import Services
from hostkey_tui.services.rename import rename_server
from hostkey_tui.services.servers import refresh
from hostkey_tui.services.session import run_session
from hostkey_tui.services.sightings import SightingLog, observer
from hostkey_tui.services.tags import set_tag
from hostkey_tui.services.timeline import timeline
from hostkey_tui.simulator.world import World
from hostkey_tui.state.events import CacheRestored, ServersLoaded
from hostkey_tui.state.store import Store

VM = 34533


def test_what_a_refresh_saw_change_is_worded_and_secrets_are_never_compared() -> None:
    before = Server(
        VM,
        "web-01",
        status="rent",
        tags=(
            Tag("env", "staging"),
            Tag("old", "1"),
            Tag("password", "", secret=Secret("hunter2-old")),
        ),
        ips=(IpAddress("192.0.2.1", main=True), IpAddress("192.0.2.9")),
        due_date=date(2026, 12, 1),
    )
    after = Server(
        VM,
        "web-02",
        status="suspended",
        tags=(
            Tag("env", "prod"),
            Tag("team", "ops"),
            Tag("password", "", secret=Secret("hunter2-new")),
        ),
        ips=(
            IpAddress("192.0.2.1", main=True, blocked_since=datetime(2026, 12, 1, tzinfo=UTC)),
            IpAddress("192.0.2.10"),
        ),
        due_date=date(2027, 1, 1),
    )
    seen = sightings(before, after, 100.0)
    words = [s.what for s in seen]
    assert words == [
        "Status: rent → suspended",
        "Renamed: web-01 → web-02",
        "Next due date: 2026-12-01 → 2027-01-01",
        "Tag added: team=ops",
        "Tag removed: old",
        "Tag env: staging → prod",
        "Address added: 192.0.2.10",
        "Address removed: 192.0.2.9",
        "Address 192.0.2.1 blocked",
    ]
    assert not any("hunter2" in w for w in words)
    assert sightings(before, before, 1.0) == []
    assert power_sighting(VM, "on", "off", 5.0) == Sighting(5.0, VM, "power", "Power on → off")
    assert power_sighting(VM, "", "on", 5.0) is None  # a first read is no change


def test_a_change_is_one_line_with_its_outcomes_in_order() -> None:
    lines = [
        JournalLine(10.0, "reboot", "sent"),
        JournalLine(12.0, "reboot", "done", "rebooted"),
        # the reboot's request, answered: the change's own line says it
        JournalLine(10.5, "eq/reboot", "sending", change="c0"),
        JournalLine(11.0, "eq/reboot", "answered", change="c0"),
        JournalLine(20.0, "eq/order_instance", "sending", change="c1"),
        JournalLine(21.0, "eq/order_instance", "unknown", "reply lost", change="c1"),
        JournalLine(90.0, "eq/order_instance", "done", "reconciled: server 9", change="c1"),
        JournalLine(200.0, "eq/off", "sending", change="c2"),
        JournalLine(201.0, "eq/off", "answered", change="c2"),
    ]
    events = from_journal(lines)
    assert [(e.at, e.what, e.outcome) for e in events] == [
        (10.0, "Reboot: rebooted", "sent → done"),
        (20.0, "eq/order_instance: reconciled: server 9", "sending → unknown → done"),
        (200.0, "eq/off", "sending → answered"),  # alone: the request is all there is
    ]
    assert {e.who for e in events} == {BY_APP}


def test_a_change_that_never_learnt_its_end_does_not_swallow_the_next() -> None:
    lines = [
        JournalLine(1000.0, "reboot", "sent"),  # the app was stopped: no end
        JournalLine(1000.0 + 10 * 86_400, "reboot", "sent"),
        JournalLine(1000.0 + 10 * 86_400 + 60, "reboot", "done"),
        JournalLine(5e6, "reboot", "done", "an end two months later is not the first's"),
    ]
    said = [(e.at, e.outcome) for e in from_journal(lines)]
    assert said == [(1000.0, "sent"), (1000.0 + 10 * 86_400, "sent → done"), (5e6, "done")]


def test_invoices_issued_paid_and_overdue() -> None:
    def invoice(number: str, status: str, paid: datetime | None, due: date) -> Invoice:
        money = Money.of("15.00")
        return Invoice(
            int(number),
            number,
            date(2026, 11, 1),
            due,
            paid,
            money,
            Money.of("0"),
            money,
            money,
            status,
        )

    events = from_invoices(
        [
            invoice("1", "Paid", datetime(2026, 11, 2, 9, 30, tzinfo=UTC), date(2026, 11, 5)),
            invoice("2", "Unpaid", None, date(2026, 11, 20)),
        ],
        date(2026, 12, 1),
        "EUR",
    )
    words = sorted((e.what, e.outcome) for e in events)
    assert words == [
        ("Invoice 1 issued, 15.00 EUR", "issued"),
        ("Invoice 1 paid", "paid"),
        ("Invoice 2 issued, 15.00 EUR", "issued"),
        ("Invoice 2 overdue (11 days now)", "unpaid"),
    ]
    assert {e.who for e in events} == {BY_BILLING}
    asked = from_cancellation(
        CancellationRequest(VM, "Immediate", "moving", datetime(2026, 11, 30, tzinfo=UTC))
    )
    assert asked[0].what == "Cancellation requested (Immediate): moving"


def test_a_change_seen_after_this_apps_own_change_is_said_to_be_the_apps() -> None:
    ours = [Event(100.0, "Rename: to web-02", BY_APP, "done", "journal")]
    seen = [
        Sighting(160.0, VM, "hostname", "Renamed: web-01 → web-02"),
        Sighting(160.0, VM, "status", "Status: rent → suspended"),
        Sighting(100.0 + 3600, VM, "hostname", "Renamed: web-02 → web-03"),
    ]
    ours = [replace(ours[0], action="rename")]
    said = [(e.who, e.outcome) for e in from_sightings(seen, ours)]
    assert said == [(BY_APP, "seen"), (BY_REFRESH, "seen"), (BY_REFRESH, "seen")]
    # Only the action's name counts, never its message: "script" is not about addresses.
    script = [Event(100.0, "Order: with a post-install script", BY_APP, "done", action="order")]
    blocked = [Sighting(160.0, VM, "ips", "Address 192.0.2.1 blocked")]
    assert from_sightings(blocked, script)[0].who == BY_REFRESH


def test_markdown_makes_invapis_text_inert() -> None:
    events = [Event(0.0, "Tag added: x=[a](http://evil)|@here", BY_REFRESH, "seen")]
    text = markdown("Timeline of web|01", events, lambda event: "2026-12-01 00:00")
    assert "\\[a\\]" in text and "\\|@\u200bhere" in text and "web\\|01" in text
    assert text.count("\n| ") == 1 + 1  # the header and one line


def test_the_log_is_private_bounded_and_skips_what_it_cannot_read(tmp_path: Path) -> None:
    log = SightingLog(tmp_path / "seen" / "acct.jsonl", keep=10)
    log.record([Sighting(float(i), VM if i % 2 else 7, "status", f"s{i}") for i in range(30)])
    mode = stat.S_IMODE((tmp_path / "seen" / "acct.jsonl").stat().st_mode)
    assert mode == 0o600 and stat.S_IMODE((tmp_path / "seen").stat().st_mode) == 0o700
    with log.path.open("ab") as file:
        file.write(b'{"at": 99, "id": 34533, torn\n')
    log.record([Sighting(100.0, VM, "status", "last")])
    kept = log.of(VM)
    # The oldest went: kept to `keep` (with a tenth's slack, and the torn line written apart).
    held = log.path.read_bytes()
    assert kept[-1].what == "last" and len(held.splitlines()) <= 12 and b'"s0"' not in held
    assert all(s.server_id == VM for s in kept)


@pytest.fixture
async def services(client: InvapiClient, clock: ManualClock, tmp_path: Path) -> Services:
    made = Services(
        client,
        Store(),
        clock,
        journal=Journal(tmp_path / "journal.jsonl"),
        profile="test",
        sightings=SightingLog(tmp_path / "seen" / "test.jsonl"),
    )
    await run_session(made)
    return made


async def test_changes_made_elsewhere_are_seen_on_refresh_and_kept_between_runs(
    services: Services, world: World, client: InvapiClient, clock: ManualClock, tmp_path: Path
) -> None:
    await rename_server(services, VM, "web-renamed")
    await set_tag(services, [VM], "team", "sre")
    # This app's own change, read back, is its own line: not a change "seen" from elsewhere.
    seen_file = tmp_path / "seen" / "test.jsonl"
    assert not seen_file.exists() or b"Renamed" not in seen_file.read_bytes()
    clock.advance(60)
    # Elsewhere (the panel, a script): the server is suspended and a tag is set.
    world.servers[VM].status = "suspended"
    world.servers[VM].tags.append(
        {"id": 1, "component": "Component1", "component_id": VM, "tag": "team", "value": "ops"}
    )
    await refresh(services)
    events = timeline(services, VM).events
    lines = [(e.what, e.who) for e in events]
    assert ("Status: rent → suspended", BY_REFRESH) in lines
    # team was set to sre here; ops elsewhere: not this app's, whatever came just before
    assert ("Tag team: sre → ops", BY_REFRESH) in lines
    assert ("Rename: to web-renamed", BY_APP) in lines
    assert ("Tags add: team=sre", BY_APP) in lines  # named "web-renamed (34533)" in the journal
    assert events == tuple(sorted(events, key=lambda e: e.at, reverse=True))
    assert stat.S_IMODE(seen_file.stat().st_mode) == 0o600
    assert all(json.loads(line)["id"] == VM for line in seen_file.read_bytes().splitlines())
    # The next run (a new session over the same files) still shows them.
    again = Services(
        client,
        Store(),
        clock,
        journal=Journal(tmp_path / "journal.jsonl"),
        profile="test",
        sightings=SightingLog(seen_file),
    )
    assert ("Status: rent → suspended", BY_REFRESH) in [
        (e.what, e.who) for e in timeline(again, VM).events
    ]
    # Another account's journal lines are not this server's story.
    other = Services(
        client, Store(), clock, journal=Journal(tmp_path / "journal.jsonl"), profile="other"
    )
    assert all(e.who != BY_APP for e in timeline(other, VM).events)


def test_the_demo_counts_no_difference_from_an_earlier_run_as_a_change(tmp_path: Path) -> None:
    cached = Server(VM, "renamed-last-run", status="rent")
    fresh = Server(VM, "nl-vmmini", status="rent")
    for across_runs, expected in ((False, []), (True, ["Renamed: renamed-last-run → nl-vmmini"])):
        log = SightingLog(tmp_path / f"{across_runs}.jsonl", across_runs=across_runs)
        store = Store()
        store.observe(observer(log))
        store.dispatch(CacheRestored((cached,), 1.0))
        store.dispatch(ServersLoaded((fresh,), 2.0, seen=True))
        assert [s.what for s in log.of(VM)] == expected
        # Read in this run, then changed: a change in the demo too.
        store.dispatch(ServersLoaded((replace(fresh, status="suspended"),), 3.0, seen=True))
        assert log.of(VM)[-1].what == "Status: rent → suspended"


def test_a_change_whose_end_was_never_learnt_says_so_once_old() -> None:
    lines = [JournalLine(1000.0, "reboot", "sent")]
    assert from_journal(lines, now=1060.0)[0].outcome == "sent"  # may still be under way
    assert from_journal(lines, now=1000.0 + 2 * 86_400)[0].outcome == "sent → end not known"
