"""Secrets: a canary PIN, API key, session token and root password go through a real session;
none of them is written anywhere, said in an error or put on the clipboard unasked.

The whole suite is audited too (tests/secret_audit.py, at the end of every run) for every key,
token and password the simulator issued; here the audit itself is shown to find a planted one.
Also: the files the app writes are 0600 in 0700 folders, plain http to anything but this machine
and cross-host redirects are refused, and a read-only session can call nothing that changes
anything.
"""

from __future__ import annotations

import logging
import os
import stat
import sys
from pathlib import Path
from typing import Any

import httpx
import pytest

from hostkey_tui.api import InvapiClient
from hostkey_tui.api.errors import InsecureUrl, ReadOnlyRefused, TransportError
from hostkey_tui.api.retry import is_read
from hostkey_tui.clock import ManualClock
from hostkey_tui.config.model import Config, Profile
from hostkey_tui.logs import start_debug_log as _start_log
from hostkey_tui.models.common import Secret
from hostkey_tui.simulator.routes import ROUTES
from hostkey_tui.simulator.transport import SimulatorTransport
from hostkey_tui.simulator.world import World
from hostkey_tui.ui.app import HostkeyApp
from tests.reliability.matrix import Matrix
from tests.secret_audit import audit
from tests.ui.conftest import Build, settle
from tests.ui.driver import Driver

CANARY_PIN = "86420975"
CANARY_KEY = "ca9a2e0b1d4f7a3c-5e6d8f9a0b1c2d3e"
CANARY_ROOT = "Canary-Root-9173!"
SIM = "http://127.0.0.1:9"


def test_the_audit_finds_a_secret_planted_in_a_file(tmp_path: Path, matrix: Matrix) -> None:
    # Never sent to a simulated world, so the suite's own audit does not count them.
    key, password = "feedfacecafebeef-0011223344556677", "Planted-Root-5555!"
    (tmp_path / "state").mkdir()
    (tmp_path / "state" / "journal.jsonl").write_text(f'{{"note": "key={key}"}}\n')
    (tmp_path / "snap.svg").write_text(f"<text>{password}</text>")
    (tmp_path / "fine.vv").write_text(f"password={password}\n")
    os.chmod(tmp_path / "fine.vv", 0o600)
    result = audit([tmp_path], {key, password})
    assert len(result.leaks) == 2 and result.files == 3
    assert all(key not in leak and password not in leak for leak in result.leaks)
    matrix.record("secrets", "audit finds a planted secret", "checks", 1)


def _files(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file()]


async def _order(ui: Driver) -> None:
    await ui.open_order()
    for label in ("NL", "vm.nano", "Ubuntu 22.04", "WordPress", "3Tb traffic (1Gbps) VM"):
        await ui.pick(label)
    await ui.order_details(password=CANARY_ROOT)
    await ui.pick("quarterly")
    await ui.press("o")
    await ui.confirm()
    await ui.pin(CANARY_PIN)


async def test_canary_secrets_reach_no_file_log_message_or_clipboard(
    build: Build,
    ui_world: World,
    ui_clock: ManualClock,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    matrix: Matrix,
) -> None:
    ui_world.pin = CANARY_PIN
    ui_world.account_key = CANARY_KEY
    ui_world.api_keys[484].secret = CANARY_KEY
    log_path = tmp_path / "debug.log"
    _start_log(log_path)
    clipboard: list[str] = []
    monkeypatch.setattr(HostkeyApp, "copy_to_clipboard", lambda self, text: clipboard.append(text))
    command = (sys.executable, "-c", f"print('{CANARY_KEY}')")
    config = Config(profiles={"main": Profile("main", base_url=SIM, api_key_command=command)})
    app = build(config, demo=False, transport=SimulatorTransport(ui_world))
    said: list[str] = []
    original_say = HostkeyApp.say

    def say(self: HostkeyApp, message: str, **options: Any) -> None:
        said.append(f"{options.get('title', '')}: {message}")
        original_say(self, message, **options)

    monkeypatch.setattr(HostkeyApp, "say", say)
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(app, pilot)
            ui = Driver.on(pilot, ui_clock, ui_world)
            # A reboot: a wrong PIN first, then the canary PIN.
            await ui.choose_power("reboot")
            await ui.confirm()
            await ui.pin("11223344")
            await pilot.press(*(["backspace"] * 8))
            await ui.pin(CANARY_PIN)
            await ui.until(lambda: ui_world.count("eq", "reboot") == 1, step=5)
            await ui.until(lambda: app.state.jobs_running == 0, step=5)
            # The session expires mid-action: signed in again with the key, never saying it.
            ui_world.faults.add("expire_token", "eq/show", times=1)
            await pilot.press("r")
            await ui.until(lambda: not app.state.loading.active)
            await ui.until(lambda: not any(not w.is_finished for w in app.workers))
            # An order with the canary root password and the canary PIN.
            await _order(ui)
            await ui.until(lambda: ui_world.count("eq", "order_instance") == 1)
            await ui.until(lambda: app.state.jobs_running == 0, step=5)
            messages = [str(n.message) for n in app._notifications] + said
    finally:
        logger = logging.getLogger("hostkey_tui")
        for handler in list(logger.handlers):
            logger.removeHandler(handler)
            handler.close()
    tokens = set(ui_world.tokens)
    canaries = {CANARY_PIN, CANARY_KEY, CANARY_ROOT, *tokens}
    assert ui_world.logged("eq", "order_instance")[0].field("root_pass") == CANARY_ROOT
    assert log_path.read_text(), "the debug log was written"
    written = _files(tmp_path)
    assert any(p.name == "debug.log" for p in written)
    for path in written:
        text = path.read_bytes().decode("utf-8", "replace")
        for canary in canaries:
            assert canary not in text, f"{path.name} holds a secret ({canary[:3]}…)"
    for message in messages:
        for canary in canaries:
            assert canary not in message, f"said: a secret in {message[:40]!r}"
    assert clipboard == []  # nothing was copied unasked
    assert stat.S_IMODE(log_path.stat().st_mode) == 0o600
    for name in ("PIN", "API key", "session token", "root password"):
        matrix.record("secrets", f"canary {name}", "files, debug log, messages, clipboard", 1)


