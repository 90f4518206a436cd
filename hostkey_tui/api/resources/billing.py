"""`whmcs.php`: the billing account, invoices, payments, credit, cancellations, contacts."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

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
    PaymentMethod,
    Transaction,
    billing_data_from_json,
    cancellations_from_json,
    client_from_json,
    contacts_from_json,
    credits_from_json,
    invoice_detail_from_json,
    invoices_from_json,
    new_invoice_id_from_json,
    payment_methods_from_json,
    transactions_from_json,
)
from hostkey_tui.models.common import Obj, Secret
from hostkey_tui.models.errors import MalformedReply


class WhmcsApi(Resource):
    resource = "whmcs"

    async def get_client(self) -> Client:
        return client_from_json(await self._call("get_client"))

    async def update_client(self, changes: Mapping[str, str]) -> None:
        """Change account fields, given by their form names (`billing_city`, `co_smsnum`, ...)."""
        await self._call("update_client", dict(changes))

    async def reset_password(self, email: str) -> None:
        await self._call("reset_password", {"email": email})

    async def get_contacts(self) -> tuple[Contact, ...]:
        return contacts_from_json(await self._call("get_contacts"))

    async def add_contact(self, fields: Mapping[str, str]) -> int:
        """A new contact (invapi gives it a random e-mail); its id."""
        reply = await self._obj("add_contact", dict(fields))
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
            "phonenumber": phone or None,
            "password2": password,
        }
        await self._call("update_contact", fields)

    async def delete_contact(self, contact_id: int) -> None:
        await self._call("delete_contact", {"contact_id": contact_id})

    async def create_addfunds(self, amount: Decimal) -> int:
        """An invoice that tops up the credit balance; its id."""
        return new_invoice_id_from_json(await self._call("create_addfunds", {"amount": amount}))

    async def getpaymentgw(self, invoice_id: int) -> tuple[PaymentMethod, ...]:
        return payment_methods_from_json(
            await self._call("getpaymentgw", {"invoice_id": invoice_id})
        )

    async def get_billing_data(self, server_id: int) -> BillingData:
        return billing_data_from_json(await self._call("get_billing_data", {"id": server_id}))

    async def getcredits(self, currency: str = "") -> tuple[CreditEntry, ...]:
        return credits_from_json(await self._call("getcredits"), currency)

    async def generate_due_invoice(self, server_id: int) -> int:
        return new_invoice_id_from_json(await self._call("generate_due_invoice", {"id": server_id}))

    async def transactions(
        self, invoice_id: int | None = None, currency: str = ""
    ) -> tuple[Transaction, ...]:
        reply = await self._call("transactions", {"invoice_id": invoice_id})
        return transactions_from_json(reply, currency)

    async def mass_pay(self, invoice_ids: list[int]) -> int:
        """One group invoice for several unpaid ones; its id."""
        return new_invoice_id_from_json(await self._call("mass_pay", {"invoices": invoice_ids}))

    async def download_invoice(self, invoice_id: int) -> bytes:
        return await self.client.call_bytes(
            self.resource, "download_invoice", {"invoice_id": invoice_id}
        )

    async def get_related_invoices(self, server_id: int) -> tuple[Invoice, ...]:
        return invoices_from_json(await self._call("get_related_invoices", {"id": server_id}))

    async def apply_credit(self, invoice_id: int, amount: Decimal) -> Obj:
        return await self._obj("apply_credit", {"invoice_id": invoice_id, "amount": amount})

    async def get_invoice(self, invoice_id: int, currency: str = "") -> InvoiceDetail:
        """One invoice; `currency` names its amounts (get_invoice's reply carries none)."""
        reply = await self._call("get_invoice", {"invoice_id": invoice_id})
        return invoice_detail_from_json(reply, currency)

    async def get_invoices(self) -> tuple[Invoice, ...]:
        return invoices_from_json(await self._call("get_invoices"))

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
