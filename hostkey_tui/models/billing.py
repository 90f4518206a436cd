"""Billing (WHMCS behind invapi): client, invoices, credit, transactions, contacts."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from decimal import Decimal

from hostkey_tui.models.client_settings import ClientSettings, settings_from_client
from hostkey_tui.models.common import Money, Obj, as_list, objs_of, total
from hostkey_tui.models.errors import MalformedReply
from hostkey_tui.models.html_text import HtmlText, html_to_text
from hostkey_tui.records import dataclass


@dataclass(frozen=True, slots=True)
class Client:
    """`whmcs/get_client`: the account holder."""

    id: int
    firstname: str = ""
    lastname: str = ""
    company: str = ""
    email: str = ""
    address1: str = ""
    address2: str = ""
    city: str = ""
    state: str = ""
    postcode: str = ""
    country: str = ""
    country_name: str = ""
    phone: str = ""
    credit: Money = Money("", None)
    currency_code: str = ""
    status: str = ""
    two_factor: bool = False
    client_type: str = ""
    tax_id: str = ""
    last_login: str = ""
    group: str = ""
    settings: ClientSettings = ClientSettings()

    @property
    def name(self) -> str:
        return " ".join(p for p in (self.firstname, self.lastname) if p)


@total("whmcs/get_client")
def client_from_json(data: object) -> Client:
    reply = Obj(data, "whmcs/get_client")
    c = reply.req_obj("client")
    currency = c.text("currency_code")
    return Client(
        id=c.int("id") or c.req_int("userid"),
        firstname=c.text("firstname"),
        lastname=c.text("lastname"),
        company=c.text("companyname"),
        email=c.text("email"),
        address1=c.text("address1"),
        address2=c.text("address2"),
        city=c.text("city"),
        state=c.text("state") or c.text("fullstate"),
        postcode=c.text("postcode"),
        country=c.text("countrycode") or c.text("country"),
        country_name=c.text("countryname"),
        phone=c.text("phonenumberformatted") or c.text("phonenumber"),
        credit=c.money("credit", currency, suffix=currency),
        currency_code=currency,
        status=c.text("status"),
        two_factor=c.bool("twofaenabled"),
        client_type=c.obj("co_customertype").text("value"),
        tax_id=c.text("tax_id"),
        # The panel's "Date: …<br>IP Address: …" is HTML; keep the words only.
        last_login=html_to_text(c.text("lastlogin")).text.replace("\n", " · "),
        group=reply.obj("groupdata").text("groupname"),
        settings=settings_from_client(c),
    )


@dataclass(frozen=True, slots=True)
class Invoice:
    id: int
    number: str
    date: dt.date | None
    due: dt.date | None
    paid: dt.datetime | None
    subtotal: Money
    credit: Money
    tax: Money
    total: Money
    status: str
    payment_method: str = ""
    notes: str = ""
    currency: str = ""

    @property
    def unpaid(self) -> bool:
        return self.status.lower() == "unpaid"

    @property
    def gross(self) -> Money:
        """What was invoiced, before any credit was applied: invapi's `total` is what is left
        after credit (WHMCS: subtotal + taxes - credit), so a 35 EUR invoice paid from credit
        has a total of 0. Unreadable when either part is."""
        total, credit = self.total, self.credit
        if total.amount is None:
            return total
        if credit.amount is None:
            if credit.raw:
                return credit
            return total  # no credit field at all: nothing was taken off
        return dataclasses.replace(total, raw="", amount=total.amount + credit.amount)

    def balance_due(self, detail: InvoiceDetail | None = None) -> Money:
        """What is still to be paid: nothing on a paid or cancelled invoice; on an unpaid one,
        the invoice's own balance when it was read (`InvoiceDetail.amount_due`), else what is
        left after credit (the list carries no payments made by other means)."""
        if not self.unpaid:
            return dataclasses.replace(self.total, raw="0.00", amount=Decimal("0.00"))
        if detail is not None and detail.invoice.id == self.id:
            return detail.amount_due
        return self.total

    def days_overdue(self, today: dt.date) -> int:
        """Days past the due date of an unpaid invoice; 0 when not overdue."""
        if not self.unpaid or self.due is None:
            return 0
        return max(0, (today - self.due).days)


def invoice_from_obj(o: Obj, currency: str = "") -> Invoice:
    code = o.text("currencycode") or currency
    prefix, suffix = o.text("currencyprefix"), o.text("currencysuffix") or code
    invoice_id = o.int("id") or o.req_int("invoiceid")

    def money(key: str) -> Money:
        return o.money(key, code, prefix, suffix)

    return Invoice(
        id=invoice_id,
        number=o.text("invoicenum") or str(invoice_id),
        date=o.date("date"),
        due=o.date("duedate"),
        paid=o.datetime("datepaid"),
        subtotal=money("subtotal"),
        credit=money("credit"),
        tax=money("tax"),
        total=money("total"),
        status=o.text("status"),
        payment_method=o.text("paymentmethod"),
        notes=o.text("notes", single_line=False),
        currency=code,
    )


def _invoice_list(value: object) -> list[object]:
    # get_invoices nests the list as {"invoice": [...]}; get_related_invoices does not.
    if isinstance(value, dict) and "invoice" in value:
        return as_list(value["invoice"])
    return as_list(value)


@total("whmcs/get_invoices")
def invoices_from_json(data: object, currency: str = "") -> tuple[Invoice, ...]:
    reply = Obj(data, "whmcs/get_invoices")
    items = _invoice_list(reply.get("invoices"))
    return tuple(
        invoice_from_obj(Obj(item, f"invoices[{index}]"), currency)
        for index, item in enumerate(items)
        if isinstance(item, dict)
    )


@dataclass(frozen=True, slots=True)
class InvoicePage:
    """One page of `whmcs/get_invoices`: its invoices and the account's count of them.

    `total` is WHMCS's `totalresults` (None when the reply leaves it out); `returned` its
    `numreturned`, said for the record: the rows themselves are what is counted.
    """

    invoices: tuple[Invoice, ...]
    total: int | None
    returned: int | None = None


@total("whmcs/get_invoices")
def invoice_page_from_json(data: object, currency: str = "") -> InvoicePage:
    reply = Obj(data, "whmcs/get_invoices")
    count = reply.int("totalresults")
    return InvoicePage(
        invoices=invoices_from_json(data, currency),
        total=count if count is not None and count >= 0 else None,
        returned=reply.int("numreturned"),
    )


@dataclass(frozen=True, slots=True)
class InvoiceItem:
    id: int | None
    type: str
    description: str
    amount: Money
    related_id: int | None = None
    taxed: bool = False


@dataclass(frozen=True, slots=True)
class Transaction:
    id: int | None
    date: dt.datetime | None
    description: str
    amount_in: Money
    amount_out: Money
    fees: Money
    gateway: str = ""
    transaction_id: str = ""
    invoice_id: int | None = None


def _transactions(value: object, currency: str) -> tuple[Transaction, ...]:
    if isinstance(value, dict) and "transaction" in value:
        value = value["transaction"]
    result = []
    for index, item in enumerate(as_list(value)):
        if not isinstance(item, dict):
            continue
        t = Obj(item, f"transactions[{index}]")
        result.append(
            Transaction(
                id=t.int("id"),
                date=t.datetime("date"),
                description=t.text("description"),
                amount_in=t.money("amountin", currency, suffix=currency),
                amount_out=t.money("amountout", currency, suffix=currency),
                fees=t.money("fees", currency, suffix=currency),
                gateway=t.text("gateway"),
                transaction_id=t.text("transid"),
                invoice_id=t.int("invoiceid"),
            ),
        )
    return tuple(result)


@dataclass(frozen=True, slots=True)
class InvoiceDetail:
    invoice: Invoice
    items: tuple[InvoiceItem, ...]
    balance: Money
    transactions: tuple[Transaction, ...] = ()

    @property
    def amount_due(self) -> Money:
        """What is still to be paid (`invoice.due` is when): the most paid from credit.

        The balance as invapi gave it. Below zero the invoice was overpaid: nothing (zero) is
        due. An
        unreadable balance leaves the amount due unreadable, so nothing is paid from credit
        against a guess (the total would let a part-paid invoice be paid past its end). Only an
        unpaid invoice whose balance reads zero falls back to its total: zero cannot be what is
        left of an invoice still unpaid.
        """
        if self.balance.amount == 0 and self.invoice.unpaid:
            return self.invoice.total
        if self.balance.amount is not None and self.balance.amount < 0:
            return dataclasses.replace(self.balance, raw="0.00", amount=Decimal("0.00"))
        return self.balance


@total("whmcs/get_invoice")
def invoice_detail_from_json(data: object, currency: str = "") -> InvoiceDetail:
    reply = Obj(data, "whmcs/get_invoice")
    invoice = invoice_from_obj(reply, currency)
    code = invoice.currency
    items_value = reply.get("items")
    if isinstance(items_value, dict) and "item" in items_value:
        items_value = items_value["item"]
    items = tuple(
        InvoiceItem(
            id=i.int("id"),
            type=i.text("type"),
            description=i.text("description", single_line=False),
            amount=i.money("amount", code, suffix=code),
            related_id=i.int("relid"),
            taxed=i.bool("taxed"),
        )
        for i in objs_of(items_value, "items")
    )
    return InvoiceDetail(
        invoice=invoice,
        items=items,
        balance=reply.money("balance", code, suffix=code),
        transactions=_transactions(reply.get("transactions"), code),
    )


@total("whmcs/transactions")
def transactions_from_json(data: object, currency: str = "") -> tuple[Transaction, ...]:
    reply = Obj(data, "whmcs/transactions")
    return _transactions(reply.get("transactions"), currency)


@dataclass(frozen=True, slots=True)
class CreditEntry:
    id: int | None
    date: dt.date | None
    description: str
    amount: Money
    related_id: int | None = None


@total("whmcs/getcredits")
def credits_from_json(data: object, currency: str = "") -> tuple[CreditEntry, ...]:
    reply = Obj(data, "whmcs/getcredits")
    message = reply.obj("message") if isinstance(reply.get("message"), dict) else reply
    credits_value = message.get("credits")
    if isinstance(credits_value, dict) and "credit" in credits_value:
        credits_value = credits_value["credit"]
    return tuple(
        CreditEntry(
            id=c.int("id"),
            date=c.date("date"),
            description=c.text("description"),
            amount=c.money("amount", currency, suffix=currency),
            related_id=c.int("relid"),
        )
        for c in objs_of(credits_value, "credit")
    )


@dataclass(frozen=True, slots=True)
class Contact:
    """An additional contact. The password hash the API includes is deliberately not kept."""

    id: int
    firstname: str = ""
    lastname: str = ""
    company: str = ""
    email: str = ""
    address1: str = ""
    city: str = ""
    postcode: str = ""
    country: str = ""
    phone: str = ""
    subaccount: bool = False
    updated: dt.datetime | None = None

    @property
    def name(self) -> str:
        return " ".join(p for p in (self.firstname, self.lastname) if p)


@total("whmcs/get_contacts")
def contacts_from_json(data: object) -> tuple[Contact, ...]:
    reply = Obj(data, "whmcs/get_contacts")
    value = reply.get("contacts")
    if isinstance(value, dict) and "contact" in value:
        value = value["contact"]
    return tuple(
        Contact(
            id=c.req_int("id"),
            firstname=c.text("firstname"),
            lastname=c.text("lastname"),
            company=c.text("companyname"),
            email=c.text("email"),
            address1=c.text("address1"),
            city=c.text("city"),
            postcode=c.text("postcode"),
            country=c.text("country"),
            phone=c.text("phonenumber"),
            subaccount=c.bool("subaccount"),
            updated=c.datetime("updated_at"),
        )
        for c in objs_of(value, "contacts")
    )


@dataclass(frozen=True, slots=True)
class BillingData:
    """`whmcs/get_billing_data`: the billing side of one server."""

    name: str
    status: str
    cycle: str
    recurring: Money
    setup_fee: Money
    next_due: dt.date | None
    days_left: int | None
    registered: dt.date | None = None
    suspend_reason: str = ""
    product: str = ""
    dedicated_ip: str = ""
    order_id: int | None = None
    termination: dt.date | None = None


@total("whmcs/get_billing_data")
def billing_data_from_json(data: object) -> BillingData:
    reply = Obj(data, "whmcs/get_billing_data")
    if not (reply.has("billing_status") or reply.has("next_due_date") or reply.has("IP")):
        raise MalformedReply("no billing fields", where="whmcs/get_billing_data")
    prefix, suffix = reply.text("currencyprefix"), reply.text("currencysuffix")
    return BillingData(
        name=reply.text("billing_domain") or reply.text("IP"),
        status=reply.text("billing_status"),
        cycle=reply.text("billing_cycle"),
        recurring=reply.money("billing_reccuring", suffix, prefix, suffix),
        setup_fee=reply.money("billing_setupfee", suffix, prefix, suffix),
        next_due=reply.date("next_due_date"),
        days_left=reply.int("days_left"),
        registered=reply.date("reg_date"),
        suspend_reason=reply.text("suspend_reason"),
        product=reply.text("billing_name"),
        dedicated_ip=reply.text("billing_dedicatedip"),
        order_id=reply.int("order_id"),
        termination=reply.date("terminationdate"),
    )


@dataclass(frozen=True, slots=True)
class PaymentMethod:
    """How to pay an invoice with one gateway, as plain text; the HTML is never rendered."""

    code: str
    name: str
    instructions: HtmlText


@total("whmcs/getpaymentgw")
def payment_methods_from_json(data: object) -> tuple[PaymentMethod, ...]:
    reply = Obj(data, "whmcs/getpaymentgw")
    methods = reply.get("methods")
    if not isinstance(methods, dict):
        return ()
    result = []
    for code, value in methods.items():
        if not isinstance(value, dict):
            continue
        m = Obj(value, f"methods.{code}")
        result.append(
            PaymentMethod(
                code=str(code)[:64],
                name=m.text("name") or str(code)[:64],
                instructions=html_to_text(m.text("call", single_line=False)),
            ),
        )
    return tuple(result)


@dataclass(frozen=True, slots=True)
class CancellationRequest:
    server_id: int | None
    type: str
    reason: str = ""
    date: dt.datetime | None = None
    id: int | None = None


@total("whmcs/get_cancellation_requests")
def cancellations_from_json(data: object) -> tuple[CancellationRequest, ...]:
    # assumed: the documentation shows no reply; WHMCS lists {id, relid, type, reason, date}.
    reply = Obj(data, "whmcs/get_cancellation_requests")
    value: object = reply.get("requests") or reply.get("data") or reply.get("cancellations")
    return tuple(
        CancellationRequest(
            server_id=c.int("relid") or c.int("server_id") or c.int("id_server"),
            type=c.text("type"),
            reason=c.text("reason"),
            date=c.datetime("date"),
            id=c.int("id"),
        )
        for c in objs_of(value, "requests")
    )


@total("whmcs invoice reply")
def new_invoice_id_from_json(data: object) -> int:
    """The invoice a payment call created (`mass_pay`, `create_addfunds`, `generate_due_invoice`).

    Raises:
        MalformedReply: no invoice id in the reply.
    """
    reply = Obj(data, "whmcs invoice reply")
    for key in ("invoiceid", "invoice_id", "invoice", "id"):
        value = reply.int(key)
        if value:
            return value
    raise MalformedReply("no invoice id in the reply", where="whmcs")


# -- checks made before anything is sent ----------------------------------------------------

#: The account fields a person may change, with the form name invapi takes for each.
CLIENT_FIELDS = {
    "firstname": "billing_firstname",
    "lastname": "billing_lastname",
    "company": "billing_companyname",
    "email": "billing_email",
    "address1": "billing_address1",
    "address2": "billing_address2",
    "city": "billing_city",
    "state": "billing_state",
    "postcode": "billing_postcode",
    "country": "billing_country",
    "phone": "billing_phonenumber",
}
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


def contact_phone(value: str) -> str | None:
    """A phone number as `whmcs/update_contact` documents it (`int`; its example sends
    `+79656754663`): digits with an optional leading +, the spaces and dashes people type taken
    out. None when it is not a phone number."""
    text = re.sub(r"[\s().-]", "", value.strip())
    return text if re.fullmatch(r"\+?\d{5,15}", text) else None


def check_contact_phone(value: str) -> str | None:
    """Why a contact's phone number would be refused (empty: none is sent), or None."""
    if value.strip() and contact_phone(value) is None:
        return "A phone number of 5 to 15 digits, such as +31 20 123 4567."
    return None


