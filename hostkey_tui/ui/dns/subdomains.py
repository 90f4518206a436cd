"""A domain's subdomains (`u` on the DNS screen): the subdomains table, which invapi lists by
server (HOSTKEY's MCP server, dns.ts: `list_subdomains` takes a server id), so the dialog shows
one server's rows of this domain and `s` picks another server. Added with a name, moved to
another server (`edit_subdomain` takes an id and a server id, nothing else), deleted.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import work
from textual.widgets import DataTable

from hostkey_tui.api import InvapiError
from hostkey_tui.models.common import whole
from hostkey_tui.models.dns import Domain, both_forms
from hostkey_tui.models.dns_zones import Subdomain, check_subdomain_name
from hostkey_tui.services import dns_zones
from hostkey_tui.ui.dns import keys
from hostkey_tui.ui.dns.dialog import ListDialog
from hostkey_tui.ui.kit.guard import can_change
from hostkey_tui.ui.kit.keys import bindings
from hostkey_tui.ui.kit.modals.confirm import ConfirmModal, ConfirmTarget
from hostkey_tui.ui.kit.modals.form import Field, FormModal
from hostkey_tui.ui.kit.text import cell

if TYPE_CHECKING:
    from hostkey_tui.ui.host import Host


def _server_check(text: str) -> str | None:
    return None if whole(text.strip()) and int(text) > 0 else "A server id (a number)."


def first_server(app: Host) -> int | None:
    """The server whose subdomains are shown first: the account's lowest server id."""
    return min(app.state.servers, default=None)


class SubdomainsDialog(ListDialog):
    SCOPE = "dnssubs"
    HELP_TITLE = "Subdomains"
    KEYS = keys.SUBDOMAINS
    BINDINGS = bindings(KEYS)
    CHANGE_KEYS = "n add · e move · del delete"

    def __init__(self, domain: Domain, server_id: int | None) -> None:
        super().__init__(
            f"Subdomains of {both_forms(domain.name)}",
            "invapi lists subdomains by server: these are this domain's on the server named "
            "below (s: another server).",
        )
        self.domain = domain
        self.server_id = server_id
        self.rows: tuple[Subdomain, ...] = ()

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#list", DataTable).add_columns("Subdomain", "Server", "Id")
        self.load()

    @work(group="subdomains", exclusive=True, exit_on_error=False)
    async def load(self) -> None:
        services = self.hostkey.services
        if services is None:
            return
        if self.server_id is None:
            self.say_keys("no server to list them by: s names one")
            return
        self.say_keys(f"server {self.server_id}: reading…")
        try:
            self.show(await dns_zones.load_subdomains(services, self.server_id))
        except InvapiError as error:
            self.say_keys(f"server {self.server_id}: not read: {error.message}")

    def show(self, rows: tuple[Subdomain, ...]) -> None:
        self.rows = tuple(
            sorted(dns_zones.of_domain(rows, self.domain.id), key=lambda r: r.name.lower())
        )
        if not self.is_attached:
            return  # closed while the change was under way: its outcome is said all the same
        table = self.query_one("#list", DataTable)
        at = table.cursor_row
        table.clear()
        for index, row in enumerate(self.rows):
            server = str(row.server_id) if row.server_id is not None else ""
            table.add_row(
                Text(both_forms(row.name)), cell(server), cell(str(row.id)), key=str(index)
            )
        if self.rows:
            table.move_cursor(row=min(max(at, 0), len(self.rows) - 1))
        self.say_keys(f"server {self.server_id}: {len(self.rows)} subdomains")

    def selected(self) -> Subdomain | None:
        row = self.cursor()
        return self.rows[row] if row is not None and row < len(self.rows) else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        allowed = super().check_action(action, parameters)
        if allowed and action in ("move_subdomain", "delete_subdomain"):
            return bool(self.rows)
        if allowed and action == "add_subdomain":
            return self.server_id is not None
        return allowed

    def action_pick_server(self) -> None:
        self.run_flow(pick_server(self.hostkey, self))

    def action_add_subdomain(self) -> None:
        self.run_flow(add_subdomain(self.hostkey, self))

    def action_move_subdomain(self) -> None:
        row = self.selected()
        if row is not None:
            self.run_flow(move_subdomain(self.hostkey, self, row))

    def action_delete_subdomain(self) -> None:
        row = self.selected()
        if row is not None:
            self.run_flow(delete_subdomain(self.hostkey, self, row))


async def pick_server(app: Host, dialog: SubdomainsDialog) -> None:
    answer = await app.push_screen_wait(
        FormModal(
            "Subdomains of which server?",
            [Field("server", "Server id", str(dialog.server_id or ""), _server_check)],
            submit="List",
        )
    )
    if answer is not None:
        dialog.server_id = int(answer["server"])
        dialog.load()


async def add_subdomain(app: Host, dialog: SubdomainsDialog) -> None:
    services = app.services
    if services is None or dialog.server_id is None or not can_change(app, "Adding a subdomain"):
        return
    domain = dialog.domain
    answer = await app.push_screen_wait(
        FormModal(
            f"A subdomain of {both_forms(domain.name)}",
            [Field("name", "Name", check=check_subdomain_name, placeholder=f"shop.{domain.name}")],
            intro=f"Added to the subdomains table for server {dialog.server_id}. Sent once.",
            submit="Add",
        )
    )
    if answer is None:
        return
    rows = await dns_zones.add_subdomain(
        services, dialog.server_id, domain.id, domain.name, answer["name"]
    )
    dialog.show(rows)
    app.say(f"{answer['name'].strip()} added to {domain.name}.", title="Subdomain")


async def move_subdomain(app: Host, dialog: SubdomainsDialog, row: Subdomain) -> None:
    services = app.services
    if services is None or dialog.server_id is None:
        return
    if not can_change(app, "Changing a subdomain"):
        return
    answer = await app.push_screen_wait(
        FormModal(
            f"Move {both_forms(row.name)}",
            [Field("server", "Server id", "", _server_check, placeholder="the server it goes to")],
            intro=(
                "invapi's edit of a subdomain takes its id and a server id, nothing else: it "
                f"is given to the server typed (now {row.server_id or dialog.server_id})."
            ),
            submit="Move",
        )
    )
    if answer is None:
        return
    target = int(answer["server"])
    dialog.show(await dns_zones.move_subdomain(services, row, dialog.server_id, target))
    app.say(f"{row.name} is on server {target} now.", title="Subdomain")


async def delete_subdomain(app: Host, dialog: SubdomainsDialog, row: Subdomain) -> None:
    services = app.services
    if services is None or dialog.server_id is None:
        return
    if not can_change(app, "Deleting a subdomain"):
        return
    name = both_forms(row.name)
    if not await app.push_screen_wait(
        ConfirmModal(
            f"Delete the subdomain {name}?",
            [ConfirmTarget(row.id, name, f"server {dialog.server_id}")],
            button="Delete subdomain",
            warning="This row of the subdomains table goes (pdns/delete_subdomain).",
        )
    ):
        return
    dialog.show(await dns_zones.delete_subdomain(services, dialog.server_id, row))
    app.say(f"{name} was deleted.", title="Subdomain")
