"""The fleet (`--fleet`, `:fleet`): every account's servers in one list, each row naming its
account. Opening a row opens the server in its own account: the app then acts on that account
(its session, PIN and confirmation policy), and every confirmation names it."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.events import Key
from textual.widgets import Input, Static

from hostkey_tui.models.common import clean_text
from hostkey_tui.services.fleet import Member, accounts
from hostkey_tui.services.power import Target
from hostkey_tui.state.board import Attention
from hostkey_tui.state.fleet import (
    BY_PROFILE,
    Account,
    Boards,
    FleetIndex,
    FleetKey,
    FleetServers,
    fleet_attention,
    profile_terms,
)
from hostkey_tui.state.state import AppState, Link
from hostkey_tui.state.views import ATTENTION_COLUMNS, COLUMNS, DEFAULT_COLUMNS
from hostkey_tui.ui.kit.coalesce import LARGE, Coalescer
from hostkey_tui.ui.kit.keys import bindings
from hostkey_tui.ui.kit.modals.help import KeyHelp
from hostkey_tui.ui.kit.screen import SectionScreen
from hostkey_tui.ui.kit.widgets.chrome import StatusLine
from hostkey_tui.ui.kit.widgets.inputs import TextInput
from hostkey_tui.ui.servers import keys
from hostkey_tui.ui.servers.attention import AttentionBar
from hostkey_tui.ui.servers.screen import FILTER_HELP
from hostkey_tui.ui.servers.table import ServerTable

FLEET_HINT = "/ filter   profile:NAME  -profile:NAME  loc:NL  status:power_off  gpu"


def account_words(member: Member) -> tuple[str, str]:
    """How an account's line reads (its name, then its state), and the style of that state."""
    trouble = member.trouble
    if trouble:
        return f"✕ {trouble}", "red"
    state = member.state
    if state is None:
        return "not started", "red"
    link = state.connection
    count = f"{len(state.server_ids):,} server{'s' if len(state.server_ids) != 1 else ''}"
    if link.link is Link.UNREACHABLE:
        return f"can't reach invapi: {link.message}; retrying", "yellow"
    if state.loading.active:
        done = len(state.servers)
        return f"loading {done:,} of {count}", "dim"
    if link.link is not Link.OK:
        return (
            f"{count} from the cache, signing in…" if state.server_ids else "signing in…"
        ), "dim"
    return count + (" · read-only" if state.read_only else ""), ""


