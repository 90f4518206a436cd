"""Billing at the service layer: money moves once, is read back, and never on a bad amount."""

from __future__ import annotations

import os
from decimal import Decimal
from pathlib import Path

import pytest

from hostkey_tui.api import ApiError, InvapiClient
from hostkey_tui.clock import ManualClock
from hostkey_tui.models.billing import check_client_field, check_credit_payment, parse_amount
from hostkey_tui.models.common import Money
from hostkey_tui.services import billing
from hostkey_tui.services.context import Services
from hostkey_tui.services.session import run_session
from hostkey_tui.simulator.world import World
from hostkey_tui.state.billing_views import invoice_rows, parse_invoice_query, totals
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
    after = await billing.pay_from_credit(services, invoice, Decimal("35.00"))
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
        await billing.pay_from_credit(services, 23452, Decimal("999.00"))
    with pytest.raises(ApiError, match="more than is due"):
        await billing.pay_from_credit(services, 23452, Decimal("36.00"))
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
    invoice = await billing.add_funds(services, Decimal(50))
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
    contact = await billing.add_contact(services, "Ops", "Team", "ops@example.com")
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
