"""The Sensors tab: a bare-metal server's IPMI readings, or a VM's load (`vm/load_stats`: a VM
has no IPMI), polled on the injected clock while the tab is open."""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.reactive import var
from textual.visual import VisualType

from hostkey_tui.api import InvapiError
from hostkey_tui.models.vm import VmStats
from hostkey_tui.services.sensors import read_sensors
from hostkey_tui.services.snapshots import vm_stats
from hostkey_tui.state.state import AppState
from hostkey_tui.ui.kit.widgets.view import View
from hostkey_tui.ui.server.panels import sensors_panel
from hostkey_tui.ui.server.tabs.base import ServerTab
from hostkey_tui.ui.server.vm_panels import vm_stats_panel


class SensorsTab(ServerTab):
    #: What its text panels show, each drawn again only when it changes.
    panel_text: var[VisualType | None] = var(None, init=False)

    def __init__(self, server_id: int, *, id: str) -> None:
        super().__init__(server_id, id=id)
        #: A VM's last load read, when, and why the last read failed (the tab's own).
        self.stats: VmStats | None = None
        self.stats_at: float | None = None
        self.stats_error = ""

    def compose(self) -> ComposeResult:
        yield View(id="sensors-panel").data_bind(value=SensorsTab.panel_text)

    def opened(self) -> None:
        self.closed()  # a poll of the server shown before stops
        server = self.server
        if server is not None and not server.kind.is_virtual:
            self.poll_sensors(server.id, server.hostname)
        elif server is not None:
            self.poll_vm_stats(server.id)

    def closed(self) -> None:
        self.workers.cancel_group(self, "sensors")

    def show_server(self, server_id: int) -> None:
        super().show_server(server_id)
        self.closed()
        self.stats, self.stats_at, self.stats_error = None, None, ""

    @work(group="sensors", exclusive=True, exit_on_error=False)
    async def poll_vm_stats(self, server_id: int) -> None:
        """Read the VM's load while this tab is open (the sensors' interval), as sensors are."""
        services = self.hostkey.services
        if services is None:
            return
        clock = self.hostkey.clock
        interval = self.hostkey.setup.config.refresh.sensors
        if self.stats_at is not None and interval:
            due = self.stats_at + interval - clock.now()
            if due > 0:
                await clock.sleep(due)
        while True:
            server = self.hostkey.state.servers.get(server_id)
            if server is None:
                return
            try:
                self.stats, self.stats_at = await vm_stats(services, server), clock.now()
                self.stats_error = ""
            except InvapiError as error:
                # The last figures stay, marked stale: a failed read is never zero load.
                self.stats_error = error.message
            self.state_changed(self.hostkey.state)
            await clock.sleep(interval)

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
        if server.kind.is_virtual:
            self.panel_text = vm_stats_panel(
                self.stats,
                self.stats_at,
                self.hostkey.clock.now(),
                self.hostkey.setup.config.refresh.sensors,
                self.stats_error,
            )
            return
        panel = sensors_panel(
            state.sensors.get(server.id),
            self.hostkey.clock.now(),
            self.hostkey.setup.config.refresh.sensors,
            server.kind.is_virtual,
        )
        self.panel_text = panel
