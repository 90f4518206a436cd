"""Billing interactions that wait on the user: amounts, confirmations, forms, then the service.

Every payment says the amount and the currency before it is sent, and is sent once.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from hostkey_tui.models.billing import (
    CLIENT_FIELDS,
    Client,
    Invoice,
    check_client_field,
    check_contact_phone,
    check_credit_payment,
    check_email,
    parse_whole_amount,
    whole_amount_problem,
)
from hostkey_tui.models.common import Money
from hostkey_tui.services import billing, invoice_export
from hostkey_tui.ui.billing.parts import export_words
from hostkey_tui.ui.billing.payment import PaymentMethodsModal
from hostkey_tui.ui.kit.files import can_open_files, folder, open_file
from hostkey_tui.ui.kit.guard import not_repeated
from hostkey_tui.ui.kit.modals.confirm import ConfirmModal, ConfirmTarget
from hostkey_tui.ui.kit.modals.form import Field, FormModal

if TYPE_CHECKING:
    from hostkey_tui.ui.host import Host

CLIENT_LABELS = {
    "firstname": "First name",
    "lastname": "Last name",
    "company": "Company",
    "email": "E-mail",
    "address1": "Address",
    "address2": "Address 2",
    "city": "City",
    "state": "State/region",
    "postcode": "Postcode",
    "country": "Country code",
    "phone": "Phone",
}


def money(amount: int | Decimal, client: Client | None) -> str:
    currency = client.currency_code if client else ""
    return Money(str(amount), Decimal(amount), currency, "", currency).display()


async def pay_from_credit(app: Host, invoice: Invoice) -> None:
    services = app.services
    if services is None or not_repeated(app, f"invoice:{invoice.id}"):
        return
    client = app.state.billing.client
    detail = app.state.billing.details.get(invoice.id) or await billing.read_invoice(
        services, invoice.id
    )
    due = detail.amount_due
    if client is None or client.credit.amount is None or due.amount is None:
        app.say(
            "The credit balance or the amount due cannot be read; nothing can be paid here.",
            severity="warning",
        )
        return
    # whmcs/apply_credit takes the amount as an int: whole amounts only, never rounded up.
    suggested = int(min(client.credit.amount, due.amount))
    if suggested <= 0:
        app.say(
            f"Nothing to pay from credit: credit {client.credit.display()}, due {due.display()}"
            " (invapi takes whole amounts only).",
            severity="warning",
        )
        return

    def check(text: str) -> str | None:
        return whole_amount_problem(text) or check_credit_payment(
            parse_whole_amount(text), client.credit, due
        )

    intro = f"Due {due.display()} · credit balance {client.credit.display()}"
    intro += "\nWhole amounts only: invapi takes the amount as a whole number."
    if due.amount != int(due.amount):
        rest = money(due.amount - int(due.amount), client)
        intro += f" The last {rest} is paid another way (w shows how)."
    form = FormModal(
        f"Pay invoice {invoice.number} from credit",
        [Field("amount", "Amount", str(suggested), check)],
        intro=intro,
        submit="Next",
    )
    values = await app.push_screen_wait(form)
    amount = parse_whole_amount(values["amount"]) if values else None
    if amount is None:
        return
    target = [ConfirmTarget(invoice.id, f"invoice {invoice.number}", f"due {due.display()}")]
    question = f"Pay {money(amount, client)} of invoice {invoice.number} from your credit balance?"
    if not await app.push_screen_wait(
        ConfirmModal(question, target, button=f"Pay {money(amount, client)}")
    ):
        return
    after = await billing.pay_from_credit(services, invoice.id, amount)
    credit = app.state.billing.client.credit.display() if app.state.billing.client else "?"
    app.say(
        f"Invoice {invoice.number}: {after.invoice.status}; credit now {credit}.",
        title="Paid from credit",
    )


async def mass_pay(app: Host, invoices: list[Invoice]) -> None:
    services = app.services
    if services is None:
        return
    unpaid = [i for i in invoices if i.unpaid]
    if len(unpaid) < 2:
        app.say("Mark two or more unpaid invoices (space), then press m.", severity="warning")
        return
    total = sum((i.total.amount for i in unpaid if i.total.amount is not None), Decimal(0))
    client = app.state.billing.client
    targets = [ConfirmTarget(i.id, f"invoice {i.number}", i.total.display()) for i in unpaid]
    question = (
        f"Combine {len(unpaid)} invoices ({money(total, client)}) into one invoice to pay at once?"
    )
    if not await app.push_screen_wait(
        ConfirmModal(question, targets, button="Create the group invoice")
    ):
        return
    group = await billing.mass_pay(services, [i.id for i in unpaid])
    app.say(
        f"Group invoice {group} created for {money(total, client)}: w shows how to pay it.",
        title="Mass pay",
    )
    app.open_invoice(group)


async def add_funds(app: Host) -> None:
    services = app.services
    if services is None:
        return
    client = app.state.billing.client

    values = await app.push_screen_wait(
        FormModal(
            "Add funds to the credit balance",
            [Field("amount", "Amount", "", whole_amount_problem, placeholder="50")],
            intro="Whole amounts only: invapi takes the amount as a whole number.",
            submit="Next",
        ),
    )
    amount = parse_whole_amount(values["amount"]) if values else None
    if amount is None:
        return
    question = f"Create an invoice of {money(amount, client)} that adds to your credit when paid?"
    if not await app.push_screen_wait(
        ConfirmModal(question, [], button=f"Create it ({money(amount, client)})")
    ):
        return
    invoice = await billing.add_funds(services, amount)
    app.say(f"Invoice {invoice} created: w shows how to pay it.", title="Add funds")
    app.open_invoice(invoice)


async def how_to_pay(app: Host, invoice_id: int, number: str) -> None:
    services = app.services
    if services is None:
        return
    methods = app.state.billing.methods.get(invoice_id)
    if methods is None:
        methods = await billing.payment_methods(services, invoice_id)
    await app.push_screen_wait(PaymentMethodsModal(number, methods))


async def download(app: Host, invoice_id: int, *, open_it: bool = False) -> Path | None:
    services = app.services
    if services is None:
        return None
    try:
        path = await billing.download_invoice(services, invoice_id, folder(app))
    except OSError as error:
        app.say(f"Could not save the PDF in {folder(app)}: {error.strerror}", severity="error")
        return None
    hint = " (o opens it)" if can_open_files() else ""
    app.say(f"Saved {path} (mode 0600){hint}.", title=f"Invoice {invoice_id}")
    if open_it and not open_file(path):
        app.say(f"No desktop to open it on here: the file is {path}.", severity="warning")
    return path


async def export(app: Host, rows: Sequence[Invoice]) -> None:
    """The invoices listed (as filtered) to a new CSV file, with their items and servers (each
    invoice's items read first, a few at a time); the words say when the list was read only in
    part, and how many invoices' items could not be read."""
    part = app.state.billing.part("invoices")
    services = app.services
    if part.at is None or services is None:
        app.say(
            "The invoices could not be read: there is nothing to export (r tries again).",
            severity="warning",
        )
        return
    stamp = datetime.fromtimestamp(app.clock.now(), UTC).strftime("%Y%m%d-%H%M%S")
    path = folder(app) / f"hostkey-invoices-{stamp}.csv"
    missing = sum(1 for i in rows if i.id not in app.state.billing.details)
    if missing:
        app.say(f"Reading the items of {missing} invoices for the export…", title="Exporting")
    try:
        unread = await invoice_export.export_invoices(services, rows, path)
    except OSError as error:
        app.say(f"Could not save {path}: {error.strerror}", severity="error")
        return
    words, partial = export_words(part, len(rows), path)
    if unread:
        words += f" The items of {unread} invoices could not be read: their rows say so."
    app.say(words, title="Exported", severity="warning" if partial or unread else "information")


def _field_check(name: str) -> Callable[[str], str | None]:
    return lambda value: check_client_field(name, value)


async def edit_account(app: Host) -> None:
    services = app.services
    client = app.state.billing.client
    if services is None or client is None:
        return
    current = {
        "firstname": client.firstname,
        "lastname": client.lastname,
        "company": client.company,
        "email": client.email,
        "address1": client.address1,
        "address2": client.address2,
        "city": client.city,
        "state": client.state,
        "postcode": client.postcode,
        "country": client.country,
        "phone": client.phone,
    }
    fields = [
        Field(name, CLIENT_LABELS[name], current[name], _field_check(name))
        for name in CLIENT_FIELDS
    ]
    values = await app.push_screen_wait(
        FormModal("The account", fields, intro="Only what you change is sent.")
    )
    if values is None:
        return
    send, problems = billing.client_changes(current, values)
    if problems:
        app.say(
            "; ".join(f"{CLIENT_LABELS[k]}: {v}" for k, v in problems.items()),
            title="Not saved",
            severity="error",
        )
        return
    if not send:
        app.say("Nothing changed: nothing was sent.")
        return
    await billing.update_client(services, send)
    app.say(
        f"Saved: {', '.join(CLIENT_LABELS[k] for k in CLIENT_LABELS if CLIENT_FIELDS[k] in send)}.",
        title="Account",
    )


async def reset_password(app: Host) -> None:
    services = app.services
    if services is None:
        return
    values = await app.push_screen_wait(
        FormModal(
            "Reset the account password",
            [Field("email", "Account e-mail", "", check_email)],
            intro="A reset link goes to the account's e-mail address; type it to confirm.",
            submit="Send the link",
        ),
    )
    if values is None:
        return
    await billing.reset_password(services, values["email"])
    app.say("A password reset link was sent to the account's e-mail.", title="Password reset")


async def add_contact(app: Host) -> None:
    services = app.services
    if services is None:
        return
    values = await app.push_screen_wait(
        FormModal(
            "New contact",
            [
                Field("email", "E-mail", "", check_email),
                Field("phone", "Phone", "", check_contact_phone, placeholder="optional"),
            ],
            intro=(
                "invapi gives a new contact a random e-mail; this one is set right after. "
                "It takes no name for a contact. A phone number turns on SMS two-factor codes."
            ),
            submit="Add",
        ),
    )
    if values is None:
        return
    await billing.add_contact(services, values["email"], values["phone"])
    app.say(f"{values['email'].strip()} added.", title="Contact")


async def edit_contact(app: Host, contact_id: int) -> None:
    services = app.services
    contact = next((c for c in app.state.billing.contacts if c.id == contact_id), None)
    if services is None or contact is None:
        return
    values = await app.push_screen_wait(
        FormModal(
            f"Contact {contact.name or contact.id}",
            [
                Field("email", "E-mail", contact.email, check_email),
                Field("phone", "Phone", contact.phone, check_contact_phone),
            ],
            intro="A phone number turns on SMS two-factor codes for this contact.",
        ),
    )
    if values is None:
        return
    await billing.update_contact(services, contact_id, values["email"], values["phone"])


async def delete_contact(app: Host, contact_id: int) -> None:
    services = app.services
    contact = next((c for c in app.state.billing.contacts if c.id == contact_id), None)
    if services is None or contact is None:
        return
    target = [ConfirmTarget(contact.id, contact.name or contact.email, contact.email)]
    if not await app.push_screen_wait(
        ConfirmModal("Delete this contact?", target, button="Delete")
    ):
        return
    await billing.delete_contact(services, contact_id)
