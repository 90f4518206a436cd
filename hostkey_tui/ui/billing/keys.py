"""The keys of billing and invoices, by scope (see `ui.kit.keys`)."""

from __future__ import annotations

from hostkey_tui.ui.kit.keys import Key

BILLING: tuple[Key, ...] = (
    Key(
        id="billing.filter",
        key="slash",
        action="focus_filter",
        description="Filter",
        help="Filter invoices: status:unpaid from:2026-01 to:2026-06 min:5 max:100",
        key_display="/",
    ),
    Key(
        id="billing.clear",
        key="escape",
        action="clear_filter",
        description="Clear",
        help="Clear the filter",
        show=False,
    ),
    Key(
        id="billing.open",
        key="enter",
        action="open",
        description="Open",
        help="Open the invoice: items, credit applied, balance due, transactions",
    ),
    Key(
        id="billing.mark",
        key="space",
        action="mark",
        description="Mark",
        help="Mark an unpaid invoice to pay several at once",
    ),
    Key(
        id="billing.mass_pay",
        key="m",
        action="mass_pay",
        description="Mass pay",
        help="One group invoice for the marked invoices",
        mutating=True,
    ),
    Key(
        id="billing.pay",
        key="c",
        action="pay_credit",
        description="Pay from credit",
        help="Pay the invoice under the cursor from the credit balance",
        mutating=True,
    ),
    Key(
        id="billing.how",
        key="w",
        action="how_to_pay",
        description="How to pay",
        help="Payment methods of the invoice: links and bank details",
    ),
    Key(
        id="billing.pdf",
        key="d",
        action="download",
        description="PDF",
        help="Save the invoice as a PDF (mode 0600)",
    ),
    Key(
        id="billing.export",
        key="x",
        action="export",
        description="Export",
        help="Save the shown invoices as CSV",
        show=False,
    ),
    Key(
        id="billing.funds",
        key="a",
        action="add_funds",
        description="Add funds",
        help="An invoice that tops up the credit balance",
        mutating=True,
    ),
    Key(
        id="billing.edit",
        key="e",
        action="edit",
        description="Edit",
        help="Edit the account (or the contact under the cursor)",
        mutating=True,
    ),
    Key(
        id="billing.password",
        key="P",
        action="reset_password",
        description="Reset password",
        help="Send a password reset link to the account's e-mail",
        show=False,
        mutating=True,
    ),
    Key(
        id="billing.settings",
        key="S",
        action="settings",
        description="Settings",
        help="The account's settings: pay from credit automatically, pay on the 1st, "
        "two-factor authentication, SMS number, marketing mail, currency",
        mutating=True,
    ),
    Key(
        id="billing.new_contact",
        key="n",
        action="new_contact",
        description="New contact",
        help="Add a contact",
        mutating=True,
    ),
    Key(
        id="billing.delete_contact",
        key="delete",
        action="delete_contact",
        description="Delete contact",
        help="Delete the contact under the cursor",
        mutating=True,
    ),
    Key(
        id="billing.refresh",
        key="r",
        action="refresh",
        description="Refresh",
        help="Read the billing again",
        show=False,
    ),
    Key(
        id="billing.tab",
        key="t",
        action="tab(1)",
        description="Tab",
        help="The next tab: invoices, account, credit, transactions, contacts",
    ),
    Key(
        id="billing.tab_back",
        key="T",
        action="tab(-1)",
        description="Tab back",
        help="The previous tab",
        show=False,
    ),
)

INVOICE: tuple[Key, ...] = (
    Key(
        id="invoice.back",
        key="escape",
        action="back",
        description="Back",
        help="Back to the invoices",
    ),
    Key(
        id="invoice.pay",
        key="c",
        action="pay_credit",
        description="Pay from credit",
        help="Pay this invoice from the credit balance",
        mutating=True,
    ),
    Key(
        id="invoice.how",
        key="w",
        action="how_to_pay",
        description="How to pay",
        help="Payment methods: links and bank details",
    ),
    Key(
        id="invoice.pdf",
        key="d",
        action="download",
        description="PDF",
        help="Save the PDF (mode 0600)",
    ),
    Key(
        id="invoice.open",
        key="o",
        action="open_pdf",
        description="Open PDF",
        help="Save the PDF and open it (where a desktop is present)",
    ),
)

PAYMENT: tuple[Key, ...] = (
    Key(
        id="payment.open",
        key="o",
        action="open_link",
        description="Open link",
        help="Open one of the payment links in your web browser",
    ),
    Key(
        id="payment.copy",
        key="y",
        action="copy_link",
        description="Copy link",
        help="Copy one of the payment links",
    ),
    Key(id="payment.close", key="escape,q", action="close", description="Close", help="Close"),
)

#: Every key of this package, for the registry.
KEYS: tuple[Key, ...] = BILLING + INVOICE + PAYMENT
