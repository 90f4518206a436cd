"""The baseline: a minimal Textual app (an input line and a static), started the same way."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Input, Static


class Minimal(App[None]):
    def compose(self) -> ComposeResult:
        yield Input(id="box")
        yield Static("ready", id="text")

    def on_input_changed(self, event: Input.Changed) -> None:
        self.query_one("#text", Static).update(event.value or "ready")


if __name__ == "__main__":
    Minimal().run()
