"""Section 2: the account, invoices (unpaid and overdue first), credit, transactions, contacts."""

from __future__ import annotations

from datetime import UTC, date, datetime

from rich.cells import cell_len
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import DataTable, Static, TabbedContent, TabPane

from hostkey_tui.api import InvapiError
from hostkey_tui.models.billing import Client, Invoice
from hostkey_tui.models.common import Money
from hostkey_tui.services.billing import export_invoices, load_billing
from hostkey_tui.state.billing_views import invoice_rows, parse_invoice_query, totals
from hostkey_tui.state.state import AppState
from hostkey_tui.ui import billing_flows as flows
from hostkey_tui.ui.actions import bindings
from hostkey_tui.ui.screens.base import TabbedSectionScreen
from hostkey_tui.ui.status import ago, status_text
from hostkey_tui.ui.text import cell, line, literal
from hostkey_tui.ui.widgets.chrome import StatusLine
from hostkey_tui.ui.widgets.inputs import TextInput
from hostkey_tui.ui.widgets.table import Table

INVOICE_HINT = "/ filter   status:unpaid  from:2026-01  to:2026-06  min:5  max:100"
# Keys that act on the invoice (or the contact) under the cursor: offered in that tab only.
INVOICE_ACTIONS = {"mark", "mass_pay", "pay_credit", "how_to_pay", "download", "export"}
CONTACT_ACTIONS = {"new_contact", "delete_contact"}
# What takes the keys in each tab. Without it the focus would fall back to the filter line of
# the hidden Invoices tab, and Textual would switch straight back to Invoices.
TABS_AND_FOCUS = {
    "tab-invoices": "#invoices",
    "tab-account": "#account-scroll",
    "tab-credit": "#credits",
    "tab-transactions": "#transactions",
    "tab-contacts": "#contacts",
}


def today(app_clock_now: float) -> date:
    return datetime.fromtimestamp(app_clock_now, UTC).date()


INVOICE_COLUMNS = {
    "mark": " ",
    "invoice": "Invoice",
    "date": "Date",
    "due": "Due",
    "paid": "Paid",
    "subtotal": "Subtotal",
    "credit": "Credit",
    "tax": "Tax",
    "total": "Total",
    "status": "Status",
    "method": "Method",
}
# What stays when the terminal is narrow: what is owed and by when first; the rest is one
# Enter away in the invoice itself.
KEEP_FIRST = (
    "mark", "invoice", "due", "total", "status", "date", "paid", "method", "credit", "subtotal",
    "tax",
)  # fmt: skip
CELL_PADDING = 2


