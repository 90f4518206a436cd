"""Signing in with the billing e-mail and password on the welcome screen, and the account's
2FA code when invapi asks for it: nothing of either is kept."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input

from hostkey_tui.simulator.routes.auth import DEMO_PASSWORD
from hostkey_tui.simulator.transport import SimulatorTransport
from hostkey_tui.simulator.world import World
from hostkey_tui.ui.app import HostkeyApp
from hostkey_tui.ui.kit.modals.form import FormModal
from hostkey_tui.ui.kit.widgets.inputs import Check
from hostkey_tui.ui.servers.screen import ServersScreen
from hostkey_tui.ui.welcome.screen import WelcomeScreen
from tests.ui.conftest import Build, settle

SIM = "https://invapi.simulator.invalid"


async def _fill(app: HostkeyApp, pilot: object, email: str, password: str) -> None:
    screen = app.screen
    screen.query_one("#use-password", Check).value = True
    await pilot.pause()  # type: ignore[attr-defined]
    screen.query_one("#email", Input).value = email
    screen.query_one("#password", Input).value = password
    screen.query_one("#base-url", Input).value = SIM
    await pilot.click("#sign-in")  # type: ignore[attr-defined]
    await settle(app, pilot)


def _problem(app: HostkeyApp) -> str:
    return str(app.screen.query_one("#problem").render())


async def test_the_password_form_takes_the_keys_place_and_tab_reaches_each_field(
    build: Build,
) -> None:
    app = build(demo=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, WelcomeScreen)
        assert not any(row.display for row in screen.query(".password-row"))
        screen.query_one("#use-password", Check).focus()
        await pilot.press("space")
        assert not screen.query_one("#key-row").display and not screen.query_one("#save").display
        visited = []
        for _ in range(4):
            await pilot.press("tab")
            visited.append(app.focused.id if app.focused else None)
        assert visited == ["email", "password", "profile", "base-url"]


async def test_without_2fa_the_password_signs_in_and_nothing_is_kept(
    build: Build, ui_world: World, tmp_path: Path
) -> None:
    ui_world.client["twofaenabled"] = False
    app = build(demo=False, transport=SimulatorTransport(ui_world))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await _fill(app, pilot, "john@example.com", "wrong")
        assert isinstance(app.screen, WelcomeScreen)
        assert "Incorrect login or password" in _problem(app)
        assert app.screen.query_one("#password", Input).value == ""  # typed again, not kept
        await _fill(app, pilot, "John@Example.com", DEMO_PASSWORD)
        assert isinstance(app.screen, ServersScreen)
        assert len(app.state.servers) == 28
    assert ui_world.count("auth", "whmcslogin") == 2 and ui_world.count("auth", "login") == 0
    assert not (tmp_path / "config" / "config.toml").exists()  # a password is never saved
    for path in tmp_path.rglob("*"):
        if path.is_file():
            assert DEMO_PASSWORD not in path.read_bytes().decode("utf-8", "replace")


async def test_with_2fa_the_code_is_asked_and_a_wrong_one_asked_again(
    build: Build, ui_world: World
) -> None:
    app = build(demo=False, transport=SimulatorTransport(ui_world))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await _fill(app, pilot, "john@example.com", DEMO_PASSWORD)
        form = app.screen
        assert isinstance(form, FormModal) and form.title_text == "Two-factor authentication"
        assert ui_world.count("eq", "update_servers") == 0  # nothing before the code
        wrong = "000000" if ui_world.two_factor_code != "000000" else "111111"
        form.query_one("#field-code", Input).value = wrong
        await pilot.click("#form-submit")
        await settle(app, pilot)
        again = app.screen
        assert isinstance(again, FormModal)
        assert "Invalid 2FA code (2 tries left)" in str(again.intro)
        again.query_one("#field-code", Input).value = ui_world.two_factor_code
        await pilot.click("#form-submit")
        await settle(app, pilot)
        assert isinstance(app.screen, ServersScreen) and len(app.state.servers) == 28
    first, second = ui_world.logged("auth", "2fa_check")
    assert first.field("code") == wrong and second.field("code") != wrong
    assert ui_world.two_factor_code == ""  # taken once, then gone


async def test_closing_the_2fa_dialog_ends_the_half_made_session(
    build: Build, ui_world: World
) -> None:
    app = build(demo=False, transport=SimulatorTransport(ui_world))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await _fill(app, pilot, "john@example.com", DEMO_PASSWORD)
        assert isinstance(app.screen, FormModal)
        await pilot.press("escape")
        await settle(app, pilot)
        assert isinstance(app.screen, WelcomeScreen)
        assert "cancelled at the 2FA code" in _problem(app)
    assert ui_world.count("auth", "logout") == 1
    assert not any(t.second_factor for t in ui_world.tokens.values())
    assert ui_world.count("eq", "update_servers") == 0
