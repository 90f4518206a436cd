"""The keys of the welcome screen, by scope (see `ui.kit.keys`)."""

from __future__ import annotations

from hostkey_tui.ui.kit.keys import Key

WELCOME: tuple[Key, ...] = (
    Key(
        id="welcome.demo",
        key="d",
        action="demo",
        description="Demo",
        help="Try the simulated account",
    ),
    Key(id="welcome.quit", key="q", action="app.quit", description="Quit", help="Quit"),
    # Of the keys that work anywhere, only these work before sign-in: the welcome screen binds
    # them itself and is modal to the app's (`WelcomeScreen.is_modal`).
    Key(
        id="welcome.help",
        key="question_mark",
        action="app.help",
        description="Help",
        help="Show every key of this screen",
        key_display="?",
    ),
    Key(
        id="welcome.palette",
        key="ctrl+p",
        action="command_palette",
        description="Commands",
        help="Search every action",
        show=False,
    ),
    Key(
        id="welcome.cancel",
        key="escape",
        action="cancel_sign_in",
        description="Cancel",
        help="Cancel the sign-in: nothing is kept",
    ),
)

#: Every key of this package, for the registry.
KEYS: tuple[Key, ...] = WELCOME
