"""The Timeline tab: everything the app knows of this server in one list, newest first — the
changes this app made (and their outcomes, reconciled ones too), install stages, changes seen on
refresh (kept between runs), invoices issued, paid and overdue, a cancellation asked for.

The list is built from local files and the state when the tab opens and on each new state; the
server's invoices are read from invapi when the tab opens and on `r`. `y` copies it as Markdown.
"""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.content import Content
from textual.reactive import var

from hostkey_tui.models.timeline import BY_APP, BY_BILLING, Event, markdown, when
from hostkey_tui.services import billing
from hostkey_tui.services.timeline import Timeline, sources, timeline
from hostkey_tui.state.state import AppState
from hostkey_tui.ui.kit.keys import bindings
from hostkey_tui.ui.kit.text import fit, literal
from hostkey_tui.ui.kit.widgets.view import View
from hostkey_tui.ui.server import keys
from hostkey_tui.ui.server.tabs.base import Row, RowsTable, ServerTab

#: Lines shown (the newest); the rest are in the journal and the state folder.
SHOWN = 500
OUTCOME_STYLES = {
    "done": "green",
    "paid": "green",
    "failed": "red",
    "refused": "red",
    "unknown": "bold yellow",
    "unpaid": "yellow",
    "sending": "yellow",
}


def tail(text: str, width: int) -> str:
    """`text` cut to `width` from its start: an outcome's last word is what it came to."""
    return text if len(text) <= width else "…" + text[len(text) - width + 1 :]


def rows(events: tuple[Event, ...], width: int) -> tuple[Row, ...]:
    """The table's rows in `width` cells: what happened and the outcome are cut to fit."""
    shown = events[:SHOWN]
    who_width = max((len(e.who) for e in shown), default=0)
    # when (16), who; two cells of padding for each of the four columns, the table's margin
    # (2) and its scroll bar (2), and one to spare
    room = width - 16 - who_width - 4 * 2 - 5
    longest = max((len(e.outcome) for e in shown), default=0)
    # never narrower than its title ("Outcome"), which a DataTable would otherwise cut
    outcome_width = max(7, min(longest, 24, max(8, room - 16)))
    what_width = max(16, room - outcome_width)
    made = []
    for number, event in enumerate(shown):
        last = event.outcome.rsplit("→", 1)[-1].strip()
        who = "cyan" if event.who == BY_APP else ("magenta" if event.who == BY_BILLING else "")
        made.append(
            (
                str(number),
                (
                    (when(event), "dim"),
                    (fit(event.what, what_width), ""),
                    (event.who, who),
                    (tail(event.outcome, outcome_width), OUTCOME_STYLES.get(last, "")),
                ),
            )
        )
    return tuple(made)


class TimelineTable(RowsTable):
    """Its lines are cut to the width: its columns shrink with them (a DataTable's only grow)."""

    def watch_shown(self, rows: tuple[Row, ...]) -> None:
        for column in self.columns.values():
            column.content_width = column.label.cell_len  # its title, at least
        super().watch_shown(rows)


class TimelineTab(ServerTab):
    KEYS = keys.TIMELINE
    BINDINGS = bindings(KEYS)
    FOCUS = "#timeline-list"
    TICKS = False
    DEFAULT_CSS = """
    TimelineTab #timeline-note { padding: 0 1; margin-bottom: 1; }
    TimelineTab #timeline-list { height: auto; margin: 0 1 1 1; overflow-x: hidden; }
    """

    note_text: var[Content | None] = var(None, init=False)

    def __init__(self, server_id: int, *, id: str) -> None:
        super().__init__(server_id, id=id)
        self.built: Timeline | None = None
        self._made_of: tuple[object, ...] | None = None
        self.billing_error = ""
        self.reading = False

    def compose(self) -> ComposeResult:
        yield View(id="timeline-note").data_bind(value=TimelineTab.note_text)
        yield TimelineTable(id="timeline-list", cursor_type="row")

    def on_mount(self) -> None:
        table = self.query_one("#timeline-list", RowsTable)
        table.add_column("When (UTC)", key="when")
        table.add_column("What", key="what")
        table.add_column("Who", key="who")
        table.add_column("Outcome", key="outcome")

    def show_server(self, server_id: int) -> None:
        super().show_server(server_id)
        self.workers.cancel_group(self, "timeline")
        self.built, self.billing_error, self.reading = None, "", False
        self._made_of = None

    def opened(self) -> None:
        self.read_billing()

    def again(self) -> None:
        self.read_billing()

    @work(group="timeline", exclusive=True, exit_on_error=False)
    async def read_billing(self) -> None:
        services = self.hostkey.services
        if services is None:
            return
        self.reading = True
        self._draw(self.hostkey.state)
        try:
            _, self.billing_error = await billing.server_billing(services, self.server_id)
        finally:
            self.reading = False
        self._draw(self.hostkey.state)

    def state_changed(self, state: AppState) -> None:
        self._draw(state)

    def on_resize(self) -> None:
        self._made_of = None  # the lines are cut to the width: cut again
        self._draw(self.hostkey.state)

    def _draw(self, state: AppState) -> None:
        services = self.hostkey.services
        server = state.servers.get(self.server_id)
        if services is None or server is None:
            return
        made_of = (*sources(services, self.server_id), server, self.reading, self.billing_error)
        if made_of == self._made_of and self.built is not None:
            return
        self._made_of = made_of
        self.built = timeline(services, self.server_id)
        events = self.built.events
        said = [
            f"{len(events)} event{'s' if len(events) != 1 else ''} of {server.hostname}, newest "
            f"first{f' (the newest {SHOWN} shown)' if len(events) > SHOWN else ''} · y copies "
            "them as Markdown"
        ]
        if not events:
            said = [
                f"Nothing known of {server.hostname} yet: changes made here, install stages, "
                "changes seen on refresh and its invoices appear here as they happen."
            ]
        if self.reading:
            said.append("Reading its invoices…")
        elif self.billing_error:
            said.append(f"Its invoices could not be read: {self.billing_error} (r reads again)")
        said += list(self.built.problems)
        self.note_text = literal("\n".join(said), "dim" if len(said) == 1 else "yellow")
        table = self.query_one("#timeline-list", RowsTable)
        table.display = bool(events)
        table.shown = rows(events, self.size.width or self.app.size.width)

    def action_copy_timeline(self) -> None:
        server = self.server
        built = self.built
        if server is None or built is None or not built.events:
            self.hostkey.say("Nothing to copy: the timeline is empty.", severity="warning")
            return
        shown = built.events[:SHOWN]
        title = f"Timeline of {server.hostname} ({server.id}), times in UTC"
        self.hostkey.copy_to_clipboard(markdown(title, shown, when))
        self.hostkey.say(
            f"{len(shown)} timeline lines of {server.hostname} are on the clipboard as Markdown.",
            title="Copied",
        )
