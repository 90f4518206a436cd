"""Billing: paying, changing the account and contacts, cancelling; invoices one by one.

Payments and cancellations are changes: checked locally first, confirmed by the user (in the
UI), sent once, and read back (`billing_reads`, each part on its own). Files (PDFs, CSV) are
written 0600.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import TypeVar

from hostkey_tui.api import ApiError, InvapiError, ReplyLost
from hostkey_tui.config.paths import write_private
from hostkey_tui.models.billing import (
    CLIENT_FIELDS,
    InvoiceDetail,
    PaymentMethod,
    check_client_field,
    check_contact_phone,
    check_credit_payment,
    check_email,
    contact_phone,
)
from hostkey_tui.services.billing_reads import currency_of, read_cancellations
from hostkey_tui.services.billing_reads import load_billing as load_billing  # its callers' name
from hostkey_tui.services.context import Services, outcome_of
from hostkey_tui.state.events import InvoiceRead, PaymentMethodsRead, ServerBillingRead

T = TypeVar("T")

#: What a payment changes, read back after it.
MONEY_PARTS = ("client", "invoices", "credits", "transactions")


async def read_invoice(services: Services, invoice_id: int) -> InvoiceDetail:
    # get_invoice names no currency: the account's (read at sign-in) is the invoice's.
    currency = currency_of(services.store.state)
    detail = await services.client.whmcs.get_invoice(invoice_id, currency)
    if not detail.transactions:
        transactions = await services.client.whmcs.transactions(invoice_id, currency)
        detail = InvoiceDetail(detail.invoice, detail.items, detail.balance, transactions)
    services.store.dispatch(InvoiceRead(detail))
    return detail


async def payment_methods(services: Services, invoice_id: int) -> tuple[PaymentMethod, ...]:
    methods = await services.client.whmcs.getpaymentgw(invoice_id)
    services.store.dispatch(PaymentMethodsRead(invoice_id, methods))
    return methods


async def download_invoice(services: Services, invoice_id: int, folder: Path) -> Path:
    """The invoice's PDF, saved 0600 in `folder`; its path."""
    data = await services.client.whmcs.download_invoice(invoice_id)
    if not data.startswith(b"%PDF"):
        raise ApiError(f"invapi sent something that is not a PDF for invoice {invoice_id}.")
    path = folder / f"invoice-{invoice_id}.pdf"
    write_private(path, data)
    return path


async def pay_from_credit(services: Services, invoice_id: int, amount: int) -> InvoiceDetail:
    """Pay (part of) an invoice from the credit balance, once, and read both back. `amount` is
    whole: `whmcs/apply_credit` documents it as an int.

    Raises:
        ApiError: the amount is refused locally (nothing sent), or by invapi.
        ReplyLost: sent, no reply: it may have been paid (read back before trying again).
    """
    services.ensure_writable("Paying from credit")
    state = services.store.state
    client = state.billing.client
    detail = state.billing.details.get(invoice_id) or await read_invoice(services, invoice_id)
    if client is None:
        raise ApiError("The credit balance is not known yet; read the account first.")
    problem = check_credit_payment(amount, client.credit, detail.amount_due)
    if problem:
        raise ApiError(f"{problem} Nothing was sent.", title="Not paid")
    label = (f"invoice {invoice_id}",)
    try:
        await services.client.whmcs.apply_credit(invoice_id, amount)
    except ReplyLost as error:
        services.audit(
            "apply_credit", label, "unknown", f"{amount} {client.currency_code}: {error.message}"
        )
        await _read_back(services, invoice_id)
        raise
    except InvapiError as error:
        services.audit("apply_credit", label, outcome_of(error), error.message)
        raise
    services.audit("apply_credit", label, "done", f"{amount} {client.currency_code}")
    return await _read_back(services, invoice_id)


async def _read_back(services: Services, invoice_id: int) -> InvoiceDetail:
    await load_billing(services, MONEY_PARTS)
    return await read_invoice(services, invoice_id)


async def mass_pay(services: Services, invoice_ids: Sequence[int]) -> int:
    """One group invoice for several unpaid ones; its id (then shown to the user)."""
    services.ensure_writable("Paying several invoices")
    unpaid = {i.id for i in services.store.state.billing.invoices if i.unpaid}
    if len(invoice_ids) < 2 or not set(invoice_ids) <= unpaid:
        raise ApiError("Mark two or more unpaid invoices. Nothing was sent.", title="Not paid")
    label = tuple(f"invoice {i}" for i in invoice_ids)
    try:
        group = await services.client.whmcs.mass_pay(list(invoice_ids))
    except InvapiError as error:
        services.audit(
            "mass_pay",
            label,
            "failed" if not isinstance(error, ReplyLost) else "unknown",
            error.message,
        )
        raise
    services.audit("mass_pay", label, "done", f"group invoice {group}")
    await load_billing(services, ("invoices",))
    await read_invoice(services, group)
    return group


async def add_funds(services: Services, amount: int) -> int:
    """An invoice that tops up the credit by a whole `amount` (`create_addfunds` takes an int);
    its id."""
    services.ensure_writable("Adding funds")
    try:
        invoice = await services.client.whmcs.create_addfunds(amount)
    except InvapiError as error:
        services.audit("create_addfunds", (), outcome_of(error), error.message)
        raise
    services.audit("create_addfunds", (), "done", f"{amount}: invoice {invoice}")
    await load_billing(services, ("invoices",))
    return invoice


def client_changes(
    current: Mapping[str, str], wanted: Mapping[str, str]
) -> tuple[dict[str, str], dict[str, str]]:
    """(the form fields to send, the problems by field) for what changed."""
    send: dict[str, str] = {}
    problems: dict[str, str] = {}
    for name, value in wanted.items():
        if name not in CLIENT_FIELDS or value.strip() == current.get(name, "").strip():
            continue
        problem = check_client_field(name, value)
        if problem:
            problems[name] = problem
        else:
            send[CLIENT_FIELDS[name]] = value.strip()
    return send, problems


