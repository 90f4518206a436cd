"""Section 6: API keys (with their history), SSH keys, remote-hands requests and the PIN.

The tab shell: its tables, the row under the cursor, which keys each tab offers, and the
actions; what each tab shows is made in `tabs.py`.
"""

from __future__ import annotations

import contextlib

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.reactive import var
from textual.visual import VisualType
from textual.widgets import DataTable, TabbedContent, TabPane

from hostkey_tui.api import InvapiError
from hostkey_tui.models.account import ApiKey, RemoteHandsRequest, SshKey
from hostkey_tui.services import account
from hostkey_tui.state.state import AppState, Keys
from hostkey_tui.ui.account import flows as flows
from hostkey_tui.ui.account import history, keys
from hostkey_tui.ui.account import requests as rhr_list
from hostkey_tui.ui.account.request_screen import RequestScreen
from hostkey_tui.ui.account.tabs import (
    PinText,
    api_key_cells,
    api_note,
    history_rows,
    history_title,
    request_cells,
    requests_in_order,
    requests_note,
    ssh_key_cells,
    ssh_note,
    summary,
)
from hostkey_tui.ui.flows import remote_hands
from hostkey_tui.ui.flows.ask_sales import ask_sales
from hostkey_tui.ui.kit.keys import bindings
from hostkey_tui.ui.kit.modals.form import Field, FormModal
from hostkey_tui.ui.kit.screen import TabbedSectionScreen
from hostkey_tui.ui.kit.status import status_text
from hostkey_tui.ui.kit.widgets.chrome import StatusLine
from hostkey_tui.ui.kit.widgets.inputs import TextInput
from hostkey_tui.ui.kit.widgets.table import Table
from hostkey_tui.ui.kit.widgets.view import View

TABS_AND_FOCUS = {
    "tab-api": "#api-keys",
    "tab-ssh": "#ssh-keys",
    "tab-rhr": "#remote-hands",
    "tab-pin": "#pin-scroll",
}
#: Which keys each tab offers (the same key does different things in different tabs).
TAB_ACTIONS = {
    "tab-api": {
        "key_history",
        "history_range",
        "keys_for_server",
        "new_api_key",
        "edit_api_key",
        "delete_api_key",
    },
    "tab-ssh": {"add_ssh_key", "delete_ssh_key", "copy_ssh_key"},
    "tab-rhr": {
        "new_remote_hands",
        "discard_remote_hands",
        "open_request",
        "focus_rhr_filter",
        "next_rhr_status",
        "next_rhr_location",
        "clear_rhr_filter",
        "ask_sales",
    },
    "tab-pin": {"set_pin", "check_pin"},
}
#: Keys that need a row under the cursor.
ROW_ACTIONS = {
    "key_history",
    "history_range",
    "edit_api_key",
    "delete_api_key",
    "delete_ssh_key",
    "copy_ssh_key",
    "discard_remote_hands",
    "open_request",
}


