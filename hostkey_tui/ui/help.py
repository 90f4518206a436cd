"""`?`: every key of the screen on top, from the registry, as bound now (keymap included)."""

from __future__ import annotations

from typing import Any

from textual.app import App

from hostkey_tui.ui.keys import ACTIONS
from hostkey_tui.ui.kit.modals.help import HelpScreen, KeyHelp
from hostkey_tui.ui.kit.screen import SectionScreen


def keys_help(app: App[Any]) -> HelpScreen:
    """The help of the screen on top: its own keys, how to move, what works anywhere."""
    screen = app.screen
    bound: dict[str, list[str]] = {}
    for key, active in screen.active_bindings.items():
        if active.enabled and active.binding.id:
            bound.setdefault(active.binding.id, []).append(
                app.get_key_display(active.binding) or key
            )
    section = screen if isinstance(screen, SectionScreen) else None
    # Any screen may name its keys' scope (the welcome screen is not a section's).
    title = str(getattr(screen, "HELP_TITLE", "This screen"))
    groups = [
        (title, str(getattr(screen, "SCOPE", ""))),
        ("Moving", section.HELP_MOVING if section else ""),
        ("Anywhere", "app"),
    ]
    ordered: list[tuple[str, list[KeyHelp]]] = []
    for heading, scope in groups:
        rows = [
            KeyHelp(" ".join(dict.fromkeys(bound[a.id])), a.description, a.help)
            for a in ACTIONS
            if scope and a.scope == scope and a.id in bound
        ]
        if rows:
            ordered.append((heading, rows))
    if section:
        ordered.extend(section.HELP_EXTRA)
    return HelpScreen(f"Keys: {title.lower()}", ordered)
