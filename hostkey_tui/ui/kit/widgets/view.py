"""`View`: a dumb widget that shows what a function draws of the one value bound to it (the
value itself, when it is already text).

The screen or tab keeps its slice of the state in a reactive and binds its views to it
(`View(draw).data_bind(value=Tab.shown)`): a view is drawn again when, and only when, that value
changes, and nobody pushes text into it by hand.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.reactive import var
from textual.visual import VisualType
from textual.widgets import Static


class View(Static):
    #: What it shows; None shows nothing (the widget is hidden).
    value: var[Any] = var(None, init=False)

    def __init__(
        self,
        draw: Callable[[Any], VisualType] = lambda shown: shown,
        *,
        id: str | None = None,
        classes: str = "",
    ) -> None:
        # A str is shown as it is: the text may come from invapi, never read as markup.
        super().__init__(id=id, classes=classes, markup=False)
        self.draw = draw

    def watch_value(self, value: Any) -> None:
        self.display = value is not None
        if value is not None:
            self.update(self.draw(value))
