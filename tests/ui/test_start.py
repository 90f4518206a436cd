"""Starting: the welcome screen, keys from the config, the cache, an API that is not there."""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path
from typing import Any, NoReturn

import httpx
import pytest
from textual.widgets import Button, Input, Static

from hostkey_tui.clock import ManualClock
from hostkey_tui.config.model import Config, ConfigError, Profile
from hostkey_tui.models.common import Secret
from hostkey_tui.simulator.transport import SimulatorTransport
from hostkey_tui.simulator.world import World
from hostkey_tui.state.state import Link
from hostkey_tui.ui.kit.widgets.chrome import StatusLine
from hostkey_tui.ui.kit.widgets.inputs import Check
from hostkey_tui.ui.servers.screen import ServersScreen
from hostkey_tui.ui.servers.table import ServerTable
from hostkey_tui.ui.welcome.screen import WelcomeScreen
from tests.ui.conftest import Build, link, settle

SIM = "https://invapi.simulator.invalid"


async def test_no_config_and_no_key_welcomes_and_offers_the_demo(build: Build) -> None:
    app = build(demo=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen)
        await pilot.click("#demo")
        await settle(app, pilot)
        assert isinstance(app.screen, ServersScreen) and app.state.demo
        assert len(app.screen.query_one(ServerTable).rows) == 28


async def test_the_welcome_screen_signs_in_and_writes_a_private_profile(
    build: Build, ui_world: World, tmp_path: Path
) -> None:
    app = build(demo=False, transport=SimulatorTransport(ui_world))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        screen.query_one("#key").value = "0123456789abcdef-0123456789abcdef"  # type: ignore[attr-defined]
        screen.query_one("#base-url").value = SIM  # type: ignore[attr-defined]
        await pilot.click("#save")  # saving the key is chosen, never the default
        await pilot.click("#sign-in")
        await settle(app, pilot)
        assert isinstance(app.screen, WelcomeScreen)  # a wrong key: still here, inputs kept
        assert "API key" in str(app.screen.query_one("#problem").render())
        assert app.screen.query_one("#base-url").value == SIM  # type: ignore[attr-defined]
        app.screen.query_one("#key").value = ui_world.account_key  # type: ignore[attr-defined]
        await pilot.click("#sign-in")
        await settle(app, pilot)
        assert isinstance(app.screen, ServersScreen)
    written = tmp_path / "config" / "config.toml"
    assert oct(written.stat().st_mode & 0o777) == "0o600"
    assert (
        'default_profile = "main"' in written.read_text()
        and ui_world.account_key in written.read_text()
    )


async def test_the_key_can_come_from_a_command(build: Build, ui_world: World) -> None:
    command = (sys.executable, "-c", f"print('{ui_world.account_key}')")
    config = Config(profiles={"main": Profile("main", base_url=SIM, api_key_command=command)})
    app = build(config, demo=False, transport=SimulatorTransport(ui_world))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        assert app.state.profile == "main" and len(app.state.servers) == 28