class FleetScreen(SectionScreen):
    SCOPE = "fleet"
    HELP_TITLE = "Fleet (every account)"
    HELP_MOVING = "table"
    HELP_EXTRA = (
        (
            "Filter terms (all must hold)",
            [KeyHelp("profile:NAME", "account", "-profile:NAME leaves one out"), *FILTER_HELP],
        ),
    )
    SECTION = "servers"
    KEYS = keys.FLEET
    BINDINGS = bindings(KEYS)
    DEFAULT_CSS = """
    FleetScreen #accounts { height: auto; max-height: 3; padding: 0 1; background: $surface; }
    FleetScreen #attention { height: 1; padding: 0 1; color: $warning; background: $surface; }
    FleetScreen #attention.-calm { color: $text-muted; }
    FleetScreen #filter { height: 1; border: none; padding: 0 1; background: $surface; }
    FleetScreen #filter:focus { background: $boost; }
    """

    def __init__(self, members: list[Member]) -> None:
        super().__init__()
        self.members = members
        self.query_text = ""
        self.attention_only = False
        self.sort_column = BY_PROFILE
        self.sort_reverse = False
        self._index = FleetIndex()
        self._unsubscribe: list[Callable[[], None]] = []
        self._redraw = Coalescer(self, self._update, self._large, next_turn=True)
        self._board_of: tuple[AppState, ...] = ()
        self._board: list[tuple[str, Attention]] = []
        self._boards: Boards = {}
        #: As wide as the longest account name (up to 20), its title at least.
        self._profile_width = min(20, max(7, *(len(m.profile) for m in members)))

    def compose(self) -> ComposeResult:
        yield from self.chrome_top()
        yield Static(id="accounts")
        yield AttentionBar(id="attention")
        yield TextInput(placeholder=FLEET_HINT, id="filter", compact=True)
        yield ServerTable[FleetKey](id="fleet")
        yield from self.chrome_bottom()

    @property
    def table(self) -> ServerTable[FleetKey]:
        return self.query_one(ServerTable)

    def on_mount(self) -> None:
        self.table.focus()
        super().on_mount()
        for member in self.members:
            if member.services is not None:
                self._unsubscribe.append(member.services.store.subscribe(self._changed))
        self._update()

    def on_unmount(self) -> None:
        super().on_unmount()
        for unsubscribe in self._unsubscribe:
            unsubscribe()
        self._unsubscribe.clear()

    def _changed(self, _: AppState) -> None:
        # Ten accounts loading dispatch many times per frame: one redraw per turn of the loop,
        # spaced by what it costs once the accounts hold thousands of servers.
        self._redraw.ask()

    def _large(self) -> bool:
        states = (m.state for m in self.members)
        return sum(len(s.servers) for s in states if s is not None) >= LARGE

    def state_changed(self, state: AppState) -> None:
        if self.is_mounted:
            self._changed(state)

    # -- showing -----------------------------------------------------------------------------

    def _member(self, profile: str) -> Member | None:
        return next((m for m in self.members if m.profile == profile), None)

    def _update(self) -> None:
        shown = accounts(self.members)
        self._show_accounts()
        # The board depends on the accounts' states only: a filter keystroke does not redo it,
        # and a change in one account redoes that account's part.
        states = tuple(a.state for a in shown)
        if len(states) != len(self._board_of) or any(
            new is not old for new, old in zip(states, self._board_of, strict=False)
        ):
            self._board_of, self._board = states, fleet_attention(shown, self._boards)
        board = self._board
        self.query_one(AttentionBar).said = self._attention_line(board, shown)
        rows = self._index.rows(shown, self.query_text, self.sort_column, self.sort_reverse)
        notes: dict[FleetKey, str] = {}
        chosen = self.hostkey.ui_state.columns or DEFAULT_COLUMNS
        columns: tuple[str, ...] = ("profile", *chosen)
        if self.attention_only:
            kept = set(rows)
            notes = {FleetKey(p, a.server_id): a.why for p, a in board}
            rows = [k for p, a in board if (k := FleetKey(p, a.server_id)) in kept]
            columns = ("profile", *ATTENTION_COLUMNS)
        failed = {FleetKey(a.profile, i): why for a in shown for i, why in a.state.failed.items()}
        cancelling = frozenset(
            FleetKey(a.profile, i) for a in shown for i in a.state.billing.cancellations
        )
        self.table.show(
            rows,
            FleetServers(shown),
            failed=failed,
            marked=frozenset(),
            columns=columns,
            empty=self._empty_text(shown),
            notes=notes,
            cancelling=cancelling,
            cells=_cells,
            widths={"profile": self._profile_width},
        )
        self._update_status(shown, len(rows))

    def _show_accounts(self) -> None:
        line = Text()
        for n, member in enumerate(self.members):
            words, style = account_words(member)
            if n:
                line.append("  ·  ", "dim")
            line.append(clean_text(member.profile, single_line=True), "bold")
            line.append(" ")
            line.append(clean_text(words, single_line=True), style)
        self.query_one("#accounts", Static).update(line)

    def _attention_line(
        self, board: list[tuple[str, Attention]], shown: list[Account]
    ) -> tuple[str, bool]:
        if not board:
            return ("✓ nothing needs attention in any account" if shown else ""), True
        names = {a.profile: a.state.servers for a in shown}
        parts = []
        for profile, item in board[:3]:
            server = names[profile].get(item.server_id)
            name = server.hostname if server is not None else str(item.server_id)
            parts.append(f"{profile}/{name} {item.reasons[0]}")
        more = f" … and {len(board) - 3} more" if len(board) > 3 else ""
        hint = "! shows all" if self.attention_only else "! lists them"
        return f"⚠ {len(board)} need attention ({hint}): " + " · ".join(parts) + more, False

    def _empty_text(self, shown: list[Account]) -> str:
        if not shown:
            return "No account of the fleet could be started: each says why above."
        if not any(a.state.server_ids for a in shown):
            if any(a.state.loading.active or a.state.connection.link is not Link.OK for a in shown):
                return "Signing in to every account and loading the servers…"
            return "No account of the fleet has servers yet."
        if self.attention_only:
            return "Nothing needs attention in any account.\nPress ! to see every server."
        if self.query_text:
            wanted = profile_terms(self.query_text)[0]
            unusable = [m for m in self.members if m.profile.lower() in wanted and m.trouble]
            if unusable:
                said = clean_text(
                    "; ".join(f"{m.profile}: {m.trouble}" for m in unusable), single_line=True
                )
                return f"{said}\nPress escape to clear the filter."
            return f"No server of any account matches “{self.query_text}”.\nPress escape to clear."
        return ""

    def _update_status(self, shown: list[Account], count: int) -> None:
        status = self.query_one(StatusLine)
        total = sum(len(a.state.server_ids) for a in shown)
        in_use = self.hostkey.state.profile
        troubled = [m.profile for m in self.members if m.trouble or m.services is None]
        parts = [f"acting on {in_use}" if in_use else ""]
        if troubled:
            parts.append(f"not read: {', '.join(troubled)}")
        status.left = " · ".join(p for p in parts if p)
        read = len(self.members) - len(troubled)
        right = f"{count:,} of {total:,} servers" if count != total else f"{total:,} servers"
        right += f" in {read} of {len(self.members)} accounts"
        if self.attention_only:
            right += " · by urgency"
        else:
            title = "account" if self.sort_column == BY_PROFILE else COLUMNS[self.sort_column].title
            right += f" · by {title.lower()}{' ↓' if self.sort_reverse else ''}"
        status.right = right

    # -- filter ------------------------------------------------------------------------------

    @on(Input.Changed, "#filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self.query_text = event.value.strip()
        self._update()

    @on(Input.Submitted, "#filter")
    def _filter_done(self) -> None:
        self.table.focus()

    def on_key(self, event: Key) -> None:
        if event.key in ("down", "up") and self.focused is self.query_one("#filter", Input):
            event.stop()
            self.table.focus()

    def action_focus_filter(self) -> None:
        self.query_one("#filter", Input).focus()

    def action_back(self) -> None:
        field = self.query_one("#filter", Input)
        if field.value:
            field.value = ""
            self.table.focus()
        elif self.focused is field:
            self.table.focus()
        else:
            self.app.pop_screen()

    # -- rows --------------------------------------------------------------------------------

    def _current(self) -> tuple[Member, int] | None:
        key = self.table.current_id
        member = self._member(key.profile) if key is not None else None
        if key is None or member is None:
            return None
        if member.trouble or member.services is None:
            self.hostkey.say(f"{member.profile}: {member.trouble}", severity="warning")
            return None
        return member, key.server_id

    @on(ServerTable.Chosen)
    def _chosen(self, event: ServerTable.Chosen) -> None:
        if isinstance(event.key, FleetKey):
            self.action_open()

    def action_open(self) -> None:
        current = self._current()
        if current is not None:
            member, server_id = current
            neighbours = [k.server_id for k in self.table.rows if k.profile == member.profile]
            self.hostkey.open_fleet_server(member, server_id, neighbours)

    def action_power(self) -> None:
        current = self._current()
        if current is None:
            return
        member, server_id = current
        before = next((m for m in self.members if m.services is self.hostkey.services), None)
        if self.hostkey.use_account(member):
            server = self.hostkey.state.servers.get(server_id)
            target = (
                Target(server_id, server.hostname, server.main_ip)
                if server is not None
                else Target(server_id, str(server_id))
            )

            def cancelled() -> None:
                # nothing chosen: the account in use stays the one it was
                if before is not None and before is not member:
                    self.hostkey.use_account(before, quiet=True)

            self.hostkey.power_menu([target], cancelled)

    def action_copy_cell(self) -> None:
        key = self.table.current_id
        column = self.table.current_column
        if key is None or column is None:
            return
        account = self._member(key.profile)
        state = account.state if account is not None else None
        server = state.servers.get(key.server_id) if state is not None else None
        value = _cells(key, column.key) or (column.text(server) if server is not None else "")
        if not value:
            self.hostkey.say("That cell is empty: nothing copied.", severity="warning")
            return
        self.hostkey.copy_to_clipboard(value)
        self.hostkey.say(value, title=f"Copied {column.title.lower()}")

    def action_cycle_sort(self) -> None:
        chosen = self.hostkey.ui_state.columns or DEFAULT_COLUMNS
        order = [BY_PROFILE, *(c for c in chosen if c in COLUMNS)]
        current = order.index(self.sort_column) if self.sort_column in order else -1
        self.sort_column = order[(current + 1) % len(order)]
        self.sort_reverse = False
        self._update()

    def action_reverse_sort(self) -> None:
        self.sort_reverse = not self.sort_reverse
        self._update()

    def action_refresh(self) -> None:
        self.hostkey.refresh_fleet()
        self.hostkey.say(f"Reading {len(self.members)} accounts again.", timeout=2)

    def action_attention(self) -> None:
        self.attention_only = not self.attention_only
        self._update()


def _cells(key: FleetKey, column: str) -> str | None:
    """The fleet's own cells: the account, and the id (a server not read yet has only that)."""
    if column == "profile":
        return key.profile
    if column == "id":
        return str(key.server_id)
    return None
