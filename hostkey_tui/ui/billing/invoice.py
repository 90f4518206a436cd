"""One invoice: its items, the credit applied, what is still due, its transactions."""

from __future__ import annotations

from datetime import UTC, datetime

from textual import work
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from hostkey_tui.api import InvapiError
from hostkey_tui.models.billing import InvoiceDetail
from hostkey_tui.services.billing import read_invoice
from hostkey_tui.state.state import AppState
from hostkey_tui.ui.billing import flows as flows
from hostkey_tui.ui.billing import keys
from hostkey_tui.ui.kit.keys import bindings
from hostkey_tui.ui.kit.screen import SectionScreen
from hostkey_tui.ui.kit.status import status_text
from hostkey_tui.ui.kit.text import fit, line, literal
from hostkey_tui.ui.kit.widgets.chrome import StatusLine


def invoice_text(detail: InvoiceDetail, today: datetime, read_only: bool = False) -> Content:
    invoice = detail.invoice
    overdue = invoice.days_overdue(today.date())
    status = invoice.status + (f", {overdue} days overdue" if overdue else "")
    rows = [
        line(
            ("Invoice   ", "dim"),
            (invoice.number, "bold"),
            "   ",
            (status, "bold red" if overdue else ("yellow" if invoice.unpaid else "green")),
        ),
        line(
            ("Date      ", "dim"),
            invoice.date.isoformat() if invoice.date else "—",
            ("   due ", "dim"),
            invoice.due.isoformat() if invoice.due else "—",
            ("   paid ", "dim"),
            invoice.paid.isoformat(" ") if invoice.paid else "—",
        ),
        line(("Method    ", "dim"), invoice.payment_method or "—"),
        literal(""),
        literal("Items", "bold"),
    ]
    for item in detail.items:
        rows.append(
            line(
                "  ",
                fit(item.description, 46).ljust(47),
                item.amount.display().rjust(14),
                ("  " + item.type, "dim"),
            )
        )
    if not detail.items:
        rows.append(literal("  no items listed", "dim"))
    rows += [
        literal(""),
        line(("Subtotal  ".rjust(49), "dim"), invoice.subtotal.display().rjust(14)),
        line(("Tax       ".rjust(49), "dim"), invoice.tax.display().rjust(14)),
        # invapi's `total` is what is left after credit: never shown alone as "Total".
        line(("Invoiced (before credit)  ".rjust(49), "bold"), invoice.gross.display().rjust(14)),
        line(("Credit applied  ".rjust(49), "dim"), invoice.credit.display().rjust(14)),
        line(
            ("Balance due  ".rjust(49), "bold"),
            (detail.amount_due.display().rjust(14), "bold yellow" if invoice.unpaid else "bold"),
        ),
        literal(""),
        literal("Transactions", "bold"),
    ]
    for t in detail.transactions:
        when = t.date.isoformat(" ") if t.date else ""
        rows.append(
            line(
                "  ",
                when.ljust(20),
                t.amount_in.display().rjust(14),
                "  ",
                t.gateway,
                ("  " + t.transaction_id, "dim"),
            )
        )
    if not detail.transactions:
        rows.append(literal("  none", "dim"))
    if invoice.notes:
        rows += [literal(""), line(("Notes  ", "dim"), invoice.notes)]
    can = ["d saves the PDF", "o saves and opens it"]
    if invoice.unpaid:
        can[:0] = ["w how to pay"] if read_only else ["c pays from credit", "w how to pay"]
    keys = " · ".join(can)
    rows += [literal(""), literal(keys, "dim")]
    return literal("\n").join(rows)


class InvoiceScreen(SectionScreen):
    SCOPE = "invoice"
    HELP_TITLE = "Invoice"
    SECTION = "billing"
    KEYS = keys.INVOICE
    BINDINGS = bindings(KEYS)
    DEFAULT_CSS = """
    InvoiceScreen #invoice { padding: 1 2; }
    """

    def __init__(self, invoice_id: int) -> None:
        super().__init__()
        self.invoice_id = invoice_id

    def compose(self) -> ComposeResult:
        yield from self.chrome_top()
        with VerticalScroll():
            yield Static(literal("reading the invoice…", "dim"), id="invoice")
        yield from self.chrome_bottom()

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one(VerticalScroll).focus()
        self.reload()

    @work(group="invoice", exclusive=True, exit_on_error=False)
    async def reload(self) -> None:
        services = self.hostkey.services
        if services is None:
            return
        try:
            await read_invoice(services, self.invoice_id)
        except InvapiError as error:
            self.query_one("#invoice", Static).update(
                literal(f"{error.title}: {error.message}\nesc goes back.", "yellow")
            )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        allowed = super().check_action(action, parameters)
        if not allowed or action == "back" or not self.is_mounted:
            return allowed
        detail = self.hostkey.state.billing.details.get(self.invoice_id)
        if detail is None:
            return False  # not read (or not found): nothing to pay, see or save yet
        if action in ("pay_credit", "how_to_pay"):
            return detail.invoice.unpaid
        return True

    def state_changed(self, state: AppState) -> None:
        detail = state.billing.details.get(self.invoice_id)
        if detail is not None:
            now = datetime.fromtimestamp(self.hostkey.clock.now(), UTC)
            text = invoice_text(detail, now, state.read_only)
            self.query_one("#invoice", Static).update(text)
        # What is offered follows what was read: nothing to pay on a paid invoice, nothing
        # at all on one that could not be read.
        self.refresh_bindings()
        status = self.query_one(StatusLine)
        status.left = status_text(state, self.hostkey.clock.now(), state.jobs_running)
        status.right = f"invoice {self.invoice_id}"

    def action_back(self) -> None:
        self.dismiss()

    def action_pay_credit(self) -> None:
        detail = self.hostkey.state.billing.details.get(self.invoice_id)
        if detail is not None and detail.invoice.unpaid:
            self.run_flow(flows.pay_from_credit(self.hostkey, detail.invoice))

    def action_how_to_pay(self) -> None:
        detail = self.hostkey.state.billing.details.get(self.invoice_id)
        number = detail.invoice.number if detail else str(self.invoice_id)
        self.run_flow(flows.how_to_pay(self.hostkey, self.invoice_id, number))

    def action_download(self) -> None:
        self.run_flow(flows.download(self.hostkey, self.invoice_id))

    def action_open_pdf(self) -> None:
        self.run_flow(flows.download(self.hostkey, self.invoice_id, open_it=True))
