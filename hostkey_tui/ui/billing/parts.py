"""What the Billing screen says of each of its parts: the rows, and, in the part's own place,
that it is being read, could not be read (what and why, and that `r` tries again), or was
read only in part. A part that was not read is never shown as zero or empty."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from rich.cells import cell_len
from rich.text import Text
from textual.content import Content

from hostkey_tui.models.billing import (
    Client,
    Contact,
    CreditEntry,
    Invoice,
    InvoiceDetail,
    Transaction,
)
from hostkey_tui.models.common import Money
from hostkey_tui.state.billing_views import PART_LABELS, Total, unread_parts
from hostkey_tui.state.state import Billing, BillingPart
from hostkey_tui.ui.kit.status import ago
from hostkey_tui.ui.kit.text import cell, line, literal

RETRY = "r tries again"

INVOICE_COLUMNS = {
    "mark": " ",
    "invoice": "Invoice",
    "date": "Date",
    "due": "Due date",
    "paid": "Paid on",
    "subtotal": "Subtotal",
    "tax": "Tax",
    # invapi's `total` is net of credit: a 35 EUR invoice paid from credit has a total of 0.
    # What was invoiced and what is left to pay each have a column, named so neither reads
    # as the other.
    "gross": "Invoiced",
    "credit": "Credit used",
    "balance": "Balance due",
    "status": "Status",
    "method": "Method",
}
# What stays when the terminal is narrow: what is owed, by when, and what was invoiced first;
# the rest is one Enter away in the invoice itself.
KEEP_FIRST = (
    "mark", "invoice", "due", "gross", "balance", "status", "date", "paid", "method", "credit",
    "subtotal", "tax",
)  # fmt: skip
CELL_PADDING = 2


def today(app_clock_now: float) -> date:
    return datetime.fromtimestamp(app_clock_now, UTC).date()


def invoice_cells(
    invoice: Invoice, day: date, marked: bool, detail: InvoiceDetail | None = None
) -> dict[str, Text]:
    overdue = invoice.days_overdue(day)
    status_style = "bold red" if overdue else ("yellow" if invoice.unpaid else "green")
    status = f"{invoice.status}, {overdue} d overdue" if overdue else invoice.status

    def amount(value: Money, style: str = "") -> Text:
        text = value.display()
        shown = cell(text, "bold yellow" if "(?)" in text else style)
        shown.justify = "right"  # amounts line up on their decimal point, as in every list
        return shown

    balance = invoice.balance_due(detail)
    return {
        "mark": cell("●" if marked else ""),
        "invoice": cell(invoice.number),
        "date": cell(invoice.date.isoformat() if invoice.date else ""),
        "due": cell(invoice.due.isoformat() if invoice.due else "", "bold red" if overdue else ""),
        "paid": cell(invoice.paid.date().isoformat() if invoice.paid else "—"),
        "subtotal": amount(invoice.subtotal),
        "tax": amount(invoice.tax),
        "gross": amount(invoice.gross),
        "credit": amount(invoice.credit),
        "balance": amount(balance, "bold" if invoice.unpaid else "dim"),
        "status": cell(status, status_style),
        "method": cell(invoice.payment_method),
    }


def fitting_columns(rows: list[dict[str, Text]], width: int) -> list[str]:
    """The invoice columns that fit in `width` cells, most needed first, in reading order."""
    natural = {
        name: max([cell_len(label), *(r[name].cell_len for r in rows)]) + CELL_PADDING
        for name, label in INVOICE_COLUMNS.items()
    }
    chosen: set[str] = set()
    used = 0
    for name in KEEP_FIRST:
        if used + natural[name] > width and len(chosen) >= 2:
            continue
        chosen.add(name)
        used += natural[name]
    return [name for name in INVOICE_COLUMNS if name in chosen]


def part_note(name: str, part: BillingPart, has_data: bool, now: float) -> Content | None:
    """What is said in a part's place above its rows, or None when the rows say it all."""
    label = PART_LABELS[name]
    if part.error:
        text = f"{label[0].upper()}{label[1:]} could not be read: {part.error}"
        if has_data and part.at is not None:
            text += f"\nShown: what was read {ago(now - part.at)}."
        text += "\nReading again…" if part.reading else f"\n{RETRY}."
        return literal(text, "yellow")
    if part.reading and not has_data:
        return literal(f"reading {label}…", "dim")
    if part.at is None and not part.reading:
        return literal(f"Not read yet: {label}. r reads it.", "dim")
    return None


