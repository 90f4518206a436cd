"""What the Account section (and a server's datacentre requests) look like, at 80x24 and 120x40."""

from __future__ import annotations

from typing import Any

import pytest

from hostkey_tui.config.model import Config
from tests.services.test_network import refused
from tests.ui.conftest import Build
from tests.ui.driver import SIZES, Steps
from tests.ui.driver import steps as billing_steps


def steps(*keys: str, server: str = "") -> Steps:
    return billing_steps(*keys, section="6", server=server)


CASES = {
    "api_keys": steps(),
    "api_key_history": steps("enter"),
    "api_key_new": steps("n"),
    "api_key_shown_once": steps("n", *"ci-bot", "enter"),
    "api_key_delete_in_use": steps("delete"),
    "ssh_keys": steps("t"),
    "ssh_key_add": steps("t", "n"),
    "remote_hands": steps("t", "t"),
    "remote_hands_request": steps("t", "t", "n"),
    "pin": steps("t", "t", "t"),
    "pin_dialog": steps("t", "t", "t", "p", *"1234", "tab", *"56"),
    "server_requests": steps("h", server="34533"),
}


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("case", list(CASES))
def test_account(snap_compare: Any, build: Build, case: str, size: tuple[int, int]) -> None:
    assert snap_compare(build(), terminal_size=size, run_before=CASES[case])


@pytest.mark.parametrize("size", SIZES)
def test_account_read_only(snap_compare: Any, build: Build, size: tuple[int, int]) -> None:
    assert snap_compare(build(Config(read_only=True)), terminal_size=size, run_before=steps())


@pytest.mark.parametrize("size", SIZES)
def test_account_parts_not_read(
    snap_compare: Any, build: Build, size: tuple[int, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """SSH keys and remote-hands requests refused: each says so in its place, never "0"."""
    refused(monkeypatch, "ssh_keys", "list", "no SSH keys for this role")
    refused(monkeypatch, "rhr", "list", "remote hands are offline")
    assert snap_compare(build(), terminal_size=size, run_before=steps("t"))
