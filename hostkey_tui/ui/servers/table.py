"""The server list: a virtualized table that draws only the lines on screen.

Textual's DataTable needs about 1.5 s to settle with 10,000 rows and as long again after a filter
keystroke; this widget is handed a list of ids and draws the visible ones through the Line API
(`render_line`), so 10,000 rows cost what 40 do. Line 0 is the column header, pinned.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping, Sequence
from typing import ClassVar, Generic, TypeVar

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual.events import Click, Resize
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from hostkey_tui.models.server import Server
from hostkey_tui.state.views import Column, fit_columns
from hostkey_tui.ui.kit.keys import bindings
from hostkey_tui.ui.kit.text import fit
from hostkey_tui.ui.servers import keys

MARK = "●"
GAP = 1

#: A row's key: the server's id in an account's list, (profile, id) in the fleet's.
K = TypeVar("K", bound=Hashable)
#: A cell's text the screen gives instead of the server's (the fleet's Profile column).
Cells = Callable[[K, str], "str | None"]


class ServerTable(ScrollView, Generic[K], can_focus=True):
    """Rows of servers by key; a row cursor and a cell cursor (for copying one value)."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "server-table--header",
        "server-table--cursor",
        "server-table--cell",
        "server-table--marked",
        "server-table--muted",
        "server-table--warning",
        "server-table--error",
    }
    DEFAULT_CSS = """
        ServerTable {
        height: 1fr;
        overflow-x: hidden;
        background: $surface;
    }
        ServerTable > .server-table--header {
        text-style: bold;
        color: $text-accent;
    }
        ServerTable > .server-table--cursor {
        background: $block-cursor-blurred-background;
    }
        ServerTable:focus > .server-table--cursor {
        background: $block-cursor-background;
        color: $block-cursor-foreground;
    }
        ServerTable > .server-table--cell {
        text-style: bold underline;
    }
        ServerTable > .server-table--marked {
        color: $accent;
        text-style: bold;
    }
        ServerTable > .server-table--muted {
        color: $text-muted;
    }
        ServerTable > .server-table--warning {
        color: $warning;
    }
        ServerTable > .server-table--error {
        color: $error;
    }
    """
    BINDINGS = bindings(keys.TABLE)

    class Chosen(Message):
        """The user opened a row (enter, or a double click)."""

        def __init__(self, key: Hashable) -> None:
            super().__init__()
            self.key = key

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._rows: list[K] = []
        self._servers: Mapping[K, Server] = {}
        self._failed: Mapping[K, str] = {}
        self._marked: frozenset[K] = frozenset()
        self._notes: Mapping[K, str] = {}
        self._cancelling: frozenset[K] = frozenset()
        self._cells: Cells[K] | None = None
        self._chosen_columns: tuple[str, ...] = ()
        self._widths: dict[str, int] = {}
        self._layout: list[tuple[Column, int]] = []
        self._layout_width = 0
        self._empty: str = ""
        self.cursor = 0
        self.column = 1
        #: Until the user moves, the cursor stays on the first row while rows arrive and sort.
        self.user_moved = False
        #: Drawn rows by everything they depend on, with the server they show (held, so that
        #: its id is not reused while the entry lives): a frame drawn again after a resize, a
        #: scroll back or a filter keystroke reuses them.
        self._strips: dict[tuple[object, ...], tuple[Server | None, Strip]] = {}

    # -- what to show -----------------------------------------------------------------------

    def show(
        self,
        rows: list[K],
        servers: Mapping[K, Server],
        *,
        failed: Mapping[K, str],
        marked: frozenset[K],
        columns: Sequence[str],
        empty: str,
        notes: Mapping[K, str] | None = None,
        cancelling: frozenset[K] = frozenset(),
        cells: Cells[K] | None = None,
        widths: Mapping[str, int] | None = None,
    ) -> None:
        """Show these rows; the cursor stays on the same server when it is still listed.
        `cells` gives a column's text for a row instead of the server's, when it gives one."""
        current = self.current_id
        self._rows = rows
        self._servers = servers
        self._failed = failed
        self._marked = marked
        self._empty = empty
        self._notes = notes or {}
        self._cancelling = cancelling
        if cells is not self._cells:
            self._cells = cells
            self._strips.clear()
        if tuple(columns) != self._chosen_columns or (widths or {}) != self._widths:
            self._chosen_columns = tuple(columns)
            self._widths = dict(widths or {})
            self._relayout()
        if not self.user_moved:
            self.cursor = 0
        elif current is not None and not (
            0 <= self.cursor < len(rows) and rows[self.cursor] == current
        ):
            try:
                self.cursor = rows.index(current)
            except ValueError:
                self.cursor = min(self.cursor, max(0, len(rows) - 1))
        elif current is None:
            self.cursor = min(self.cursor, max(0, len(rows) - 1))
        self.virtual_size = Size(self._width(), len(rows) + 1)
        self._keep_cursor_visible()
        self.refresh()

    @property
    def rows(self) -> list[K]:
        return self._rows

    @property
    def current_id(self) -> K | None:
        return self._rows[self.cursor] if 0 <= self.cursor < len(self._rows) else None

    @property
    def current_column(self) -> Column | None:
        return self._layout[self.column][0] if 0 <= self.column < len(self._layout) else None

    @property
    def visible_ids(self) -> list[K]:
        """The ids on screen now (the loader reads these first)."""
        top = int(self.scroll_y)
        return self._rows[top : top + max(1, self.size.height - 1)]

    # -- layout ------------------------------------------------------------------------------

    def _width(self) -> int:
        """Cells a line may use: the widget less its vertical scrollbar."""
        return max(1, self.scrollable_content_region.width)

    def on_resize(self, event: Resize) -> None:
        self._relayout()
        self.virtual_size = Size(self._width(), len(self._rows) + 1)
        self._keep_cursor_visible()

    def _relayout(self) -> None:
        self._layout_width = self._width()
        available = max(10, self._layout_width - 2)  # less the mark column
        columns = fit_columns(self._chosen_columns, available, GAP, self._widths)
        fixed = sum(c.width for c in columns) + GAP * (len(columns) - 1)
        spare = max(0, available - fixed)
        flexible = [c for c in columns if c.flexible] or columns[-1:]
        layout = []
        for column in columns:
            extra = 0
            if column in flexible:
                extra = spare // len(flexible) + (1 if column is flexible[0] else 0) * (
                    spare % len(flexible)
                )
            layout.append((column, column.width + extra))
        self._layout = layout
        self._strips.clear()
        self.column = min(self.column, max(0, len(layout) - 1))
        self.refresh()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strips.clear()  # a theme or focus style drawn into the cached rows

    # -- drawing -----------------------------------------------------------------------------

    def _overlay(self, name: str) -> Style:
        """Only what the component class sets, so that a cell keeps the row's background."""
        return self.get_component_rich_style(f"server-table--{name}", partial=True)

    def render_line(self, y: int) -> Strip:
        width = self._width()
        if width != self._layout_width:
            # The vertical scrollbar came or went since the last resize: no Resize says so.
            self._relayout()
        base = self.rich_style
        if y == 0:
            return self._header(width, base)
        if not self._rows:
            return self._empty_line(y, width, base)
        index = int(self.scroll_y) + y - 1
        if index >= len(self._rows):
            return Strip.blank(width, base)
        return self._row(index, width, base)

    def _header(self, width: int, base: Style) -> Strip:
        style = base + self._overlay("header")
        segments = [Segment("  ", style)]
        for n, (column, cell_width) in enumerate(self._layout):
            text = fit(column.title, cell_width)
            text = (
                set_cell_size(text, cell_width)
                if not column.align_right
                else text.rjust(cell_width)
            )
            segments.append(Segment(text, style))
            if n < len(self._layout) - 1:
                segments.append(Segment(" " * GAP, style))
        return Strip(segments).adjust_cell_length(width, style)

    def _empty_line(self, y: int, width: int, base: Style) -> Strip:
        lines = self._empty.splitlines() or [""]
        top = max(1, (self.size.height - len(lines)) // 2)
        if top <= y < top + len(lines):
            text = fit(lines[y - top], width - 2)
            style = base + self._overlay("muted")
            return Strip([Segment(text.center(width - 1), style)]).adjust_cell_length(width, base)
        return Strip.blank(width, base)

    def _row(self, index: int, width: int, base: Style) -> Strip:
        server_id = self._rows[index]
        server = self._servers.get(server_id)
        on_cursor = index == self.cursor
        key = (
            server_id,
            id(server),
            on_cursor,
            server_id in self._marked,
            self.column if on_cursor and self.has_focus else -1,
            width,
            base,
            self._failed.get(server_id),
            self._notes.get(server_id),
            server_id in self._cancelling,
        )
        cached = self._strips.get(key)
        if cached is not None and cached[0] is server:
            return cached[1]
        strip = self._draw_row(server_id, server, on_cursor, width, base)
        if len(self._strips) >= 4096:
            self._strips.clear()
        self._strips[key] = (server, strip)
        return strip

    def _draw_row(
        self, server_id: K, server: Server | None, on_cursor: bool, width: int, base: Style
    ) -> Strip:
        row_style = base
        if on_cursor:
            row_style = base + self._overlay("cursor")
        marked = server_id in self._marked
        mark_style = row_style + self._overlay("marked") if marked else row_style
        segments = [Segment(MARK + " " if marked else "  ", mark_style)]
        for n, (column, cell_width) in enumerate(self._layout):
            text, style = self._cell(server_id, server, column, row_style)
            if on_cursor and n == self.column and self.has_focus:
                style = style + self._overlay("cell")
            text = fit(text, cell_width)
            if column.align_right:
                text = " " * (cell_width - cell_len(text)) + text
            else:
                text = set_cell_size(text, cell_width)
            segments.append(Segment(text, style))
            if n < len(self._layout) - 1:
                segments.append(Segment(" " * GAP, row_style))
        return Strip(segments).adjust_cell_length(width, row_style)

    def _cell(
        self, server_id: K, server: Server | None, column: Column, style: Style
    ) -> tuple[str, Style]:
        given = self._cells(server_id, column.key) if self._cells is not None else None
        if given is not None:
            return given, style
        if server is None:
            if column.key == "id":
                return str(server_id), style
            if column.key == "hostname":
                reason = self._failed.get(server_id)
                if reason:
                    return f"⚠ {reason}", style + self.get_component_rich_style(
                        "server-table--error"
                    )
                return "loading…", style + self._overlay("muted")
            return "", style
        if column.key == "why":
            return self._notes.get(server_id, ""), style + self._overlay("warning")
        text = column.text(server)
        if column.key == "days" and server.days_left is not None:
            if server.days_left < 0:
                return text, style + self._overlay("error")
            if server.days_left <= 7:
                return text, style + self._overlay("warning")
        if column.key == "status" and server_id in self._cancelling:
            # the column is 9 wide: "rent ✕cancel" lost its word; a plain rent says only the mark
            mark = "✕cancel" if server.status in ("rent", "") else f"✕{text}"
            return mark, style + self._overlay("warning")
        if column.key == "status" and server.status not in ("rent", ""):
            return text, style + self._overlay("error")
        if column.key == "tags":
            return text, style + self._overlay("muted")
        return text, style

    # -- moving ------------------------------------------------------------------------------

    def _keep_cursor_visible(self) -> None:
        rows_on_screen = max(1, self.size.height - 1)
        top = int(self.scroll_y)
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False, immediate=True)
        elif self.cursor >= top + rows_on_screen:
            self.scroll_to(y=self.cursor - rows_on_screen + 1, animate=False, immediate=True)

    def _move_cursor(self, row: int) -> None:
        if not self._rows:
            return
        self.user_moved = True
        self.cursor = max(0, min(len(self._rows) - 1, row))
        self._keep_cursor_visible()
        self.refresh()

    def action_move(self, delta: int) -> None:
        self._move_cursor(self.cursor + delta)

    def action_page(self, direction: int) -> None:
        self._move_cursor(self.cursor + direction * max(1, self.size.height - 2))

    def action_move_to(self, row: int) -> None:
        self._move_cursor(row if row >= 0 else len(self._rows) - 1)

    def action_column(self, delta: int) -> None:
        self.user_moved = True
        self.column = max(0, min(len(self._layout) - 1, self.column + delta))
        self.refresh()

    def on_click(self, event: Click) -> None:
        row = int(self.scroll_y) + event.y - 1
        if event.y >= 1 and 0 <= row < len(self._rows):
            self._move_cursor(row)
            if event.chain == 2:
                self.post_message(self.Chosen(self._rows[row]))

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()
