"""The Sensors tab: a bare-metal server's IPMI readings, polled while the tab is open."""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.reactive import var
from textual.visual import VisualType

from hostkey_tui.services.sensors import read_sensors
from hostkey_tui.state.state import AppState
from hostkey_tui.ui.kit.widgets.view import View
from hostkey_tui.ui.server.panels import sensors_panel
from hostkey_tui.ui.server.tabs.base import ServerTab


class SensorsTab(ServerTab):
    #: What its text panels show, each drawn again only when it changes.
    panel_text: var[VisualType | None] = var(None, init=False)

    def compose(self) -> ComposeResult:
        yield View(id="sensors-panel").data_bind(value=SensorsTab.panel_text)

    def opened(self) -> None:
        self.closed()  # a poll of the server shown before stops
        server = self.server
        if server is not None and not server.kind.is_virtual:
            self.poll_sensors(server.id, server.hostname)

    def closed(self) -> None:
        self.workers.cancel_group(self, "sensors")

    def show_server(self, server_id: int) -> None:
        super().show_server(server_id)
        self.closed()

    @work(group="sensors", exclusive=True, exit_on_error=False)
    async def poll_sensors(self, server_id: int, hostname: str) -> None:
        """Read the sensors while this tab is open; leaving the tab or the screen stops it."""
        services = self.hostkey.services
        if services is None:
            return
        interval = self.hostkey.setup.config.refresh.sensors
        # Coming back to the tab within the poll interval shows the reading there is and asks
        # again only when it is due: leaving and re-entering sends nothing new.
        last = self.hostkey.state.sensors.get(server_id)
        if last is not None and last.at is not None and interval:
            due = last.at + interval - self.hostkey.clock.now()
            if due > 0:
                await self.hostkey.clock.sleep(due)
        while True:
            await read_sensors(services, server_id, hostname)
            await self.hostkey.clock.sleep(interval)

    def state_changed(self, state: AppState) -> None:
        server = state.servers.get(self.server_id)
        if server is None:
            return
        panel = sensors_panel(
            state.sensors.get(server.id),
            self.hostkey.clock.now(),
            self.hostkey.setup.config.refresh.sensors,
            server.kind.is_virtual,
        )
        self.panel_text = panel
