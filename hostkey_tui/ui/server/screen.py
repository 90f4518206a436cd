"""One server: the tab shell around its tabs (`ui.server.tabs`).

The shell holds what works on any tab: the title, `t`/`T`, the next and previous server,
back, refresh, reveal, copy and power. Each tab owns its keys, its drawing and its reads; the
shell says which server they show, hands the open tab each new state, and tells a tab when it
opens or closes.
"""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.content import Content
from textual.events import Resize
from textual.reactive import var
from textual.widgets import TabbedContent, TabPane, Tabs

from hostkey_tui.models.server import Server
from hostkey_tui.services.power import Target
from hostkey_tui.services.servers import refresh_server
from hostkey_tui.state.state import AppState
from hostkey_tui.state.views import condition_words
from hostkey_tui.ui.flows import remote_hands
from hostkey_tui.ui.kit.keys import bindings
from hostkey_tui.ui.kit.modals.choose import Choice, ChooseOne
from hostkey_tui.ui.kit.screen import SectionScreen
from hostkey_tui.ui.kit.status import status_text
from hostkey_tui.ui.kit.text import HIDDEN, line, literal
from hostkey_tui.ui.kit.widgets.chrome import StatusLine
from hostkey_tui.ui.kit.widgets.view import View
from hostkey_tui.ui.server import billing_flows, keys, rename_flows
from hostkey_tui.ui.server.tabs.base import ServerTab
from hostkey_tui.ui.server.tabs.billing import BillingTab
from hostkey_tui.ui.server.tabs.network import NetworkTab
from hostkey_tui.ui.server.tabs.overview import OverviewTab
from hostkey_tui.ui.server.tabs.power import PowerTab
from hostkey_tui.ui.server.tabs.reinstall import ReinstallTab
from hostkey_tui.ui.server.tabs.remote import RemoteTab
from hostkey_tui.ui.server.tabs.sensors import SensorsTab
from hostkey_tui.ui.server.tabs.snapshots import SnapshotsTab
from hostkey_tui.ui.server.tabs.tags import TagsTab
from hostkey_tui.ui.server.tabs.timeline import TimelineTab

#: The tabs in their order: title, pane id, the tab's widget and its id. A new tab is a module
#: in `tabs/` and a row here.
TABS: tuple[tuple[str, str, type[ServerTab], str], ...] = (
    ("Overview", "tab-overview", OverviewTab, "detail"),
    ("Power", "tab-power", PowerTab, "power-scroll"),
    ("Sensors", "tab-sensors", SensorsTab, "sensors-scroll"),
    ("Network", "tab-network", NetworkTab, "network-scroll"),
    ("Remote", "tab-remote", RemoteTab, "remote-scroll"),
    ("Reinstall", "tab-reinstall", ReinstallTab, "reinstall-scroll"),
    ("Snapshots", "tab-snapshots", SnapshotsTab, "snapshots-scroll"),
    ("Tags", "tab-tags", TagsTab, "tags-scroll"),
    ("Billing", "tab-billing", BillingTab, "billing-scroll"),
    ("Timeline", "tab-timeline", TimelineTab, "timeline-scroll"),
)


