"""Billing at the service layer: money moves once, is read back, and never on a bad amount."""

from __future__ import annotations

import asyncio
import contextlib
import os
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest

from hostkey_tui.api import ApiError, InvapiClient, NotFound
from hostkey_tui.api.transport import FieldValue
from hostkey_tui.clock import ManualClock
from hostkey_tui.models.billing import (
    check_client_field,
    check_credit_payment,
    parse_amount,
    parse_whole_amount,
    whole_amount_problem,
)
from hostkey_tui.models.common import Money
from hostkey_tui.services import billing, invoice_export
from hostkey_tui.services.context import Services
from hostkey_tui.services.session import run_session
from hostkey_tui.simulator.routes import ROUTES, Ctx, Route, SimError
from hostkey_tui.simulator.world import JSON, Form, SimInvoice, World
from hostkey_tui.state.billing_views import (
    cancel_marks_problem,
    invoice_rows,
    parse_invoice_query,
    totals,
)
from hostkey_tui.state.events import ServerIdsListed
from hostkey_tui.state.store import Store


@pytest.fixture
async def services(client: InvapiClient, clock: ManualClock) -> Services:
    made = Services(client, Store(), clock)
    await run_session(made)
    await billing.load_billing(made)
    return made


def unpaid(services: Services) -> list[int]:
    return [i.id for i in services.store.state.billing.invoices if i.unpaid]


async def test_paying_from_credit_lowers_the_balance_and_is_read_back(
    services: Services, world: World
) -> None:
    invoice = 23452  # the overdue one of the suspended server
    before = services.store.state.billing.client.credit.amount  # type: ignore[union-attr]
    after = await billing.pay_from_credit(services, invoice, 35)
    assert after.invoice.status == "Paid"
    credit = services.store.state.billing.client.credit.amount  # type: ignore[union-attr]
    assert credit == before - Decimal(35)  # type: ignore[operator]
    assert services.store.state.account.credit.amount == credit  # type: ignore[union-attr]
    assert world.count("whmcs", "apply_credit") == 1
    assert world.servers[40072].status == "rent"  # paying the overdue invoice lifted the suspension


async def test_an_amount_above_the_balance_is_refused_before_sending(
    services: Services, world: World
) -> None:
    with pytest.raises(ApiError, match="more than the credit balance"):
        await billing.pay_from_credit(services, 23452, 999)
    with pytest.raises(ApiError, match="more than is due"):
        await billing.pay_from_credit(services, 23452, 36)
    assert world.count("whmcs", "apply_credit") == 0


async def test_mass_pay_of_two_invoices_makes_one_group_invoice(
    services: Services, world: World
) -> None:
    two = unpaid(services)[:2]
    group = await billing.mass_pay(services, two)
    detail = services.store.state.billing.details[group]
    assert {item.related_id for item in detail.items} == set(two)
    assert world.count("whmcs", "mass_pay") == 1
    with pytest.raises(ApiError, match="two or more"):
        await billing.mass_pay(services, two[:1])


async def test_add_funds_creates_an_invoice(services: Services) -> None:
    invoice = await billing.add_funds(services, 50)
    assert invoice in {i.id for i in services.store.state.billing.invoices}


async def test_the_pdf_is_written_private(services: Services, tmp_path: Path) -> None:
    path = await billing.download_invoice(services, 23452, tmp_path / "downloads")
    assert path.read_bytes().startswith(b"%PDF-") and b"Invoice #23452" in path.read_bytes()
    assert os.stat(path).st_mode & 0o777 == 0o600


async def test_payment_methods_are_text_without_markup(services: Services) -> None:
    methods = await billing.payment_methods(services, 23452)
    text = " ".join(m.instructions.text for m in methods)
    assert "<" not in text and "script" not in text.lower() and "[@click" not in text
    assert "IBAN" in text and any(m.instructions.links for m in methods)


async def test_cancellation_requested_then_withdrawn(services: Services, world: World) -> None:
    await billing.request_cancellation(
        services, 34533, "nl-vmmini", immediate=False, reason="moving"
    )
    assert 34533 in services.store.state.billing.cancellations
    assert world.cancellations[34533]["type"] == "End of Billing Period"
    await billing.withdraw_cancellation(services, 34533, "nl-vmmini")
    assert 34533 not in services.store.state.billing.cancellations


async def test_contacts_round_trip_with_the_email_set_at_once(
    services: Services, world: World
) -> None:
    contact = await billing.add_contact(services, "ops@example.com")
    listed = {c.id: c for c in services.store.state.billing.contacts}
    assert listed[contact].email == "ops@example.com"  # not the random one invapi gives
    await billing.update_contact(services, contact, "oncall@example.com", "+31 6 1234 5678")
    assert {c.id: c.email for c in services.store.state.billing.contacts}[
        contact
    ] == "oncall@example.com"
    await billing.delete_contact(services, contact)
    assert contact not in {c.id for c in services.store.state.billing.contacts}


