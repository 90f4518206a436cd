"""`Key`: one row of a keys table. Each feature keeps its own table next to its screen; the
registry (`ui.keys`) merges them for the help, the palette and `[keymap]`.

The id names the key for `[keymap]` (`servers.filter`) and its scope is the id's first part:
the screen, tab or dialog whose keys it is. Keys that change something are `mutating`: in
read-only mode they are absent everywhere.
"""

from __future__ import annotations

from collections.abc import Iterable

from textual.binding import Binding, BindingType

from hostkey_tui.records import dataclass


@dataclass(frozen=True, slots=True)
class Key:
    id: str
    key: str
    #: The method (`action_<name>`) it calls, with arguments if any: `tab(1)`.
    action: str
    #: What the key bar and the help call it.
    description: str
    help: str
    show: bool = True
    mutating: bool = False
    priority: bool = False
    key_display: str | None = None

    @property
    def scope(self) -> str:
        """The screen, tab or dialog the key belongs to ("app": anywhere)."""
        return self.id.partition(".")[0]

    @property
    def method(self) -> str:
        """The action's name without its arguments, as `check_action` sees it."""
        return self.action.partition("(")[0]

    def binding(self) -> Binding:
        return Binding(
            self.key,
            self.action,
            self.description,
            show=self.show,
            priority=self.priority,
            key_display=self.key_display,
            id=self.id,
            tooltip=self.help,
        )


def bindings(keys: Iterable[Key]) -> list[BindingType]:
    """A `BINDINGS` list from a keys table."""
    return [key.binding() for key in keys]


def mutating(keys: Iterable[Key]) -> frozenset[str]:
    """The action names that change something, for `check_action` to refuse in read-only."""
    return frozenset(key.method for key in keys if key.mutating)
