"""The line over the server list: which servers need attention, or that none do."""

from __future__ import annotations

from collections.abc import Sequence

from textual.reactive import var
from textual.widgets import Static

from hostkey_tui.state.state import AppState
from hostkey_tui.state.views import Attention
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


class AttentionBar(Static):
    """Shows what it is given by `said` (the words, and whether they are calm)."""

    said: var[tuple[str, bool] | None] = var(None)

    def watch_said(self, said: tuple[str, bool] | None) -> None:
        if said is None:
            return
        text, calm = said
        self.set_class(calm, "-calm")
        self.update(literal(text))