async def test_account_changes_are_checked_and_only_what_changed_is_sent(
    services: Services, world: World
) -> None:
    client = services.store.state.billing.client
    assert client is not None
    current = {"city": client.city, "country": client.country, "email": client.email}
    send, problems = billing.client_changes(
        current, {"city": "Utrecht", "country": "nl", "email": client.email}
    )
    assert send == {"billing_city": "Utrecht"} and "country" in problems
    await billing.update_client(services, send)
    assert services.store.state.billing.client.city == "Utrecht"  # type: ignore[union-attr]
    assert world.logged("whmcs", "update_client")[0].form.keys() == {
        "action",
        "billing_city",
        "token",
    }


async def test_password_reset_asks_for_the_account_email(services: Services, world: World) -> None:
    with pytest.raises(ApiError, match="not this account"):
        await billing.reset_password(services, "someone@else.example")
    await billing.reset_password(services, world.email)
    assert world.count("whmcs", "reset_password") == 1


async def test_server_billing_and_the_next_invoice(services: Services) -> None:
    await billing.server_billing(services, 34533)
    data = services.store.state.billing.servers[34533]
    assert data.status == "Active" and data.recurring.display() == "8.00 EUR"
    invoice = await billing.generate_due_invoice(services, 34533)
    assert invoice in {i.id for i in services.store.state.billing.related[34533]}


def test_malformed_amounts_are_kept_as_written_and_flagged() -> None:
    odd = Money.of("2.5.00", "EUR", suffix="EUR")
    assert odd.display() == "2.5.00 (?)"
    assert (
        check_credit_payment(Decimal(1), Money.of("10", "EUR"), odd) is not None
    )  # never paid blind
    assert (
        parse_amount("12,5") == Decimal("12.5")
        and parse_amount("-1") is None
        and parse_amount("1.234") is None
    )


async def test_invoice_views_filter_sort_and_total(services: Services) -> None:
    invoices = services.store.state.billing.invoices
    from datetime import date

    today = date.fromtimestamp(services.clock.now())
    rows = invoice_rows(invoices, parse_invoice_query(""), today)
    assert rows[0].id == 23452 and rows[0].days_overdue(today) == 12  # overdue first
    assert all(r.unpaid for r in rows[:3]) and not any(r.unpaid for r in rows[3:])
    assert [
        i.id for i in invoice_rows(invoices, parse_invoice_query("status:unpaid min:20"), today)
    ] == [23452]
    months, years = totals(invoices)
    odd_month = next(t for t in months if t.unreadable)
    assert odd_month.unreadable == 1 and years[0].count == len([i for i in invoices if i.date])
    assert (
        check_client_field("country", "NL") is None
        and check_client_field("email", "nope") is not None
    )


# -- every read stands alone ----------------------------------------------------------------

#: Each part of the Billing screen and the whmcs action that reads it.
READS = {
    "client": "get_client",
    "invoices": "get_invoices",
    "credits": "getcredits",
    "transactions": "transactions",
    "contacts": "get_contacts",
}


def refuse(world: World, action: str, resource: str = "whmcs") -> None:
    """invapi refuses `action` from now on, as it refuses a call the role lacks."""
    for token in world.tokens.values():
        token.permissions = [p for p in token.permissions if p != f"{resource}/{action}"]


def many_invoices(world: World, count: int) -> None:
    """Paid invoices enough that the account has `count` of them (several pages)."""
    for n in range(count - len(world.invoices)):
        invoice = SimInvoice(
            id=50_000 + n,
            date=world.day(-200 - n % 300),
            due=world.day(-185 - n % 300),
            subtotal="10.00",
            status="Paid",
            datepaid=world.stamp(-190 - n % 300),
        )
        world.invoices[invoice.id] = invoice


def page_route(monkeypatch: pytest.MonkeyPatch, answer: Callable[[World, Form, Ctx], JSON]) -> None:
    """`whmcs/get_invoices` answered by `answer` instead (a server that pages badly, say)."""
    held = ROUTES[("whmcs", "get_invoices")]
    monkeypatch.setitem(ROUTES, ("whmcs", "get_invoices"), Route(answer, held.auth, held.pin))


def starts(world: World) -> list[str]:
    return [r.field("limitstart") for r in world.logged("whmcs", "get_invoices")]


