"""Changes journaled before they are sent; a lost reply reconciled before the change is offered
again, in this run or the next; a journal that cannot be written or read is said, never fatal."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest

from hostkey_tui.api import ApiError, InvapiClient, InvapiError
from hostkey_tui.clock import ManualClock
from hostkey_tui.models.common import Secret
from hostkey_tui.services.audit import Entry, Journal
from hostkey_tui.services.billing import pay_from_credit
from hostkey_tui.services.changes import about_of, change_key
from hostkey_tui.services.context import Services
from hostkey_tui.services.session import run_session
from hostkey_tui.simulator.world import World
from hostkey_tui.state.store import Store
from tests.conftest import PIN, make_client

SERVER = 34533


def make_services(client: InvapiClient, clock: ManualClock, path: Path) -> Services:
    return Services(client, Store(), clock, journal=Journal(path), profile="test")


async def settled(services: Services) -> None:
    while services.changes.tasks:
        await asyncio.gather(*list(services.changes.tasks))


def test_what_a_change_is_about_never_holds_a_secret() -> None:
    about = about_of(
        {
            "id": 7,
            "pin": Secret("1234"),
            "root_pass": "hunter2hunter2",
            "params": {"zone": "example.com", "name": "www"},
            "ssh_key": "ssh-ed25519 AAAA",
        }
    )
    assert about == {"id": "7", "zone": "example.com", "name": "www"}
    assert change_key("eq/reboot", about) == "power:7"
    assert change_key("eq/off", {"id": "7"}) == change_key("eq/on", {"id": "7"})
    assert change_key("eq/order_instance", {}) == "order:account"
    assert change_key("eq/order_instance", {"id": "7"}) == "install:7"
    assert change_key("pdns/add_dns", {"zone": "Example.COM."}) == "zone:example.com"
    assert change_key("whmcs/apply_credit", {"invoice_id": "12"}) == "invoice:12"


async def test_a_change_cut_off_by_the_app_stopping_is_asked_about_at_the_next_start(
    client: InvapiClient, clock: ManualClock, tmp_path: Path, world: World
) -> None:
    path = tmp_path / "journal.jsonl"
    # what `kill -9` leaves: the request's "sending" line, and nothing after it
    Journal(path).record(
        Entry(
            clock.now() - 60,
            "test",
            "eq/off",
            ("nl-vmmini (34533)",),
            "sending",
            change="c0ffee",
            endpoint="eq/off",
            about=(("id", str(SERVER)),),
        )
    )
    services = make_services(client, clock, path)
    await run_session(services)
    await settled(services)
    assert not services.store.state.unsettled
    assert any("eq/off of nl-vmmini" in what for what, _ in services.store.state.settled)
    assert world.count("eq", "off") == 0  # asked about, never sent again
    assert world.count("eq", "status") >= 1
    lines = [e for e in Journal(path).entries() if e.change == "c0ffee"]
    assert [e.outcome for e in lines] == ["reconciled", "sending"]
    assert "nl-vmmini is" in lines[0].message
    assert Journal(path).unfinished() == []
    # and the run after that has nothing left to ask
    again = make_services(client, clock, path)
    assert again.changes.reconcile_journal() == 0


async def test_every_change_is_journaled_before_it_is_sent(tmp_path: Path, world: World) -> None:
    clock = ManualClock()  # time stands still: the request stays in flight
    world.clock = clock
    path = tmp_path / "journal.jsonl"
    async with make_client(world, clock) as api:
        services = make_services(api, clock, path)
        await run_session(services)
        world.faults.add("hang", "eq/reboot")
        sending = asyncio.create_task(services.client.eq.power(SERVER, "reboot", Secret(PIN)))
        for _ in range(50):
            await asyncio.sleep(0)
        assert world.count("eq", "reboot") == 1
        # on disk while invapi has it and no answer came: what `kill -9` now would leave
        assert [e.outcome for e in Journal(path).entries() if e.endpoint == "eq/reboot"] == [
            "sending"
        ]
        assert len(Journal(path).unfinished()) == 1
        sending.cancel()  # `q` while it is in flight
        with pytest.raises(asyncio.CancelledError):
            await sending
        outcomes = [e.outcome for e in Journal(path).entries() if e.endpoint == "eq/reboot"]
        assert outcomes == ["unknown", "sending"]
        assert f"power:{SERVER}" in services.store.state.unsettled
        for task in list(services.changes.tasks):
            task.cancel()


async def test_a_payment_whose_reply_was_lost_is_not_paid_twice(
    client: InvapiClient, clock: ManualClock, tmp_path: Path, world: World
) -> None:
    services = make_services(client, clock, tmp_path / "journal.jsonl")
    await run_session(services)
    from hostkey_tui.services.billing_reads import load_billing

    await load_billing(services)
    unpaid = next(i for i in services.store.state.billing.invoices if i.status == "Unpaid")
    amount = int(unpaid.total.amount or 1)
    world.faults.add("garble", "whmcs/apply_credit", value=0, times=1)  # paid, then HTML
    with pytest.raises(InvapiError):
        await pay_from_credit(services, unpaid.id, amount)
    key = f"invoice:{unpaid.id}"
    if key in services.store.state.unsettled:
        with pytest.raises(ApiError, match="was lost"):
            await services.client.whmcs.apply_credit(unpaid.id, amount)
    await settled(services)
    assert world.count("whmcs", "apply_credit") == 1
    found = dict(services.store.state.settled)
    assert any("is paid" in text for text in found.values()), found


async def test_a_journal_that_cannot_be_written_is_said_with_its_path(
    client: InvapiClient, clock: ManualClock, tmp_path: Path, world: World
) -> None:
    path = tmp_path / "journal.jsonl"
    path.mkdir()  # a path that cannot be written, even by root (as a full disk or read-only home)
    services = make_services(client, clock, path)
    await run_session(services)
    await services.client.eq.power(SERVER, "reboot", Secret(PIN))
    problem = services.store.state.journal_problem
    assert str(path) in problem and "cannot be written" in problem
    assert world.count("eq", "reboot") == 1  # the change still went


def test_a_torn_line_is_skipped_and_counted_not_the_end_of_the_journal(tmp_path: Path) -> None:
    path = tmp_path / "journal.jsonl"
    journal = Journal(path)
    for outcome in ("sent", "done"):
        journal.record(Entry(1.0, "p", "reboot", ("a (1)",), outcome))
    good = json.dumps({"at": 2.0, "action": "reboot", "outcome": "failed"}).encode()
    with path.open("ab") as file:
        file.write(b'{"at": 3.0, "action": "reb\xc3')  # cut inside a UTF-8 character
        file.write(b"\n\xff\xfe not json\n" + good + b"\n")
    entries = journal.entries()
    assert [e.outcome for e in entries] == ["failed", "done", "sent"]
    assert journal.skipped == 2


async def test_a_sign_in_again_does_not_take_this_runs_own_change_for_an_earlier_one(
    client: InvapiClient, clock: ManualClock, tmp_path: Path
) -> None:
    services = make_services(client, clock, tmp_path / "journal.jsonl")
    await run_session(services)
    services.changes.sending("eq/reboot", {"id": SERVER})  # its answer has not come yet
    assert services.changes.reconcile_journal() == 0
    assert not services.store.state.unsettled


async def test_a_reconciliation_that_dies_is_said_and_asked_again(
    client: InvapiClient, clock: ManualClock, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from hostkey_tui.services import reconcile

    services = make_services(client, clock, tmp_path / "journal.jsonl")
    await run_session(services)

    async def broken(*_args: object) -> str:
        raise RuntimeError("a bug")

    monkeypatch.setattr(reconcile, "_find_out", broken)
    services.changes.unsettle("c1", "eq/reboot", {"id": str(SERVER)}, clock.now(), "lost")
    await settled(services)
    entry = services.store.state.unsettled[f"power:{SERVER}"]
    assert entry.status == "unknown" and "RuntimeError" in entry.message
    monkeypatch.undo()
    services.changes.recheck()
    await settled(services)
    assert not services.store.state.unsettled


async def test_a_change_unsettled_before_sign_in_is_refused_and_asked_about_after_it(
    client: InvapiClient, clock: ManualClock, tmp_path: Path, world: World
) -> None:
    services = make_services(client, clock, tmp_path / "journal.jsonl")
    services.changes.unsettle("c1", "eq/reboot", {"id": str(SERVER)}, clock.now(), "lost")
    assert not services.changes.tasks  # nothing asks invapi before a session is signed in
    with pytest.raises(ApiError, match="was lost"):
        await services.client.eq.power(SERVER, "reboot", Secret(PIN))
    await run_session(services)  # signing in attaches the reconciler
    services.changes.recheck()
    await settled(services)
    assert not services.store.state.unsettled
    assert world.count("eq", "reboot") == 0
