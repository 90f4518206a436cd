"""The Billing tab: the server's billing data, its invoices and its cancellation (`g` invoices)."""

from __future__ import annotations

from datetime import UTC, datetime

from textual import work
from textual.app import ComposeResult
from textual.reactive import var
from textual.visual import VisualType

from hostkey_tui.services.billing import server_billing
from hostkey_tui.state.state import AppState
from hostkey_tui.ui.kit.keys import bindings
from hostkey_tui.ui.kit.widgets.view import View
from hostkey_tui.ui.server import billing_flows as flows
from hostkey_tui.ui.server import keys
from hostkey_tui.ui.server.panels import server_billing_panel
from hostkey_tui.ui.server.tabs.base import ServerTab


class BillingTab(ServerTab):
    KEYS = keys.BILLING
    BINDINGS = bindings(KEYS)
    #: What its text panels show, each drawn again only when it changes.
    panel_text: var[VisualType | None] = var(None, init=False)

    def __init__(self, server_id: int, *, id: str) -> None:
        super().__init__(server_id, id=id)
        #: Why the billing data and the invoices could not be read ("" when they were).
        self.errors = ("", "")

    def compose(self) -> ComposeResult:
        yield View(id="billing-panel").data_bind(value=BillingTab.panel_text)

    def opened(self) -> None:
        if self.server is not None and self.hostkey.services is not None:
            self.read_billing(self.server_id)

    @work(group="billing", exclusive=True, exit_on_error=False)
    async def read_billing(self, server_id: int) -> None:
        services = self.hostkey.services
        if services is None:
            return
        self.errors = await server_billing(services, server_id)
        self.state_changed(self.hostkey.state)

    def state_changed(self, state: AppState) -> None:
        server = state.servers.get(self.server_id)
        if server is None:
            return
        billing = state.billing
        today = datetime.fromtimestamp(self.hostkey.clock.now(), UTC).date()
        self.panel_text = server_billing_panel(
            billing.servers.get(server.id),
            billing.related.get(server.id, ()),
            billing.cancellations.get(server.id),
            today,
            state.read_only,
            billing.part("cancellations").error,
            data_error=self.errors[0],
            related_error=self.errors[1],
            related_read=server.id in billing.related,
        )

    def action_generate_invoice(self) -> None:
        self.run_flow(flows.generate_invoice(self.hostkey, self.server_id))
