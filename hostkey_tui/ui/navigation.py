"""Going somewhere from anywhere: a server's detail, an invoice, the jump line (`:`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.app import App

from hostkey_tui.ui import jump
from hostkey_tui.ui.jump import Jump
from hostkey_tui.ui.servers.screen import ServersScreen

if TYPE_CHECKING:
    from hostkey_tui.ui.host import Host


def open_invoice(app: App[Any], invoice_id: int) -> None:
    """An invoice's detail, over the billing section."""
    from hostkey_tui.ui.billing.invoice import InvoiceScreen

    if app.current_mode != "billing":
        app.switch_mode("billing")
    while isinstance(app.screen, InvoiceScreen):
        app.pop_screen()
    app.push_screen(InvoiceScreen(invoice_id))


def open_server(app: App[Any], server_id: int, neighbours: list[int] | None = None) -> None:
    """The detail of a server, over the list (whatever was open in the section closes).
    `neighbours`: what `[`/`]` go through (default: the list's rows)."""
    from hostkey_tui.ui.server.screen import ServerDetailScreen

    if app.current_mode != "servers":
        app.switch_mode("servers")
    while isinstance(app.screen, ServerDetailScreen):
        app.pop_screen()
    if neighbours is None:
        base = app.screen if isinstance(app.screen, ServersScreen) else None
        neighbours = list(base.table.rows) if base else []
    app.push_screen(ServerDetailScreen(server_id, neighbours))


class JumpLine:
    """`:` — the line, its completions and hint, and what a checked command does."""

    def __init__(self, host: Host, app: App[Any]) -> None:
        self.host = host
        self.app = app

    def parse(self, text: str) -> Jump | str:
        return jump.parse(text, lambda name: self.host.index.find(self.host.state, name))

    def problem(self, text: str) -> str | None:
        command = self.parse(text)
        return command if isinstance(command, str) else None

    def open(self) -> None:
        from hostkey_tui.ui.kit.modals.jump import JumpLine as Line

        servers = self.host.state.servers.values()
        hostnames = [f"server {s.hostname}" for s in servers][:20_000]
        self.app.push_screen(Line(self.problem, jump.words() + hostnames, jump.hint()), self.run)

    async def run(self, text: str | None) -> None:
        """Carry out a checked jump-line command."""
        command = self.parse(text) if text else None
        if not isinstance(command, Jump):
            return
        if command.verb == "quit":
            await self.app.action_quit()
        elif command.verb == "fleet":
            await self.app.run_action("fleet")
        elif command.verb == "server":
            open_server(self.app, int(command.target))
        elif command.verb == "invoice":
            open_invoice(self.app, int(command.target))
        else:
            await self.app.run_action(f"section({str(command.target)!r})")