class ServerDetailScreen(SectionScreen):
    SCOPE = "detail"
    HELP_TITLE = "Server detail"
    SECTION = "servers"
    KEYS = keys.SHELL
    BINDINGS = bindings(KEYS)
    DEFAULT_CSS = """
        ServerDetailScreen TabbedContent { height: 1fr; }
        ServerDetailScreen TabPane { padding: 0; height: 1fr; }
    ServerDetailScreen #reinstall-pxe, ServerDetailScreen #reinstall-help { padding: 0 1; }
    ServerDetailScreen #reinstall-help { margin-top: 1; }
    ServerDetailScreen #reinstall-stages { margin-top: 1; }
    ServerDetailScreen #power-panel,
    ServerDetailScreen #sensors-panel,
    ServerDetailScreen #billing-panel {
        padding: 1 2;
    }
    ServerDetailScreen #network-scroll Static,
    ServerDetailScreen #tags-scroll Static,
    ServerDetailScreen #remote-scroll Static {
        padding: 0 1;
        margin-bottom: 1;
    }
    ServerDetailScreen #network-scroll DataTable,
    ServerDetailScreen #tags-scroll DataTable,
    ServerDetailScreen #remote-scroll DataTable {
        height: auto;
        max-height: 12;
        margin: 0 1 1 1;
        overflow-x: hidden;
    }
    ServerDetailScreen #detail-title {
        height: 1;
        padding: 0 1;
        text-style: bold;
        background: $boost;
    }
        ServerDetailScreen Grid {
        grid-size: 2;
        grid-gutter: 0 1;
        height: auto;
        padding: 0 1;
    }
        ServerDetailScreen.-narrow Grid {
        grid-size: 1;
    }
        ServerDetailScreen .panel {
        height: auto;
        border: round $primary 50%;
        padding: 0 1;
    }
        ServerDetailScreen .panel.-wide {
        column-span: 2;
    }
        ServerDetailScreen.-narrow .panel.-wide {
        column-span: 1;
    }
    """

    #: The line over the tabs: the server's name and what it is, or why it is not shown.
    title_text: var[Content | None] = var(None, init=False)

    def __init__(self, server_id: int, neighbours: list[int] | None = None) -> None:
        super().__init__()
        self.server_id = server_id
        self.neighbours = neighbours or []
        self.revealed = False
        #: The server the title shows (drawn again only when the state holds another).
        self._shown: Server | None = None

    def compose(self) -> ComposeResult:
        yield from self.chrome_top()
        yield View(id="detail-title").data_bind(value=ServerDetailScreen.title_text)
        with TabbedContent(id="tabs"):
            for title, pane, tab, name in TABS:
                with TabPane(title, id=pane):
                    yield tab(self.server_id, id=name)
        yield from self.chrome_bottom()

    def on_mount(self) -> None:
        super().on_mount()
        # The tab strip takes no focus: each tab's keys work while the focus is inside it, and
        # `tab` must not strand it on the strip (t and T go round the tabs, a click still does).
        self.query_one(Tabs).can_focus = False
        self.query_one(OverviewTab).focus()
        self.set_class(self.app.size.width < 100, "-narrow")
        state = self.hostkey.state
        fetched = state.fetched_at.get(self.server_id)
        if (
            fetched is None
            or self.hostkey.clock.now() - fetched > self.hostkey.cache_ttl
            or state.stale
        ):
            self.reload()
        self.every_second(self._tick)

    @property
    def active_tab(self) -> str:
        return self.query_one(TabbedContent).active

    @property
    def open_tab(self) -> ServerTab | None:
        pane = self.query_one(TabbedContent).active_pane
        return pane.query_one(ServerTab) if pane is not None else None

    def _tick(self) -> None:
        tab = self.open_tab
        if tab is not None and tab.TICKS:
            tab.state_changed(self.hostkey.state)

    @on(TabbedContent.TabActivated)
    def _tab_changed(self, event: TabbedContent.TabActivated) -> None:
        # The open tab takes the keys, so the arrows and page keys scroll what is shown, and
        # its own keys are live. It opens at its top: its table takes the keys without
        # scrolling what is above it away (whether it would depended on its rows having
        # arrived yet).
        tab = self.open_tab
        if tab is not None:
            (tab.query_one(tab.FOCUS) if tab.FOCUS else tab).focus(scroll_visible=False)
        self._tab_opened()
        # The key bar offers what the open tab can do.
        self.refresh_bindings()

    def _tab_opened(self) -> None:
        opened = self.open_tab
        for tab in self.query(ServerTab):
            if tab is not opened:
                tab.closed()
        if opened is not None:
            opened.opened()
            # The state as it is now: on Python 3.12+ a read started above may already have ended.
            opened.state_changed(self.hostkey.state)

    def action_remote_hands(self) -> None:
        server = self.hostkey.state.servers.get(self.server_id)
        if server is not None:
            target = Target(server.id, server.hostname, server.main_ip)
            self.run_flow(remote_hands.server_requests(self.hostkey, target))

    def action_cancel_server(self) -> None:
        self.run_flow(billing_flows.cancel_server(self.hostkey, self.server_id))

    def action_withdraw_cancellation(self) -> None:
        self.run_flow(billing_flows.withdraw_cancellation(self.hostkey, self.server_id))

    def action_rename(self) -> None:
        self.run_flow(rename_flows.rename(self.hostkey, self.server_id))

    def action_tab(self, step: int) -> None:
        panes = [pane for _, pane, _, _ in TABS]
        content = self.query_one(TabbedContent)
        content.active = panes[(panes.index(content.active) + step) % len(panes)]

    def action_power(self) -> None:
        server = self.hostkey.state.servers.get(self.server_id)
        if server is not None:
            self.hostkey.power_menu([Target(server.id, server.hostname, server.main_ip)])

    def on_resize(self, event: Resize) -> None:
        self.set_class(event.size.width < 100, "-narrow")

    def state_changed(self, state: AppState) -> None:
        server = state.servers.get(self.server_id)
        if server is not self._shown:
            self._shown = server
            self._draw_title(server)
        # The Overview draws only when the server changes, so it is told whatever tab is open.
        self.query_one(OverviewTab).state_changed(state)
        tab = self.open_tab
        if tab is not None and not isinstance(tab, OverviewTab):
            tab.state_changed(state)
        status = self.query_one(StatusLine)
        status.left = status_text(state, self.hostkey.clock.now(), self.hostkey.jobs_running())
        position = (
            f"{self.neighbours.index(self.server_id) + 1} of {len(self.neighbours)} · "
            if self.server_id in self.neighbours
            else ""
        )
        status.right = f"{position}server {self.server_id}"

    def _draw_title(self, server: Server | None) -> None:
        if server is None:
            failed = self.hostkey.state.failed.get(self.server_id)
            self.title_text = literal(f"Server {self.server_id}: {failed or 'loading…'}")
            return
        # invapi's status power_off is a suspension, not a power state: the header says it
        # and the power as the list row and the Power tab do (one reading, `AppState.power`).
        headline = " · ".join(
            p
            for p in (server.main_ip, server.kind.label, condition_words(server), server.location)
            if p
        )
        self.title_text = line((server.hostname, "bold"), "   ", (headline, "dim"))

    @work(group="detail", exclusive=True, exit_on_error=False)
    async def reload(self) -> None:
        services = self.hostkey.services
        if services is None:
            return
        # A failure is reported by SectionScreen's worker handler.
        await refresh_server(services, self.server_id, seen=True)

    # -- actions -----------------------------------------------------------------------------

    def action_back(self) -> None:
        self.dismiss()

    def action_refresh(self) -> None:
        self.reload()
        self.recheck_changes()
        tab = self.open_tab
        if tab is not None:
            tab.again()

    @property
    def secret_shown(self) -> bool:
        """Reveal is on: a password or link may be in clear (the screenshot refuses)."""
        return self.revealed

    def action_reveal(self) -> None:
        self.revealed = not self.revealed
        for tab in self.query(ServerTab):
            tab.revealed = self.revealed
        opened = self.open_tab
        if opened is not None and self.hostkey.state.servers.get(self.server_id) is not None:
            opened.state_changed(self.hostkey.state)

    def action_copy(self) -> None:
        server = self.hostkey.state.servers.get(self.server_id)
        if server is None:
            return
        choices = [
            Choice("hostname", "Hostname", server.hostname),
            Choice("id", "Server id", str(server.id)),
        ]
        choices += [Choice(f"ip:{a.ip}", "Main IP" if a.main else "IP", a.ip) for a in server.ips]
        choices += [
            Choice(f"secret:{t.name}", f"{t.name} (secret)", HIDDEN) for t in server.secret_tags
        ]
        net = self.hostkey.state.net_of(server.id)
        if net.nat is not None:
            choices.append(Choice("nat", "IPMI pass-through address", net.nat.public_ip))
        if net.ipmi_user is not None:
            choices.append(Choice("ipmi_user", "IPMI user", net.ipmi_user.user))
            choices.append(Choice("secret:ipmi", "IPMI password (secret)", HIDDEN))
        if net.novnc is not None:
            choices.append(Choice("secret:novnc", "noVNC link (secret)", HIDDEN))
        if net.console is not None:
            choices.append(Choice("console", "Console file path", net.console.path))

        def copy(key: str | None) -> None:
            if key is None:
                return
            if key.startswith("secret:"):
                name = key.split(":", 1)[1]
                held = {
                    "ipmi": net.ipmi_user.password if net.ipmi_user else None,
                    "novnc": net.novnc,
                }
                secret = held.get(name) or next(
                    (t.secret for t in server.secret_tags if t.name == name), None
                )
                if secret is not None:
                    self.hostkey.copy_to_clipboard(secret.reveal())
                    self.hostkey.say(
                        f"The {name} is on the clipboard; it was not shown.", title="Copied"
                    )
                return
            value = next(c.value for c in choices if c.key == key)
            self.hostkey.copy_to_clipboard(value)
            self.hostkey.say(value, title="Copied")

        self.app.push_screen(ChooseOne("Copy which value?", choices), copy)

    def _step(self, delta: int) -> None:
        if self.server_id not in self.neighbours:
            return
        index = (self.neighbours.index(self.server_id) + delta) % len(self.neighbours)
        self.server_id = self.neighbours[index]
        self.revealed = False
        self._shown = None
        for tab in self.query(ServerTab):
            tab.show_server(self.server_id)
        self.state_changed(self.hostkey.state)
        if self.server_id not in self.hostkey.state.fetched_at:
            self.reload()
        self._tab_opened()

    def action_next_server(self) -> None:
        self._step(1)

    def action_previous_server(self) -> None:
        self._step(-1)
