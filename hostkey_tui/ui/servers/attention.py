"""The line over the server list: which servers need attention, or that none do."""

from __future__ import annotations

from collections.abc import Sequence

from textual.reactive import var
from textual.widgets import Static

from hostkey_tui.models.account import BillingServer
from hostkey_tui.state.board import Attention
from hostkey_tui.state.state import AppState
from hostkey_tui.ui.kit.text import literal


def attention_line(items: Sequence[Attention], state: AppState, listing: bool) -> tuple[str, bool]:
    """What the line says, and whether it is calm (nothing needs attention). `listing`: the
    list shows only the servers that need attention (`!`)."""
    if not items:
        calm = "✓ nothing needs attention" if state.servers else ""
        # Said only of the whole list: not while the rest of the cache is being read.
        return ("reading the cached list…" if state.cache_pending else calm), True
    names = state.servers
    parts = [
        f"{names[a.server_id].hostname if a.server_id in names else a.server_id} {a.reasons[0]}"
        for a in items[:3]
    ]
    more = f" … and {len(items) - 3} more" if len(items) > 3 else ""
    hint = "! shows all" if listing else "! lists them"
    return f"⚠ {len(items)} need attention ({hint}): " + " · ".join(parts) + more, False


#: WHMCS's service statuses an order passes through before invapi has its server.
_ORDER_WORDS = {"pending": "awaiting payment (Billing, 2)", "active": "paid, being set up"}


def pending_line(orders: Sequence[BillingServer]) -> str:
    """The orders that are no server yet: ordered here, in the panel or by a script."""
    if not orders:
        return ""
    said = [
        f"{o.id} {o.name or o.config or 'order'} {_ORDER_WORDS.get(o.status.lower(), o.status)}"
        for o in orders[:3]
    ]
    more = f" … and {len(orders) - 3} more" if len(orders) > 3 else ""
    count = f"{len(orders)} order{'s' if len(orders) > 1 else ''} not yet a server"
    return f"⧗ {count}: " + " · ".join(said) + more + " (5 Jobs follows deploys)"


class AttentionBar(Static):
    """Shows what it is given by `said` (the words, and whether they are calm)."""

    said: var[tuple[str, bool] | None] = var(None)

    def watch_said(self, said: tuple[str, bool] | None) -> None:
        if said is None:
            return
        text, calm = said
        self.set_class(calm, "-calm")
        self.update(literal(text))
