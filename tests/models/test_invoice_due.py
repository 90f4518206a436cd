"""What an invoice still needs paid: one rule, for the pay-from-credit form and its service."""

from __future__ import annotations

from decimal import Decimal

import pytest

from hostkey_tui.models.billing import Invoice, InvoiceDetail, check_credit_payment
from hostkey_tui.models.common import Money

TOTAL = Money.of("80.00", "EUR")


def detail(balance: str, status: str = "Unpaid") -> InvoiceDetail:
    invoice = Invoice(7, "7", None, None, None, TOTAL, Money.of("0"), Money.of("0"), TOTAL, status)
    return InvoiceDetail(invoice, (), Money.of(balance, "EUR"))


@pytest.mark.parametrize(
    ("balance", "status", "due"),
    [
        ("30.00", "Unpaid", Decimal("30.00")),  # part paid: what is left
        ("80.00", "Unpaid", Decimal("80.00")),
        ("0.00", "Unpaid", Decimal("80.00")),  # zero cannot be what is left of an unpaid one
        ("0.00", "Paid", Decimal("0.00")),  # paid: nothing due
        ("-5.00", "Unpaid", Decimal("0.00")),  # overpaid: nothing due, never the total again
    ],
)
def test_the_amount_due_is_the_balance_unless_an_unpaid_invoice_reads_zero(
    balance: str, status: str, due: Decimal
) -> None:
    assert detail(balance, status).amount_due.amount == due


def test_an_unreadable_balance_leaves_the_amount_due_unreadable_and_nothing_is_paid() -> None:
    unread = detail("2.5.00")
    assert unread.amount_due.amount is None and unread.amount_due.raw == "2.5.00"
    problem = check_credit_payment(10, Money.of("500.00", "EUR"), unread.amount_due)
    assert problem is not None and "2.5.00" in problem


def test_an_overpaid_invoice_takes_nothing_from_credit() -> None:
    problem = check_credit_payment(1, Money.of("500.00", "EUR"), detail("-5.00").amount_due)
    assert problem is not None and "more than is due" in problem
