"""The Reinstall tab: reinstall the OS (`i`), or the PXE way one step at a time (`x`)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.content import Content
from textual.reactive import var

from hostkey_tui.state.state import AppState
from hostkey_tui.ui.kit.keys import bindings
from hostkey_tui.ui.kit.text import literal
from hostkey_tui.ui.kit.widgets.stages import STAGED_ACTIONS, InstallStages, pxe_panel
from hostkey_tui.ui.kit.widgets.view import View
from hostkey_tui.ui.server import keys
from hostkey_tui.ui.server import reinstall_flows as flows
from hostkey_tui.ui.server.tabs.base import ServerTab


class ReinstallTab(ServerTab):
    KEYS = keys.REINSTALL
    BINDINGS = bindings(KEYS)

    #: The PXE sequence under way (None: none, the panel is hidden).
    pxe_text: var[Content | None] = var(None, init=False)
    #: What is installed and what the keys do now.
    help_text: var[Content | None] = var(None, init=False)

    def compose(self) -> ComposeResult:
        yield InstallStages(id="reinstall-stages")
        yield View(id="reinstall-pxe").data_bind(value=ReinstallTab.pxe_text)
        yield View(id="reinstall-help").data_bind(value=ReinstallTab.help_text)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        allowed = super().check_action(action, parameters)
        if not allowed:
            return allowed
        state = self.hostkey.state
        run = state.pxe.get(self.server_id)
        if action == "reinstall":
            return run is None and not state.busy(self.server_id, "install")
        if action == "pxe_drop":
            return run is not None and not run.pxe_written
        return True

    def state_changed(self, state: AppState) -> None:
        if self.server is None:
            return
        jobs = self.server_jobs(state, ("install",))
        # Only an install reports stages: the other PXE steps are said in the sequence below.
        staged = [j for j in jobs if j.action in STAGED_ACTIONS]
        stages = self.query_one("#reinstall-stages", InstallStages)
        stages.display = bool(staged)
        stages.show(staged[0] if staged else None)
        run = state.pxe.get(self.server_id)
        self.pxe_text = pxe_panel(run, jobs) if run is not None else None
        server = state.servers.get(self.server_id)
        now = ""
        if server is not None and not staged and run is None:
            now = f"Installed now: {server.os_name or 'unknown'} · no reinstall in this session\n\n"
        if state.read_only:
            keys = "Read-only: reinstalls are not offered."
        elif state.busy(self.server_id, "install"):
            keys = "Under way: its result comes first (the Jobs section, 5, lists it too)."
        elif self.server_id in state.pxe:
            keys = "x: the next PXE step" + (
                "" if state.pxe[self.server_id].pxe_written else " · X: stop following it"
            )
        else:
            keys = (
                "i: reinstall (OS, software, password; the hostname typed, then the PIN) · "
                "x: the PXE way, step by step, for a server where that failed"
            )
        self.help_text = literal(now) + literal(keys, "dim")
        # What the keys may do follows the run: a PXE run under way, its file written.
        self.screen.refresh_bindings()

    def action_reinstall(self) -> None:
        self.with_server(flows.reinstall)

    def action_pxe_next(self) -> None:
        self.with_server(flows.pxe_next)

    def action_pxe_drop(self) -> None:
        self.with_server(flows.pxe_drop)
