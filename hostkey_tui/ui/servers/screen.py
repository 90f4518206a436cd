"""Section 1, the home screen: every server, filtered as you type, sorted, marked, opened."""

from __future__ import annotations

from dataclasses import replace

from textual import on, work
from textual.app import ComposeResult
from textual.events import Key
from textual.widgets import Input, Static

from hostkey_tui.api import InvapiError
from hostkey_tui.services.power import Target
from hostkey_tui.services.tags import search_by_tag
from hostkey_tui.state.billing_views import cancel_marks_problem
from hostkey_tui.state.board import Attention, Board
from hostkey_tui.state.events import MarksCleared, MarksToggled
from hostkey_tui.state.state import AppState, Link
from hostkey_tui.state.views import ATTENTION_COLUMNS, COLUMNS, DEFAULT_COLUMNS, tag_search_value
from hostkey_tui.ui.kit.coalesce import LARGE, Coalescer
from hostkey_tui.ui.kit.keys import bindings
from hostkey_tui.ui.kit.modals.help import KeyHelp
from hostkey_tui.ui.kit.screen import SectionScreen
from hostkey_tui.ui.kit.status import status_text
from hostkey_tui.ui.kit.text import literal
from hostkey_tui.ui.kit.widgets.chrome import StatusLine
from hostkey_tui.ui.kit.widgets.inputs import TextInput
from hostkey_tui.ui.servers import keys
from hostkey_tui.ui.servers.attention import AttentionBar, attention_line, pending_line
from hostkey_tui.ui.servers.table import ServerTable

FILTER_HINT = "/ filter   loc:NL  status:power_off  tag:env=prod  gpu  31.207."
#: Typing pauses this long before invapi's tag search is asked (only when the list finds none).
TAG_SEARCH_DELAY = 0.6


#: The filter's grammar, in the help.
FILTER_HELP = [
    KeyHelp("text", "any field", "hostname, IP or its start (31.207.), id, location, tag"),
    KeyHelp("loc:NL", "location", "NL US FI DE IS TR"),
    KeyHelp("status:power_off", "status", "rent, power_off, …"),
    KeyHelp("tag:env=prod", "tag", "tag:env matches any value"),
    KeyHelp("vm bm gpu vgpu", "kind", ""),
    KeyHelp("-word", "not", "leave out what matches"),
]