@pytest.mark.parametrize("part", list(READS))
async def test_each_read_stands_alone(
    client: InvapiClient, clock: ManualClock, world: World, part: str
) -> None:
    made = Services(client, Store(), clock)
    await run_session(made)
    refuse(world, READS[part])
    await billing.load_billing(made)
    state = made.store.state.billing
    failed = state.part(part)
    assert failed.error and READS[part] in failed.error and failed.at is None
    assert not failed.reading
    others = [p for p in READS if p != part]
    assert all(state.part(p).at is not None and not state.part(p).error for p in others)
    present = {
        "client": state.client is not None,
        "invoices": bool(state.invoices),
        "credits": bool(state.credits),
        "transactions": bool(state.transactions),
        "contacts": bool(state.contacts),
    }
    assert [p for p, there in present.items() if not there] == [part]
    assert "transactions" not in state.part("contacts").error  # never blamed on another read


async def test_invoices_are_read_page_by_page_until_the_count_is_covered(
    client: InvapiClient, clock: ManualClock, world: World, tmp_path: Path
) -> None:
    many_invoices(world, 612)
    made = Services(client, Store(), clock)
    await run_session(made)
    progress: list[tuple[int, int | None]] = []
    made.store.subscribe(
        lambda state: progress.append(state.billing.part("invoices").progress or (0, None))
    )
    await billing.load_billing(made, ("invoices",))
    assert starts(world) == ["0", "100", "200", "300", "400", "500", "600"]
    assert {r.field("limitnum") for r in world.logged("whmcs", "get_invoices")} == {"100"}
    state = made.store.state.billing
    assert len(state.invoices) == len({i.id for i in state.invoices}) == 612
    assert state.part("invoices").total == 612 and not state.part("invoices").partial
    assert (200, 612) in progress  # said while reading: "invoices 200/612…"
    _months, years = totals(state.invoices)
    assert sum(t.count for t in years) == 612
    path = invoice_export.write_invoices(tmp_path / "all.csv", state.invoices)
    assert len(path.read_text().splitlines()) == 613  # a header and every invoice


