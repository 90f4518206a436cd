"""`hostkey-tui power`: the app's safety chain from a shell, and its exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.conftest import CLI_PIN, Cli


def sent(cli: Cli, action: str = "reboot") -> int:
    return cli.world.count("eq", action)


def test_status_reads_and_changes_nothing(cli: Cli) -> None:
    cli.world.servers[40054].power_on = False
    ran = cli.run("power", "status", "de-cache-01", "nl-web-01", "--demo")
    assert ran.code == 0, ran.err
    assert [line.split()[:3] for line in ran.out.splitlines()] == [
        ["ID", "Hostname", "Power"],
        ["40054", "de-cache-01", "off"],
        ["32645", "nl-web-01", "on"],
    ]
    as_json = json.loads(cli.run("power", "status", "40054", "--demo", "-o", "json").out)
    assert as_json == [
        {"id": 40054, "hostname": "de-cache-01", "power": "off", "message": as_json[0]["message"]}
    ]
    assert cli.world.count("eq", "check_pin") == 0


def test_no_terminal_and_no_yes_sends_nothing(cli: Cli) -> None:
    ran = cli.run("power", "reboot", "32645", "--demo", "--pin-command", "pin")
    assert ran.code == 2
    assert "--yes" in ran.err and "nothing was sent" in ran.err
    assert sent(cli) == 0 and cli.world.count("eq", "check_pin") == 0


def test_a_pin_is_never_taken_without_a_terminal_or_a_command(cli: Cli) -> None:
    ran = cli.run("power", "reboot", "32645", "--demo", "--yes")
    assert ran.code == 2 and "--pin-command" in ran.err
    assert sent(cli) == 0


def test_pin_command_yes_sends_once_and_wait_follows_to_done(cli: Cli) -> None:
    ran = cli.run(
        "power", "reboot", "32645", "--demo", "--yes", "--pin-command", "pass show pin", "--wait"
    )
    assert ran.code == 0, ran.err
    assert ran.out.splitlines()[1].split()[:3] == ["32645", "nl-web-01", "done"]
    assert sent(cli) == 1
    assert cli.commands == [["pass", "show", "pin"]]  # split like a shell, run without one
    reboot = cli.world.logged("eq", "reboot")[0]
    assert reboot.form["id"] == ["32645"] and reboot.form["pin"] == [CLI_PIN]
    assert "in account demo" in ran.err  # what it acts on, said even with --yes


def test_without_wait_it_says_sent(cli: Cli) -> None:
    ran = cli.run("power", "on", "32645", "--demo", "--yes", "--pin-command", "pin")
    assert ran.code == 0
    assert ran.out.splitlines()[1].split()[:3] == ["32645", "nl-web-01", "sent"]
    assert "--wait" in ran.err
    assert sent(cli, "on") == 1


def test_a_wrong_pin_sends_nothing_and_fails(cli: Cli) -> None:
    cli.pin_command_output = b"00000\n"
    ran = cli.run("power", "off", "32645", "--demo", "--yes", "--pin-command", "pin")
    assert ran.code == 1
    assert "PIN was rejected" in ran.err
    assert sent(cli, "off") == 0
    assert cli.world.count("eq", "check_pin") == 1


def test_a_failing_pin_command_is_said_without_its_output(cli: Cli) -> None:
    cli.pin_command_code = 3
    cli.pin_command_output = b"not-a-pin-but-a-secret\n"
    ran = cli.run("power", "off", "32645", "--demo", "--yes", "--pin-command", "pin")
    assert ran.code == 2 and "failed (exit 3)" in ran.err
    assert "not-a-pin-but-a-secret" not in ran.err + ran.out
    assert cli.world.count("eq", "check_pin") == 0


def test_at_a_terminal_it_asks_then_takes_the_pin_masked(cli: Cli) -> None:
    cli.interactive = True
    cli.answers = ["n"]
    declined = cli.run("power", "reboot", "40054", "--demo")
    assert declined.code == 1 and "not confirmed" in declined.err
    assert sent(cli) == 0 and cli.world.count("eq", "check_pin") == 0
    cli.answers = ["y"]
    cli.pins = ["1111", CLI_PIN]  # one wrong try, then the right one
    ran = cli.run("power", "reboot", "40054", "--demo", "--wait")
    assert ran.code == 0, ran.err
    assert ran.asked[0] == "Reboot de-cache-01? [y/N] "
    assert ran.asked[1].startswith("PIN for reboot") and ran.asked[2].startswith("PIN")
    assert "rejected" in ran.err and "2 more tries" in ran.err
    assert sent(cli) == 1


def test_production_servers_need_their_hostname_typed(cli: Cli, tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text(
        '[profiles.work]\nbase_url = "https://invapi.simulator.invalid"\n'
        '[profiles.work.confirm]\nproduction_tags = ["env=prod"]\n'
    )
    config.chmod(0o600)
    cli.interactive = True
    cli.answers = ["y"]
    wrong = cli.account("power", "reboot", "32645", "--config", str(config))
    assert wrong.code == 1 and wrong.asked == ["Type nl-web-01 to reboot it: "]
    cli.answers = ["nl-web-01"]
    cli.pins = [CLI_PIN]
    ran = cli.account("power", "reboot", "32645", "--config", str(config))
    assert ran.code == 0, ran.err
    assert sent(cli) == 1


def test_several_servers_need_the_count_typed(cli: Cli) -> None:
    cli.interactive = True
    cli.answers = ["2"]
    cli.pins = [CLI_PIN]
    ran = cli.run("power", "off", "40054", "40053", "--demo")
    assert ran.code == 0, ran.err
    assert ran.asked[0] == "Type 2 to power off them: "
    assert sent(cli, "off") == 2
    assert "without a clean shutdown" in ran.err


def test_a_change_names_its_server_exactly(cli: Cli) -> None:
    ran = cli.run("power", "reboot", "nl-web", "--demo", "--yes", "--pin-command", "pin")
    assert ran.code == 1 and "no server 'nl-web'" in ran.err
    assert sent(cli) == 0


def test_read_only_refuses_before_anything_is_asked(cli: Cli) -> None:
    ran = cli.run(
        "power", "reboot", "32645", "--demo", "--read-only", "--yes", "--pin-command", "p"
    )
    assert ran.code == 2 and "read-only" in ran.err
    assert sent(cli) == 0 and cli.commands == []
    assert cli.run("power", "status", "32645", "--demo", "--read-only").code == 0


def test_a_suspended_server_is_said_before_it_is_sent(cli: Cli) -> None:
    cli.interactive = True
    cli.answers = ["n"]
    ran = cli.run("power", "on", "tr-legacy-01", "--demo")
    assert "suspended for non-payment" in ran.err and "invoices --unpaid" in ran.err
    assert "in Billing." not in ran.err  # the app's words, not a shell's


def test_a_pin_that_is_not_digits_is_never_sent(cli: Cli) -> None:
    cli.interactive = True
    cli.answers = ["y"]
    cli.pins = ["abc", CLI_PIN]
    ran = cli.run("power", "on", "32645", "--demo", "-o", "json")
    assert ran.code == 0, ran.err
    assert "digits only" in ran.err
    assert cli.world.count("eq", "check_pin") == 1  # only the right one was checked
    assert json.loads(ran.out)[0]["outcome"] == "sent"
    cli.pin_command_output = b"12ab\n"
    bad = cli.run("power", "on", "32645", "--demo", "--yes", "--pin-command", "p")
    assert bad.code == 2 and "not digits" in bad.err


@pytest.mark.parametrize("wait", [True, False])
def test_a_lost_reply_is_outcome_unknown_and_never_resent(cli: Cli, wait: bool) -> None:
    cli.world.faults.add("drop_reply", "eq/reboot", times=1)
    cli.world.faults.add("status", "eq/status", value=503)  # invapi cannot be asked yet
    words = ["power", "reboot", "32645", "--demo", "--yes", "--pin-command", "pin"]
    ran = cli.run(*words, *(["--wait"] if wait else []))
    assert ran.code == 3, ran.err
    assert "may have happened" in ran.err
    assert sent(cli) == 1
    # the next run asks invapi first; while it cannot say, the reboot is not sent again
    again = cli.run(*words)
    assert again.code == 1 and "Nothing was sent" in again.err
    assert sent(cli) == 1
    cli.world.faults.clear()
    settled = cli.run(*words)
    assert settled.code == 0, settled.err
    assert sent(cli) == 2


def test_one_server_named_twice_is_sent_to_once(cli: Cli) -> None:
    words = ["--demo", "--yes", "--pin-command", "pin"]
    ran = cli.run("power", "reboot", "40052", "040052", " 40052", *words)
    assert ran.code == 0, ran.err
    assert sent(cli) == 1
    assert ran.out.count("de-app-01") == 1
    by_name = cli.run("power", "reboot", "40054", "de-cache-01", *words)
    assert by_name.code == 0 and sent(cli) == 2


def test_a_digit_python_knows_and_int_does_not_is_no_server(cli: Cli) -> None:
    ran = cli.run("power", "status", "\u00b2", "--demo")
    assert ran.code == 1 and "no server" in ran.err
    assert cli.run("server", "\u00b2", "--demo").code == 1


def test_a_person_at_a_terminal_sees_the_job_move(cli: Cli) -> None:
    cli.err_is_terminal = True
    ran = cli.run("power", "reboot", "32645", "--demo", "--yes", "--pin-command", "p", "--wait")
    assert ran.code == 0
    assert "Reboot nl-web-01: sending…" in ran.err
    assert "\r\x1b[2K" in ran.err  # each step over the last, cleared at the end
    assert ran.out.splitlines()[1].split()[2] == "done"
