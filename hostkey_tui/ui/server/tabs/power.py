"""The Power tab: the power state as last read, and the power jobs of the server (`p` acts)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.reactive import var
from textual.visual import VisualType

from hostkey_tui.services.power import Target, check_status
from hostkey_tui.state.state import AppState
from hostkey_tui.state.views import suspension
from hostkey_tui.ui.kit.widgets.view import View
from hostkey_tui.ui.server.panels import power_panel
from hostkey_tui.ui.server.tabs.base import ServerTab


class PowerTab(ServerTab):
    #: What its text panels show, each drawn again only when it changes.
    panel_text: var[VisualType | None] = var(None, init=False)

    def compose(self) -> ComposeResult:
        yield View(id="power-panel").data_bind(value=PowerTab.panel_text)

    def opened(self) -> None:
        state = self.hostkey.state
        server = self.server
        services = self.hostkey.services
        if server is None or services is None:
            return
        power = state.power.get(server.id)
        stale = power is None or self.hostkey.clock.now() - power.at > self.hostkey.cache_ttl
        if stale and not state.busy(server.id, "status"):
            target = Target(server.id, server.hostname, server.main_ip)
            self.hostkey.run_job(check_status(services, target))

    def state_changed(self, state: AppState) -> None:
        if self.server is None:
            return
        jobs = self.server_jobs(state, ("power", "status"))
        self.panel_text = power_panel(
            state.power.get(self.server_id),
            jobs,
            self.hostkey.clock.now(),
            state.read_only,
            suspension(state, self.server_id),
        )