def check_email(value: str) -> str | None:
    if not _EMAIL.fullmatch(value.strip()):
        return "An e-mail address such as ops@example.com."
    return None


def check_client_field(name: str, value: str) -> str | None:
    """Why this account value would be refused, or None."""
    text = value.strip()
    if name in ("firstname", "lastname", "email", "address1", "city", "country") and not text:
        return "Required."
    if len(text) > 100:
        return "At most 100 characters."
    if name == "email":
        return check_email(text)
    if name == "country" and not re.fullmatch(r"[A-Z]{2}", text):
        return "A two-letter country code in capitals, such as NL."
    if name == "phone" and text and not re.fullmatch(r"\+?[0-9 ().-]{5,20}", text):
        return "Digits, spaces and + ( ) . - only, 5 to 20 of them."
    if name == "postcode" and text and not re.fullmatch(r"[A-Za-z0-9 -]{2,12}", text):
        return "Letters, digits, spaces and -, 2 to 12 of them."
    return None


def parse_amount(text: str) -> Decimal | None:
    """A positive amount with at most two decimals, as a person types it (`12`, `12.5`, `12,50`)."""
    cleaned = text.strip().replace(",", ".")
    if not re.fullmatch(r"\d{1,9}(\.\d{1,2})?", cleaned):
        return None
    amount = Decimal(cleaned)
    return amount if amount > 0 else None


