"""Which theme the app starts with, and the palette's theme list that remembers its choice."""

from __future__ import annotations

from collections.abc import Callable, Container
from functools import partial
from operator import attrgetter

from textual.theme import ThemeProvider


def starting_theme(
    available: Container[str], asked: str | None, remembered: str | None, configured: str
) -> str:
    """`--theme`, else the one last chosen in the palette, else the config's.

    A remembered theme that no longer exists (renamed in a newer Textual, say) is passed over
    quietly: it was the app's own note, not something the user wrote.
    """
    for name in (asked, remembered):
        if name and name in available:
            return name
    return configured


class RememberedThemes(ThemeProvider):
    """Textual's theme list ("Change theme" in the palette): the theme chosen is applied and
    handed to the app's `remember_theme`, which keeps it in state.toml for the next start."""

    @property
    def commands(self) -> list[tuple[str, Callable[[], None]]]:
        remember: Callable[[str], None] | None = getattr(self.app, "remember_theme", None)

        def choose(name: str) -> None:
            self.app.theme = name
            if remember is not None:
                remember(name)

        themes = sorted(self.app.available_themes.values(), key=attrgetter("name"))
        return [(theme.name, partial(choose, theme.name)) for theme in themes]
