"""The invoice list as CSV: one row per invoice, with what was invoiced, what is left to pay,
its items and the servers it bills.

The list invapi gives (`whmcs/get_invoices`) names neither items nor servers: each exported
invoice's own reply (`whmcs/get_invoice`) is read for its items unless it was read already,
a few at a time. An invoice whose items could not be read says so in its row, never "no items".
The servers come from what invapi said links them (`get_related_invoices`, read on a server's
Billing tab) and from the items themselves.
"""

from __future__ import annotations

import asyncio
import csv
import io
from collections.abc import Awaitable, Callable, Mapping, Sequence
from pathlib import Path

from hostkey_tui.api import InvapiError
from hostkey_tui.config.paths import write_private
from hostkey_tui.models.billing import Invoice, InvoiceDetail
from hostkey_tui.models.common import Money
from hostkey_tui.services.billing_reads import currency_of
from hostkey_tui.services.context import Services

#: Reads of invoices' items at once: enough to be quick, few enough not to crowd invapi.
AT_ONCE = 4

COLUMNS = [
    "invoice",
    "date",
    "due",
    "paid",
    "status",
    "method",
    "currency",
    "invoiced",  # gross: subtotal and taxes, before credit
    "credit used",
    "balance due",
    "subtotal",
    "tax",
    "total after credit",  # invapi's own `total`
    "items",
    "servers",
]

# What makes a cell a formula (fullwidth forms too: some spreadsheets fold them).
_FORMULA = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def _text(value: str) -> str:
    """invapi's text (numbers, names, an unparsed amount) that a spreadsheet would take for a
    formula starts with `'` (OWASP's advice)."""
    return f"'{value}" if value.startswith(_FORMULA) else value


def _amount(money: Money) -> str:
    """A parsed amount as a plain number, a malformed one as invapi wrote it."""
    return format(money.amount, "f") if money.amount is not None else _text(money.raw)


#: Why an invoice's items are not in its row, by invoice id.
Unread = Mapping[int, str]


def invoices_csv(
    invoices: Sequence[Invoice],
    details: Mapping[int, InvoiceDetail] | None = None,
    servers_of: Callable[[Invoice, InvoiceDetail | None], list[str]] | None = None,
    unread: Unread | None = None,
) -> str:
    """The CSV text: a header and one row per invoice."""
    details = details or {}
    unread = unread or {}
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for i in invoices:
        detail = details.get(i.id)
        if detail is not None:
            items = " | ".join(
                f"{item.description} ({_amount(item.amount)})" for item in detail.items
            )
        else:
            items = f"not read: {unread[i.id]}" if i.id in unread else "not read"
        servers = servers_of(i, detail) if servers_of else []
        writer.writerow(
            [
                _text(i.number),
                i.date.isoformat() if i.date else "",
                i.due.isoformat() if i.due else "",
                i.paid.isoformat(" ") if i.paid else "",
                _text(i.status),
                _text(i.payment_method),
                _text(i.currency),
                _amount(i.gross),
                _amount(i.credit),
                _amount(i.balance_due(detail)),
                _amount(i.subtotal),
                _amount(i.tax),
                _amount(i.total),
                _text(items),
                _text(" | ".join(servers)),
            ]
        )
    return out.getvalue()


def server_names(
    related: Mapping[int, Sequence[Invoice]], hostnames: Mapping[int, str]
) -> Callable[[Invoice, InvoiceDetail | None], list[str]]:
    """Each invoice's servers, as "hostname (id)": those invapi linked it to, then those its
    hosting items name (an item's `relid`).

    # assumed: a Hosting item's `relid` is the server's id (WHMCS: the service's id; HOSTKEY's
    # servers are WHMCS services). The documentation's only example is a group invoice, whose
    # items' `relid` are invoices.
    """
    linked: dict[int, list[int]] = {}
    for server_id, invoices in related.items():
        for invoice in invoices:
            linked.setdefault(invoice.id, []).append(server_id)

    def named(server_id: int) -> str:
        hostname = hostnames.get(server_id)
        return f"{hostname} ({server_id})" if hostname else str(server_id)

    def servers(invoice: Invoice, detail: InvoiceDetail | None) -> list[str]:
        ids = list(linked.get(invoice.id, ()))
        for item in detail.items if detail else ():
            if item.type.lower() == "hosting" and item.related_id and item.related_id not in ids:
                ids.append(item.related_id)
        return [named(server_id) for server_id in ids]

    return servers


async def read_items(
    services: Services,
    invoices: Sequence[Invoice],
    read: Callable[[int], Awaitable[InvoiceDetail]],
) -> tuple[dict[int, InvoiceDetail], dict[int, str]]:
    """Each invoice's detail, read unless already known; and why the others could not be."""
    known = dict(services.store.state.billing.details)
    wanted = [i.id for i in invoices if i.id not in known]
    unread: dict[int, str] = {}
    gate = asyncio.Semaphore(AT_ONCE)

    async def one(invoice_id: int) -> None:
        async with gate:
            try:
                known[invoice_id] = await read(invoice_id)
            except InvapiError as error:
                unread[invoice_id] = error.message or error.title

    await asyncio.gather(*(one(invoice_id) for invoice_id in dict.fromkeys(wanted)))
    return known, unread


def write_invoices(
    path: Path,
    invoices: Sequence[Invoice],
    details: Mapping[int, InvoiceDetail] | None = None,
    servers_of: Callable[[Invoice, InvoiceDetail | None], list[str]] | None = None,
    unread: Unread | None = None,
) -> Path:
    """The CSV written 0600 at `path`; `path`."""
    write_private(path, invoices_csv(invoices, details, servers_of, unread).encode())
    return path


async def export_invoices(services: Services, invoices: Sequence[Invoice], path: Path) -> int:
    """Read the items the CSV needs, write it; how many invoices' items could not be read.

    Only `get_invoice` is asked (the items are in it): not each invoice's transactions, as
    opening an invoice does, and nothing is put in the store for a thousand invoices."""
    currency = currency_of(services.store.state)
    details, unread = await read_items(
        services,
        invoices,
        lambda invoice_id: services.client.whmcs.get_invoice(invoice_id, currency),
    )
    state = services.store.state
    hostnames = {sid: server.hostname for sid, server in state.servers.items()}
    write_invoices(path, invoices, details, server_names(state.billing.related, hostnames), unread)
    return len(unread)
