"""Section 6: API keys (with their history), SSH keys, remote-hands requests and the PIN."""

from __future__ import annotations

import contextlib
from datetime import datetime

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import DataTable, Static, TabbedContent, TabPane

from hostkey_tui.api import InvapiError
from hostkey_tui.models.account import ApiKey, RemoteHandsRequest, SshKey
from hostkey_tui.services import account
from hostkey_tui.state.reduce import PIN_TRIES
from hostkey_tui.state.state import AppState, Keys, Pin
from hostkey_tui.ui.account import flows as flows
from hostkey_tui.ui.account import keys
from hostkey_tui.ui.flows import remote_hands
from hostkey_tui.ui.kit.keys import bindings
from hostkey_tui.ui.kit.modals.form import Field, FormModal
from hostkey_tui.ui.kit.screen import TabbedSectionScreen
from hostkey_tui.ui.kit.status import status_text
from hostkey_tui.ui.kit.text import cell, fit, line, literal
from hostkey_tui.ui.kit.widgets.chrome import StatusLine
from hostkey_tui.ui.kit.widgets.table import Table

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
    "tab-rhr": {"new_remote_hands", "discard_remote_hands"},
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
}
OPEN_REQUEST = {"PENDING", "NEW", "OPEN", "IN_PROGRESS"}
#: How each part read on its own is named where its failure is said.
PART_NAMES = {"api_keys": "API keys", "ssh_keys": "SSH keys", "remote_hands": "Requests"}


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _when(moment: datetime | None) -> str:
    return moment.strftime("%Y-%m-%d %H:%M") if moment else ""


def not_read(what: str, why: str, retry: str) -> Content:
    """A part that could not be read, in its own place: what, why (invapi's words, literal),
    and how to try again. Never shown as empty or as zero."""
    return literal(f"{what}: not read ({why}) · {retry}", "yellow")


def summary(keys: Keys) -> str:
    """The status line's count of each part; a part not read (yet) says so, never 0."""

    def part(name: str, held: tuple[object, ...] | None, counted: str) -> str:
        if name in keys.errors:
            return f"{PART_NAMES[name]}: not read"
        return f"{PART_NAMES[name]}: reading…" if held is None else counted

    open_requests = sum(1 for r in keys.remote_hands or () if r.status in OPEN_REQUEST)
    parts = [
        part("api_keys", keys.api_keys, f"{len(keys.api_keys or ())} API keys"),
        part("ssh_keys", keys.ssh_keys, f"{len(keys.ssh_keys or ())} SSH keys"),
        part("remote_hands", keys.remote_hands, f"{open_requests} open requests"),
    ]
    if any(name in keys.errors for name in PART_NAMES):
        parts.append("r retries")
    return " · ".join(parts)


