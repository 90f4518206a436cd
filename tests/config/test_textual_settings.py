"""The settings of Textual's integration (issue 23): `[ui] mouse`, and the theme remembered in
state.toml."""

from __future__ import annotations

from pathlib import Path

import pytest

from hostkey_tui.config.load import parse_config
from hostkey_tui.config.model import ConfigError
from hostkey_tui.config.ui_state import UiState, load_ui_state, save_ui_state
from hostkey_tui.ui.keys import all_binding_ids

IDS = all_binding_ids()


def test_the_mouse_is_on_unless_the_config_says_false(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    assert parse_config("", path, IDS).ui.mouse is True
    assert parse_config("[ui]\nmouse = false\n", path, IDS).ui.mouse is False
    with pytest.raises(ConfigError, match=r"line 2, \[ui\] mouse: expected true or false"):
        parse_config('[ui]\nmouse = "no"\n', path, IDS)


def test_the_remembered_theme_round_trips_beside_the_list_choices(tmp_path: Path) -> None:
    path = tmp_path / "state.toml"
    state = UiState(columns=("id",), sort_column="ip", sort_reverse=True, theme="nord")
    save_ui_state(path, state)
    assert load_ui_state(path) == state
    assert path.stat().st_mode & 0o777 == 0o600
    save_ui_state(path, UiState())
    assert load_ui_state(path).theme is None and "[ui]" not in path.read_text()


@pytest.mark.parametrize(
    "text",
    ["[ui]\ntheme = 3\n", 'ui = "nord"\n', '[ui]\ntheme = ""\n', "[servers]\nsort_column = 1\n"],
)
def test_a_damaged_theme_is_forgotten_quietly(tmp_path: Path, text: str) -> None:
    path = tmp_path / "state.toml"
    path.write_text(text)
    assert load_ui_state(path).theme is None


def test_a_theme_survives_damaged_list_choices(tmp_path: Path) -> None:
    path = tmp_path / "state.toml"
    path.write_text('servers = 3\n[ui]\ntheme = "dracula"\n')
    assert load_ui_state(path) == UiState(theme="dracula")