def test_files_the_app_writes_are_private(tmp_path: Path, matrix: Matrix) -> None:
    """state, cache, journal, ledger and profile files: 0600 in 0700 folders."""
    from hostkey_tui.config.paths import create_private, write_private
    from hostkey_tui.config.write import append_profile

    folder = tmp_path / "a" / "b"
    write_private(folder / "state.toml", b"x")
    write_private(folder / "servers.json", iter([b"a", b"b"]))
    create_private(folder / "console.vv", b"[virt-viewer]\n")
    config = tmp_path / "conf" / "config.toml"
    append_profile(
        config, "saved", "https://x.example", Secret("0123456789abcdef-0123456789abcdef")
    )
    for path in (folder / "state.toml", folder / "servers.json", folder / "console.vv", config):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path.name
        assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700, path.parent.name
        matrix.record("secrets", "files 0600 in 0700 folders", path.name, 1)


@pytest.mark.parametrize(
    "url",
    ["http://invapi.hostkey.com", "http://10.0.0.1", "ftp://invapi.hostkey.com", "invapi", ""],
)
def test_plain_http_to_another_host_is_refused(url: str, matrix: Matrix) -> None:
    with pytest.raises(InsecureUrl):
        InvapiClient(url, api_key="k")
    matrix.record("secrets", "insecure base URL refused", url or "(empty)", 1)


async def test_a_redirect_to_another_host_is_refused(matrix: Matrix) -> None:
    def redirect(request: httpx.Request) -> httpx.Response:
        return httpx.Response(302, headers={"Location": "https://evil.example/auth.php"})

    client = InvapiClient(
        "https://invapi.example", api_key=CANARY_KEY, transport=httpx.MockTransport(redirect)
    )
    with pytest.raises(TransportError) as raised:
        await client.auth.login()
    assert CANARY_KEY not in str(raised.value) and "evil.example" in str(raised.value)
    await client.aclose()
    matrix.record("secrets", "cross-host redirect refused", "auth/login", 1)


async def test_read_only_refuses_every_mutating_call_before_sending(
    world: World, clock: ManualClock, matrix: Matrix
) -> None:
    client = InvapiClient(
        "https://invapi.simulator.invalid",
        api_key=world.account_key,
        transport=SimulatorTransport(world),
        clock=clock,
        read_only=True,
    )
    # Signing in and out change nothing on the account: read-only sessions may.
    # Checking a PIN changes nothing either (it is not resent like a read, see retry.py).
    signing = {("auth", "logout"), ("auth", "whmcslogin"), ("auth", "login"), ("eq", "check_pin")}
    mutating = sorted({key for key in ROUTES if not is_read(*key)} - signing)
    assert len(mutating) > 40
    before = len(world.requests)
    for resource, action in mutating:
        assert client.refuses(resource, action), f"{resource}/{action} would be sent"
        with pytest.raises(ReadOnlyRefused):
            await client.call(resource, action, {"id": "40053"}, token=False)
        matrix.record("read-only", f"{resource}/{action}", "refused unsent", 1)
    assert len(world.requests) == before  # not one of them reached the simulator
    await client.aclose()