#: `whmcs/apply_credit` and `whmcs/create_addfunds` document `amount` as `int`: whole amounts.
WHOLE_ONLY = "Whole amounts only: invapi takes the amount as a whole number"


def parse_whole_amount(text: str) -> int | None:
    """A whole amount above zero as a person types it (`12`, `12.00`, `12,00`), else None."""
    cleaned = text.strip().replace(",", ".")
    match = re.fullmatch(r"(\d{1,9})(?:\.0{1,2})?", cleaned)
    if not match:
        return None
    amount = int(match[1])
    return amount if amount > 0 else None


def whole_amount_problem(text: str) -> str | None:
    """Why `text` is not an amount invapi can take (`12.50`: it takes whole amounts only)."""
    if parse_whole_amount(text) is not None:
        return None
    cleaned = text.strip().replace(",", ".")
    if re.fullmatch(r"\d{1,9}\.\d{1,2}", cleaned) and Decimal(cleaned) >= 1:
        whole = int(Decimal(cleaned))
        return f"{WHOLE_ONLY} ({whole}, not {text.strip()})."
    return "A whole amount above zero, such as 50."


def check_credit_payment(amount: int | Decimal | None, credit: Money, due: Money) -> str | None:
    """Why paying `amount` of this invoice from credit would be refused (checked locally)."""
    if amount is None:
        return "A whole amount above zero, such as 50."
    if Decimal(amount) != Decimal(amount).to_integral_value():
        return f"{WHOLE_ONLY} (not {amount})."
    if credit.amount is None:
        return f"The credit balance could not be read ({credit.raw}); nothing can be paid from it."
    if due.amount is None:
        return f"The amount due could not be read ({due.raw}); pay it in the panel."
    if amount > credit.amount:
        return f"That is more than the credit balance ({credit.display()})."
    if amount > due.amount:
        return f"That is more than is due on the invoice ({due.display()})."
    return None