def pin_text(pin: Pin, read_only: bool) -> Content:
    if pin.blocked and not 0 < pin.rejections < PIN_TRIES:
        state = line(
            ("invapi said it blocks PINs", "bold red"),
            " (last refusal): it may refuse every PIN for a while, and each try may extend "
            "that. PIN actions stay offered: you decide when to try again.",
        )
    elif pin.rejections:
        left = max(0, PIN_TRIES - pin.rejections)
        state = line(
            (f"{pin.rejections} wrong entr{'y' if pin.rejections == 1 else 'ies'}", "bold yellow"),
            f" this session: {left} more and invapi blocks the PIN.",
        )
    elif pin.accepted:
        state = line(("accepted", "green"), " this session (it is still asked for each action).")
    else:
        state = literal("not asked for yet.", "dim")
    parts = [
        literal("PIN", "bold"),
        literal(""),
        literal(
            "The PIN guards power, reinstall, console, IPMI and the other dangerous actions. "
            "hostkey-tui asks for it each time, checks it with invapi before sending anything, "
            "and never writes it anywhere."
        ),
        literal(""),
        line(("This session  ", "dim"), state),
        literal(""),
    ]
    if not read_only:
        parts.append(
            line(("p", "bold"), "  set or change it: the current PIN, then the new one twice")
        )
    parts.append(
        line(("c", "bold"), "  check a PIN with invapi (a wrong one counts toward the block)")
    )
    return literal("\n").join(parts)


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

    def __init__(self) -> None:
        super().__init__()
        self._shown: Keys | None = None
        self._pin_shown: tuple[Pin, bool] | None = None
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
                yield Static(id="api-note", classes="tab-note")
                with Vertical(id="history-pane"):
                    yield Static(id="history-title")
                    yield Table(id="key-history", cursor_type="row")
            with TabPane("SSH keys", id="tab-ssh"):
                yield Table(id="ssh-keys", cursor_type="row")
                yield Static(id="ssh-note", classes="tab-note")
            with TabPane("Remote hands", id="tab-rhr"):
                yield Table(id="remote-hands", cursor_type="row")
                yield Static(id="rhr-note", classes="tab-note")
            with TabPane("PIN", id="tab-pin"), VerticalScroll(id="pin-scroll"):
                yield Static(id="pin-text")
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
        pin = (state.pin, state.read_only)
        if pin != self._pin_shown:
            self._pin_shown = pin
            self.query_one("#pin-text", Static).update(pin_text(*pin))
        status = self.query_one(StatusLine)
        status.left = status_text(state, self.hostkey.clock.now(), self.hostkey.jobs_running())
        status.right = summary(state.keys)
        self.refresh_bindings()

    def _server_name(self, state: AppState, server_id: int) -> str:
        server = state.servers.get(server_id)
        return f"{server.hostname} ({server_id})" if server else str(server_id)

    def _show_api_keys(self, state: AppState) -> None:
        keys = state.keys
        table = self.query_one("#api-keys", DataTable)
        current = self._api_key()
        table.clear()
        self.api_keys = list(keys.api_keys or ())
        services = self.hostkey.services
        # Rows are keyed by position: a row key must be unique, and invapi's ids need not be.
        for index, key in enumerate(self.api_keys):
            in_use = services is not None and account.key_in_use(services, key)
            notice = key.notify_method + (f" {key.notify_address}" if key.notify_address else "")
            table.add_row(
                cell("●" if in_use else "", "bold green"),
                cell(key.name, "bold"),
                cell(f"{key.token_view}…" if key.token_view else ""),
                cell(self._server_name(state, key.server_id) if key.server_id else "account"),
                cell("yes" if key.active else "off", "" if key.active else "yellow"),
                cell(fit(key.ip or "anywhere", 28)),
                cell(fit(notice, 28)),
                key=str(index),
            )
        ids = [k.id for k in self.api_keys]
        if current is not None and current.id in ids:
            table.move_cursor(row=ids.index(current.id))
        note = self.query_one("#api-note", Static)
        if "api_keys" in keys.errors:
            note.update(not_read("API keys", keys.errors["api_keys"], "r retries"))
        elif keys.api_keys is None:
            note.update(literal("reading the API keys…"))
        elif "view" in keys.errors:
            viewed = f"Key {self._history_of.name}" if self._history_of else "The key"
            note.update(
                not_read(f"{viewed} as invapi holds it now", keys.errors["view"], "enter retries")
            )
        elif keys.for_server is not None:
            note.update(
                literal(
                    f"Keys made for {self._server_name(state, keys.for_server)} only "
                    "(api_keys/list_for_server) · esc shows every key"
                )
            )
        else:
            marker = (
                "● this session's key · "
                if any(
                    services is not None and account.key_in_use(services, k) for k in self.api_keys
                )
                else ""
            )
            changes = "" if state.read_only else " · n new · e edit · del delete"
            note.update(literal(f"{marker}enter history{changes}"))

    def _show_history(self, state: AppState) -> None:
        history = state.keys.history
        title = self.query_one("#history-title", Static)
        table = self.query_one("#key-history", DataTable)
        table.clear()
        failed = state.keys.errors.get("history")
        if failed is not None:
            asked = self._history_of.name if self._history_of is not None else "the key"
            title.update(not_read(f"History of {asked}", failed, "enter retries"))
            return
        if history is None:
            title.update(literal("History: enter on a key shows its last 30 days", "dim"))
            return
        name = next((k.name for k in state.keys.api_keys or () if k.id == history.key_id), "")
        span = f"{history.start or 'the start'} to {history.end or 'now'}"
        title.update(
            line(
                f"History of {name or history.key_id}",
                (f"  {span} · {_count(len(history.events), 'event')} · h another range", "dim"),
            )
        )
        for event in history.events:
            table.add_row(
                cell(_when(event.when)),
                cell(event.type),
                cell(fit(event.message, 60)),
                cell(event.login),
            )

    def _show_ssh_keys(self, state: AppState) -> None:
        keys = state.keys
        table = self.query_one("#ssh-keys", DataTable)
        current = self._ssh_key()
        table.clear()
        self.ssh_keys = list(keys.ssh_keys or ())
        for index, key in enumerate(self.ssh_keys):
            table.add_row(
                cell(key.name, "bold"),
                cell(key.fingerprint_hint),
                cell("default" if key.default else ""),
                cell(_when(key.created)),
                key=str(index),
            )
        ids = [k.id for k in self.ssh_keys]
        if current is not None and current.id in ids:
            table.move_cursor(row=ids.index(current.id))
        note = self.query_one("#ssh-note", Static)
        if "ssh_keys" in keys.errors:
            note.update(not_read("SSH keys", keys.errors["ssh_keys"], "r retries"))
        elif keys.ssh_keys is None:
            note.update(literal("reading the SSH keys…"))
        elif not keys.ssh_keys:
            note.update(literal("No SSH keys yet · n adds one (the line of a .pub file)"))
        else:
            changes = "" if state.read_only else " · n add · del delete"
            note.update(literal(f"Offered when ordering or reinstalling · y copy{changes}"))

    def _show_requests(self, state: AppState) -> None:
        keys = state.keys
        table = self.query_one("#remote-hands", DataTable)
        current = self._request()
        table.clear()
        # Open ones first, newest first within each.
        self.requests = sorted(
            keys.remote_hands or (),
            key=lambda r: (
                r.status not in OPEN_REQUEST,
                -(r.created.timestamp() if r.created else 0),
            ),
        )
        width = max(20, self.app.size.width - 76)
        for index, request in enumerate(self.requests):
            style = "bold yellow" if request.status in OPEN_REQUEST else "dim"
            table.add_row(
                cell(request.ticket or str(request.id)),
                cell(request.server_name or str(request.server_id or "")),
                cell(request.location),
                cell(request.type),
                cell(request.status, style),
                cell(_when(request.created)),
                cell(fit(request.request, width)),
                key=str(index),
            )
        ids = [r.id for r in self.requests]
        if current is not None and current.id in ids:
            table.move_cursor(row=ids.index(current.id))
        note = self.query_one("#rhr-note", Static)
        if "remote_hands" in keys.errors:
            note.update(not_read("Remote-hands requests", keys.errors["remote_hands"], "r retries"))
        elif keys.remote_hands is None:
            note.update(literal("reading the remote-hands requests…"))
        else:
            note.update(
                literal(
                    "Read-only: requests are listed here, not made"
                    if state.read_only
                    else "n request · del discard · h in a server's detail: one-click requests too"
                )
            )

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
            start, end = flows.default_range(self.hostkey.clock.now())
            self.run_flow(flows.read_history(self.hostkey, key, start, end))

    @on(DataTable.RowSelected, "#api-keys")
    def _key_chosen(self) -> None:
        self.action_key_history()

    def action_history_range(self) -> None:
        key = self._api_key()
        if key is not None:
            self._history_of = key
            self.run_flow(flows.history_range(self.hostkey, key))

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
        if server_id is None or app.services is None:
            return
        try:
            await account.load_api_keys(app.services, server_id)
        except InvapiError as error:
            app.report_error(error)

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

    def action_set_pin(self) -> None:
        self.run_flow(flows.set_pin(self.hostkey))

    def action_check_pin(self) -> None:
        self.run_flow(flows.check_pin(self.hostkey))
