"""The Power tab: the power state as last read, and the power jobs of the server (`p` acts)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Static

from hostkey_tui.services.power import Target, check_status
from hostkey_tui.state.state import AppState
from hostkey_tui.ui.server.panels import power_panel
from hostkey_tui.ui.server.tabs.base import ServerTab


class PowerTab(ServerTab):
    def compose(self) -> ComposeResult:
        yield Static(id="power-panel")

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
        self.query_one("#power-panel", Static).update(
            power_panel(
                state.power.get(self.server_id), jobs, self.hostkey.clock.now(), state.read_only
            )
        )
