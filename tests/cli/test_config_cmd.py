"""`hostkey-tui config check|path|example`, and the environment a profile is chosen by."""

from __future__ import annotations

import json
from pathlib import Path

from hostkey_tui.config.example import example_text
from tests.cli.conftest import Cli


def test_example_is_the_one_in_the_package(cli: Cli) -> None:
    ran = cli.run("config", "example")
    assert ran.code == 0 and ran.out == example_text()


def test_path_lists_every_place(cli: Cli, tmp_path: Path) -> None:
    given = tmp_path / "elsewhere.toml"
    places = json.loads(cli.run("config", "path", "-o", "json", "--config", str(given)).out)
    assert places["config"] == str(given)
    assert places["journal"] == str(cli.state_dir / "journal.jsonl")
    assert places["log"] == str(cli.state_dir / "hostkey-tui.log")
    assert {"state_folder", "cache_folder", "ui_state", "downloads", "demo_journal"} <= set(places)


def test_check_says_where_the_key_is_and_never_the_key(cli: Cli, tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text(
        'default_profile = "work"\n[profiles.work]\napi_key_env = "WORK_KEY"\n'
        '[profiles.other]\napi_key_env = "OTHER_KEY"\n'
    )
    cli.environ["WORK_KEY"] = cli.world.account_key
    ran = cli.run("config", "check", "--config", str(config))
    assert ran.code == 0, ran.out
    assert "found in $WORK_KEY" in ran.out
    assert "work (default_profile)" in ran.out and "other, work" in ran.out
    missing = cli.run("config", "check", "--config", str(config), "--profile", "other")
    assert missing.code == 2
    assert "OTHER_KEY, which is not set" in missing.out
    cli.environ["HOSTKEY_PROFILE"] = "nobody"
    unknown = cli.run("config", "check", "--config", str(config), "-o", "json")
    assert unknown.code == 2
    assert "no profile named 'nobody'" in json.loads(unknown.out)["problems"][0]


def test_check_refuses_a_key_in_a_file_others_read(cli: Cli, tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    key = "not-a-key-invapi-issued-0123456789"
    config.write_text(f'[profiles.p]\napi_key = "{key}"\n')
    config.chmod(0o644)
    ran = cli.run("config", "check", "--config", str(config))
    assert ran.code == 2
    assert "readable by others" in ran.out and "chmod 600" in ran.out
    assert key not in ran.out


def test_a_broken_config_is_said_with_its_line(cli: Cli, tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text("[profiles.p\n")
    ran = cli.run("config", "check", "--config", str(config))
    assert ran.code == 2 and str(config) in ran.out
    servers = cli.run("servers", "--config", str(config))
    assert servers.code == 2 and str(config) in servers.err and "Traceback" not in servers.err


def test_no_key_is_a_config_error_that_says_what_to_do(cli: Cli) -> None:
    ran = cli.run("servers")
    assert ran.code == 2
    assert "HOSTKEY_API_KEY" in ran.err and "--demo" in ran.err


def test_a_config_named_but_missing_is_said(cli: Cli, tmp_path: Path) -> None:
    ran = cli.run("servers", "--config", str(tmp_path / "nope.toml"))
    assert ran.code == 2 and "no such config file" in ran.err


def test_hostkey_profile_chooses_the_profile(cli: Cli, tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text(
        '[profiles.a]\nbase_url = "https://a.invalid"\n'
        '[profiles.b]\nbase_url = "https://invapi.simulator.invalid"\n'
    )
    cli.environ["HOSTKEY_API_KEY"] = cli.world.account_key
    cli.environ["HOSTKEY_PROFILE"] = "b"
    ran = cli.run("servers", "--config", str(config), "-o", "json")
    assert ran.code == 0, ran.err
    without = cli.run("servers", "--config", str(config), "--profile", "nobody")
    assert without.code == 2 and "no profile named 'nobody'" in without.err


def test_an_insecure_address_is_refused(cli: Cli) -> None:
    cli.environ["HOSTKEY_API_KEY"] = cli.world.account_key
    ran = cli.run("servers", "--base-url", "http://invapi.example.com")
    assert ran.code == 2 and "https" in ran.err


def test_a_refused_key_fails_in_words(cli: Cli) -> None:
    cli.environ["HOSTKEY_API_KEY"] = "0" * 32
    ran = cli.account("servers")
    assert ran.code == 1 and "refused" in ran.err


def test_usage_errors_exit_2(cli: Cli) -> None:
    assert cli.run("servers", "-o", "xml", "--demo").code == 2
    assert cli.run("power", "explode", "1").code == 2
    assert cli.run("invoice", "abc").code == 2
