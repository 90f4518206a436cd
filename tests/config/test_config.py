"""The config is read strictly and every mistake is named; keys come only from safe places."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from hostkey_tui.config.example import EXAMPLE_NAME, example_text
from hostkey_tui.config.keys import resolve_api_key
from hostkey_tui.config.load import load_config, parse_config
from hostkey_tui.config.model import Config, ConfigError, ConfirmPolicy, Profile
from hostkey_tui.config.ui_state import UiState, load_ui_state, save_ui_state
from hostkey_tui.config.write import write_first_config
from hostkey_tui.models.common import Secret
from hostkey_tui.ui.keys import all_binding_ids

ROOT = Path(__file__).parent.parent.parent
IDS = all_binding_ids()


def test_the_example_config_is_valid_and_documents_every_key() -> None:
    # The copy shipped in the package (what `hostkey-tui config example` prints) is the only one.
    path = ROOT / "hostkey_tui" / "config" / EXAMPLE_NAME
    text = example_text()
    assert text == path.read_text()
    assert not (ROOT / EXAMPLE_NAME).exists()
    config = load_config(path, IDS)
    assert config is not None and set(config.profiles) == {"main", "staging"}
    from hostkey_tui.config.load import (
        API_KEYS,
        CONFIRM_KEYS,
        PROFILE_KEYS,
        REFRESH_KEYS,
        TOP_KEYS,
        UI_KEYS,
    )

    for key in [*TOP_KEYS, *UI_KEYS, *REFRESH_KEYS, *API_KEYS, *PROFILE_KEYS, *CONFIRM_KEYS]:
        assert f"{key} =" in text or f"[{key}" in text or f"[profiles.main.{key}]" in text, key


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ('[ui]\ntheme = "nord"\ntheme2 = 1\n', 3, "[ui] theme2: unknown key"),
        (
            '[ui]\ngrace_period = "five"\n',
            2,
            "expected a number of seconds from 0 to 60, got 'five'",
        ),
        ("[api]\nconcurrency = 0\n", 2, "expected a whole number of requests from 1 to 64"),
        ('[profiles.main]\nbase_url = "ftp://x"\n', 2, "expected an https:// URL"),
        ('[profiles.main]\napi_key_command = "pass show x"\n', 2, "a list of strings"),
        ('[profiles.main.confirm]\nproduction_tags = "env=prod"\n', 2, "a list of strings"),
        ('[keymap]\n"servers.nope" = "x"\n', 2, "[keymap] servers.nope: unknown key"),
        ('default_profile = "prod"\n[profiles.main]\n', 1, "no profile named 'prod'"),
        ("[ui\ntheme = 1\n", 1, "not valid TOML"),
        ("colour = true\n", 1, "colour: unknown key; the top-level keys are"),
        ("ui = 3\n", 1, "expected a table [ui]"),
        ("[profiles]\nmain = 3\n", 2, "expected a table [profiles.main]"),
    ],
)
def test_each_kind_of_mistake_names_the_file_line_and_key(
    text: str, line: int, words: str, tmp_path: Path
) -> None:
    path = tmp_path / "config.toml"
    with pytest.raises(ConfigError) as error:
        parse_config(text, path, IDS)
    message = str(error.value)
    assert message.startswith(f"{path}, line {line}")
    assert words in message


def run_with_config(tmp_path: Path, text: str) -> subprocess.CompletedProcess[str]:
    """`hostkey-tui` as a person starts it, with this config file."""
    path = tmp_path / "config.toml"
    path.write_text(text)
    environment = {**os.environ, "HOSTKEY_TUI_CONFIG": str(path), "HOME": str(tmp_path)}
    command = [sys.executable, "-m", "hostkey_tui"]
    return subprocess.run(
        command, capture_output=True, text=True, env=environment, timeout=60, check=False
    )


def test_a_bad_config_exits_2_without_a_traceback(tmp_path: Path) -> None:
    result = run_with_config(tmp_path, "[ui]\ngrace_period = -1\n")
    assert result.returncode == 2
    assert f"{tmp_path / 'config.toml'}, line 2, [ui] grace_period" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_an_unknown_theme_is_refused_with_the_choices(tmp_path: Path) -> None:
    result = run_with_config(tmp_path, '[ui]\ntheme = "neon"\n')
    assert (
        result.returncode == 2
        and "unknown theme 'neon'" in result.stderr
        and "nord" in result.stderr
    )


def test_version_and_help(tmp_path: Path) -> None:
    version = subprocess.run(
        [sys.executable, "-m", "hostkey_tui", "--version"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert version.stdout.startswith("hostkey-tui 0.")
    usage = subprocess.run(
        [sys.executable, "-m", "hostkey_tui", "--help"], capture_output=True, text=True, check=False
    )
    for flag in ("--demo", "--profile", "--base-url", "--read-only", "--log", "--version"):
        assert flag in usage.stdout


def test_profiles_are_chosen_by_name_default_or_alone() -> None:
    one = Config(profiles={"a": Profile("a")})
    assert one.profile(None).name == "a"
    two = Config(profiles={"a": Profile("a"), "b": Profile("b")}, default_profile="b")
    assert two.profile(None).name == "b" and two.profile("a").name == "a"
    with pytest.raises(ConfigError, match="no profile named 'c'"):
        two.profile("c")
    with pytest.raises(ConfigError, match="--profile"):
        Config(profiles={"a": Profile("a"), "b": Profile("b")}).profile(None)


def test_key_sources_in_order() -> None:
    profile = Profile("main", api_key_env="MY_KEY", api_key=Secret("from-file"))
    found = resolve_api_key(profile, None, {"HOSTKEY_API_KEY": "a", "MY_KEY": "b"})
    assert found is not None and found.key.reveal() == "a"
    found = resolve_api_key(profile, None, {"MY_KEY": "b"})
    assert found is not None and found.key.reveal() == "b"
    with pytest.raises(ConfigError, match=r"\$MY_KEY, which is not set"):
        resolve_api_key(profile, None, {})
    assert resolve_api_key(Profile("bare"), None, {}) is None


def test_a_key_command_runs_without_a_shell_and_its_failure_is_said_plainly() -> None:
    good = Profile("p", api_key_command=(sys.executable, "-c", "print('abc-123')"))
    found = resolve_api_key(good, None, {})
    assert (
        found is not None and found.key.reveal() == "abc-123" and "api_key_command" in found.source
    )
    secret_in_error = Profile(
        "p",
        api_key_command=(
            sys.executable,
            "-c",
            "import sys; print('leaked-value', file=sys.stderr); sys.exit(3)",
        ),
    )
    with pytest.raises(ConfigError) as error:
        resolve_api_key(secret_in_error, None, {})
    assert "status 3" in str(error.value) and "leaked-value" not in str(error.value)
    with pytest.raises(ConfigError, match="was not found"):
        resolve_api_key(Profile("p", api_key_command=("/no/such/program",)), None, {})
    with pytest.raises(ConfigError, match="printed no key"):
        resolve_api_key(Profile("p", api_key_command=(sys.executable, "-c", "")), None, {})


def test_a_key_in_the_toml_only_from_a_private_file(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("x")
    profile = Profile("main", api_key=Secret("k" * 33))
    for mode in (0o644, 0o640, 0o604):
        os.chmod(path, mode)
        with pytest.raises(ConfigError, match=f"mode {mode:04o}"):
            resolve_api_key(profile, path, {})
    os.chmod(path, 0o600)
    found = resolve_api_key(profile, path, {})
    assert found is not None and found.key.reveal() == "k" * 33


def test_ui_state_round_trip_and_damage(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "state.toml"
    save_ui_state(path, UiState(columns=("id", "hostname"), sort_column="ip", sort_reverse=True))
    assert load_ui_state(path) == UiState(("id", "hostname"), "ip", True)
    assert path.stat().st_mode & 0o777 == 0o600 and path.parent.stat().st_mode & 0o777 == 0o700
    path.write_text("[servers\nbroken")
    assert load_ui_state(path) == UiState()


def test_the_first_config_is_private_and_never_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "hostkey-tui" / "config.toml"
    write_first_config(
        path, "main", "https://invapi.hostkey.com", Secret("0123456789abcdef-0123456789abcdef")
    )
    assert path.stat().st_mode & 0o777 == 0o600
    config = load_config(path, IDS)
    assert config is not None and config.profile(None).api_key == Secret(
        "0123456789abcdef-0123456789abcdef"
    )
    with pytest.raises(FileExistsError):
        write_first_config(path, "other", "https://x", None)


def test_production_policy() -> None:
    policy = ConfirmPolicy(production_tags=("env=prod", "critical"), production_hosts=("*-db-*",))
    assert policy.is_production("web-1", {"env": "prod"})
    assert policy.is_production("web-1", {"critical": "yes"})
    assert policy.is_production("nl-db-01", {})
    assert not policy.is_production("web-1", {"env": "staging"})
