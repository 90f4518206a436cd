"""Section 2: the account, invoices (unpaid and overdue first), credit, transactions, contacts.

Each tab shows its own part of billing, read on its own (`billing_parts` says what each part
says in its place when it is being read, could not be read, or was read only in part).
"""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.reactive import var
from textual.visual import VisualType
from textual.widgets import DataTable, TabbedContent, TabPane

from hostkey_tui.models.billing import Invoice
from hostkey_tui.services.billing import load_billing
from hostkey_tui.state.billing_views import (
    PART_LABELS,
    balance_due,
    invoice_rows,
    parse_invoice_query,
    totals,
    unread_parts,
)
from hostkey_tui.state.state import BILLING_PARTS, AppState, Billing
from hostkey_tui.ui.billing import flows as flows
from hostkey_tui.ui.billing import keys, settings_flows
from hostkey_tui.ui.billing.parts import (
    INVOICE_COLUMNS,
    account_text,
    contact_cells,
    credit_rows,
    empty_note,
    fitting_columns,
    invoice_cells,
    invoices_note,
    part_note,
    status_left,
    status_right,
    today,
    totals_text,
    transaction_rows,
)
from hostkey_tui.ui.kit.keys import bindings
from hostkey_tui.ui.kit.screen import TabbedSectionScreen
from hostkey_tui.ui.kit.status import status_text
from hostkey_tui.ui.kit.text import literal
from hostkey_tui.ui.kit.widgets.chrome import StatusLine
from hostkey_tui.ui.kit.widgets.inputs import TextInput
from hostkey_tui.ui.kit.widgets.table import Table, nothing_matches
from hostkey_tui.ui.kit.widgets.view import View

INVOICE_HINT = "/ filter   status:unpaid  from:2026-01  to:2026-06  min:5  max:100"
# Keys that act on the invoice (or the contact) under the cursor: offered in that tab only.
INVOICE_ACTIONS = {"open", "mark", "mass_pay", "pay_credit", "how_to_pay", "download", "export"}
# Of those, the ones that only mean something on an invoice still to be paid.
UNPAID_ACTIONS = {"pay_credit", "how_to_pay"}
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


#: Invoices listed at most in the table at once (see `_show_invoices`).
TABLE_ROWS = 2000


