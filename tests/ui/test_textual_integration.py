"""Textual's own hooks, made the app's (issue 23): the palette's Screenshot (0600, refused while a
secret is shown), `[keymap]` clashes said, links opened in the browser, a desktop clipboard
beside OSC 52, and the theme chosen in the palette remembered."""

from __future__ import annotations

import logging
import os
import stat
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from hostkey_tui.config.model import Config
from hostkey_tui.config.ui_state import UiState, load_ui_state, save_ui_state
from hostkey_tui.models.common import Secret
from hostkey_tui.ui.app import HostkeyApp
from hostkey_tui.ui.billing import payment
from hostkey_tui.ui.billing.payment import PaymentMethodsModal
from hostkey_tui.ui.kit.clipboard import Clipboard
from hostkey_tui.ui.kit.links import browsable
from hostkey_tui.ui.kit.modals.choose import ChooseOne
from hostkey_tui.ui.kit.modals.once import ShownOnce
from hostkey_tui.ui.kit.screenshot import REFUSED
from hostkey_tui.ui.kit.themes import starting_theme
from hostkey_tui.ui.server.tabs import remote_flows
from tests.ui.conftest import Build
from tests.ui.driver import VM, Driver


def svgs(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.svg")) if folder.is_dir() else []


class Opened:
    """`App.open_url`, recorded: no browser is ever started by a test."""

    def __init__(self) -> None:
        self.urls: list[str] = []

    def __call__(self, url: str, *, new_tab: bool = True) -> None:
        self.urls.append(url)


# -- the palette's Screenshot ------------------------------------------------------------------


async def test_the_palettes_screenshot_is_saved_0600_in_the_download_folder(
    ui: Driver, tmp_path: Path
) -> None:
    async with ui.run() as app:
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Screenshot" in titles  # the palette's entry: a timer, then deliver_screenshot
        await app.run_action("screenshot")
        await ui.pause()
    saved = svgs(tmp_path / "downloads")
    assert len(saved) == 1
    assert os.stat(saved[0]).st_mode & 0o777 == 0o600
    assert saved[0].read_text(encoding="utf-8").startswith("<svg")
    assert f"Saved {saved[0]} (mode 0600)." in ui.told


async def test_no_screenshot_while_a_servers_secrets_are_revealed(
    ui: Driver, tmp_path: Path
) -> None:
    folder = tmp_path / "downloads"
    async with ui.run() as app:
        await ui.jump(f"server {VM}")
        await ui.key("detail.reveal")
        assert ui.screen.secret_shown
        await app.run_action("screenshot")
        await ui.pause()
        assert svgs(folder) == [] and REFUSED in ui.toasts
        # a dialog over the detail leaves it visible under it: still refused
        app.push_screen(ChooseOne("Which?", []))
        await ui.pause()
        assert app.save_screenshot(path=str(folder)) == ""
        assert svgs(folder) == []
        app.pop_screen()
        await ui.key("detail.reveal")  # hidden again: allowed
        await app.run_action("screenshot")
        await ui.pause()
    assert len(svgs(folder)) == 1


async def test_no_screenshot_while_a_key_shown_once_is_in_clear(ui: Driver, tmp_path: Path) -> None:
    folder = tmp_path / "downloads"
    async with ui.run() as app:
        app.push_screen(ShownOnce("New API key", "made now", Secret("hk-0123456789abcdef")))
        await ui.pause()
        await app.run_action("screenshot")  # hidden: a screenshot shows only dots
        await ui.pause()
        assert len(svgs(folder)) == 1
        await ui.key("once.reveal")
        await app.run_action("screenshot")
        await ui.pause()
        assert REFUSED in ui.toasts and len(svgs(folder)) == 1


async def test_a_screenshot_that_cannot_be_written_is_said(ui: Driver, tmp_path: Path) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    async with ui.run() as app:
        assert app.deliver_screenshot(path=str(blocked)) is None
        await ui.pause()
    assert "could not be saved" in ui.told and not ui.unexpected


# -- [keymap] clashes --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("keymap", "said"),
    [
        # the app's keys: q quits; given to the help, quitting has no key
        ({"app.help": "q"}, "[keymap] gives q to app.help, so app.quit (Quit) has no key"),
        # the list's: s sorts; given to the filter, sorting has no key
        (
            {"servers.filter": "s"},
            "[keymap] gives s to servers.filter, so servers.sort (Sort) has no key",
        ),
        # two keys of the keymap given one key
        (
            {"servers.sort": "z", "servers.reverse": "z"},
            "[keymap] gives z to servers.reverse, so servers.sort (Sort) has no key",
        ),
    ],
)
async def test_a_keymap_clash_is_said_once(ui: Driver, keymap: dict[str, str], said: str) -> None:
    """Textual would drop the other key silently (and its own check misses a key left as it
    is): the app says which key went where, once, however often the bindings are looked at."""
    async with ui.run(Config(keymap=keymap)):
        await ui.press("down", "up")
        await ui.key("app.billing")
        await ui.key("app.servers")
        await ui.settle()
        clashes = [t for t in ui.toasts if "[keymap]" in t]
        assert clashes == [f"{said} there now: choose another key for one of them."]
        assert not ui.unexpected


