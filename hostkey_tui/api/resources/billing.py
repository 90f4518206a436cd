"""`whmcs.php`: the billing account, invoices, payments, credit, cancellations, contacts.

Each call sends what the documentation's parameter table names, with its type: `amount` is an
`int` for `apply_credit` and `create_addfunds`, `getcredits` takes the `id` of a server.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Mapping
from decimal import Decimal
from typing import TypeVar

from hostkey_tui.api.errors import ApiError
from hostkey_tui.api.resources.base import Resource
from hostkey_tui.api.transport import FieldValue
from hostkey_tui.models.billing import (
    BillingData,
    CancellationRequest,
    Client,
    Contact,
    CreditEntry,
    Invoice,
    InvoiceDetail,
    InvoicePage,
    PaymentMethod,
    Transaction,
    billing_data_from_json,
    cancellations_from_json,
    client_from_json,
    contacts_from_json,
    credits_from_json,
    invoice_detail_from_json,
    invoice_page_from_json,
    invoices_from_json,
    new_invoice_id_from_json,
    payment_methods_from_json,
    transactions_from_json,
)
from hostkey_tui.models.common import Obj, Secret
from hostkey_tui.models.errors import InvapiError, MalformedReply

#: Invoices asked for per `get_invoices` page.
INVOICE_PAGE = 100
#: No account has more pages than this: a server that keeps sending new ones is stopped here.
MAX_INVOICE_PAGES = 1000

T = TypeVar("T")


class PagingBroken(InvapiError):
    """`get_invoices` did not page as WHMCS does (the same invoices again, an empty page before
    the end, a count that went down): reading on could loop forever or miss invoices."""

    default_title = "Invoice paging broken"


def whole(amount: int | Decimal, action: str) -> int:
    """`amount` as the `int` the documentation gives for `action`; never rounded.

    Raises:
        ApiError: it has a fraction (nothing is sent).
    """
    if isinstance(amount, Decimal):
        if not amount.is_finite() or amount != amount.to_integral_value():
            raise ApiError(
                f"whmcs/{action} takes a whole amount (an int), not {amount}. Nothing was sent.",
                title="Not sent",
            )
        return int(amount)
    return amount


class WhmcsApi(Resource):
    resource = "whmcs"

    async def _parsed(
        self, action: str, fields: Mapping[str, FieldValue], parse: Callable[[object], T]
    ) -> T:
        """A read whose reply may be large (every invoice of an account, where a server ignores
        the paging): a large one is decoded and parsed off the event loop. Reads only: a change
        goes through `_call`, which tells the change hooks."""
        return await self.client.call_parsed(self.resource, action, fields, parse)

    async def get_client(self) -> Client:
        return client_from_json(await self._call("get_client"))

    async def update_client(self, changes: Mapping[str, str]) -> None:
        """Change account fields, given by their form names (`billing_city`, `co_smsnum`, ...)."""
        await self._call("update_client", dict(changes))

    async def reset_password(self, email: str) -> None:
        await self._call("reset_password", {"email": email})

    async def get_contacts(self) -> tuple[Contact, ...]:
        return contacts_from_json(await self._call("get_contacts"))

    async def add_contact(self) -> int:
        """A new contact (invapi gives it a random e-mail); its id.

        The documentation lists no field but the token: names are not sent (invapi offers no
        documented way to set them); the e-mail and phone are set with `update_contact`.
        """
        reply = await self._obj("add_contact")
        # assumed: the id under contactid (WHMCS AddContact) or id.
        contact_id = reply.int("contactid") or reply.int("contact_id") or reply.int("id")
        if contact_id is None:
            raise MalformedReply("no contact id in the reply", where="whmcs/add_contact")
        return contact_id

    async def update_contact(
        self,
        contact_id: int,
        email: str,
        *,
        phone: str = "",
        password: Secret | None = None,
    ) -> None:
        fields: dict[str, FieldValue] = {
            "contact_id": contact_id,
            "email": email,
            # Documented as int; its example sends `+79656754663`: digits, a leading + kept.
            "phonenumber": phone or None,
            "password2": password,
        }
        await self._call("update_contact", fields)

    async def delete_contact(self, contact_id: int) -> None:
        await self._call("delete_contact", {"contact_id": contact_id})

    async def create_addfunds(self, amount: int | Decimal) -> int:
        """An invoice that tops up the credit balance by a whole `amount` (int); its id."""
        fields: dict[str, FieldValue] = {"amount": whole(amount, "create_addfunds")}
        return new_invoice_id_from_json(await self._call("create_addfunds", fields))

    async def getpaymentgw(self, invoice_id: int) -> tuple[PaymentMethod, ...]:
        return payment_methods_from_json(
            await self._call("getpaymentgw", {"invoice_id": invoice_id})
        )

    async def get_billing_data(self, server_id: int) -> BillingData:
        return billing_data_from_json(await self._call("get_billing_data", {"id": server_id}))

    async def getcredits(self, server_id: int, currency: str = "") -> tuple[CreditEntry, ...]:
        """The account's credit history. The documentation requires the `id` of a server (int),
        though the history is the account's: any server of the account will do."""
        return await self._parsed(
            "getcredits", {"id": server_id}, lambda data: credits_from_json(data, currency)
        )

    async def generate_due_invoice(self, server_id: int) -> int:
        return new_invoice_id_from_json(await self._call("generate_due_invoice", {"id": server_id}))

    async def transactions(
        self, invoice_id: int | None = None, currency: str = ""
    ) -> tuple[Transaction, ...]:
        return await self._parsed(
            "transactions",
            {"invoice_id": invoice_id},
            lambda data: transactions_from_json(data, currency),
        )

    async def mass_pay(self, invoice_ids: list[int]) -> int:
        """One group invoice for several unpaid ones; its id."""
        return new_invoice_id_from_json(await self._call("mass_pay", {"invoices": invoice_ids}))

    async def download_invoice(self, invoice_id: int) -> bytes:
        return await self.client.call_bytes(
            self.resource, "download_invoice", {"invoice_id": invoice_id}
        )

    async def get_related_invoices(self, server_id: int) -> tuple[Invoice, ...]:
        return await self._parsed("get_related_invoices", {"id": server_id}, invoices_from_json)

    async def apply_credit(self, invoice_id: int, amount: int | Decimal) -> Obj:
        """Pay a whole `amount` (documented as int) of an invoice from the credit balance."""
        fields: dict[str, FieldValue] = {
            "invoice_id": invoice_id,
            "amount": whole(amount, "apply_credit"),
        }
        return await self._obj("apply_credit", fields)

    async def get_invoice(self, invoice_id: int, currency: str = "") -> InvoiceDetail:
        """One invoice; `currency` names its amounts (get_invoice's reply carries none)."""
        reply = await self._call("get_invoice", {"invoice_id": invoice_id})
        return invoice_detail_from_json(reply, currency)

    async def get_invoices_page(
        self, limitstart: int, limitnum: int = INVOICE_PAGE, currency: str = ""
    ) -> InvoicePage:
        """One page of the invoices, from number `limitstart` (0 first), at most `limitnum`.

        # assumed: the documentation's table lists no paging field, but its example reply
        # pages as WHMCS GetInvoices does (`"totalresults": 6, "numreturned": 5`), and WHMCS
        # pages with flat int `limitstart` and `limitnum` (25 when `limitnum` is not sent).
        """
        fields: dict[str, FieldValue] = {"limitstart": limitstart, "limitnum": limitnum}
        return await self._parsed(
            "get_invoices", fields, lambda data: invoice_page_from_json(data, currency)
        )

    async def invoice_pages(
        self, limitnum: int = INVOICE_PAGE, currency: str = ""
    ) -> AsyncIterator[InvoicePage]:
        """Every page of the invoices in turn, each with only invoices not seen on an earlier one,
        until the rows read cover `totalresults`.

        Raises:
            PagingBroken: the server does not page as WHMCS does (after yielding what it sent
                before), so that a read can never loop forever.
            InvapiError: a page could not be read.
        """
        seen: set[int] = set()
        start = 0
        count: int | None = None
        for _ in range(MAX_INVOICE_PAGES):
            page = await self.get_invoices_page(start, limitnum, currency)
            rows = len(page.invoices)
            if count is not None and page.total is not None and page.total < count:
                raise PagingBroken(
                    f"the number of invoices went down from {count} to {page.total} while they "
                    "were read (they may have moved between pages)"
                )
            count = page.total if page.total is not None else count
            if rows == 0:
                if start == 0 and not count:
                    yield page  # an account without invoices
                    return
                if count is None:
                    return  # no count, and the last full page was the last one
                raise PagingBroken(
                    f"invapi sent no invoices from number {start + 1} on, though it counts "
                    f"{count if count is not None else 'more'}"
                )
            fresh = tuple(i for i in page.invoices if i.id not in seen)
            if not fresh:
                raise PagingBroken(
                    f"invapi sent the same invoices again for limitstart={start}: it does not "
                    "seem to page"
                )
            seen.update(i.id for i in fresh)
            yield InvoicePage(fresh, count, page.returned)
            start += rows
            # assumed: without a count, a page shorter than asked for is the last one.
            if (count is not None and start >= count) or (count is None and rows < limitnum):
                return
        raise PagingBroken(f"more than {MAX_INVOICE_PAGES} pages of invoices: reading stopped")

    async def get_invoices(self, limitnum: int = INVOICE_PAGE) -> tuple[Invoice, ...]:
        """Every invoice of the account, all pages read."""
        found: list[Invoice] = []
        async for page in self.invoice_pages(limitnum):
            found.extend(page.invoices)
        return tuple(found)

    async def request_cancellation(self, server_id: int, *, immediate: bool, reason: str) -> None:
        fields: dict[str, FieldValue] = {
            "id": server_id,
            "cancellation_type": 1 if immediate else 0,
            "terminate_reason_custom": reason or None,
        }
        await self._call("request_cancellation", fields)

    async def delete_cancellation_request(self, server_id: int) -> None:
        await self._call("delete_cancellation_request", {"id": server_id})

    async def get_cancellation_requests(
        self, server_id: int | None = None
    ) -> tuple[CancellationRequest, ...]:
        return cancellations_from_json(
            await self._call("get_cancellation_requests", {"id": server_id})
        )