class BillingScreen(TabbedSectionScreen):
    TAB_FOCUS = TABS_AND_FOCUS
    SCOPE = "billing"
    HELP_TITLE = "Billing"
    SECTION = "billing"
    # Keys go to the invoices, never to the filter line, however the first paint is timed.
    AUTO_FOCUS = "#invoices"
    KEYS = keys.BILLING
    BINDINGS = bindings(KEYS)
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
    BillingScreen .part-note { height: auto; padding: 0 1; }
    """

    #: Each tab's note (None: none, hidden), the sums under the invoices (hidden until they
    #: are read) and the account's text: each drawn again only when it changes.
    invoices_note_text: var[Content | None] = var(None, init=False)
    credits_note_text: var[Content | None] = var(None, init=False)
    transactions_note_text: var[Content | None] = var(None, init=False)
    contacts_note_text: var[Content | None] = var(None, init=False)
    totals_shown: var[VisualType | None] = var(None, init=False)
    account_shown: var[VisualType | None] = var(None, init=False)

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
                yield View(id="invoices-note", classes="part-note").data_bind(
                    value=BillingScreen.invoices_note_text
                )
                yield Table(id="invoices", cursor_type="row")
                yield View(id="totals").data_bind(value=BillingScreen.totals_shown)
            with TabPane("Account", id="tab-account"), VerticalScroll(id="account-scroll"):
                yield View(id="account").data_bind(value=BillingScreen.account_shown)
            with TabPane("Credit", id="tab-credit"):
                yield View(id="credits-note", classes="part-note").data_bind(
                    value=BillingScreen.credits_note_text
                )
                yield Table(id="credits", cursor_type="row")
            with TabPane("Transactions", id="tab-transactions"):
                yield View(id="transactions-note", classes="part-note").data_bind(
                    value=BillingScreen.transactions_note_text
                )
                yield Table(id="transactions", cursor_type="row")
            with TabPane("Contacts", id="tab-contacts"):
                yield View(id="contacts-note", classes="part-note").data_bind(
                    value=BillingScreen.contacts_note_text
                )
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
        self.every_second(self._update_status)  # "billing read … ago" moves on
        billing = self.hostkey.state.billing
        # The list's sign-in reads the cancellations: the rest is read when billing is opened.
        if any(billing.part(p).at is None and not billing.part(p).reading for p in BILLING_PARTS):
            self.reload()

    @work(group="billing", exclusive=True, exit_on_error=False)
    async def reload(self) -> None:
        services = self.hostkey.services
        if services is None:
            return
        # Each part says its own outcome in its place: nothing is raised here.
        await load_billing(services)

    # -- showing -----------------------------------------------------------------------------

    @property
    def note(self) -> str:
        """What this screen says in its own body of the parts it could not read, and why."""
        billing = self.hostkey.state.billing
        failed = unread_parts(billing)
        return "; ".join(f"{PART_LABELS[n]}: {billing.part(n).error}" for n in failed)

    def state_changed(self, state: AppState) -> None:
        billing = state.billing
        shown = (
            billing.client,
            billing.invoices,
            billing.credits,
            billing.transactions,
            billing.contacts,
            billing.parts,
        )
        if shown != self._shown:
            self._shown = shown
            self._show_invoices()
            self._show_tables(billing)
        self._update_status()

    def _update_status(self) -> None:
        state = self.hostkey.state
        status = self.query_one(StatusLine)
        now = self.hostkey.clock.now()
        left = [status_left(state.billing, now), status_text(state, now, state.jobs_running)]
        status.left = " · ".join(part for part in left if part)
        status.right = status_right(state.billing, today(now), len(self.marked))

    def _note(self, name: str, content: Content | None) -> None:
        setattr(self, f"{name}_note_text", content)

    def _show_invoices(self) -> None:
        billing = self.hostkey.state.billing
        now = self.hostkey.clock.now()
        day = today(now)
        part = billing.part("invoices")
        read = part.at is not None
        query = parse_invoice_query(self.query_text)
        # invapi's ids key the rows: one listed twice is shown once (a row key must be unique)
        self._rows = list({i.id: i for i in invoice_rows(billing.invoices, query, day)}.values())
        table: Table[Text] = self.query_one("#invoices", Table)
        cursor = table.cursor_row
        # A table of tens of thousands of rows holds the screen for seconds: the newest
        # TABLE_ROWS are shown (the totals count every one), and `/` narrows the rest.
        shown = self._rows[:TABLE_ROWS]
        cells = [
            invoice_cells(i, day, i.id in self.marked, billing.details.get(i.id)) for i in shown
        ]
        # The vertical scrollbar takes two cells when the rows do not all fit.
        width = (table.size.width or self.size.width or 80) - 2
        columns = fitting_columns(cells, width)
        if columns != self._columns:
            self._columns = columns
            table.clear(columns=True)
            table.add_columns(*(INVOICE_COLUMNS[name] for name in columns))
        else:
            table.clear()
        for invoice, row in zip(shown, cells, strict=True):
            table.add_row(*(row[name] for name in columns), key=str(invoice.id))
        if shown:
            table.move_cursor(row=min(cursor, len(shown) - 1))
        table.empty = nothing_matches(self.query_text) if self.query_text and not shown else ""
        note = invoices_note(billing, now)
        if note is None and len(self._rows) > len(shown):
            note = literal(
                f"The newest {len(shown):,} of {len(self._rows):,} invoices are listed (the totals "
                "count all): / narrows them, e.g. by year or status.",
                "dim",
            )
        if note is None and read and not billing.invoices:
            note = empty_note("invoices")
        self._note("invoices", note)
        # Never "0 invoices" for invoices that were not read: the note above says why. The
        # table keeps the keys of the tab (a hidden one could not), without a header.
        table.show_header = read
        months, years = totals(self._rows)
        owed = balance_due(self._rows, billing.details)
        sums = totals_text(billing, len(self._rows), bool(self.query_text), months, years, owed)
        self.totals_shown = sums if read else None

    def _show_tables(self, billing: Billing) -> None:
        now = self.hostkey.clock.now()
        self.account_shown = account_text(billing.client, billing.part("client"), now)
        credits = self._table("credits", billing, bool(billing.credits), now)
        for row in credit_rows(billing.credits):
            credits.add_row(*row)
        transactions = self._table("transactions", billing, bool(billing.transactions), now)
        for row in transaction_rows(billing.transactions):
            transactions.add_row(*row)
        # The cursor stays on the same contact through a refresh: delete must hit the one seen.
        current = self._contact()
        contacts = self._table("contacts", billing, bool(billing.contacts), now)
        shown = list({c.id: c for c in billing.contacts}.values())  # an id listed twice: once
        for contact in shown:
            contacts.add_row(*contact_cells(contact), key=str(contact.id))
        ids = [c.id for c in shown]
        if current in ids:
            contacts.move_cursor(row=ids.index(current))

    def _table(self, name: str, billing: Billing, has_rows: bool, now: float) -> DataTable[Text]:
        """The part's table, emptied for its rows, and the part's note above it. A part never
        read shows not even the table's header: an empty table would read as "none"."""
        part = billing.part(name)
        note = part_note(name, part, has_rows, now)
        if note is None and not has_rows:
            note = empty_note(name)
        self._note(name, note)
        table: DataTable[Text] = self.query_one(f"#{name}", DataTable)
        table.show_header = part.at is not None or has_rows
        table.clear()
        return table

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

    def action_clear_filter(self) -> None:
        """Esc, as in every list: the filter emptied and the keys back on the rows."""
        box = self.query_one("#invoice-filter", TextInput)
        if box.value:
            box.value = ""  # its Changed message shows every invoice again
        self.query_one("#invoices", DataTable).focus()

    @on(DataTable.RowHighlighted, "#invoices")
    def _moved(self) -> None:
        # What the key bar offers depends on the invoice under the cursor (paid or not).
        self.refresh_bindings()

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
        self.run_flow(flows.export(self.hostkey, list(self._rows)))

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

    def action_settings(self) -> None:
        self.run_flow(settings_flows.edit_settings(self.hostkey))

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
        self.recheck_changes()
        self.reload()

    def keeps_focus(self) -> bool:
        return self.query_one("#invoice-filter").has_focus

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        allowed = super().check_action(action, parameters)
        if not allowed or not self.is_mounted:
            return allowed
        tab = self.query_one(TabbedContent).active
        if action == "clear_filter":
            return tab == "tab-invoices" and (
                bool(self.query_text) or self.query_one("#invoice-filter").has_focus
            )
        if action in INVOICE_ACTIONS:
            if tab != "tab-invoices":
                return False
            if action == "mass_pay":
                return bool(self.marked)
            if action == "export":
                return True  # the list as filtered, even when it is empty
            # The others act on the invoice under the cursor: none (a filter hides every one),
            # nothing offered; nothing to pay on a paid (or cancelled) one.
            invoice = self._current()
            if action in UNPAID_ACTIONS:
                return invoice is not None and invoice.unpaid
            return invoice is not None
        if action in CONTACT_ACTIONS:
            return tab == "tab-contacts"
        if action == "settings":
            return tab == "tab-account"
        return True