async def test_a_keymap_without_clash_says_nothing(ui: Driver) -> None:
    async with ui.run(Config(keymap={"servers.filter": "f"})):
        await ui.press("down")
        assert not [t for t in ui.toasts if "[keymap]" in t]


# -- links in the browser ----------------------------------------------------------------------


async def test_a_payment_form_opens_as_a_page_that_posts_its_fields(
    ui: Driver, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(payment, "browser_found", lambda: True)
    async with ui.run() as app:
        opened = Opened()
        monkeypatch.setattr(app, "open_url", opened)
        await ui.section("billing")
        await ui.key("billing.how")
        await ui.pause(6)
        assert isinstance(app.screen, PaymentMethodsModal)
        links = [link for m in app.screen.methods for link in m.instructions.links]
        await ui.key("payment.open")
        if len(links) > 1:
            assert isinstance(app.screen, ChooseOne)
            await ui.press("enter")
        # PayPal is a form: its address alone takes no payment, so a page of ours posts it
        assert links[0] == "https://www.paypal.com/cgi-bin/webscr"
        assert len(opened.urls) == 1 and opened.urls[0].startswith("file://")
        page = Path(opened.urls[0].removeprefix("file://"))
        assert stat.S_IMODE(page.stat().st_mode) == 0o600
        text = page.read_text()
        assert 'action="https://www.paypal.com/cgi-bin/webscr"' in text
        assert 'name="amount"' in text and 'name="business"' in text
        assert "Content-Security-Policy" in text


async def test_without_a_browser_a_link_is_not_said_to_open(
    ui: Driver, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(payment, "browser_found", lambda: False)
    async with ui.run() as app:
        opened = Opened()
        monkeypatch.setattr(app, "open_url", opened)
        await ui.section("billing")
        await ui.key("billing.how")
        await ui.pause(6)
        await ui.key("payment.open")
        if isinstance(app.screen, ChooseOne):
            await ui.press("enter")
        assert opened.urls == []
        assert "No browser was found" in ui.told


async def test_the_novnc_link_opens_in_the_browser_and_is_never_said(
    ui: Driver, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(remote_flows, "browser_found", lambda: True)
    async with ui.run() as app:
        opened = Opened()
        monkeypatch.setattr(app, "open_url", opened)
        await ui.open_tab(VM, "remote")
        assert "open_novnc" not in {b.binding.action for b in app.screen.active_bindings.values()}
        await ui.key("detail.novnc")
        await ui.until(lambda: app.state.net_of(VM).novnc is not None)
        link = app.state.net_of(VM).novnc
        assert link is not None
        await ui.key("detail.novnc_open")
        assert opened.urls == [link.reveal()]
        assert link.reveal() not in ui.told
        assert "Asked your browser to open the noVNC link" in ui.told


def test_only_web_addresses_go_to_a_browser() -> None:
    assert browsable("https://pay.example.com/invoice?id=1")
    assert browsable("http://console.example.net:6080/vnc.html?token=abc")
    for refused in (
        "",
        "file:///etc/passwd",
        "javascript:alert(1)",
        "--new-window https://example.com",
        "https://exa mple.com",
        "https://example.com/\u202e",
        "https://",
        "https://example.com/\n",
    ):
        assert not browsable(refused), refused


# -- the clipboard beside OSC 52 ---------------------------------------------------------------


class Runs:
    """A fake runner: what would have been run, with what on its standard input."""

    def __init__(self, error: BaseException | None = None) -> None:
        self.calls: list[tuple[tuple[str, ...], bytes, float]] = []
        self.error = error

    def __call__(self, command: Sequence[str], text: bytes, timeout: float) -> object:
        self.calls.append((tuple(command), text, timeout))
        if self.error is not None:
            raise self.error
        return None


def found(*programs: str) -> Any:
    return lambda program, path: f"/usr/bin/{program}" if program in programs else None


@pytest.mark.parametrize(
    ("environ", "installed", "command"),
    [
        ({"PATH": "/usr/bin"}, ("pbcopy", "xclip"), ("/usr/bin/pbcopy",)),
        ({"PATH": "/usr/bin", "WAYLAND_DISPLAY": "wayland-0"}, ("wl-copy",), ("/usr/bin/wl-copy",)),
        (
            {"PATH": "/usr/bin", "DISPLAY": ":0"},
            ("wl-copy", "xclip"),
            ("/usr/bin/xclip", "-selection", "clipboard"),
        ),
        ({"PATH": "/usr/bin"}, ("wl-copy", "xclip"), None),  # no display: nothing to copy to
        ({"DISPLAY": ":0"}, ("xclip",), None),  # no PATH: nothing is looked for
        ({"PATH": "/usr/bin", "DISPLAY": ":0"}, (), None),
    ],
)
def test_the_copy_command_found(
    environ: dict[str, str], installed: tuple[str, ...], command: tuple[str, ...] | None
) -> None:
    runs = Runs()
    clipboard = Clipboard(environ, runner=runs, find=found(*installed))
    assert clipboard.command == command
    assert clipboard.copy("pässword") is (command is not None)
    assert runs.calls == ([(command, "pässword".encode(), 2.0)] if command else [])


@pytest.mark.parametrize("error", [OSError("no"), TimeoutError(), ValueError("bad")])
def test_a_failing_copy_command_is_quiet(error: BaseException) -> None:
    clipboard = Clipboard({"PATH": "/x"}, runner=Runs(error), find=found("pbcopy"))
    assert clipboard.copy("secret") is False


async def test_a_copy_goes_to_osc52_and_to_the_desktop_clipboard(
    ui: Driver, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    runs = Runs()
    async with ui.run() as app:
        app.desktop_clipboard = Clipboard(
            {"PATH": "/usr/bin", "DISPLAY": ":0"}, runner=runs, find=found("xclip")
        )
        await ui.key("servers.copy")
        copied = app.clipboard  # what OSC 52 was given
        app.copy_to_clipboard("Root-Pass-Never-Logged")
        for worker in [w for w in app.workers if w.group == "clipboard"]:
            await worker.wait()
    assert copied
    xclip = ("/usr/bin/xclip", "-selection", "clipboard")
    assert runs.calls == [
        (xclip, copied.encode(), 2.0),
        (xclip, b"Root-Pass-Never-Logged", 2.0),
    ]
    assert "Root-Pass-Never-Logged" not in caplog.text


async def test_the_tests_app_runs_no_copy_command(ui: Driver) -> None:
    """The app is given the factory's environment: the tests' has no PATH, so no helper."""
    async with ui.run() as app:
        assert app.desktop_clipboard.command is None


# -- the theme ---------------------------------------------------------------------------------


def test_the_theme_asked_for_wins_then_the_remembered_then_the_configured() -> None:
    themes = {"nord", "dracula", "textual-dark"}
    assert starting_theme(themes, "dracula", "nord", "textual-dark") == "dracula"
    assert starting_theme(themes, None, "nord", "textual-dark") == "nord"
    assert starting_theme(themes, None, None, "textual-dark") == "textual-dark"
    assert starting_theme(themes, None, "gone-theme", "textual-dark") == "textual-dark"


def test_the_remembered_theme_is_used_over_the_config_and_the_flag_over_both(
    build: Build, tmp_path: Path
) -> None:
    save_ui_state(tmp_path / "state" / "state.toml", UiState(theme="nord"))
    config = Config()
    config = replace(config, ui=replace(config.ui, theme="gruvbox"))
    app = build(config)
    assert app.theme == "nord"
    assert HostkeyApp(replace(app.setup, theme="dracula")).theme == "dracula"
    save_ui_state(tmp_path / "state" / "state.toml", UiState(theme="no-such-theme"))
    assert build(config).theme == "gruvbox"  # quietly passed over


async def test_a_theme_chosen_in_the_palette_is_remembered(ui: Driver, tmp_path: Path) -> None:
    async with ui.run() as app:
        assert app.theme == "textual-dark"
        app.action_change_theme()
        await ui.pause()
        await ui.type("dracula")
        await ui.pause(3)
        await ui.press("enter")
        await ui.pause()
        assert app.theme == "dracula"
    state = load_ui_state(tmp_path / "state" / "state.toml")
    assert state.theme == "dracula"