async def test_a_page_that_fails_keeps_what_was_read_said_partial(
    client: InvapiClient, clock: ManualClock, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    many_invoices(world, 612)
    made = Services(client, Store(), clock)
    await run_session(made)
    held = ROUTES[("whmcs", "get_invoices")].handler

    def fifth_page_fails(w: World, form: Form, ctx: Ctx) -> JSON:
        if form.get("limitstart") == "400":
            raise SimError({"result": "error", "message": "Database busy"})
        return held(w, form, ctx)

    page_route(monkeypatch, fifth_page_fails)
    await billing.load_billing(made, ("invoices",))
    part = made.store.state.billing.part("invoices")
    assert (part.done, part.total) == (400, 612) and part.partial
    assert part.error.startswith("page 5 failed:") and "Database busy" in part.error
    assert len(made.store.state.billing.invoices) == 400


def _ignores_limitstart(world: World, form: Form, ctx: Ctx) -> JSON:
    rows = [{"id": 70_000 + n, "status": "Paid", "subtotal": "1.00"} for n in range(100)]
    return {"result": "success", "totalresults": 612, "numreturned": 100, "invoices": rows}


def _empty_page(world: World, form: Form, ctx: Ctx) -> JSON:
    start = int(form.get("limitstart"))
    rows = [{"id": 70_000 + start + n} for n in range(100)] if start < 200 else []
    return {"result": "success", "totalresults": 612, "numreturned": len(rows), "invoices": rows}


def _shrinking(world: World, form: Form, ctx: Ctx) -> JSON:
    start = int(form.get("limitstart"))
    rows = [{"id": 70_000 + start + n} for n in range(100)]
    return {"result": "success", "totalresults": 612 - start, "numreturned": 100, "invoices": rows}


def doc_example_pages(world: World, form: Form, ctx: Ctx) -> JSON:
    """What the documentation's reply says, whatever is asked: 5 of 6, always the same 5."""
    rows = [{"id": i} for i in (23455, 23451, 23449, 18580, 10116)]
    return {"result": "success", "totalresults": 6, "numreturned": 5, "invoices": {"invoice": rows}}


@pytest.mark.parametrize(
    ("answer", "read", "says"),
    [
        (_ignores_limitstart, 100, "same invoices again for limitstart=100"),
        (_empty_page, 200, "no invoices from number 201 on"),
        (_shrinking, 100, "went down from 612 to 512"),
        (doc_example_pages, 5, "same invoices again for limitstart=5"),
    ],
)
async def test_a_server_that_does_not_page_is_not_followed_for_ever(
    client: InvapiClient,
    clock: ManualClock,
    world: World,
    monkeypatch: pytest.MonkeyPatch,
    answer: Callable[[World, Form, Ctx], JSON],
    read: int,
    says: str,
) -> None:
    made = Services(client, Store(), clock)
    await run_session(made)
    page_route(monkeypatch, answer)
    await billing.load_billing(made, ("invoices",))
    part = made.store.state.billing.part("invoices")
    assert part.done == read and part.partial and says in part.error
    assert world.count("whmcs", "get_invoices") <= 3


async def test_getcredits_names_a_server_of_the_account(services: Services, world: World) -> None:
    sent = world.logged("whmcs", "getcredits")
    assert sent and {r.field("id") for r in sent} == {str(min(services.store.state.server_ids))}
    assert services.store.state.billing.credits


async def test_credit_is_not_asked_for_without_a_server(
    client: InvapiClient, clock: ManualClock, world: World
) -> None:
    made = Services(client, Store(), clock)
    await run_session(made)
    made.store.dispatch(ServerIdsListed(()))
    await billing.load_billing(made, ("credits",))
    part = made.store.state.billing.part("credits")
    assert "has none" in part.error and part.at is None
    assert world.count("whmcs", "getcredits") == 0


async def test_amounts_are_sent_as_whole_numbers(services: Services, world: World) -> None:
    await billing.pay_from_credit(services, 23452, 35)
    await billing.add_funds(services, 50)
    assert world.logged("whmcs", "apply_credit")[0].form["amount"] == ["35"]
    assert world.logged("whmcs", "create_addfunds")[0].form["amount"] == ["50"]
    with pytest.raises(ApiError, match="whole amount"):
        await services.client.whmcs.apply_credit(23451, Decimal("12.50"))
    assert world.count("whmcs", "apply_credit") == 1  # the fraction was never sent
    assert whole_amount_problem("12.50") == (
        "Whole amounts only: invapi takes the amount as a whole number (12, not 12.50)."
    )
    assert parse_whole_amount("12,00") == 12 and parse_whole_amount("12.5") is None


async def test_the_simulator_takes_what_the_documentation_says(
    client: InvapiClient, world: World
) -> None:
    many_invoices(world, 612)
    page = await client.call("whmcs", "get_invoices")
    assert isinstance(page, dict) and page["totalresults"] == 612 and page["numreturned"] == 25
    refused: list[tuple[str, dict[str, FieldValue]]] = [
        ("getcredits", {}),  # id (a server's) is required
        ("apply_credit", {"invoice_id": 23452, "amount": "12.50"}),  # amount is an int
        ("create_addfunds", {"amount": "12.50"}),
        ("add_contact", {"firstname": "Ops"}),  # the table lists no field
        ("get_invoices", {"limitnum": "ten"}),
    ]
    for action, fields in refused:
        with pytest.raises(ApiError):
            await client.call("whmcs", action, fields)
    assert len(world.contract_refusals) == len(refused)  # each refused against the contract
    world.contract_refusals.clear()  # sent wrong on purpose
    world.strict = False  # the handlers themselves refuse what is not a whole amount
    with pytest.raises(ApiError, match="whole number"):
        await client.call("whmcs", "apply_credit", {"invoice_id": 23452, "amount": "12.50"})
    with pytest.raises(NotFound, match="invalid server id"):
        await client.call("whmcs", "getcredits")


async def test_refused_cancellations_are_kept_and_said(
    client: InvapiClient, clock: ManualClock, world: World
) -> None:
    made = Services(client, Store(), clock)
    await client.auth.login()
    refuse(world, "get_cancellation_requests")
    await run_session(made)
    state = made.store.state
    assert "get_cancellation_requests" in state.billing.part("cancellations").error
    assert state.account.credit is not None  # the header was read regardless
    assert cancel_marks_problem(state).startswith("✕cancel marks unknown")


def _uncounted(world: World, form: Form, ctx: Ctx) -> JSON:
    """Pages without `totalresults`: 4 invoices in all."""
    start, size = int(form.get("limitstart")), int(form.get("limitnum"))
    rows = [{"id": 80_000 + n} for n in range(start, min(start + size, 4))]
    return {"result": "success", "numreturned": len(rows), "invoices": rows}


async def test_without_a_count_an_empty_page_after_full_ones_is_the_end(
    client: InvapiClient, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    page_route(monkeypatch, _uncounted)
    await client.auth.login()
    pages = [page async for page in client.whmcs.invoice_pages(limitnum=2)]
    assert [i.id for p in pages for i in p.invoices] == [80_000, 80_001, 80_002, 80_003]


async def test_a_billing_read_called_off_leaves_no_part_reading(
    client: InvapiClient, clock: ManualClock, world: World
) -> None:
    made = Services(client, Store(), clock)
    await run_session(made)
    # The account read is still on its way when the read is called off (cancelled at once:
    # no test time passes).
    world.faults.add("latency", "whmcs/get_client", 600, times=1)
    read = asyncio.ensure_future(billing.load_billing(made))
    for _ in range(5):
        await asyncio.sleep(0)
    read.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await read
    parts = made.store.state.billing
    assert all(not parts.part(name).reading for name in ("client", "credits", "transactions"))
