"""The app's text input: an Input whose cursor blink follows the app (frozen in snapshot tests)."""

from __future__ import annotations

from textual.widgets import Input


class TextInput(Input):
    def on_mount(self) -> None:
        self.cursor_blink = bool(getattr(self.app, "blink", True))