async def update_client(services: Services, fields: Mapping[str, str]) -> None:
    services.ensure_writable("Changing the account")
    with services.journaled("update_client", ()):
        await services.client.whmcs.update_client(fields)
    services.audit("update_client", (), "done", ", ".join(sorted(fields)))
    await load_billing(services, ("client",))


async def reset_password(services: Services, email: str) -> None:
    problem = check_email(email)
    client = services.store.state.billing.client
    if problem:
        raise ApiError(problem, title="Not sent")
    if client is not None and client.email and email.strip().lower() != client.email.lower():
        raise ApiError(
            "That is not this account's e-mail address. Nothing was sent.", title="Not sent"
        )
    with services.journaled("reset_password", ()):
        await services.client.whmcs.reset_password(email.strip())
    services.audit("reset_password", (), "done", "a reset link was sent")


async def add_contact(services: Services, email: str, phone: str = "") -> int:
    """A contact with the right e-mail: invapi gives a new one a random e-mail, set at once.

    `whmcs/add_contact` documents no field but the token, so nothing else is sent with it.
    """
    services.ensure_writable("Adding a contact")
    problem = check_email(email) or check_contact_phone(phone)
    if problem:
        raise ApiError(f"{problem} Nothing was sent.", title="Not added")
    with services.journaled("add_contact", (email.strip(),)):
        contact_id = await services.client.whmcs.add_contact()
    with services.journaled("update_contact", (f"contact {contact_id}",)):
        await services.client.whmcs.update_contact(
            contact_id, email.strip(), phone=contact_phone(phone) or ""
        )
    services.audit("add_contact", (f"contact {contact_id}",), "done", email.strip())
    await load_billing(services, ("contacts",))
    return contact_id


async def update_contact(services: Services, contact_id: int, email: str, phone: str = "") -> None:
    services.ensure_writable("Changing a contact")
    problem = check_email(email) or check_contact_phone(phone)
    if problem:
        raise ApiError(f"{problem} Nothing was sent.", title="Not changed")
    with services.journaled("update_contact", (f"contact {contact_id}",)):
        await services.client.whmcs.update_contact(
            contact_id, email.strip(), phone=contact_phone(phone) or ""
        )
    services.audit("update_contact", (f"contact {contact_id}",), "done")
    await load_billing(services, ("contacts",))


async def delete_contact(services: Services, contact_id: int) -> None:
    services.ensure_writable("Deleting a contact")
    with services.journaled("delete_contact", (f"contact {contact_id}",)):
        await services.client.whmcs.delete_contact(contact_id)
    services.audit("delete_contact", (f"contact {contact_id}",), "done")
    await load_billing(services, ("contacts",))


async def server_billing(services: Services, server_id: int) -> tuple[str, str]:
    """A server's billing data, its invoices and the cancellation requests, each read on its own
    (the panel says whether this server's cancellation is requested, or why that is unknown).

    Returns why the billing data and why the invoices could not be read ("" when they were).
    """
    whmcs = services.client.whmcs

    async def attempt(read: Awaitable[T]) -> T | str:
        try:
            return await read
        except InvapiError as error:
            return error.message

    data, related, _ = await asyncio.gather(
        attempt(whmcs.get_billing_data(server_id)),
        attempt(whmcs.get_related_invoices(server_id)),
        read_cancellations(services),
    )
    services.store.dispatch(
        ServerBillingRead(
            server_id,
            None if isinstance(data, str) else data,
            None if isinstance(related, str) else related,
        )
    )
    return (data if isinstance(data, str) else "", related if isinstance(related, str) else "")


async def read_related_invoices(services: Services, server_ids: Iterable[int]) -> int:
    """Each server's invoices (for the timelines of a few servers, as `triage --timeline`
    shows them), a few at a time; how many could not be read."""
    limit = asyncio.Semaphore(max(1, services.settings.concurrency))
    failed = 0

    async def one(server_id: int) -> None:
        nonlocal failed
        async with limit:
            try:
                related = await services.client.whmcs.get_related_invoices(server_id)
            except InvapiError:
                failed += 1
                return
        services.store.dispatch(ServerBillingRead(server_id, None, related))

    await asyncio.gather(*(one(i) for i in server_ids))
    return failed


async def generate_due_invoice(services: Services, server_id: int) -> int:
    services.ensure_writable("Creating the next invoice")
    with services.journaled("generate_due_invoice", (f"server {server_id}",)):
        invoice = await services.client.whmcs.generate_due_invoice(server_id)
    services.audit("generate_due_invoice", (f"server {server_id}",), "done", f"invoice {invoice}")
    await server_billing(services, server_id)
    return invoice


async def request_cancellation(
    services: Services, server_id: int, hostname: str, *, immediate: bool, reason: str
) -> None:
    services.ensure_writable("Cancelling a server")
    label = (f"{hostname} ({server_id})",)
    kind = "immediately" if immediate else "at the end of the period"
    with services.journaled("request_cancellation", label):
        await services.client.whmcs.request_cancellation(
            server_id, immediate=immediate, reason=reason
        )
    services.audit("request_cancellation", label, "done", kind)
    await read_cancellations(services)


async def withdraw_cancellation(services: Services, server_id: int, hostname: str) -> None:
    services.ensure_writable("Withdrawing a cancellation")
    label = (f"{hostname} ({server_id})",)
    with services.journaled("delete_cancellation_request", label):
        await services.client.whmcs.delete_cancellation_request(server_id)
    services.audit("delete_cancellation_request", label, "done")
    await read_cancellations(services)