class ServersScreen(SectionScreen):
    SCOPE = "servers"
    HELP_TITLE = "Server list"
    HELP_MOVING = "table"
    HELP_EXTRA = (("Filter terms (all must hold)", FILTER_HELP),)
    SECTION = "servers"
    KEYS = keys.SERVERS
    BINDINGS = bindings(KEYS)
    DEFAULT_CSS = """
        ServersScreen #attention {
        height: 1;
        padding: 0 1;
        color: $warning;
        background: $surface;
    }
    ServersScreen #attention.-calm { color: $text-muted; }
    ServersScreen #pending { height: 1; padding: 0 1; color: $text-muted; background: $surface; }
    ServersScreen #filter {
        height: 1;
        border: none;
        padding: 0 1;
        background: $surface;
    }
        ServersScreen #filter:focus {
        background: $boost;
    }
    """

    def __init__(self) -> None:
        super().__init__()
        self.query_text = ""
        #: `!`: only the servers that need attention, with why.
        self.attention_only = False
        self._attention: list[Attention] = []
        self._board = Board()
        #: The rows shown came from invapi's tag search, not from the list's own data.
        self.by_tag = ""
        #: The value invapi's tag search is waiting for, or was asked: asked once per value.
        self._tag_asked = ""
        self._redraw = Coalescer(self, self._update_all, self._large)

    def compose(self) -> ComposeResult:
        yield from self.chrome_top()
        yield AttentionBar(id="attention")
        yield Static(id="pending")
        yield TextInput(placeholder=FILTER_HINT, id="filter", compact=True)
        yield ServerTable[int](id="servers")
        yield from self.chrome_bottom()

    @property
    def table(self) -> ServerTable[int]:
        return self.query_one(ServerTable)

    def on_mount(self) -> None:
        self.hostkey.viewport_source = lambda: self.table.visible_ids
        self.table.focus()
        super().on_mount()
        self.every_second(self._update_status)

    # -- showing -----------------------------------------------------------------------------

    def state_changed(self, state: AppState) -> None:
        self._redraw.ask()

    def _update_all(self) -> None:
        self._update_rows()
        self._update_status()

    def _large(self) -> bool:
        return len(self.hostkey.state.servers) >= LARGE

    def _columns(self) -> tuple[str, ...]:
        return self.hostkey.ui_state.columns or DEFAULT_COLUMNS

    def _update_rows(self, state: AppState | None = None) -> None:
        state = state or self.hostkey.state
        ui = self.hostkey.ui_state
        # The triage board depends on the state only: a filter keystroke does not redo it.
        self._attention = self._board.of(state)
        self.query_one(AttentionBar).said = attention_line(
            self._attention, state, self.attention_only
        )
        pending = self.query_one("#pending", Static)
        pending.display = bool(state.pending_orders)
        pending.update(literal(pending_line(state.pending_orders)))
        rows = self.hostkey.index.rows(state, self.query_text, ui.sort_column, ui.sort_reverse)
        self.by_tag = ""
        if not rows and not self.attention_only:
            rows = self._rows_by_tag(state)
        notes: dict[int, str] = {}
        columns = self._columns()
        if self.attention_only:
            notes = {a.server_id: a.why for a in self._attention}
            shown = set(rows)
            rows = [a.server_id for a in self._attention if a.server_id in shown]
            columns = ATTENTION_COLUMNS
        self.table.show(
            rows,
            state.servers,
            failed=state.failed,
            marked=state.marked,
            columns=columns,
            empty=self._empty_text(state),
            notes=notes,
            cancelling=frozenset(state.billing.cancellations),
        )

    def _rows_by_tag(self, state: AppState) -> list[int]:
        """When the list's own data matches nothing, what invapi's tag search found (asked
        for once typing pauses)."""
        value = tag_search_value(self.query_text)
        if value != self._tag_asked:
            # Typed on: a new value, and the search of the one before is called off.
            self._tag_asked = value
            if value:
                self._search_tag(value)
            else:
                self.workers.cancel_group(self, "tag-search")
        if not value:
            return []
        found = state.tag_search
        if found is None or found.value != value:
            return []
        wanted = set(found.server_ids)
        ui = self.hostkey.ui_state
        order = self.hostkey.index.sorted_ids(state, ui.sort_column, ui.sort_reverse)
        rows = [i for i in order if i in wanted]
        self.by_tag = value if rows else ""
        return rows

    @work(group="tag-search", exclusive=True, exit_on_error=False)
    async def _search_tag(self, value: str) -> None:
        # Once typing pauses; waited on the app's clock (a test moves it instead of waiting).
        await self.hostkey.clock.sleep(TAG_SEARCH_DELAY)
        services = self.hostkey.services
        if services is None or tag_search_value(self.query_text) != value:
            if self._tag_asked == value:  # typed away meanwhile: not asked, so ask next time
                self._tag_asked = ""
            return
        try:
            await search_by_tag(services, value)
        except InvapiError as error:
            self.hostkey.say(
                f"invapi's tag search could not answer: {error.message}", severity="warning"
            )

    def _empty_text(self, state: AppState) -> str:
        link = state.connection
        if link.link is Link.SIGNED_OUT:
            return (
                f"Not signed in: {link.message}\n"
                "Check the API key of this profile, then start again."
            )
        if not state.server_ids:
            if link.link is Link.UNREACHABLE:
                return (
                    f"Can't reach invapi: {link.message}\nRetrying by itself; press r to retry now."
                )
            if link.link is Link.CONNECTING or state.loading.active:
                return "Signing in and loading the servers…"
            return "This account has no servers yet."
        if self.attention_only:
            return "Nothing needs attention now.\nPress ! to see every server."
        if self.query_text:
            value = tag_search_value(self.query_text)
            found = state.tag_search
            if value and (found is None or found.value != value):
                return (
                    f"No server here matches “{self.query_text}”: asking invapi's tag search…\n"
                    "Press escape to clear the filter."
                )
            also = " (nor does any tag value, says invapi)" if value else ""
            return (
                f"No server matches “{self.query_text}”{also}.\nPress escape to clear the filter."
            )
        return ""

    def _update_status(self) -> None:
        state = self.hostkey.state
        status = self.query_one(StatusLine)
        left = status_text(state, self.hostkey.clock.now(), self.hostkey.jobs_running())
        # Missing ✕cancel marks are said, never silently absent.
        marks = cancel_marks_problem(state)
        status.left = " · ".join(part for part in (marks, left) if part)
        shown, total = len(self.table.rows), len(state.server_ids)
        right = f"{shown} of {total} servers" if shown != total else f"{total} servers"
        if state.cache_pending:
            right += f" · reading {state.cache_pending:,} more from the cache"
        if self.by_tag:
            right += f" · found by invapi's tag search for “{self.by_tag}”"
        if state.marked:
            right += f" · {len(state.marked)} marked"
        ui = self.hostkey.ui_state
        column = COLUMNS.get(ui.sort_column)
        if self.attention_only:
            right += " · by urgency"  # the triage board's own order, not the sort column's
        elif column is not None:
            right += f" · by {column.title.lower()}{' ↓' if ui.sort_reverse else ''}"
        status.right = right

    # -- filter ------------------------------------------------------------------------------

    @on(Input.Changed, "#filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self.query_text = event.value.strip()
        self._update_rows()
        self._update_status()

    @on(Input.Submitted, "#filter")
    def _filter_done(self) -> None:
        self.table.focus()

    def on_key(self, event: Key) -> None:
        if event.key == "escape" and self.focused is self.query_one("#filter", Input):
            event.stop()
            self.action_clear_filter()
        elif event.key in ("down", "up") and self.focused is self.query_one("#filter", Input):
            event.stop()
            self.table.focus()

    def action_focus_filter(self) -> None:
        self.query_one("#filter", Input).focus()

    def action_clear_filter(self) -> None:
        field = self.query_one("#filter", Input)
        if field.value:
            field.value = ""
        self.table.focus()

    # -- rows --------------------------------------------------------------------------------

    @on(ServerTable.Chosen)
    def _chosen(self, event: ServerTable.Chosen) -> None:
        if isinstance(event.key, int):
            self.hostkey.open_server(event.key)

    def action_open(self) -> None:
        server_id = self.table.current_id
        if server_id is not None:
            self.hostkey.open_server(server_id)

    def action_mark(self) -> None:
        server_id = self.table.current_id
        if server_id is not None:
            self.hostkey.store.dispatch(MarksToggled((server_id,)))
            self.table.action_move(1)

    def action_mark_all(self) -> None:
        unmarked = tuple(i for i in self.table.rows if i not in self.hostkey.state.marked)
        if unmarked:
            self.hostkey.store.dispatch(MarksToggled(unmarked))

    def action_clear_marks(self) -> None:
        self.hostkey.store.dispatch(MarksCleared())

    def action_copy_cell(self) -> None:
        server_id = self.table.current_id
        column = self.table.current_column
        server = self.hostkey.state.servers.get(server_id) if server_id is not None else None
        if column is None or server_id is None:
            return
        value = (
            column.text(server)
            if server is not None
            else (str(server_id) if column.key == "id" else "")
        )
        if not value:
            self.hostkey.say("That cell is empty: nothing copied.", severity="warning")
            return
        self.hostkey.copy_to_clipboard(value)
        self.hostkey.say(value, title=f"Copied {column.title.lower()}")

    def action_cycle_sort(self) -> None:
        visible = [c for c in self._columns() if c in COLUMNS]
        ui = self.hostkey.ui_state
        current = visible.index(ui.sort_column) if ui.sort_column in visible else -1
        self.hostkey.save_ui_state(ui.with_sort(visible[(current + 1) % len(visible)], False))
        self._update_rows()
        self._update_status()

    def action_reverse_sort(self) -> None:
        ui = self.hostkey.ui_state
        self.hostkey.save_ui_state(ui.with_sort(ui.sort_column, not ui.sort_reverse))
        self._update_rows()
        self._update_status()

    def action_choose_columns(self) -> None:
        def chosen(columns: tuple[str, ...] | None) -> None:
            if columns:
                self.hostkey.save_ui_state(replace(self.hostkey.ui_state, columns=columns))
                self._update_rows()

        from hostkey_tui.ui.servers.columns import ColumnChooser

        self.app.push_screen(ColumnChooser(self._columns()), chosen)

    def action_refresh(self) -> None:
        self.hostkey.refresh_servers()

    def action_attention(self) -> None:
        self.attention_only = not self.attention_only
        self._update_rows()
        self._update_status()

    def _targets(self) -> list[Target]:
        state = self.hostkey.state
        ids = [i for i in self.table.rows if i in state.marked] or (
            [self.table.current_id] if self.table.current_id is not None else []
        )
        return [
            Target(i, state.servers[i].hostname, state.servers[i].main_ip)
            if i in state.servers
            else Target(i, str(i))
            for i in ids
        ]

    def action_tag_marked(self) -> None:
        targets = self._targets()
        if targets:
            from hostkey_tui.ui.flows import tags as tag_flows

            self.run_flow(tag_flows.set_tag(self.hostkey, targets))

    def action_power(self) -> None:
        targets = self._targets()
        if targets:
            self.hostkey.power_menu(targets)
