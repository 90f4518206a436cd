"""`whmcs.php`: the billing account, invoices, payments, credit, cancellations, contacts.

WHMCS answers `"result": "success"` where invapi says `"OK"`; both are kept as documented.
Requests that break the documented parameter tables are refused before they get here (`spec`);
the handlers still read an `int` field as one (`12.50` is not an amount here).
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from hostkey_tui.simulator.records import contact_record
from hostkey_tui.simulator.render import days_left, pdf_document
from hostkey_tui.simulator.routes import Ctx, SimError, route, server_arg
from hostkey_tui.simulator.world import JSON, ZERO_DATETIME, Form, Reply, SimInvoice, World


def dec(text: str) -> Decimal:
    try:
        return Decimal(text)
    except InvalidOperation:
        return Decimal(0)


def error(message: str) -> SimError:
    return SimError({"result": "error", "message": message})


#: Invoices a `get_invoices` page holds when `limitnum` is not sent (as WHMCS GetInvoices).
INVOICE_PAGE_DEFAULT = 25


def int_field(ctx: Ctx, form: Form, name: str, default: int | None = None) -> int:
    """A field documented as `int`: digits only (no fraction, no sign), or `default` if absent."""
    text = form.get(name).strip()
    if not text and default is not None:
        return default
    if not re.fullmatch(r"\d{1,12}", text):
        raise error(f"whmcs/{ctx.action}: {name} must be a whole number (int), not {text!r}")
    return int(text)


def success(**fields: JSON) -> dict[str, JSON]:
    return {"result": "success", **fields}


def pay_from_credit(world: World, invoice: SimInvoice, amount: Decimal) -> None:
    world.credit -= amount
    invoice.credit = f"{dec(invoice.credit) + amount:.2f}"
    invoice.total = f"{max(Decimal(0), dec(invoice.total) - amount):.2f}"
    world.credit_log.append(
        {
            "id": world.next_id(),
            "date": world.day(),
            "description": f"Credit Applied to Invoice #{invoice.id}",
            "amount": f"-{amount:.2f}",
            "relid": 0,
        },
    )
    if dec(invoice.total) <= 0:
        world.settle(invoice)


def _invoice_row(world: World, invoice: SimInvoice) -> dict[str, JSON]:
    return {
        "id": invoice.id,
        "userid": world.whmcs_id,
        "firstname": world.client.get("firstname", ""),
        "lastname": world.client.get("lastname", ""),
        "companyname": "",
        "invoicenum": "",
        "date": invoice.date,
        "duedate": invoice.due,
        "datepaid": invoice.datepaid,
        "last_capture_attempt": ZERO_DATETIME,
        "date_refunded": ZERO_DATETIME,
        "date_cancelled": ZERO_DATETIME,
        "subtotal": invoice.subtotal,
        "credit": invoice.credit,
        "tax": invoice.tax,
        "tax2": "0.00",
        "total": invoice.total,
        "taxrate": "0.00",
        "taxrate2": "0.00",
        "status": invoice.status,
        "paymentmethod": invoice.paymentmethod,
        "paymethodid": None,
        "notes": invoice.notes,
        "created_at": invoice.created_at or f"{invoice.date} 10:00:00",
        "updated_at": invoice.datepaid
        if invoice.datepaid != ZERO_DATETIME
        else f"{invoice.date} 10:00:00",
        "currencycode": world.currency,
        "currencyprefix": "",
        "currencysuffix": world.currency,
    }


def _invoice(world: World, form: Form, name: str = "invoice_id") -> SimInvoice:
    invoice = world.invoices.get(form.int(name) or -1)
    if invoice is None:
        raise error("Invoice ID Not Found")
    return invoice


@route("whmcs", "get_client")
def get_client(world: World, form: Form, ctx: Ctx) -> JSON:
    client = {**world.client, "credit": f"{world.credit:.2f}", "currency_code": world.currency}
    return {
        "result": "success",
        "client": client,
        "billing_location": "whmcs_com",
        "groupdata": {
            "id": 2,
            "groupname": "Customers",
            "groupcolour": "#ffffff",
            "discountpercent": "0.00",
        },
    }


_CLIENT_FIELDS = {
    "billing_firstname": "firstname",
    "billing_lastname": "lastname",
    "billing_companyname": "companyname",
    "billing_email": "email",
    "billing_address1": "address1",
    "billing_address2": "address2",
    "billing_city": "city",
    "billing_state": "state",
    "billing_postcode": "postcode",
    "billing_country": "countrycode",
    "billing_phonenumber": "phonenumber",
}


@route("whmcs", "update_client")
def update_client(world: World, form: Form, ctx: Ctx) -> JSON:
    email = form.get("billing_email")
    if email and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", email):
        raise error("Invalid email address")
    country = form.get("billing_country")
    if country and not re.fullmatch(r"[A-Z]{2}", country):
        raise error("Country must be a two-letter ISO code")
    for field, key in _CLIENT_FIELDS.items():
        if form.has(field):
            world.client[key] = form.get(field)
    if form.has("billing_twofaenabled"):
        world.client["twofaenabled"] = form.get("billing_twofaenabled") == "true"
    for name in ("co_customertype", "co_smsnum", "co_skype"):
        if form.has(name) and isinstance(world.client.get(name), dict):
            world.client[name]["value"] = form.get(name)
    _update_settings(world, form)
    if email:
        world.email = email
    return success(clientid=world.whmcs_id)


#: The documented checkboxes of update_client ("(on/off)").
_CHECKBOXES = ("co_autopayment", "co_payfirstday", "co_marktemails", "co_marktsms")


def _update_settings(world: World, form: Form) -> None:
    for name in _CHECKBOXES:
        if not form.has(name):
            continue
        value = form.get(name).strip().lower()
        if value not in ("on", "off"):
            raise error(f"{name} must be on or off")
        # assumed: get_client shows an unticked box as "" (its example's co_autopayment), so
        # "off" is kept as "".
        world.client.setdefault(name, {"type": "checkbox", "required": False})
        world.client[name]["value"] = "on" if value == "on" else ""
    if form.has("billing_currency"):
        currency = form.get("billing_currency").strip()
        if currency not in ("1", "2", "3"):
            raise error("Unknown currency")
        # assumed: WHMCS keeps a client's currency once it has invoices or transactions
        # (its admin area greys the choice out then); HOSTKEY's billing is WHMCS.
        if int(currency) != world.client.get("currency") and (world.invoices or world.transactions):
            raise error(
                "The currency cannot be changed: the account already has invoices or transactions"
            )
        world.client["currency"] = int(currency)
        world.currency = _CURRENCY_CODES[int(currency)]


# assumed: the documentation names no currency numbers; 2 is EUR in its get_client example.
_CURRENCY_CODES = {1: "USD", 2: "EUR", 3: "RUB"}


@route("whmcs", "reset_password")
def reset_password(world: World, form: Form, ctx: Ctx) -> JSON:
    if form.get("email").lower() != str(world.client.get("email", "")).lower():
        raise error("The e-mail address does not match this account")
    return success(message="A password reset link was sent")


@route("whmcs", "get_contacts")
def get_contacts(world: World, form: Form, ctx: Ctx) -> JSON:
    return success(contacts=list(world.contacts.values()))


@route("whmcs", "add_contact")
def add_contact(world: World, form: Form, ctx: Ctx) -> JSON:
    contact_id = world.next_id()
    # assumed: the documentation takes no field but the token; the new contact has no name
    # and a random e-mail ("This must always be changed via the INVAPI").
    world.contacts[contact_id] = contact_record(world, contact_id, "", "")
    return success(contactid=contact_id)


@route("whmcs", "update_contact")
def update_contact(world: World, form: Form, ctx: Ctx) -> JSON:
    contact = world.contacts.get(form.int("contact_id") or -1)
    if contact is None:
        raise error("Contact ID Not Found")
    email = form.get("email")
    if not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", email):
        raise error("Invalid email address")
    phone = form.get("phonenumber").strip()
    # assumed: a number as the documentation's example sends one ("+79656754663"): digits,
    # a leading + allowed (its table says int).
    if phone and not re.fullmatch(r"\+?\d{5,15}", phone):
        raise error(f"whmcs/update_contact: phonenumber must be a number, not {phone!r}")
    contact["email"] = email
    if phone:
        contact["phonenumber"] = phone
    contact["updated_at"] = world.stamp()
    return success(contactid=contact["id"])


@route("whmcs", "delete_contact")
def delete_contact(world: World, form: Form, ctx: Ctx) -> JSON:
    if world.contacts.pop(form.int("contact_id") or -1, None) is None:
        raise error("Contact ID Not Found")
    return success()


@route("whmcs", "create_addfunds")
def create_addfunds(world: World, form: Form, ctx: Ctx) -> JSON:
    amount = Decimal(int_field(ctx, form, "amount"))
    if amount < 5:
        raise error("The minimum deposit is 5.00 EUR")
    invoice = SimInvoice(
        id=world.next_id(),
        date=world.day(),
        due=world.day(),
        subtotal=f"{amount:.2f}",
        items=[{"type": "AddFunds", "description": "Add Funds", "amount": f"{amount:.2f}"}],
        created_at=world.stamp(),
    )

    def credit() -> None:
        world.credit += amount

    invoice.on_paid = credit
    world.invoices[invoice.id] = invoice
    return success(invoiceid=invoice.id)


@route("whmcs", "getpaymentgw")
def getpaymentgw(world: World, form: Form, ctx: Ctx) -> JSON:
    invoice = _invoice(world, form)
    amount = invoice.total
    return {
        "result": "OK",
        "methods": {
            "paypal": {
                "name": "PayPal",
                "call": (
                    '<table><tr><td><form target=_blank method="post" '
                    'action="https://www.paypal.com/cgi-bin/webscr">'
                    '<input type="hidden" name="business" value="billing@hostkey.example">'
                    f'<input type="hidden" name="item_name" value="HOSTKEY - Invoice #{invoice.id}">'
                    f'<input type="hidden" name="amount" value="{amount}">'
                    f'<input type="hidden" name="currency_code" value="{world.currency}">'
                    '<input type="image" src="https://www.paypal.com/en_US/i/btn/x-click-but03.gif" '
                    'alt="Make a one time payment with PayPal"></form></td></tr></table>'
                ),
            },
            "banktransfer": {
                "name": "Bank Transfer",
                "call": (
                    "<span style='text-align:left'>Please wire funds in favor of: "
                    "<p>HOSTKEY B.V.<br />\r\n"
                    "Willem Frederik Hermansstraat 91, 1011DG<br />\r\nAmsterdam, the Netherlands<br />\r\n"
                    "IBAN: NL00 RABO 0000 0000 00 SWIFT: RABONL2U<br />\r\n"
                    f"Bank: Co\u00f6peratieve Rabobank U.A.<br />Reference Number: {invoice.id}</p>"
                ),
            },
            "paymaster": {
                "name": "Webmoney (WME)",
                "call": (
                    '<form target=_blank method="post" action="https://psp.paymaster24.com/Payment/Init">'
                    f'<input type="hidden" name="LMI_PAYMENT_NO" value="{invoice.id}" />'
                    f'<input type="hidden" name="LMI_PAYMENT_AMOUNT" value="{amount}" />'
                    f'<input type="hidden" name="LMI_CURRENCY" value="{world.currency}" />'
                    '<input type="submit" value="Pay Now" /></form>'
                ),
            },
            "bitpaycheckout": {
                "name": "Cryptocurrency (BTC, ETH and other)",
                "call": (
                    '<form target=_blank action="https://bill.hostkey.com/modules/gateways/bit-pay/createinvoice.php" method="POST">'
                    f'<input type="hidden" name="invoiceId" value = "{invoice.id}" />'
                    '<input type="submit" value="Pay Now" /></form>'
                ),
            },
            "roudiappstripealipay": {
                "name": "Alipay (\u652f\u4ed8\u5b9d)",
                "call": (
                    '<script src="https://code.jquery.com/jquery-1.10.2.min.js"></script>'
                    '<p><button id="mostripeOBT" class="btn btn-primary">Pay Now</button></p>'
                    "<script type=\"text/javascript\">var stripe = Stripe('pk_live_x'); "
                    "$('#mostripeOBT').click(function(){ "
                    "document.title='[@click=app.quit]'; });</script>"
                ),
            },
        },
    }


@route("whmcs", "get_billing_data")
def get_billing_data(world: World, form: Form, ctx: Ctx) -> JSON:
    server = server_arg(world, form, ctx)
    return {
        "IP": server.hostname,
        "client_id": world.whmcs_id,
        "order_id": 5000 + server.id % 1000,
        "suspend_reason": "Overdue on payment" if server.status == "power_off" else "",
        "billing_setupfee": "0.00",
        "product_id": server.account_id,
        "whmcs_location": "whmcs_com",
        "billing_status": "Suspended" if server.status == "power_off" else "Active",
        "reg_date": server.reg_date,
        "billing_cycle": server.billing_cycle,
        "next_due_date": server.due_date,
        "billing_reccuring": server.recurring,
        "billing_name": (
            "Services related to the provision of computing facilities "
            f"({server.preset} {server.location})"
        ),
        "billing_dedicatedip": server.ips[0]["IP"] if server.ips else "",
        "billing_domain": server.hostname,
        "promoid": 0,
        "terminationdate": None,
        "subscriptionid": "",
        "overideautosuspend": 0,
        "overidesuspenduntil": "0000-00-00",
        "currencyprefix": "",
        "currencysuffix": world.currency,
        "is_company": 0,
        "tax_id": "",
        "groupdata": {
            "id": 2,
            "groupname": "Customers",
            "groupcolour": "#ffffff",
            "discountpercent": "0.00",
            "susptermexempt": "",
            "separateinvoices": "",
        },
        "days_left": days_left(world, server),
        "customer_name": f"{world.client.get('firstname', '')} {world.client.get('lastname', '')}",
        "customer_email": world.email,
        "result": "OK",
    }


@route("whmcs", "getcredits")
def getcredits(world: World, form: Form, ctx: Ctx) -> JSON:
    # The `id` is a server's (documented as required); the history is the account's.
    server_arg(world, form, ctx)
    return {
        "result": "OK",
        "message": {
            "result": "success",
            "totalresults": len(world.credit_log),
            "clientid": world.whmcs_id,
            "credits": {"credit": world.credit_log},
        },
    }


@route("whmcs", "generate_due_invoice")
def generate_due_invoice(world: World, form: Form, ctx: Ctx) -> JSON:
    server = server_arg(world, form, ctx)
    if any(i.server_id == server.id and i.status == "Unpaid" for i in world.invoices.values()):
        raise error("An unpaid invoice for this service already exists")
    invoice = SimInvoice(
        id=world.next_id(),
        date=world.day(),
        due=server.due_date,
        subtotal=server.recurring,
        server_id=server.id,
        items=[
            {
                "type": "Hosting",
                "description": f"{server.hostname} ({server.due_date})",
                "amount": server.recurring,
            }
        ],
        created_at=world.stamp(),
    )
    world.invoices[invoice.id] = invoice
    return success(invoiceid=invoice.id)


@route("whmcs", "transactions")
def transactions(world: World, form: Form, ctx: Ctx) -> JSON:
    wanted = form.int("invoice_id")
    found = [t for t in world.transactions if wanted is None or t["invoiceid"] == wanted]
    return success(
        totalresults=len(found),
        startnumber=0,
        numreturned=len(found),
        transactions={"transaction": found},
    )


@route("whmcs", "mass_pay")
def mass_pay(world: World, form: Form, ctx: Ctx) -> JSON:
    ids = [int(v) for v in form.list("invoices") if v.isdigit()]
    members = [world.invoices.get(i) for i in ids]
    if len(ids) < 2 or any(m is None or m.status != "Unpaid" for m in members):
        raise error("mass_pay needs two or more unpaid invoices of this account")
    total = sum((dec(m.total) for m in members if m is not None), Decimal(0))
    group = SimInvoice(
        id=world.next_id(),
        date=world.day(),
        due=world.day(),
        subtotal=f"{total:.2f}",
        items=[
            {"type": "Invoice", "relid": m.id, "description": f"Invoice #{m.id}", "amount": m.total}
            for m in members
            if m
        ],
        created_at=world.stamp(),
    )

    def settle() -> None:
        for member in members:
            if member is not None:
                world.settle(member)

    group.on_paid = settle
    world.invoices[group.id] = group
    return success(invoiceid=group.id)


@route("whmcs", "download_invoice")
def download_invoice(world: World, form: Form, ctx: Ctx) -> Reply:
    invoice = _invoice(world, form)
    lines = [
        "HOSTKEY B.V.",
        f"Invoice #{invoice.id}",
        f"Date: {invoice.date}   Due: {invoice.due}   Status: {invoice.status}",
        *[f"{item['description']}: {item['amount']} {world.currency}" for item in invoice.items],
        f"Total: {invoice.total} {world.currency}",
    ]
    return Reply(raw=pdf_document(lines), content_type="application/pdf")


@route("whmcs", "get_related_invoices")
def get_related_invoices(world: World, form: Form, ctx: Ctx) -> JSON:
    server = server_arg(world, form, ctx)
    related = [i for i in world.invoices.values() if i.server_id == server.id]
    rows = [
        {
            k: v
            for k, v in _invoice_row(world, i).items()
            if k
            not in (
                "firstname",
                "lastname",
                "companyname",
                "currencycode",
                "currencyprefix",
                "currencysuffix",
            )
        }
        for i in related
    ]
    return success(invoices=sorted(rows, key=lambda r: r["id"], reverse=True))


@route("whmcs", "apply_credit")
def apply_credit(world: World, form: Form, ctx: Ctx) -> JSON:
    invoice = _invoice(world, form)
    amount = Decimal(int_field(ctx, form, "amount"))
    if invoice.status != "Unpaid":
        raise error(f"Invoice #{invoice.id} is not unpaid")
    if amount <= 0:
        raise error("The amount must be positive")
    if amount > world.credit:
        raise error(f"Amount exceeds the available credit ({world.credit:.2f} {world.currency})")
    if amount > dec(invoice.total):
        raise error(f"Amount exceeds the balance of the invoice ({invoice.total} {world.currency})")
    pay_from_credit(world, invoice, amount)
    return success(invoiceid=invoice.id, amount=f"{amount:.2f}", credit=f"{world.credit:.2f}")


@route("whmcs", "get_invoice")
def get_invoice(world: World, form: Form, ctx: Ctx) -> JSON:
    invoice = _invoice(world, form)
    paid = sum(
        (dec(t["amountin"]) for t in world.transactions if t["invoiceid"] == invoice.id), Decimal(0)
    )
    balance = (
        max(Decimal(0), dec(invoice.total) - paid) if invoice.status == "Unpaid" else Decimal(0)
    )
    found = [t for t in world.transactions if t["invoiceid"] == invoice.id]
    return {
        "result": "success",
        "invoiceid": invoice.id,
        "invoicenum": "",
        "userid": world.whmcs_id,
        "date": invoice.date,
        "duedate": invoice.due,
        "datepaid": invoice.datepaid,
        "lastcaptureattempt": ZERO_DATETIME,
        "subtotal": invoice.subtotal,
        "credit": invoice.credit,
        "tax": invoice.tax,
        "tax2": "0.00",
        "total": invoice.total,
        "balance": f"{balance:.2f}",
        "taxrate": "0.00",
        "taxrate2": "0.00",
        "status": invoice.status,
        "paymentmethod": invoice.paymentmethod,
        "notes": invoice.notes,
        "ccgateway": False,
        "items": {
            "item": [
                {
                    "id": invoice.id * 10 + n,
                    "type": item.get("type", ""),
                    # assumed: a Hosting item's relid is the server it bills (WHMCS: the
                    # service's id); the documentation's one example is a group invoice.
                    "relid": item.get(
                        "relid",
                        invoice.server_id
                        if item.get("type") == "Hosting" and invoice.server_id
                        else 0,
                    ),
                    "description": item["description"],
                    "amount": item["amount"],
                    "taxed": 0,
                    "inv_id": -1,
                }
                for n, item in enumerate(invoice.items)
            ],
        },
        "transactions": {"transaction": found} if found else "",
    }


@route("whmcs", "get_invoices")
def get_invoices(world: World, form: Form, ctx: Ctx) -> JSON:
    # assumed: paged as WHMCS GetInvoices pages (the documentation's example reply has
    # "totalresults": 6, "numreturned": 5): flat int limitstart and limitnum, 25 by default.
    start = int_field(ctx, form, "limitstart", 0)
    size = int_field(ctx, form, "limitnum", INVOICE_PAGE_DEFAULT)
    ordered = sorted(world.invoices.values(), key=lambda i: i.id, reverse=True)
    rows = [_invoice_row(world, i) for i in ordered[start : start + size]]
    return success(totalresults=len(ordered), numreturned=len(rows), invoices={"invoice": rows})


@route("whmcs", "request_cancellation")
def request_cancellation(world: World, form: Form, ctx: Ctx) -> JSON:
    server = server_arg(world, form, ctx)
    kind = form.get("cancellation_type")
    if kind not in ("0", "1"):
        raise error("cancellation_type is 1 (immediate) or 0 (end of billing period)")
    if server.id in world.cancellations:
        raise error("A cancellation request for this service already exists")
    world.cancellations[server.id] = {
        "id": world.next_id(),
        "relid": server.id,
        "type": "Immediate" if kind == "1" else "End of Billing Period",
        "reason": form.get("terminate_reason_custom"),
        "date": world.stamp(),
    }
    return success()


@route("whmcs", "delete_cancellation_request")
def delete_cancellation_request(world: World, form: Form, ctx: Ctx) -> JSON:
    server = server_arg(world, form, ctx)
    if world.cancellations.pop(server.id, None) is None:
        raise error("No cancellation request for this service")
    return success()


@route("whmcs", "get_cancellation_requests")
def get_cancellation_requests(world: World, form: Form, ctx: Ctx) -> JSON:
    wanted = form.int("id")
    found = [c for sid, c in world.cancellations.items() if wanted is None or sid == wanted]
    # assumed: the documentation shows no reply; WHMCS-style rows under "requests".
    return success(requests=found)