def invoice_cells(invoice: Invoice, day: date, marked: bool) -> dict[str, Text]:
    overdue = invoice.days_overdue(day)
    status_style = "bold red" if overdue else ("yellow" if invoice.unpaid else "green")
    status = f"{invoice.status}, {overdue} d overdue" if overdue else invoice.status

    def amount(value: Money) -> Text:
        text = value.display()
        return cell(text, "bold yellow" if "(?)" in text else "")

    return {
        "mark": cell("●" if marked else ""),
        "invoice": cell(invoice.number),
        "date": cell(invoice.date.isoformat() if invoice.date else ""),
        "due": cell(invoice.due.isoformat() if invoice.due else "", "bold red" if overdue else ""),
        "paid": cell(invoice.paid.date().isoformat() if invoice.paid else "—"),
        "subtotal": amount(invoice.subtotal),
        "credit": amount(invoice.credit),
        "tax": amount(invoice.tax),
        "total": amount(invoice.total),
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


def account_text(client: Client | None, error: str, loaded: str) -> Content:
    if client is None:
        return literal(error or "reading the account…", "yellow" if error else "dim")
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
    body = [line((label.ljust(13), "dim"), value or "—") for label, value in rows]
    body.append(literal(""))
    body.append(literal(f"read {loaded} · e edits · P resets the password · a adds funds", "dim"))
    return literal("\n").join(body)


class BillingScreen(TabbedSectionScreen):
    TAB_FOCUS = TABS_AND_FOCUS
    SCOPE = "billing"
    SECTION = "billing"
    # Keys go to the invoices, never to the filter line, however the first paint is timed.
    AUTO_FOCUS = "#invoices"
    BINDINGS = bindings("billing")
    DEFAULT_CSS = """
    BillingScreen TabbedContent { height: 1fr; }
    BillingScreen TabPane { padding: 0; height: 1fr; }
    BillingScreen #invoice-filter { height: 1; padding: 0 1; background: $surface; }
    BillingScreen #invoices { height: 1fr; }
    BillingScreen #totals {
        height: auto;
        max-height: 4;
        padding: 0 1;
        color: $text-muted;
        background: $surface;
    }
    BillingScreen #account { padding: 1 2; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.query_text = ""
        self.marked: set[int] = set()
        self._rows: list[Invoice] = []
        self._columns: list[str] = []
        self._shown: tuple[object, ...] = ()

    def compose(self) -> ComposeResult:
        yield from self.chrome_top()
        with TabbedContent(id="tabs"):
            with TabPane("Invoices", id="tab-invoices"):
                yield TextInput(placeholder=INVOICE_HINT, id="invoice-filter", compact=True)
                yield Table(id="invoices", cursor_type="row")
                yield Static(id="totals")
            with TabPane("Account", id="tab-account"), VerticalScroll(id="account-scroll"):
                yield Static(id="account")
            with TabPane("Credit", id="tab-credit"):
                yield Table(id="credits", cursor_type="row")
            with TabPane("Transactions", id="tab-transactions"):
                yield Table(id="transactions", cursor_type="row")
            with TabPane("Contacts", id="tab-contacts"):
                yield Table(id="contacts", cursor_type="row")
        yield from self.chrome_bottom()

    def on_mount(self) -> None:
        self.query_one("#credits", DataTable).add_columns("Date", "Amount", "Description")
        self.query_one("#transactions", DataTable).add_columns(
            "Date", "Invoice", "In", "Out", "Fees", "Gateway", "Reference"
        )
        self.query_one("#contacts", DataTable).add_columns(
            "Name", "E-mail", "Phone", "Country", "Updated"
        )
        self.query_one("#invoices", DataTable).focus()
        super().on_mount()
        state = self.hostkey.state
        if state.billing.loaded_at is None:
            self.reload()

    @work(group="billing", exclusive=True, exit_on_error=False)
    async def reload(self) -> None:
        services = self.hostkey.services
        if services is None:
            return
        try:
            await load_billing(services)
        except InvapiError as error:
            self.hostkey.report_error(error)

    # -- showing -----------------------------------------------------------------------------

    def state_changed(self, state: AppState) -> None:
        billing = state.billing
        shown = (
            billing.client,
            billing.invoices,
            billing.credits,
            billing.transactions,
            billing.contacts,
            billing.error,
        )
        if shown != self._shown:
            self._shown = shown
            self._show_invoices()
            self._show_tables(state)
        self._update_status()

    def _update_status(self) -> None:
        state = self.hostkey.state
        status = self.query_one(StatusLine)
        billing = state.billing
        now = self.hostkey.clock.now()
        left = status_text(state, now, state.jobs_running)
        if billing.loaded_at is not None:
            left = f"billing read {ago(now - billing.loaded_at)}" + (f" · {left}" if left else "")
        elif billing.error:
            left = billing.error
        status.left = left
        unpaid = [i for i in billing.invoices if i.unpaid]
        overdue = [i for i in unpaid if i.days_overdue(today(now))]
        right = f"{len(unpaid)} unpaid" + (f", {len(overdue)} overdue" if overdue else "")
        if self.marked:
            right += f" · {len(self.marked)} marked"
        status.right = right if billing.invoices else ""

    def _show_invoices(self) -> None:
        billing = self.hostkey.state.billing
        day = today(self.hostkey.clock.now())
        query = parse_invoice_query(self.query_text)
        self._rows = invoice_rows(billing.invoices, query, day)
        table = self.query_one("#invoices", DataTable)
        cursor = table.cursor_row
        cells = [invoice_cells(i, day, i.id in self.marked) for i in self._rows]
        # The vertical scrollbar takes two cells when the rows do not all fit.
        width = (table.size.width or self.size.width or 80) - 2
        columns = fitting_columns(cells, width)
        if columns != self._columns:
            self._columns = columns
            table.clear(columns=True)
            table.add_columns(*(INVOICE_COLUMNS[name] for name in columns))
        else:
            table.clear()
        for invoice, row in zip(self._rows, cells, strict=True):
            table.add_row(*(row[name] for name in columns), key=str(invoice.id))
        if self._rows:
            table.move_cursor(row=min(cursor, len(self._rows) - 1))
        months, years = totals(self._rows)
        month_text = " · ".join(
            f"{t.period} {t.amount:,.2f} {t.currency} ({t.count}"
            + (f", {t.unreadable} unreadable)" if t.unreadable else ")")
            for t in months[:4]
        )
        year_text = " · ".join(f"{t.period} {t.amount:,.2f} {t.currency}" for t in years[:3])
        shown = (
            f"{len(self._rows)} of {len(billing.invoices)} invoices"
            if self.query_text
            else f"{len(billing.invoices)} invoices"
        )
        if not billing.invoices and billing.loaded_at is None:
            shown = billing.error or "reading the invoices…"
        self.query_one("#totals", Static).update(
            line(
                (shown, "bold"), "   by month: ", month_text or "—", "\nby year: ", year_text or "—"
            ),
        )

    def _show_tables(self, state: AppState) -> None:
        billing = state.billing
        loaded = (
            ago(self.hostkey.clock.now() - billing.loaded_at) if billing.loaded_at else "not yet"
        )
        self.query_one("#account", Static).update(
            account_text(billing.client, billing.error, loaded)
        )
        credits = self.query_one("#credits", DataTable)
        credits.clear()
        for entry in sorted(billing.credits, key=lambda c: c.date or date.min, reverse=True):
            style = "green" if entry.amount.amount and entry.amount.amount > 0 else ""
            credits.add_row(
                cell(entry.date.isoformat() if entry.date else ""),
                cell(entry.amount.display(), style),
                cell(entry.description),
            )
        transactions = self.query_one("#transactions", DataTable)
        transactions.clear()
        for t in sorted(billing.transactions, key=lambda t: t.date or datetime.min, reverse=True):
            transactions.add_row(
                cell(t.date.isoformat(" ") if t.date else ""),
                cell(str(t.invoice_id or "")),
                cell(t.amount_in.display()),
                cell(t.amount_out.display()),
                cell(t.fees.display()),
                cell(t.gateway),
                cell(t.transaction_id),
            )
        contacts = self.query_one("#contacts", DataTable)
        # The cursor stays on the same contact through a refresh: delete must hit the one seen.
        current = self._contact()
        contacts.clear()
        for contact in billing.contacts:
            updated = contact.updated.date().isoformat() if contact.updated else ""
            contacts.add_row(
                cell(contact.name),
                cell(contact.email),
                cell(contact.phone),
                cell(contact.country),
                cell(updated),
                key=str(contact.id),
            )
        ids = [c.id for c in billing.contacts]
        if current in ids:
            contacts.move_cursor(row=ids.index(current))

    def on_resize(self) -> None:
        # Columns are chosen for the width: a resize may make room for more, or for fewer.
        self.call_after_refresh(self._show_invoices)

    # -- invoices ----------------------------------------------------------------------------

    @on(TextInput.Changed, "#invoice-filter")
    def _filter(self, event: TextInput.Changed) -> None:
        self.query_text = event.value.strip()
        self._show_invoices()

    @on(TextInput.Submitted, "#invoice-filter")
    def _filter_done(self) -> None:
        self.query_one("#invoices", DataTable).focus()

    def action_focus_filter(self) -> None:
        self.query_one(TabbedContent).active = "tab-invoices"
        self.query_one("#invoice-filter", TextInput).focus()

    def _current(self) -> Invoice | None:
        table = self.query_one("#invoices", DataTable)
        if not self._rows or self.query_one(TabbedContent).active != "tab-invoices":
            return None
        return self._rows[min(table.cursor_row, len(self._rows) - 1)]

    @on(DataTable.RowSelected, "#invoices")
    def _open(self) -> None:
        invoice = self._current()
        if invoice is not None:
            self.hostkey.open_invoice(invoice.id)

    def action_open(self) -> None:
        self._open()

    def action_mark(self) -> None:
        invoice = self._current()
        if invoice is None:
            return
        if not invoice.unpaid:
            self.hostkey.say("Only unpaid invoices can be paid together.", severity="warning")
            return
        self.marked ^= {invoice.id}
        self._show_invoices()
        self.query_one("#invoices", DataTable).action_cursor_down()
        self._update_status()

    def action_mass_pay(self) -> None:
        chosen = [i for i in self.hostkey.state.billing.invoices if i.id in self.marked]
        self.marked.clear()
        self.run_flow(flows.mass_pay(self.hostkey, chosen))

    def action_pay_credit(self) -> None:
        invoice = self._current()
        if invoice is not None:
            self.run_flow(flows.pay_from_credit(self.hostkey, invoice))

    def action_how_to_pay(self) -> None:
        invoice = self._current()
        if invoice is not None:
            self.run_flow(flows.how_to_pay(self.hostkey, invoice.id, invoice.number))

    def action_download(self) -> None:
        invoice = self._current()
        if invoice is not None:
            self.run_flow(flows.download(self.hostkey, invoice.id))

    def action_export(self) -> None:
        stamp = datetime.fromtimestamp(self.hostkey.clock.now(), UTC).strftime("%Y%m%d-%H%M%S")
        path = flows.folder(self.hostkey) / f"hostkey-invoices-{stamp}.csv"
        try:
            export_invoices(self._rows, path)
        except OSError as error:
            self.hostkey.say(f"Could not save {path}: {error.strerror}", severity="error")
            return
        self.hostkey.say(
            f"{len(self._rows)} invoices saved to {path} (mode 0600).", title="Exported"
        )

    # -- account and contacts ----------------------------------------------------------------

    def action_add_funds(self) -> None:
        self.run_flow(flows.add_funds(self.hostkey))

    def action_edit(self) -> None:
        active = self.query_one(TabbedContent).active
        if active == "tab-contacts":
            contact = self._contact()
            if contact is not None:
                self.run_flow(flows.edit_contact(self.hostkey, contact))
        else:
            self.run_flow(flows.edit_account(self.hostkey))

    def action_reset_password(self) -> None:
        self.run_flow(flows.reset_password(self.hostkey))

    def _contact(self) -> int | None:
        """The contact under the cursor, by the row's own key (never by position)."""
        table = self.query_one("#contacts", DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return int(key) if key and key.isdigit() else None

    def action_new_contact(self) -> None:
        self.run_flow(flows.add_contact(self.hostkey))

    def action_delete_contact(self) -> None:
        if (
            self.query_one(TabbedContent).active == "tab-contacts"
            and (contact := self._contact()) is not None
        ):
            self.run_flow(flows.delete_contact(self.hostkey, contact))

    def action_refresh(self) -> None:
        self.reload()

    def keeps_focus(self) -> bool:
        return self.query_one("#invoice-filter").has_focus

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        allowed = super().check_action(action, parameters)
        if not allowed or not self.is_mounted:
            return allowed
        tab = self.query_one(TabbedContent).active
        if action in INVOICE_ACTIONS:
            return tab == "tab-invoices"
        if action in CONTACT_ACTIONS:
            return tab == "tab-contacts"
        return True
