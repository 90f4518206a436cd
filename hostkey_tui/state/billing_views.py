"""The invoice list as people read it: unpaid first (overdue first of all), filtered by status,
date range and amount, with totals by month and by year."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal

from hostkey_tui.models.billing import Invoice, InvoiceDetail
from hostkey_tui.models.common import Money, as_decimal
from hostkey_tui.records import dataclass
from hostkey_tui.state.state import BILLING_PARTS, AppState, Billing


@dataclass(frozen=True, slots=True)
class InvoiceQuery:
    status: str = ""
    start: date | None = None
    end: date | None = None
    low: Decimal | None = None
    high: Decimal | None = None
    text: str = ""


def _day(text: str, *, end: bool) -> date | None:
    match = re.fullmatch(r"(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?", text)
    if not match:
        return None
    year = int(match[1])
    month = int(match[2] or (12 if end else 1))
    if not 1 <= month <= 12:
        return None
    if match[3]:
        try:
            return date(year, month, int(match[3]))
        except ValueError:
            return None
    if not end:
        return date(year, month, 1)
    following = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
    return date.fromordinal(following.toordinal() - 1)


def parse_invoice_query(text: str) -> InvoiceQuery:
    """`status:unpaid from:2026-01 to:2026-06 min:5 max:100 words` (every part optional)."""
    status = ""
    start = end = None
    low = high = None
    words = []
    for word in text.split():
        name, sep, value = word.partition(":")
        name = name.lower()
        if sep and name == "status":
            status = value.lower()
        elif sep and name == "from":
            start = _day(value, end=False)
        elif sep and name == "to":
            end = _day(value, end=True)
        elif sep and name == "min":
            low = as_decimal(value)
        elif sep and name == "max":
            high = as_decimal(value)
        else:
            words.append(word.lower())
    return InvoiceQuery(status, start, end, low, high, " ".join(words))


def _matches(invoice: Invoice, query: InvoiceQuery) -> bool:
    if query.status and not invoice.status.lower().startswith(query.status):
        return False
    if query.start and (invoice.date is None or invoice.date < query.start):
        return False
    if query.end and (invoice.date is None or invoice.date > query.end):
        return False
    amount = invoice.total.amount if invoice.total.amount is not None else invoice.subtotal.amount
    if query.low is not None and (amount is None or amount < query.low):
        return False
    if query.high is not None and (amount is None or amount > query.high):
        return False
    if query.text:
        parts = (
            invoice.number,
            str(invoice.id),
            invoice.status,
            invoice.payment_method,
            invoice.notes,
        )
        haystack = " ".join(parts).lower()
        if any(word not in haystack for word in query.text.split()):
            return False
    return True


def invoice_rows(invoices: Sequence[Invoice], query: InvoiceQuery, today: date) -> list[Invoice]:
    """Unpaid first (the longest overdue first), then the rest, newest first."""
    chosen = [i for i in invoices if _matches(i, query)]
    return sorted(
        chosen,
        key=lambda i: (
            not i.unpaid,
            -i.days_overdue(today),
            -(i.due or i.date or date.min).toordinal()
            if not i.unpaid
            else (i.due or date.max).toordinal(),
            -i.id,
        ),
    )


@dataclass(frozen=True, slots=True)
class Total:
    period: str  # "2026-11" or "2026"
    amount: Decimal
    currency: str
    count: int
    unreadable: int  # invoices whose amount did not parse (shown as written, not added)


@dataclass(slots=True)
class _Sum:
    amount: Decimal = Decimal(0)
    count: int = 0
    unreadable: int = 0

    def add(self, money: Money) -> None:
        self.count += 1
        if money.amount is None:
            self.unreadable += 1
        else:
            self.amount += money.amount


def _listed(table: dict[tuple[str, str], _Sum]) -> list[Total]:
    return [
        Total(period, entry.amount, currency, entry.count, entry.unreadable)
        for (period, currency), entry in sorted(table.items(), reverse=True)
    ]


def totals(invoices: Sequence[Invoice]) -> tuple[list[Total], list[Total]]:
    """What was invoiced (gross, before credit: `Invoice.gross`) by month and by year, newest
    first; an amount that does not parse is counted apart, never as zero."""
    months: dict[tuple[str, str], _Sum] = defaultdict(_Sum)
    years: dict[tuple[str, str], _Sum] = defaultdict(_Sum)
    for invoice in invoices:
        if invoice.date is not None:
            gross = invoice.gross
            months[(invoice.date.strftime("%Y-%m"), invoice.currency)].add(gross)
            years[(str(invoice.date.year), invoice.currency)].add(gross)
    return _listed(months), _listed(years)


def balance_due(invoices: Sequence[Invoice], details: Mapping[int, InvoiceDetail]) -> list[Total]:
    """What is left to pay on the unpaid invoices, by currency (period: ""): each invoice's
    own balance where it was read, else what is left after credit."""
    owed: dict[tuple[str, str], _Sum] = defaultdict(_Sum)
    for invoice in invoices:
        if invoice.unpaid:
            owed[("", invoice.currency)].add(invoice.balance_due(details.get(invoice.id)))
    return _listed(owed)


#: How each part of billing is named when it is said that it could not be read.
PART_LABELS = {
    "client": "the account",
    "invoices": "the invoices",
    "credits": "the credit history",
    "transactions": "the transactions",
    "contacts": "the contacts",
    "cancellations": "the cancellation requests",
}


def unread_parts(billing: Billing) -> list[str]:
    """The parts of billing whose last read failed, in the order they are shown."""
    return [name for name in BILLING_PARTS if billing.part(name).error]


def cancel_marks_problem(state: AppState) -> str:
    """Why the server list's ✕cancel marks may be missing ("" when they can be trusted)."""
    part = state.billing.part("cancellations")
    if not part.error:
        return ""
    return (
        f"✕cancel marks unknown: the cancellation requests could not be read ({part.error}); "
        "r tries again"
    )
