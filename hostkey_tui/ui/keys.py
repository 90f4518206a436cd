"""The one key registry: the help, the palette and `[keymap]` read it.

Each feature keeps its own table (`ui/<feature>/keys.py`, `KEYS`): a section's is found from its
row in `ui.sections`, so a new section needs no line here. The sections' number keys come from
that table too. Importing this module imports the keys tables only, never a screen.
"""

from __future__ import annotations

import importlib

from hostkey_tui.ui.kit.keys import Key
from hostkey_tui.ui.kit.modals import keys as dialogs
from hostkey_tui.ui.sections import SECTIONS
from hostkey_tui.ui.server import keys as server
from hostkey_tui.ui.welcome import keys as welcome

#: Keys that work anywhere.
APP: tuple[Key, ...] = (
    *(section.key_row() for section in SECTIONS),
    Key(
        id="app.jump",
        key="colon",
        action="jump",
        description="Jump",
        help="Jump to a section or a server (:server 34533)",
        key_display=":",
    ),
    Key(
        id="app.fleet",
        key="F",
        action="fleet",
        description="Fleet",
        help="Every account of the config in one list (:fleet)",
        show=False,
    ),
    Key(
        id="app.help",
        key="question_mark",
        action="help",
        description="Help",
        help="Show every key of this screen",
        key_display="?",
    ),
    Key(
        id="app.palette",
        key="ctrl+p",
        action="command_palette",
        description="Commands",
        help="Search every action",
        show=False,
    ),
    Key(id="app.quit", key="q", action="quit", description="Quit", help="Sign out and quit"),
)


def _section_keys(mode: str) -> tuple[Key, ...]:
    keys: tuple[Key, ...] = importlib.import_module(f"hostkey_tui.ui.{mode}.keys").KEYS
    return keys


#: Every key: anywhere, each section's (in number order), then the detail's, the welcome
#: screen's and the shared dialogs'.
ACTIONS: tuple[Key, ...] = (
    APP
    + tuple(key for section in SECTIONS for key in _section_keys(section.mode))
    + server.KEYS
    + welcome.KEYS
    + dialogs.KEYS
)

BY_ID = {action.id: action for action in ACTIONS}


def all_binding_ids() -> frozenset[str]:
    """Every id `[keymap]` may remap."""
    return frozenset(BY_ID)


def actions_for(scopes: tuple[str, ...], read_only: bool) -> list[Key]:
    """What the palette and help offer in these scopes; no changes when read-only."""
    return [a for a in ACTIONS if a.scope in scopes and not (read_only and a.mutating)]
