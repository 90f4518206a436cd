"""`hostkey-tui invoices` and `hostkey-tui invoice ID [--pdf PATH]`.

Amounts are the billing screen's: "invoiced" is before credit (invapi's `total` is after it),
"balance_due" nothing on a paid invoice. In JSON an amount is a string of its exact decimal
(`"35.00"`), or null with its text kept when invapi's is unreadable (`"2.5.00"`): never 0.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
from pathlib import Path
from typing import Any

from hostkey_tui.api.errors import InvapiError
from hostkey_tui.cli.context import OK, USAGE, CommandError, Context
from hostkey_tui.cli.output import Field, write_json, write_pairs, write_rows
from hostkey_tui.cli.session import close, open_session, sign_in
from hostkey_tui.models.billing import Invoice, InvoiceDetail
from hostkey_tui.models.common import Money
from hostkey_tui.state.billing_views import InvoiceQuery, invoice_rows, parse_invoice_query

INVOICE_FIELDS = (
    Field("id", "ID", right=True),
    Field("number", "Number", drop=6),
    Field("status", "Status"),
    Field("date", "Date", drop=3),
    Field("due_date", "Due date", drop=1),
    Field("paid_on", "Paid on", drop=4),
    Field("invoiced", "Invoiced", right=True, drop=2),
    Field("credit_used", "Credit used", right=True, drop=5),
    Field("balance_due", "Balance due", right=True),
    Field("currency", "Cur", drop=7),
)


def amount(money: Money) -> str | None:
    return None if money.amount is None else f"{money.amount:.2f}"


def shown(money: Money) -> str:
    """An amount for a table: the number, or invapi's text marked unreadable."""
    if money.amount is None:
        return f"{money.raw} (?)" if money.raw else ""
    return f"{money.amount:,.2f}"


def invoice_record(
    invoice: Invoice, today: dt.date, detail: InvoiceDetail | None = None
) -> dict[str, Any]:
    """One invoice as the command line's JSON gives it (documented in the README). An amount
    invapi wrote unreadably is null, its text under `unreadable`."""
    due = invoice.balance_due(detail)
    record: dict[str, Any] = {
        "id": invoice.id,
        "number": invoice.number,
        "status": invoice.status,
        "days_overdue": invoice.days_overdue(today),
        "date": invoice.date.isoformat() if invoice.date else None,
        "due_date": invoice.due.isoformat() if invoice.due else None,
        "paid_on": invoice.paid.date().isoformat() if invoice.paid else None,
        "invoiced": amount(invoice.gross),
        "credit_used": amount(invoice.credit),
        "total_after_credit": amount(invoice.total),
        "balance_due": amount(due),
        "currency": invoice.currency,
        "payment_method": invoice.payment_method,
    }
    amounts = {
        "invoiced": invoice.gross,
        "credit_used": invoice.credit,
        "total_after_credit": invoice.total,
        "balance_due": due,
    }
    unreadable = {name: m.raw for name, m in amounts.items() if m.amount is None and m.raw}
    if unreadable:
        record["unreadable"] = unreadable
    return record


def _table_row(invoice: Invoice, today: dt.date) -> dict[str, Any]:
    row = invoice_record(invoice, today)
    row["invoiced"] = shown(invoice.gross)
    row["credit_used"] = shown(invoice.credit)
    row["balance_due"] = shown(invoice.balance_due())
    if row["days_overdue"]:
        row["status"] = f"{invoice.status}, {row['days_overdue']} d overdue"
    return row


def _csv_row(invoice: Invoice, today: dt.date) -> dict[str, Any]:
    """JSON's values (exact amounts, empty when unreadable), what was unreadable in a column."""
    row = invoice_record(invoice, today)
    unreadable = row.pop("unreadable", {})
    row["unreadable"] = "; ".join(f"{name}={raw}" for name, raw in unreadable.items())
    return row


def month(text: str, *, end: bool) -> dt.date:
    """`YYYY-MM` (or `YYYY`, `YYYY-MM-DD`) as the first or last day it covers."""
    query = parse_invoice_query(f"{'to' if end else 'from'}:{text}")
    day = query.end if end else query.start
    if day is None:
        raise CommandError(f"{text!r} is not a month: write it YYYY-MM (2026-01)", USAGE)
    return day


