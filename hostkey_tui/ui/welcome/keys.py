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
