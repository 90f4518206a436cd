"""Nothing on the Billing screen is wrong about money: what was invoiced and what is left to
pay are two columns that cannot be misread, each sum says what it adds, an unreadable amount
is never a number, and what cannot be done to an invoice is not offered."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from hostkey_tui.config.model import Config, UiSettings
from hostkey_tui.models.billing import Invoice
from hostkey_tui.models.common import Money
from hostkey_tui.state.billing_views import balance_due, totals
from hostkey_tui.state.state import Billing
from hostkey_tui.ui.billing.invoice import InvoiceScreen
from hostkey_tui.ui.billing.parts import invoice_cells, totals_text
from hostkey_tui.ui.kit.widgets.table import Table
from tests.ui.driver import Driver


def eur(raw: str) -> Money:
    return Money.of(raw, "EUR")


def invoice(number: int, *, total: str, credit: str = "0.00", status: str = "Paid") -> Invoice:
    return Invoice(
        id=number,
        number=str(number),
        date=date(2026, 10, number % 28 + 1),
        due=date(2026, 10, 28),
        paid=None,
        subtotal=eur("35.00"),
        credit=eur(credit),
        tax=eur("0.00"),
        total=eur(total),
        status=status,
        currency="EUR",
    )


def offered(screen: Any, action: str) -> bool:
    return any(
        active.enabled and active.binding.action == action
        for active in screen.active_bindings.values()
    )


def test_an_invoice_paid_from_credit_was_invoiced_in_full_and_owes_nothing() -> None:
    paid = invoice(1, total="0.00", credit="35.00")
    cells = invoice_cells(paid, date(2026, 11, 30), marked=False)
    assert cells["gross"].plain == "35.00 EUR"  # not the 0.00 of invapi's net total
    assert cells["balance"].plain == "0.00 EUR"
    unpaid = invoice(2, total="20.00", credit="15.00", status="Unpaid")
    cells = invoice_cells(unpaid, date(2026, 11, 30), marked=False)
    assert (cells["gross"].plain, cells["balance"].plain) == ("35.00 EUR", "20.00 EUR")


def test_the_sums_add_the_invoiced_amounts_and_say_so() -> None:
    rows = [invoice(1, total="0.00", credit="35.00"), invoice(2, total="35.00", status="Unpaid")]
    months, years = totals(rows)
    assert [(t.period, t.amount) for t in months] == [("2026-10", Decimal("70.00"))]
    said = str(totals_text(Billing(), 2, False, months, years, balance_due(rows, {})))
    assert "balance due: 35.00 EUR on 1 unpaid" in said
    assert "invoiced (gross) by month: 2026-10 70.00 EUR (2)" in said
    assert "invoiced (gross) by year: 2026 70.00 EUR" in said


def test_a_month_holding_an_unreadable_amount_is_not_a_number() -> None:
    only = [invoice(1, total="2.5.00")]
    months, years = totals(only)
    said = str(totals_text(Billing(), 1, False, months, years, []))
    assert "2026-10 unknown (1, 1 unreadable)" in said and "0.00" not in said
    both = [invoice(1, total="2.5.00"), invoice(2, total="35.00")]
    months, years = totals(both)
    said = str(totals_text(Billing(), 2, False, months, years, []))
    assert "2026-10 at least 35.00 EUR (2, 1 unreadable)" in said


async def test_the_columns_say_invoiced_and_balance_due_at_80_columns(ui: Driver) -> None:
    async with ui.run(size=(80, 24)) as app:
        await ui.section("billing")
        table = app.screen.query_one("#invoices", Table)
        labels = [str(c.label) for c in table.columns.values()]
        assert {"Invoice", "Due date", "Invoiced", "Balance due", "Status"} <= set(labels)
        assert "Total" not in labels  # invapi's net total reads as "free" on a credit payment
        assert "balance due:" in ui.text("#totals")


async def test_paying_is_not_offered_on_a_paid_invoice(ui: Driver) -> None:
    async with ui.run() as app:
        screen = await ui.section("billing")
        assert screen._current().unpaid and offered(screen, "pay_credit")
        await ui.key("billing.filter")
        await ui.type("status:paid")
        await ui.press("enter")
        await ui.pause(2)
        assert screen._current() is not None and not screen._current().unpaid
        assert not offered(screen, "pay_credit") and not offered(screen, "how_to_pay")
        before = len(ui.requests)
        await ui.press(ui.bound("billing.pay"))
        await ui.settle()
        assert ui.mutations(before) == [] and app.screen is screen


async def test_escape_clears_the_invoice_filter_and_an_empty_result_says_so(ui: Driver) -> None:
    async with ui.run():
        screen = await ui.section("billing")
        table = screen.query_one("#invoices", Table)
        every = table.row_count
        await ui.key("billing.filter")
        await ui.type("no-such-invoice")
        await ui.pause(2)
        assert table.row_count == 0
        assert table.empty == "Nothing matches “no-such-invoice”. esc clears the filter."
        assert "0 of" in ui.text("#totals")
        await ui.press("enter")  # back on the (empty) rows: esc still clears
        await ui.key("billing.clear")
        await ui.pause(2)
        assert table.row_count == every and table.empty == "" and table.has_focus
        assert screen.query_text == ""


async def test_an_invoice_shows_what_was_invoiced_and_offers_pay_only_while_unpaid(
    ui: Driver,
) -> None:
    async with ui.run() as app:
        billing = await ui.section("billing")
        paid = next(i for i in app.state.billing.invoices if not i.unpaid)
        await ui.jump(f"invoice {paid.number}")
        await ui.settle()
        screen = app.screen
        assert isinstance(screen, InvoiceScreen) and screen is not billing
        text = ui.text("#invoice")
        assert "Invoiced (before credit)" in text and "Balance due" in text
        assert "Total " not in text and "c pays from credit" not in text
        assert not offered(screen, "pay_credit") and offered(screen, "download")


async def test_an_invoice_that_cannot_be_read_offers_only_going_back(ui: Driver) -> None:
    async with ui.run() as app:
        await ui.section("billing")
        await ui.jump("invoice 1")
        await ui.settle()
        screen = app.screen
        assert isinstance(screen, InvoiceScreen)
        assert "esc goes back" in ui.text("#invoice")
        for action in ("pay_credit", "how_to_pay", "download", "open_pdf"):
            assert not offered(screen, action), action
        assert offered(screen, "back")


async def test_the_csv_export_names_each_invoices_items_and_servers(
    ui: Driver, tmp_path: Path
) -> None:
    async with ui.run(Config(ui=UiSettings(download_dir=tmp_path))) as app:
        await ui.section("billing")
        await ui.key("billing.export")
        await ui.settle()
        [path] = tmp_path.glob("hostkey-invoices-*.csv")
        rows = list(csv.DictReader(io.StringIO(path.read_text())))
        assert len(rows) == len(app.state.billing.invoices)
        assert {"invoiced", "balance due", "items", "servers"} <= set(rows[0])
        hosting = [r for r in rows if r["servers"]]
        assert hosting and all("(" in r["servers"] for r in hosting)
        server = next(iter(app.state.servers.values()))
        assert any(server.hostname in r["servers"] for r in rows)
        assert all(r["items"] and r["items"] != "not read" for r in rows)
        # each invoice's items read once, a few at a time, never the whole list again
        assert ui.count("whmcs", "get_invoice") <= len(rows)
        # the items only: an export is not each invoice opened (no transactions read for it)
        before_export = ui.count("whmcs", "transactions")
        await ui.key("billing.export")
        await ui.settle()
        assert ui.count("whmcs", "transactions") == before_export


async def test_a_list_filtered_to_nothing_offers_nothing_to_do_to_an_invoice(ui: Driver) -> None:
    async with ui.run():
        screen = await ui.section("billing")
        await ui.key("billing.filter")
        await ui.type("zzz")
        await ui.press("enter")
        await ui.pause(2)
        for action in ("mark", "download", "pay_credit", "how_to_pay", "open"):
            assert not offered(screen, action), action
        assert offered(screen, "export")
