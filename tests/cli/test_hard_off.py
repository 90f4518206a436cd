"""`hostkey-tui power hard-off`: a forced power-off (eq/hard_off) with the power commands' safety
chain, its hostname always typed at a terminal, and their exit codes."""

from __future__ import annotations

import pytest

from tests.cli.conftest import CLI_PIN, Cli

PIN_ARGS = ("--demo", "--yes", "--pin-command", "pass show pin")


def sent(cli: Cli) -> int:
    return cli.world.count("eq", "hard_off")


def test_yes_and_a_pin_command_send_once_and_wait_follows_to_off(cli: Cli) -> None:
    ran = cli.run("power", "hard-off", "32645", *PIN_ARGS, "--wait")
    assert ran.code == 0, ran.err
    assert ran.out.splitlines()[1].split()[:3] == ["32645", "nl-web-01", "done"]
    assert sent(cli) == 1 and cli.world.count("eq", "off") == 0
    request = cli.world.logged("eq", "hard_off")[0]
    assert request.form["id"] == ["32645"] and request.form["pin"] == [CLI_PIN]
    assert not cli.world.servers[32645].power_on
    assert "pulling the plug" in ran.err and "Use Power off first" in ran.err


def test_at_a_terminal_the_hostname_is_typed_even_without_a_policy(cli: Cli) -> None:
    cli.interactive = True
    cli.answers = ["y"]  # a plain yes is not the hostname
    declined = cli.run("power", "hard-off", "40054", "--demo")
    assert declined.code == 1 and "not confirmed" in declined.err
    assert declined.asked == ["Type de-cache-01 to force off it: "]
    assert sent(cli) == 0 and cli.world.count("eq", "check_pin") == 0
    cli.answers = ["de-cache-01"]
    cli.pins = [CLI_PIN]
    ran = cli.run("power", "hard-off", "40054", "--demo")
    assert ran.code == 0, ran.err
    assert ran.asked[1].startswith("PIN for force off")
    assert sent(cli) == 1


def test_several_servers_need_the_count_typed(cli: Cli) -> None:
    cli.interactive = True
    cli.answers = ["2"]
    cli.pins = [CLI_PIN]
    ran = cli.run("power", "hard-off", "40054", "40053", "--demo")
    assert ran.code == 0, ran.err
    assert ran.asked[0] == "Type 2 to force off them: "
    assert sent(cli) == 2


def test_no_terminal_and_no_yes_sends_nothing(cli: Cli) -> None:
    ran = cli.run("power", "hard-off", "32645", "--demo", "--pin-command", "pin")
    assert ran.code == 2 and "nothing was sent" in ran.err
    assert sent(cli) == 0 and cli.world.count("eq", "check_pin") == 0


def test_a_wrong_pin_sends_nothing_and_fails(cli: Cli) -> None:
    cli.pin_command_output = b"00000\n"
    ran = cli.run("power", "hard-off", "32645", *PIN_ARGS)
    assert ran.code == 1 and "PIN was rejected" in ran.err
    assert sent(cli) == 0


def test_read_only_refuses_before_anything_is_asked(cli: Cli) -> None:
    ran = cli.run("power", "hard-off", "32645", *PIN_ARGS, "--read-only")
    assert ran.code == 2 and "Force off changes something" in ran.err
    assert sent(cli) == 0 and cli.commands == []


@pytest.mark.parametrize("wait", [True, False])
def test_a_lost_reply_is_outcome_unknown_and_never_resent(cli: Cli, wait: bool) -> None:
    cli.world.faults.add("drop_reply", "eq/hard_off", times=1)
    cli.world.faults.add("status", "eq/status", value=503)  # invapi cannot be asked yet
    words = ["power", "hard-off", "32645", *PIN_ARGS]
    ran = cli.run(*words, *(["--wait"] if wait else []))
    assert ran.code == 3, ran.err
    assert "may have happened" in ran.err
    assert sent(cli) == 1
    # the next run asks invapi first; while it cannot say, nothing is sent again
    again = cli.run(*words)
    assert again.code == 1 and "Nothing was sent" in again.err
    # nor any other power change of that server
    other = cli.run("power", "on", "32645", *PIN_ARGS)
    assert other.code == 1 and cli.world.count("eq", "on") == 0
    assert sent(cli) == 1


def test_the_usage_names_hard_off(cli: Cli, capsys: pytest.CaptureFixture[str]) -> None:
    ran = cli.run("power", "hard_off", "32645", "--demo")
    assert ran.code == 2 and "'hard-off'" in capsys.readouterr().err  # argparse's own words
    assert sent(cli) == 0