def test_a_key_in_a_file_others_can_read_is_refused(build: Build, tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("# key inside\n")
    os.chmod(path, 0o644)
    config = Config(
        path=path,
        profiles={"main": Profile("main", api_key=Secret("0123456789abcdef-0123456789abcdef"))},
    )
    with pytest.raises(ConfigError, match="chmod 600"):
        build(config, demo=False)
    os.chmod(path, 0o600)
    assert build(config, demo=False).setup.opening is not None


async def test_the_cache_paints_at_once_and_is_revalidated(build: Build, ui_world: World) -> None:
    first = build()
    async with first.run_test(size=(100, 30)) as pilot:
        await settle(first, pilot)
    ui_world.faults.add("hang", "eq/show")  # the API is slow now: the cache must carry the start
    second = build()
    async with second.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert second.state.stale and len(second.state.servers) == 28
        assert len(second.screen.query_one(ServerTable).rows) == 28
        assert "showing the cache" in second.screen.query_one(StatusLine).left
        ui_world.faults.clear()
        second.load()
        await settle(second, pilot)
        assert not second.state.stale
        assert "refreshed" in second.screen.query_one(StatusLine).left


async def test_an_unreachable_api_is_said_and_retried(
    build: Build, ui_world: World, ui_clock: ManualClock
) -> None:
    ui_world.faults.add("status", "auth/login", 503)
    app = build()
    async with app.run_test(size=(100, 30)) as pilot:
        for _ in range(20):  # the client retries the login first, with backoff: let time pass
            await pilot.pause()
            if app.state.connection.link is Link.UNREACHABLE:
                break
            ui_clock.advance(1)
        assert app.state.connection.link is Link.UNREACHABLE
        status = app.screen.query_one(StatusLine).left
        assert "API unreachable, retrying in" in status
        table = app.screen.query_one(ServerTable)
        assert "Can't reach invapi" in table._empty
        await pilot.press("down", "question_mark", "escape")  # still answering keys
        ui_world.faults.clear()
        ui_clock.advance(120)
        await settle(app, pilot)
        assert link(app) is Link.OK and len(app.state.servers) == 28


async def test_r_retries_at_once_when_invapi_was_unreachable(
    build: Build, ui_world: World, ui_clock: ManualClock
) -> None:
    ui_world.faults.add("status", "auth/login", 503)
    app = build()
    async with app.run_test(size=(100, 30)) as pilot:
        for _ in range(20):
            await pilot.pause()
            if app.state.connection.link is Link.UNREACHABLE:
                break
            ui_clock.advance(1)
        ui_world.faults.clear()
        await pilot.press("r")  # no waiting for the next attempt
        await settle(app, pilot)
        assert link(app) is Link.OK and len(app.state.servers) == 28


async def test_a_client_that_cannot_be_made_is_said_and_the_app_keeps_running(
    build: Build,
) -> None:
    app = build()
    assert app.setup.opening is not None

    def broken(store: object) -> NoReturn:
        raise OSError("no file descriptors left")

    app.setup.opening.connect = broken
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        for _ in range(5):
            await pilot.pause()
        assert app.services is None and app.is_running
        said = [str(n.message) for n in app._notifications]
        assert any("no file descriptors left" in m for m in said)
        await pilot.press("2")  # no session: nothing to open, nothing breaks
        await pilot.pause()
        assert app.is_running


@pytest.mark.parametrize("sort", ["hostname", "due"])
async def test_a_big_cache_paints_its_top_first_and_the_rest_after_the_first_frame(
    build: Build, ui_clock: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sort: str
) -> None:
    from hostkey_tui.config.ui_state import UiState, save_ui_state
    from hostkey_tui.simulator.scenarios import build_world
    from hostkey_tui.ui.opening import FIRST_ROWS

    world = build_world(ui_clock, servers=300)
    first = build(world=world)
    async with first.run_test(size=(100, 30)) as pilot:
        await settle(first, pilot)
    save_ui_state(tmp_path / "state" / "state.toml", UiState(sort_column=sort))
    world.faults.add("hang", "eq/show")  # what follows can only come from the cache
    monkeypatch.setattr("shutil.get_terminal_size", lambda: os.terminal_size((100, 30)))
    second = build(world=world)
    # Before the first frame: the top of the list only, when the list is in the cache's order.
    expected = FIRST_ROWS if sort == "hostname" else 300
    assert len(second.state.servers) == expected and second.state.stale
    async with second.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.pause()
        assert len(second.state.servers) == 300
        table = second.screen.query_one(ServerTable)
        assert len(table.rows) == 300
        if sort == "hostname":
            names = [second.state.servers[i].hostname for i in table.rows]
            assert names == sorted(names, key=str.lower)


async def test_the_first_frame_reaches_the_terminal_whole(
    build: Build, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Textual drops a frame made while it batches its start, and draws the next as changes to
    it: the header and status line stayed blank on a real terminal. The first frame is written."""
    from textual.app import App

    written: list[tuple[int, str]] = []
    original = App._display

    def display(app: App[Any], screen: Any, renderable: Any) -> None:
        if renderable is not None:
            written.append((app._batch_count, type(renderable).__name__))
        original(app, screen, renderable)

    monkeypatch.setattr(App, "_display", display)
    first = build()
    async with first.run_test(size=(100, 30)) as pilot:
        await settle(first, pilot)  # a cache for the next start
    written.clear()
    second = build()
    async with second.run_test(size=(100, 30)) as pilot:
        await settle(second, pilot)
    # Textual writes nothing while its batch count is above zero.
    assert written and written[0] == (0, "LayoutUpdate")


async def test_while_the_cache_is_read_the_list_says_so_and_claims_no_calm(
    build: Build, ui_world: World
) -> None:
    from hostkey_tui.state.events import CacheRestored

    ui_world.faults.add("hang", "*")  # nothing from invapi: what shows is the cache's
    app = build()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.store.dispatch(CacheRestored((), 0.0, 9_900))
        await pilot.pause()
        screen = app.screen
        assert "reading 9,900 more from the cache" in screen.query_one(StatusLine).right
        attention = str(screen.query_one("#attention").render())
        assert "reading the cached list" in attention and "nothing needs attention" not in attention
        app.store.dispatch(CacheRestored((), 0.0, 0))
        await pilot.pause()
        assert "more from the cache" not in screen.query_one(StatusLine).right


async def test_a_change_asked_for_before_the_session_exists_says_so_and_sends_nothing(
    build: Build, ui_clock: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from hostkey_tui.simulator.scenarios import build_world
    from hostkey_tui.ui.kit.modals.choose import ChooseOne

    world = build_world(ui_clock, servers=300, pin="1234")
    first = build(world=world)
    async with first.run_test(size=(100, 30)) as pilot:
        await settle(first, pilot)
    # The last part of the cache is read, and the client made, only after a long pause.
    monkeypatch.setattr("hostkey_tui.ui.opening.OPENING_PAUSE", 60)
    monkeypatch.setattr("shutil.get_terminal_size", lambda: os.terminal_size((100, 30)))
    second = build(world=world)
    since = len(world.requests)
    async with second.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert second.starting and second.services is None
        await pilot.press("p")
        await pilot.pause()
        menu = second.screen
        assert isinstance(menu, ChooseOne)
        keys = [choice.key for choice in menu.choices]
        await pilot.press(*(["down"] * keys.index("reboot")), "enter")
        await pilot.pause()
        said = " ".join(str(n.message) for n in second._notifications)
        assert "Still starting: nothing was sent" in said
    assert world.requests[since:] == []


class Silent(httpx.AsyncBaseTransport):
    """An invapi that takes every request and never answers (a 2 byte/s reply, at worst)."""

    def __init__(self) -> None:
        self.asked: list[str] = []
        self.abandoned = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.asked.append(request.url.path)
        try:
            await asyncio.Event().wait()
        except asyncio.CancelledError:
            self.abandoned += 1
            raise
        raise AssertionError("never answered")


def offered(screen: WelcomeScreen) -> set[str]:
    return {b.binding.action for b in screen.active_bindings.values() if b.enabled}


async def test_a_slow_sign_in_says_its_wait_and_esc_abandons_it(
    build: Build, ui_clock: ManualClock, tmp_path: Path
) -> None:
    silent = Silent()
    app = build(demo=False, transport=silent)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, WelcomeScreen)
        screen.query_one("#key", Input).value = "0123456789abcdef-0123456789abcdef"
        screen.query_one("#base-url", Input).value = SIM
        await pilot.click("#sign-in")
        await pilot.pause()
        problem = screen.query_one("#problem", Static)
        assert silent.asked == ["/auth.php"]
        assert "waiting for invapi's reply (auth/login) · 0 s · esc cancels" in str(
            problem.render()
        )
        ui_clock.advance(12)
        await pilot.pause()
        assert "waiting for invapi's reply (auth/login) · 12 s · esc cancels" in str(
            problem.render()
        )
        assert "cancel_sign_in" in offered(screen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen)  # back where a key, the demo or q is chosen
        assert silent.abandoned == 1 and app.services is None
        said = str(problem.render())
        assert "cancelled after 12 s" in said and "nothing was kept" in said
        assert not screen.query_one("#sign-in", Button).disabled
        assert not (tmp_path / "config" / "config.toml").exists()
        ui_clock.advance(5)  # the wait is no longer counted
        await pilot.pause()
        assert str(problem.render()) == said
        assert "cancel_sign_in" not in offered(screen)


async def test_the_key_is_written_to_disk_only_when_saving_is_chosen(
    build: Build, ui_world: World, tmp_path: Path
) -> None:
    app = build(demo=False, transport=SimulatorTransport(ui_world))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, WelcomeScreen)
        save = screen.query_one("#save", Check)
        assert not save.value and str(save.render()).startswith("[ ] Save the key to ")
        screen.query_one("#key", Input).value = ui_world.account_key
        screen.query_one("#base-url", Input).value = SIM
        await pilot.click("#sign-in")
        await settle(app, pilot)
        assert isinstance(app.screen, ServersScreen)
    assert not (tmp_path / "config" / "config.toml").exists()


def help_keys(app: Any) -> dict[str, list[str]]:
    """The help's groups: heading → the keys listed under it."""
    from hostkey_tui.ui.help import keys_help

    return {heading: [row.keys for row in rows] for heading, rows in keys_help(app).groups}


async def test_the_welcome_screen_offers_only_what_works_before_sign_in(build: Build) -> None:
    """No sections nor jump line before sign-in: not in the key bar, the help or the palette;
    d, q and ? are, and the keys that go to sections do nothing."""
    from hostkey_tui.ui.commands import ActionCommands

    app = build(demo=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, WelcomeScreen)
        shown = {b.binding.action for b in screen.active_bindings.values() if b.binding.show}
        assert shown == {"demo", "app.quit", "app.help"}
        assert help_keys(app) == {"Welcome": ["d", "q", "?", "^p"]}
        palette = {key.id for key, _ in ActionCommands(screen)._actions()}
        assert palette == {"welcome.demo", "welcome.quit", "welcome.help"}
        await pilot.press("colon", "2", "4")
        assert app.screen is screen and app.services is None
        await pilot.press("question_mark")
        assert app.screen is not screen  # the help, of this screen
        await pilot.press("escape", "d")
        await settle(app, pilot)
        assert isinstance(app.screen, ServersScreen) and app.state.demo