async def invoices(args: argparse.Namespace, ctx: Context) -> int:
    start = month(args.since, end=False) if args.since else None
    end = month(args.until, end=True) if args.until else None
    if start and end and start > end:
        raise CommandError(f"--from {args.since} is after --to {args.until}", USAGE)
    session = open_session(args, ctx)
    try:
        await sign_in(session, ctx)
        from hostkey_tui.services.billing_reads import load_billing

        ctx.progress("reading invoices…")
        await load_billing(session.services, ("client", "invoices"))
        ctx.progress_done()
    finally:
        await close(session)
    state = session.services.store.state
    part = state.billing.part("invoices")
    if part.error:
        raise CommandError(f"the invoices could not be read: {part.error}")
    query = InvoiceQuery(status="unpaid" if args.unpaid else "", start=start, end=end)
    today = dt.datetime.fromtimestamp(ctx.clock.now(), dt.UTC).date()
    found = invoice_rows(state.billing.invoices, query, today)
    fields: tuple[Field, ...] = INVOICE_FIELDS
    if args.output == "json":
        rows = [invoice_record(i, today) for i in found]
    elif args.output == "csv":
        rows = [_csv_row(i, today) for i in found]
        fields = (*INVOICE_FIELDS, Field("days_overdue", "Days overdue"), Field("unreadable", ""))
    else:
        rows = [_table_row(i, today) for i in found]
    write_rows(
        ctx.out,
        args.output,
        fields,
        rows,
        width=ctx.width(),
        note=ctx.say,
        empty="No invoice matches." if args.unpaid or start or end else "No invoices.",
    )
    if part.partial:
        ctx.say(
            f"hostkey-tui: only {part.done} of {part.total} invoices could be read "
            f"(the rest failed: {part.error or 'a page failed'})"
        )
        return 1
    return OK


async def invoice(args: argparse.Namespace, ctx: Context) -> int:
    if args.invoice_id <= 0:
        raise CommandError(f"{args.invoice_id} is not an invoice id", USAGE)
    session = open_session(args, ctx)
    try:
        await sign_in(session, ctx)
        from hostkey_tui.services.billing import read_invoice
        from hostkey_tui.services.billing_reads import load_billing

        # the account's currency first: get_invoice names none
        await load_billing(session.services, ("client",))
        try:
            detail = await read_invoice(session.services, args.invoice_id)
        except InvapiError as error:
            raise CommandError(
                f"invoice {args.invoice_id} could not be read: {error.message}"
            ) from None
        saved = await _save_pdf(session.services, args, ctx) if args.pdf else None
    finally:
        await close(session)
    if saved == Path("-"):
        return OK  # stdout holds the PDF alone
    today = dt.datetime.fromtimestamp(ctx.clock.now(), dt.UTC).date()
    record = invoice_record(detail.invoice, today, detail)
    record["items"] = [
        {"description": item.description, "type": item.type, "amount": amount(item.amount)}
        for item in detail.items
    ]
    if args.output == "json":
        write_json(ctx.out, record)
    else:
        pairs: list[tuple[str, object]] = [
            ("Invoice", f"{detail.invoice.number} (id {detail.invoice.id})"),
            ("Status", detail.invoice.status),
            ("Date", record["date"] or ""),
            ("Due date", record["due_date"] or ""),
            ("Paid on", record["paid_on"] or ""),
            ("Invoiced (before credit)", detail.invoice.gross.display()),
            ("Credit applied", detail.invoice.credit.display()),
            ("Balance due", detail.invoice.balance_due(detail).display()),
        ]
        pairs += [
            (f"  {item.description or item.type}", item.amount.display()) for item in detail.items
        ]
        write_pairs(ctx.out, pairs)
    if saved is not None:
        ctx.say(f"hostkey-tui: saved the PDF to {saved}")
    return OK


async def _save_pdf(services: Any, args: argparse.Namespace, ctx: Context) -> Path:
    """The PDF at the path given (`-` for stdout), new files 0600; an existing file is replaced
    only when it is a regular file (never a device or a folder)."""
    target: str = args.pdf
    try:
        data = await services.client.whmcs.download_invoice(args.invoice_id)
    except InvapiError as error:
        raise CommandError(f"the PDF could not be read: {error.message}") from None
    if not data.startswith(b"%PDF"):
        raise CommandError(f"invapi sent something that is not a PDF for invoice {args.invoice_id}")
    if target == "-":
        buffer = getattr(ctx.out, "buffer", None)
        if buffer is None:
            raise CommandError("stdout takes no bytes here: give --pdf a file", USAGE)
        ctx.out.flush()
        buffer.write(data)
        buffer.flush()
        return Path("-")
    return _write_pdf(target, args.invoice_id, data)


def _write_pdf(target: str, invoice_id: int, data: bytes) -> Path:
    path = Path(target).expanduser()
    if path.is_dir():
        path = path / f"invoice-{invoice_id}.pdf"
    if path.exists() and not path.is_file():
        raise CommandError(f"{path} is not a regular file: the PDF was not written", USAGE)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC, 0o600)
        with os.fdopen(descriptor, "wb") as file:
            file.write(data)
    except OSError as error:
        raise CommandError(f"cannot write {path}: {error.strerror}") from None
    return path