def invoices_note(billing: Billing, now: float) -> Content | None:
    """The invoices' own words: pages read so far, a read cut short, or a read that failed."""
    part = billing.part("invoices")
    read = part.at is not None
    if part.reading and part.progress is not None and part.progress[1]:
        return literal(f"reading invoices {part.progress[0]}/{part.progress[1]}…", "dim")
    if read and part.error and part.partial:
        return literal(
            f"{part.done} of {part.total} invoices read: {part.error}; {RETRY}. "
            "The totals below count only those read.",
            "yellow",
        )
    return part_note("invoices", part, read, now)


def totals_text(
    billing: Billing,
    shown: int,
    filtered: bool,
    months: list[Total],
    years: list[Total],
    owed: list[Total] | None = None,
) -> Content:
    """The invoice count, what is left to pay, and what was invoiced (gross, before credit) by
    month and year; each sum says what it adds. A sum holding an amount that could not be read
    is "at least" (or unknown), never a number that reads as whole; partial when a page could
    not be read."""
    part = billing.part("invoices")
    count = len(billing.invoices)
    partial = part.partial and bool(part.error)
    listed = f"{shown} of {count} invoices" if filtered else f"{count} invoices"
    if partial:
        listed += f" (partial: {part.done} of {part.total} read)"
    due_text = " · ".join(
        f"{_sum(t)}" + ("" if t.unreadable else f" on {t.count} unpaid") for t in owed or []
    )
    month_text = " · ".join(f"{t.period} {_sum(t, count=True)}" for t in months[:4])
    year_text = " · ".join(f"{t.period} {_sum(t)}" for t in years[:3])
    return line(
        (listed, "bold"),
        "   partial totals, of those read:" if partial else "",
        "   balance due: ",
        (due_text or "nothing", "bold" if due_text else ""),
        "\ninvoiced (gross) by month: ",
        month_text or "—",
        "\ninvoiced (gross) by year: ",
        year_text or "—",
    )


def _sum(total: Total, count: bool = False) -> str:
    """One sum as said under the invoices: unknown when no amount of it could be read."""
    known = total.count - total.unreadable
    if total.unreadable and not known:
        amount = "unknown"
    elif total.unreadable:
        amount = f"at least {total.amount:,.2f} {total.currency}"
    else:
        amount = f"{total.amount:,.2f} {total.currency}"
    if total.unreadable:
        return f"{amount} ({total.count}, {total.unreadable} unreadable)"
    return f"{amount} ({total.count})" if count else amount


def account_text(client: Client | None, part: BillingPart, now: float) -> Content:
    note = part_note("client", part, client is not None, now)
    if client is None:
        return note or literal("reading the account…", "dim")
    rows = [
        ("Name", client.name),
        ("Company", client.company),
        ("E-mail", client.email),
        ("Address", ", ".join(p for p in (client.address1, client.address2) if p)),
        ("City", " ".join(p for p in (client.postcode, client.city, client.state) if p)),
        ("Country", f"{client.country} {client.country_name}".strip()),
        ("Phone", client.phone),
        ("Currency", client.currency_code),
        ("Credit", client.credit.display()),
        ("Status", client.status),
        ("2FA", "on" if client.two_factor else "off"),
        ("Client type", client.client_type),
        ("Last login", client.last_login),
    ]
    settings = client.settings
    rows += [
        (
            "Auto-pay",
            settings.shown("auto_pay")
            + (": new invoices are paid from credit" if settings.auto_pay else ""),
        ),
        ("Pay on 1st", settings.shown("pay_first_day")),
        ("SMS number", settings.shown("sms_number")),
        (
            "Marketing",
            f"e-mails {settings.shown('marketing_emails')}, SMS {settings.shown('marketing_sms')}",
        ),
    ]
    body = [note, literal("")] if note is not None else []
    body += [line((label.ljust(13), "dim"), value or "—") for label, value in rows]
    loaded = ago(now - part.at) if part.at is not None else "not yet"
    body.append(literal(""))
    body.append(
        literal(
            f"read {loaded} · e edits · S settings · P resets the password · a adds funds", "dim"
        )
    )
    return literal("\n").join(body)


