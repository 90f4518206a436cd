"""Issue 25: `--fleet` on the command line: every profile of the config signed in at once, one
list and one triage board naming each account; a profile that cannot sign in is said, the others
still shown, and the exit code says the fleet was not read whole."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from hostkey_tui.simulator.scenarios import build_world
from hostkey_tui.simulator.world import World
from tests.cli.conftest import CLI_PIN, Cli, rename
from tests.conftest import assert_kept_the_contract
from tests.hosts import ByHost


@pytest.fixture
def fleet(cli: Cli, tmp_path: Path) -> Iterator[tuple[Cli, World]]:
    """Profiles: alpha (the cli's world), beta (another world, read-only), gamma (no key)."""
    beta = build_world(cli.clock, pin=CLI_PIN)
    rename(beta, 40072, "beta-legacy")
    cli.transport = ByHost({"alpha.invalid": cli.world, "beta.invalid": beta})
    config = tmp_path / "config.toml"
    config.write_text(
        '[profiles.alpha]\nbase_url = "https://alpha.invalid"\napi_key_env = "ALPHA_KEY"\n'
        '[profiles.beta]\nbase_url = "https://beta.invalid"\napi_key_env = "BETA_KEY"\n'
        "read_only = true\n"
        '[profiles.gamma]\nbase_url = "https://gamma.invalid"\napi_key_env = "GAMMA_KEY"\n'
    )
    cli.environ.update(
        {
            "HOSTKEY_TUI_CONFIG": str(config),
            "ALPHA_KEY": cli.world.account_key,
            "BETA_KEY": beta.account_key,
        }
    )
    yield cli, beta
    assert_kept_the_contract(beta)


def test_one_list_over_every_account_with_its_profile(fleet: tuple[Cli, World]) -> None:
    cli, beta = fleet
    ran = cli.run("servers", "--fleet", "-o", "json")
    assert ran.code == 1  # gamma could not be read: the fleet is not whole
    assert "gamma:" in ran.err and "$GAMMA_KEY, which is not set" in ran.err
    rows = json.loads(ran.out)
    profiles = {r["profile"] for r in rows}
    assert profiles == {"alpha", "beta"}
    assert len(rows) == len(cli.world.servers) + len(beta.servers)
    assert {"profile": "beta", "hostname": "beta-legacy"}.items() <= next(
        r for r in rows if r["profile"] == "beta" and r["id"] == 40072
    ).items()
    # Each account was asked with its own key, at its own address.
    assert cli.world.count("eq", "show") == len(cli.world.servers)
    assert beta.count("eq", "show") == len(beta.servers)


def test_profile_terms_filter_the_fleet(fleet: tuple[Cli, World]) -> None:
    cli, _ = fleet
    only = json.loads(
        cli.run("servers", "--fleet", "--filter", "profile:beta legacy", "-o", "json").out
    )
    assert [(r["profile"], r["hostname"]) for r in only] == [("beta", "beta-legacy")]
    ran = cli.run("servers", "--fleet", "--filter=-profile:gamma -profile:beta", "-o", "json")
    assert ran.code == 0 and {r["profile"] for r in json.loads(ran.out)} == {"alpha"}
    wrong = cli.run("servers", "--fleet", "--filter", "profile:nope")
    assert wrong.code == 2 and "no profile named nope" in wrong.err
    table = cli.run("servers", "--fleet", "--filter=-profile:gamma")
    assert table.code == 0 and table.out.splitlines()[0].startswith("Profile")


def test_the_triage_board_spans_every_account_most_urgent_first(fleet: tuple[Cli, World]) -> None:
    cli, _ = fleet
    ran = cli.run("triage", "--fleet", "-o", "json")
    assert ran.code == 1
    board = json.loads(ran.out)
    assert board["fleet"] is True
    accounts = {a["profile"]: a for a in board["accounts"]}
    assert "$GAMMA_KEY, which is not set" in accounts["gamma"]["problem"]
    assert accounts["alpha"]["servers_total"] == len(cli.world.servers)
    urgencies = [a["urgency"] for a in board["attention"]]
    order = ["critical", "high", "warning", "notice"]
    assert urgencies == sorted(urgencies, key=order.index)
    assert {a["profile"] for a in board["attention"]} == {"alpha", "beta"}
    first_two = [(a["profile"], a["hostname"]) for a in board["attention"][:2]]
    assert first_two == [("alpha", "tr-legacy-01"), ("beta", "beta-legacy")]
    text = cli.run("triage", "--fleet").out
    assert "NOT READ  gamma" in text and "beta  beta-legacy (40072)" in text
    markdown = cli.run("triage", "--fleet", "-o", "markdown", "--timeline", "2").out
    assert (
        "| Urgency | Account | Server |" in markdown and "| high | beta | beta-legacy" in markdown
    )
    assert "**Not read: gamma**" in markdown


def test_a_refused_key_is_said_and_the_others_still_load(fleet: tuple[Cli, World]) -> None:
    cli, _ = fleet
    cli.environ["BETA_KEY"] = "not-a-key-of-beta"
    ran = cli.run("servers", "--fleet", "-o", "json", "--filter=-profile:gamma")
    assert ran.code == 1 and "beta: signing in to beta was refused" in ran.err
    assert {r["profile"] for r in json.loads(ran.out)} == {"alpha"}
    assert "not-a-key-of-beta" not in ran.err + ran.out


def test_fleet_does_not_go_with_the_demo_or_one_profile(fleet: tuple[Cli, World]) -> None:
    cli, _ = fleet
    assert cli.run("servers", "--fleet", "--demo").code == 2
    assert "--profile" in cli.run("triage", "--fleet", "--profile", "alpha").err
