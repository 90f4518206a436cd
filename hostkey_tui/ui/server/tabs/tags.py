"""The Tags tab: the server's tags as tags/list says (eq/show's when that fails), and changes."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.content import Content
from textual.reactive import var
from textual.visual import VisualType
from textual.widgets import DataTable

from hostkey_tui.models.tags import Tag
from hostkey_tui.services.power import Target
from hostkey_tui.state.state import AppState
from hostkey_tui.ui.flows import tags as flows
from hostkey_tui.ui.kit.keys import bindings
from hostkey_tui.ui.kit.text import HIDDEN, fit, literal
from hostkey_tui.ui.kit.widgets.view import View
from hostkey_tui.ui.server import keys
from hostkey_tui.ui.server.tabs.base import RowsTable, ServerTab


class TagsTab(ServerTab):
    KEYS = keys.TAGS
    BINDINGS = bindings(KEYS)
    FOCUS = "#tags-table"
    #: What its text panels show, each drawn again only when it changes.
    help_text: var[VisualType | None] = var(None, init=False)

    def __init__(self, server_id: int, *, id: str) -> None:
        super().__init__(server_id, id=id)
        #: Why tags/list could not be read ("" when it was), said in the tab.
        self.error = ""

    def compose(self) -> ComposeResult:
        yield RowsTable(id="tags-table", cursor_type="row")
        yield View(id="tags-help").data_bind(value=TagsTab.help_text)

    def on_mount(self) -> None:
        self.query_one("#tags-table", RowsTable).add_columns("Tag", "Value", "Kind")

    def opened(self) -> None:
        if self.server is not None and self.hostkey.services is not None:
            self.run_flow(self._read(self.server_id))

    def again(self) -> None:
        self.run_flow(self._read(self.server_id))

    async def _read(self, server_id: int) -> None:
        self.error = ""
        self.error = await flows.read(self.hostkey, server_id)
        if server_id in self.hostkey.state.servers and self.is_open:
            self.state_changed(self.hostkey.state)

    def _shown(self, state: AppState) -> list[Tag]:
        """The tags to show: tags/list when read, else eq/show's; internal ones never."""
        server = state.servers.get(self.server_id)
        if server is None:
            return []
        return [t for t in state.tags.get(server.id, server.tags) if not t.internal]

    def state_changed(self, state: AppState) -> None:
        if self.server is None:
            return
        rows = []
        for index, t in enumerate(self._shown(state)):
            value = (HIDDEN if not self.revealed else t.secret.reveal()) if t.secret else t.value
            kind = "yours" if t.editable else "system (read-only)"
            if t.name.lower() == "hostname":
                kind = "the server's name (E renames)"
            style = "bold" if t.editable else "dim"
            rows.append((str(index), ((t.name, style), (fit(value, 60), ""), (kind, "dim"))))
        self.query_one("#tags-table", RowsTable).shown = tuple(rows)
        keys = "v shows secrets"
        if not state.read_only:
            keys = "n: set a tag · e: change the value · delete: remove · " + keys
            keys += " · several servers at once: mark them in the list, then #"
        help_text = literal(keys, "dim")
        if self.error:
            # tags/list failed: eq/show's tags stay shown, and the tab says what is missing.
            help_text = Content("\n").join(
                [
                    literal(
                        f"tags/list not read: {fit(self.error, 200)} · showing eq/show's tags · "
                        "r tries again",
                        "yellow",
                    ),
                    help_text,
                ]
            )
        self.help_text = help_text

    def _tag(self) -> Tag | None:
        shown = self._shown(self.hostkey.state)
        if not shown:
            return None
        row = self.query_one("#tags-table", DataTable).cursor_row
        return shown[min(max(row, 0), len(shown) - 1)]

    def _target(self) -> Target | None:
        server = self.server
        return Target(server.id, server.hostname, server.main_ip) if server else None

    def action_new_tag(self) -> None:
        target = self._target()
        if target is not None:
            self.run_flow(flows.set_tag(self.hostkey, [target]))

    def action_edit_tag(self) -> None:
        target, tag = self._target(), self._tag()
        if target is None or tag is None:
            return
        if tag.name.lower() == "hostname":
            self.hostkey.say("The hostname tag is the server's name: E renames the server.")
            return
        if not tag.editable:
            self.hostkey.say(f"'{tag.name}' is set by the platform: read-only.", severity="warning")
            return
        self.run_flow(flows.set_tag(self.hostkey, [target], tag))

    def action_remove_tag(self) -> None:
        target, tag = self._target(), self._tag()
        if target is not None and tag is not None:
            self.run_flow(flows.remove_tag(self.hostkey, target, tag))