class AccountScreen(TabbedSectionScreen):
    TAB_FOCUS = TABS_AND_FOCUS
    SCOPE = "account"
    HELP_TITLE = "Account"
    SECTION = "account"
    AUTO_FOCUS = "#api-keys"
    KEYS = keys.ACCOUNT
    BINDINGS = bindings(KEYS)
    DEFAULT_CSS = """
    AccountScreen TabbedContent { height: 1fr; }
    AccountScreen TabPane { padding: 0; height: 1fr; }
    AccountScreen #api-keys { height: 1fr; }
    AccountScreen #history-pane { height: 40%; border-top: hkey $primary 40%; }
    AccountScreen #history-title { height: auto; max-height: 3; padding: 0 1; text-style: bold; }
    AccountScreen #key-history { height: 1fr; }
    AccountScreen #ssh-keys, AccountScreen #remote-hands { height: 1fr; }
    AccountScreen .tab-note {
        height: auto;
        padding: 0 1;
        color: $text-muted;
        background: $surface;
    }
    AccountScreen #pin-text { padding: 1 2; }
    """

    #: What its text lines show, each drawn again only when it changes.
    api_note_text: var[VisualType | None] = var(None, init=False)
    history_title_text: var[VisualType | None] = var(None, init=False)
    ssh_note_text: var[VisualType | None] = var(None, init=False)
    rhr_note_text: var[VisualType | None] = var(None, init=False)

    def __init__(self) -> None:
        super().__init__()
        self._shown: Keys | None = None
        self.api_keys: list[ApiKey] = []
        self.ssh_keys: list[SshKey] = []
        self.requests: list[RemoteHandsRequest] = []
        #: The key whose history was asked for last (its name titles a failed read).
        self._history_of: ApiKey | None = None

    def compose(self) -> ComposeResult:
        yield from self.chrome_top()
        with TabbedContent(id="tabs"):
            with TabPane("API keys", id="tab-api"):
                yield Table(id="api-keys", cursor_type="row")
                yield View(id="api-note", classes="tab-note").data_bind(
                    value=AccountScreen.api_note_text
                )
                with Vertical(id="history-pane"):
                    yield View(id="history-title").data_bind(value=AccountScreen.history_title_text)
                    yield Table(id="key-history", cursor_type="row")
            with TabPane("SSH keys", id="tab-ssh"):
                yield Table(id="ssh-keys", cursor_type="row")
                yield View(id="ssh-note", classes="tab-note").data_bind(
                    value=AccountScreen.ssh_note_text
                )
            with TabPane("Remote hands", id="tab-rhr"):
                yield TextInput(placeholder=rhr_list.FILTER_HINT, id="rhr-filter", compact=True)
                yield Table(id="remote-hands", cursor_type="row")
                yield View(id="rhr-note", classes="tab-note").data_bind(
                    value=AccountScreen.rhr_note_text
                )
            with TabPane("PIN", id="tab-pin"), VerticalScroll(id="pin-scroll"):
                yield PinText(id="pin-text")
        yield from self.chrome_bottom()

    def on_mount(self) -> None:
        self.query_one("#api-keys", DataTable).add_columns(
            " ", "Name", "Starts", "For", "Active", "Allowed IPs", "Login notice"
        )
        self.query_one("#key-history", DataTable).add_columns("Date", "Type", "Message", "By")
        self.query_one("#ssh-keys", DataTable).add_columns("Name", "Key", "Default", "Added")
        self.query_one("#remote-hands", DataTable).add_columns(
            "Ticket", "Server", "Loc", "Type", "Status", "Created", "Request"
        )
        self.query_one("#api-keys", DataTable).focus()
        super().on_mount()
        self.every_second(self._say_status)
        keys = self.hostkey.state.keys
        if keys.api_keys is None or keys.ssh_keys is None or keys.remote_hands is None:
            self.reload()

    @work(group="account", exclusive=True, exit_on_error=False)
    async def reload(self) -> None:
        services = self.hostkey.services
        if services is None:
            return
        # Each tab reads on its own: one that fails says so in its own place (the store keeps
        # why) and leaves the others.
        for read in (
            lambda: account.load_api_keys(services, services.store.state.keys.for_server),
            lambda: account.load_ssh_keys(services),
            lambda: account.load_remote_hands(services),
        ):
            with contextlib.suppress(InvapiError):
                await read()

    @property
    def note(self) -> str:
        """What this screen says in its own body about the parts it could not read."""
        errors = self.hostkey.state.keys.errors
        return " · ".join(f"{part} not read: {why}" for part, why in errors.items())

    # -- rendering ---------------------------------------------------------------------------

    def state_changed(self, state: AppState) -> None:
        if state.keys is not self._shown:
            self._shown = state.keys
            self._show_api_keys(state)
            self._show_history(state)
            self._show_ssh_keys(state)
            self._show_requests(state)
        self.query_one(PinText).pin = (state.pin, state.read_only)
        self._say_status()
        self.query_one(StatusLine).right = summary(state.keys)
        self.refresh_bindings()

    def _say_status(self) -> None:
        """The status line's words; said again each second, so "refreshed … ago" moves on."""
        state = self.hostkey.state
        self.query_one(StatusLine).left = status_text(
            state, self.hostkey.clock.now(), self.hostkey.jobs_running()
        )

    def _show_api_keys(self, state: AppState) -> None:
        table = self.query_one("#api-keys", DataTable)
        current = self._api_key()
        table.clear()
        self.api_keys = list(state.keys.api_keys or ())
        services = self.hostkey.services
        in_use = [services is not None and account.key_in_use(services, k) for k in self.api_keys]
        # Rows are keyed by position: a row key must be unique, and invapi's ids need not be.
        for index, (key, used) in enumerate(zip(self.api_keys, in_use, strict=True)):
            table.add_row(*api_key_cells(state, key, used), key=str(index))
        ids = [k.id for k in self.api_keys]
        if current is not None and current.id in ids:
            table.move_cursor(row=ids.index(current.id))
        note = api_note(state, any(in_use), self._history_of)
        self.api_note_text = note

    def _show_history(self, state: AppState) -> None:
        self.history_title_text = history_title(state.keys, self._history_of)
        table = self.query_one("#key-history", DataTable)
        table.clear()
        for row in history_rows(state.keys):
            table.add_row(*row)

    def _show_ssh_keys(self, state: AppState) -> None:
        table = self.query_one("#ssh-keys", DataTable)
        current = self._ssh_key()
        table.clear()
        self.ssh_keys = list(state.keys.ssh_keys or ())
        for index, key in enumerate(self.ssh_keys):
            table.add_row(*ssh_key_cells(key), key=str(index))
        ids = [k.id for k in self.ssh_keys]
        if current is not None and current.id in ids:
            table.move_cursor(row=ids.index(current.id))
        self.ssh_note_text = ssh_note(state.keys, state.read_only)

    def _show_requests(self, state: AppState) -> None:
        table = self.query_one("#remote-hands", Table)
        current = self._request()
        table.clear()
        query = self.query_one("#rhr-filter", TextInput).value
        held = state.keys.remote_hands
        self.requests = rhr_list.filtered(requests_in_order(held or ()), query)
        table.empty = rhr_list.empty_list(query, held, state.read_only)
        width = max(20, self.app.size.width - 76)
        for index, request in enumerate(self.requests):
            table.add_row(*request_cells(request, width), key=str(index))
        ids = [r.id for r in self.requests]
        if current is not None and current.id in ids:
            table.move_cursor(row=ids.index(current.id))
        self.rhr_note_text = requests_note(state.keys, state.read_only)

    # -- rows under the cursor ---------------------------------------------------------------

    def _row(self, table_id: str, rows: list[object]) -> object | None:
        if not rows:
            return None
        table = self.query_one(table_id, DataTable)
        return rows[min(max(table.cursor_row, 0), len(rows) - 1)]

    def _api_key(self) -> ApiKey | None:
        found = self._row("#api-keys", list(self.api_keys))
        return found if isinstance(found, ApiKey) else None

    def _ssh_key(self) -> SshKey | None:
        found = self._row("#ssh-keys", list(self.ssh_keys))
        return found if isinstance(found, SshKey) else None

    def _request(self) -> RemoteHandsRequest | None:
        found = self._row("#remote-hands", list(self.requests))
        return found if isinstance(found, RemoteHandsRequest) else None

    # -- tabs --------------------------------------------------------------------------------

    def _tab(self) -> str:
        return self.query_one(TabbedContent).active

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        allowed = super().check_action(action, parameters)
        if not allowed or not self.is_mounted:
            return allowed
        tab = self._tab()
        for owner, actions in TAB_ACTIONS.items():
            if action in actions and owner != tab:
                return False
        if action == "all_keys":
            return tab == "tab-api" and self.hostkey.state.keys.for_server is not None
        if action in ROW_ACTIONS:
            rows = {"tab-api": self.api_keys, "tab-ssh": self.ssh_keys, "tab-rhr": self.requests}
            return bool(rows.get(tab))
        return True

    # -- actions -----------------------------------------------------------------------------

    def action_refresh(self) -> None:
        self.recheck_changes()
        self.reload()

    def action_key_history(self) -> None:
        key = self._api_key()
        if key is not None:
            self._history_of = key
            start, end = history.default_range(self.hostkey.clock.now())
            self.run_flow(history.read_history(self.hostkey, key, start, end))

    @on(DataTable.RowSelected, "#api-keys")
    def _key_chosen(self) -> None:
        self.action_key_history()

    def action_history_range(self) -> None:
        key = self._api_key()
        if key is not None:
            self._history_of = key
            self.run_flow(history.history_range(self.hostkey, key))

    def action_keys_for_server(self) -> None:
        self.run_flow(self._for_server())

    async def _for_server(self) -> None:
        app = self.hostkey
        values = await app.push_screen_wait(
            FormModal(
                "API keys of one server",
                [
                    Field(
                        "server",
                        "Server",
                        "",
                        lambda t: None if app.index.find(app.state, t) else "Its id or hostname.",
                        placeholder="id or hostname",
                    )
                ],
                submit="Show",
            )
        )
        server_id = app.index.find(app.state, values["server"]) if values else None
        if server_id is not None and app.services is not None:
            await account.load_api_keys(app.services, server_id)

    def action_all_keys(self) -> None:
        services = self.hostkey.services
        if services is not None:
            self.run_flow(account.load_api_keys(services))

    def action_new_api_key(self) -> None:
        self.run_flow(flows.new_api_key(self.hostkey))

    def action_edit_api_key(self) -> None:
        key = self._api_key()
        if key is not None:
            self.run_flow(flows.edit_api_key(self.hostkey, key))

    def action_delete_api_key(self) -> None:
        key = self._api_key()
        if key is not None:
            self.run_flow(flows.delete_api_key(self.hostkey, key))

    def action_add_ssh_key(self) -> None:
        self.run_flow(flows.add_ssh_key(self.hostkey))

    def action_delete_ssh_key(self) -> None:
        key = self._ssh_key()
        if key is not None:
            self.run_flow(flows.delete_ssh_key(self.hostkey, key))

    def action_copy_ssh_key(self) -> None:
        key = self._ssh_key()
        if key is not None:
            self.app.copy_to_clipboard(key.key)
            self.hostkey.say(f"{key.name}: {key.fingerprint_hint}", title="Public key copied")

    def action_new_remote_hands(self) -> None:
        self.run_flow(remote_hands.new_remote_hands(self.hostkey))

    def action_discard_remote_hands(self) -> None:
        request = self._request()
        if request is not None:
            self.run_flow(remote_hands.discard_remote_hands(self.hostkey, request))

    @on(DataTable.RowSelected, "#remote-hands")
    def _request_chosen(self) -> None:
        self.action_open_request()

    def action_open_request(self) -> None:
        request = self._request()
        if request is not None:
            self.app.push_screen(RequestScreen(request))

    @on(TextInput.Changed, "#rhr-filter")
    def _requests_filtered(self) -> None:
        self._show_requests(self.hostkey.state)

    @on(TextInput.Submitted, "#rhr-filter")
    def _requests_filter_done(self) -> None:
        self.query_one("#remote-hands", DataTable).focus()

    def _set_rhr_filter(self, query: str) -> None:
        # Changing the value draws the list again (`_requests_filtered`).
        self.query_one("#rhr-filter", TextInput).value = query

    def action_focus_rhr_filter(self) -> None:
        self.query_one("#rhr-filter", TextInput).focus()

    def action_next_rhr_status(self) -> None:
        box = self.query_one("#rhr-filter", TextInput)
        held = self.hostkey.state.keys.remote_hands or ()
        self._set_rhr_filter(rhr_list.next_status(box.value, held))

    def action_next_rhr_location(self) -> None:
        box = self.query_one("#rhr-filter", TextInput)
        held = self.hostkey.state.keys.remote_hands or ()
        self._set_rhr_filter(rhr_list.next_location(box.value, held))

    def action_clear_rhr_filter(self) -> None:
        self._set_rhr_filter("")
        self.query_one("#remote-hands", DataTable).focus()

    def action_ask_sales(self) -> None:
        self.run_flow(ask_sales(self.hostkey))

    def action_set_pin(self) -> None:
        self.run_flow(flows.set_pin(self.hostkey))

    def action_check_pin(self) -> None:
        self.run_flow(flows.check_pin(self.hostkey))