def empty_note(name: str) -> Content:
    """A part read well that has no rows: said, so that it is not mistaken for a failure."""
    words = {
        "credits": "No credit movements on this account.",
        "transactions": "No transactions on this account.",
        "contacts": "No additional contacts: n adds one.",
        "invoices": "No invoices on this account.",
    }
    return literal(words[name], "dim")


def status_left(billing: Billing, now: float) -> str:
    """The billing words of the status line: which parts could not be read, else how fresh."""
    invoices = billing.part("invoices")
    partly = invoices.at is not None and invoices.partial and bool(invoices.error)
    failed = [PART_LABELS[n] for n in unread_parts(billing) if not (n == "invoices" and partly)]
    said = [f"not read: {', '.join(failed)}"] if failed else []
    if partly:
        said.append(f"invoices read in part ({invoices.done}/{invoices.total})")
    if said:
        return f"{'; '.join(said)} ({RETRY})"
    times = [billing.part(n).at for n in ("client", "invoices")]
    read = [t for t in times if t is not None]
    return f"billing read {ago(now - min(read))}" if read else ""


def status_right(billing: Billing, day: date, marked: int) -> str:
    """Unpaid and overdue counts; said unknown (never 0) when the invoices were not read."""
    part = billing.part("invoices")
    if part.at is None:
        if part.error:
            return "unpaid/overdue unknown"
        going = part.progress
        return f"invoices {going[0]}/{going[1]}…" if part.reading and going and going[1] else ""
    unpaid = [i for i in billing.invoices if i.unpaid]
    overdue = [i for i in unpaid if i.days_overdue(day)]
    right = f"{len(unpaid)} unpaid" + (f", {len(overdue)} overdue" if overdue else "")
    if part.partial and part.error:
        right += f" of {part.done}/{part.total} invoices read"
    if marked:
        right += f" · {marked} marked"
    return right


def export_words(part: BillingPart, count: int, path: Path) -> tuple[str, bool]:
    """What is said of a CSV export, and whether it holds only part of the invoices."""
    partial = part.partial and bool(part.error)
    words = f"{count} invoices saved to {path} (mode 0600)."
    if partial:
        words += f" Partial: only {part.done} of the {part.total} invoices could be read."
    return words, partial


def credit_rows(credits: tuple[CreditEntry, ...]) -> list[tuple[Text, ...]]:
    """The credit history, newest first; money coming in is green."""
    rows: list[tuple[Text, ...]] = []
    for entry in sorted(credits, key=lambda c: c.date or date.min, reverse=True):
        style = "green" if entry.amount.amount and entry.amount.amount > 0 else ""
        rows.append(
            (
                cell(entry.date.isoformat() if entry.date else ""),
                cell(entry.amount.display(), style),
                cell(entry.description),
            )
        )
    return rows


def transaction_rows(transactions: tuple[Transaction, ...]) -> list[tuple[Text, ...]]:
    """The transactions, newest first."""
    return [
        (
            cell(t.date.isoformat(" ") if t.date else ""),
            cell(str(t.invoice_id or "")),
            cell(t.amount_in.display()),
            cell(t.amount_out.display()),
            cell(t.fees.display()),
            cell(t.gateway),
            cell(t.transaction_id),
        )
        for t in sorted(transactions, key=lambda t: t.date or datetime.min, reverse=True)
    ]


def contact_cells(contact: Contact) -> tuple[Text, ...]:
    updated = contact.updated.date().isoformat() if contact.updated else ""
    return (
        cell(contact.name),
        cell(contact.email),
        cell(contact.phone),
        cell(contact.country),
        cell(updated),
    )
