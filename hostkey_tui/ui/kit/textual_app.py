"""`TextualApp`: what the app changes of Textual's own `App`, apart from the sections and the
session (`ui.app.HostkeyApp` builds on it).

Its hooks, made the app's (issue 23): the theme (`--theme`, else the one chosen in the palette
and remembered, else the config's), the clipboard (a desktop copy command beside OSC 52), the
palette's Screenshot (0600, refused while a secret is revealed), `[keymap]` clashes said instead
of dropped; and the two things every screen asks of it: saying something, remembering a choice.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from pathlib import Path
from typing import Any

from textual.app import App
from textual.binding import Binding
from textual.dom import DOMNode
from textual.notifications import SeverityLevel
from textual.screen import Screen

from hostkey_tui.api.redact import redact_text
from hostkey_tui.config.paths import downloads_dir
from hostkey_tui.config.ui_state import UiState, load_ui_state, save_ui_state
from hostkey_tui.models.common import clean_text
from hostkey_tui.ui.kit.clash import Clashes, clashes_of
from hostkey_tui.ui.kit.clipboard import Clipboard
from hostkey_tui.ui.kit.screenshot import secret_on_screen, take
from hostkey_tui.ui.kit.themes import starting_theme
from hostkey_tui.ui.setup import AppSetup

log = logging.getLogger("hostkey_tui")


class TextualApp(App[int]):
    def __init__(self, setup: AppSetup) -> None:
        super().__init__()
        self.setup = setup
        self.clock = setup.clock
        self.ui_state: UiState = load_ui_state(setup.state_path)
        self.theme = starting_theme(
            self.available_themes, setup.theme, self.ui_state.theme, setup.config.ui.theme
        )
        #: The desktop's copy command, used beside OSC 52 (a test gives one with a fake runner).
        self.desktop_clipboard = Clipboard(setup.environ)
        self._clashes = Clashes()
        self.set_keymap(dict(setup.config.keymap))

    def check_keymap(self) -> None:
        """From the first screen on (called once mounted), each screen shown is checked for
        `[keymap]` clashes."""
        if self._keymap:
            self.screen_change_signal.subscribe(self, self._check_keymap)
            self.call_later(self._check_keymap, self.screen)

    def remember_theme(self, name: str) -> None:
        if name != self.ui_state.theme:
            self.save_ui_state(replace(self.ui_state, theme=name))

    def copy_to_clipboard(self, text: str) -> None:
        """OSC 52 (Textual's), and the desktop's copy command where there is one: in a thread,
        so that a slow one never holds the screen; its failure is quiet (and never quotes
        the text, which may be a password)."""
        super().copy_to_clipboard(text)
        if self.desktop_clipboard.command is not None:
            self.run_worker(
                lambda: self.desktop_clipboard.copy(text),
                group="clipboard",
                thread=True,
                exit_on_error=False,
            )

    def deliver_screenshot(
        self,
        filename: str | None = None,
        path: str | None = None,
        time_format: str | None = None,
    ) -> str | None:
        """The palette's Screenshot: saved 0600 in the download folder, and refused while a
        secret is revealed (Textual's would write it with the umask's mode, secret and all)."""
        if self.is_web and not secret_on_screen(self.screen_stack):
            return super().deliver_screenshot(filename, path, time_format)  # a download
        folder = Path(path).expanduser() if path else self._download_folder()
        saved = take(self, folder, filename, time_format, self.clock.now(), self.say)
        return str(saved) if saved is not None else None

    def save_screenshot(
        self,
        filename: str | None = None,
        path: str | None = None,
        time_format: str | None = None,
    ) -> str:
        """As `deliver_screenshot`, in `path` (default: the current folder, as Textual's);
        "" when refused."""
        folder = Path(path or ".").expanduser()
        saved = take(self, folder, filename, time_format, self.clock.now(), self.say)
        return str(saved) if saved is not None else ""

    def _download_folder(self) -> Path:
        return self.setup.config.ui.download_dir or downloads_dir()

    def _check_keymap(self, screen: Screen[Any]) -> None:
        """Every node of the screen now shown, checked for `[keymap]` clashes (Textual's own
        check misses a clash with a key left as it is: `ui.kit.clash`)."""
        for node in (self, screen, *screen.walk_children()):
            clashed = clashes_of(node._bindings, self._keymap)
            if clashed:
                self.handle_bindings_clash(clashed, node)

    def handle_bindings_clash(self, clashed_bindings: set[Binding], node: DOMNode) -> None:
        """A `[keymap]` key that another key of the same place had: said once, as a warning,
        instead of Textual's silence."""
        for message in self._clashes.news(clashed_bindings, self._keymap):
            log.warning("%s", message)
            self.say(message, title="Key clash", severity="warning", timeout=15)

    # -- saying things and remembering choices -----------------------------------------------

    def say(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
    ) -> None:
        """A toast whose text is shown literally (it may come from the API): no markup, and no
        control or bidirectional character reaches the terminal, whatever made the message."""
        self.notify(
            clean_text(redact_text(message)),
            title=clean_text(title, single_line=True),
            severity=severity,
            timeout=timeout,
            markup=False,
        )

    def save_ui_state(self, state: UiState) -> None:
        self.ui_state = state
        try:
            save_ui_state(self.setup.state_path, state)
        except OSError as error:
            self.say(f"Could not remember this choice ({error.strerror}).", severity="warning")
