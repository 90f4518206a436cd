"""The app's own remembered choices (`state.toml`): which columns, which sort, which theme.
Written by the app alone, atomically, mode 0600; a damaged file is set aside, never a reason to
stop.
"""

from __future__ import annotations

import tomllib
from dataclasses import replace
from pathlib import Path

import tomli_w

from hostkey_tui.config.paths import read_regular, write_private
from hostkey_tui.records import dataclass

#: state.toml holds a few choices; anything larger (or not a plain file) is set aside.
MAX_STATE = 256 * 1024


@dataclass(frozen=True, slots=True)
class UiState:
    #: The server list's columns, in order (None: the default set for the terminal's width).
    columns: tuple[str, ...] | None = None
    sort_column: str = "hostname"
    sort_reverse: bool = False
    #: The theme last chosen in the palette (None: never; the config's `[ui] theme` then).
    theme: str | None = None

    def with_sort(self, column: str, reverse: bool) -> UiState:
        return replace(self, sort_column=column, sort_reverse=reverse)


def load_ui_state(path: Path) -> UiState:
    try:
        data = tomllib.loads(read_regular(path, MAX_STATE).decode("utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return UiState()
    ui = data.get("ui", {})
    theme = ui.get("theme") if isinstance(ui, dict) else None
    theme = theme if isinstance(theme, str) and theme else None
    servers = data.get("servers", {})
    if not isinstance(servers, dict):
        return UiState(theme=theme)
    columns = servers.get("columns")
    if not (isinstance(columns, list) and columns and all(isinstance(c, str) for c in columns)):
        columns = None
    sort = servers.get("sort_column")
    reverse = servers.get("sort_reverse")
    return UiState(
        columns=tuple(columns) if columns else None,
        sort_column=sort if isinstance(sort, str) else "hostname",
        sort_reverse=reverse if isinstance(reverse, bool) else False,
        theme=theme,
    )


def save_ui_state(path: Path, state: UiState) -> None:
    servers: dict[str, object] = {
        "sort_column": state.sort_column,
        "sort_reverse": state.sort_reverse,
    }
    if state.columns is not None:
        servers["columns"] = list(state.columns)
    document: dict[str, object] = {"servers": servers}
    if state.theme is not None:
        document["ui"] = {"theme": state.theme}
    header = b"# Written by hostkey-tui: remembered choices. Your settings go in config.toml.\n"
    write_private(path, header + tomli_w.dumps(document).encode())
