"""The server detail, and the frame around every section: jump line, help, palette, quit."""

from __future__ import annotations

from textual.command import CommandList, CommandPalette
from textual.widgets import Static

from hostkey_tui.clock import ManualClock
from hostkey_tui.config.model import Config
from hostkey_tui.simulator.world import World
from hostkey_tui.ui.kit.modals.choose import ChooseOne
from hostkey_tui.ui.kit.modals.help import HelpScreen
from hostkey_tui.ui.kit.modals.jump import JumpLine
from hostkey_tui.ui.kit.text import HIDDEN
from hostkey_tui.ui.kit.widgets.chrome import AppHeader
from hostkey_tui.ui.server.screen import ServerDetailScreen
from hostkey_tui.ui.servers.screen import ServersScreen
from tests.quiet import until
from tests.ui.driver import Driver


async def test_the_detail_shows_what_eq_show_says(ui: Driver, ui_world: World) -> None:
    async with ui.run() as app:
        await ui.jump("server nl-vmmini")
        assert isinstance(app.screen, ServerDetailScreen) and app.screen.server_id == 34533
        overview = ui.text("#overview")
        assert "34533" in overview and "vm.mini" in overview and "Ubuntu 22.04" in overview
        assert "31.207.44.105" in ui.text("#network")
        assert "ISPmanager" in ui.text("#licenses")
        assert "GB of 3 TB" in ui.text("#traffic")


async def test_secrets_are_hidden_until_asked_and_copied_without_being_shown(
    ui: Driver, ui_world: World
) -> None:
    password = next(t["value"] for t in ui_world.servers[40021].tags if t["tag"] == "password")
    async with ui.run() as app:
        await ui.jump("server 40021")
        assert password not in ui.text("#tags") and HIDDEN in ui.text("#tags")
        await ui.pilot.press("v")
        assert password in ui.text("#tags")
        await ui.pilot.press("v")
        assert password not in ui.text("#tags")
        await ui.pilot.press("y")
        assert isinstance(app.screen, ChooseOne)
        await ui.pilot.press("end", "enter")  # the secret is the last choice
        assert app.clipboard == password
        assert all(password not in str(n.message) for n in app._notifications)


async def test_bare_metal_detail_has_its_hardware(ui: Driver) -> None:
    async with ui.run():
        await ui.jump("server de-db-02")
        hardware = ui.text("#hardware")
        assert "Xeon E5-2680v4" in hardware and "64 GB" in hardware and "LVM_RAID1" in hardware


async def test_next_and_previous_follow_the_list(ui: Driver) -> None:
    async with ui.run(size=(100, 30)) as app:
        await ui.pilot.press("enter")
        await ui.settle()
        first = app.screen.server_id  # type: ignore[attr-defined]
        await ui.pilot.press("right_square_bracket")
        await ui.settle()
        assert app.screen.server_id != first  # type: ignore[attr-defined]
        await ui.pilot.press("left_square_bracket")
        assert app.screen.server_id == first  # type: ignore[attr-defined]


async def test_opening_again_within_the_cache_time_sends_nothing(
    ui: Driver, ui_world: World
) -> None:
    async with ui.run(size=(100, 30)):
        shows = ui_world.count("eq", "show")
        for _ in range(2):
            await ui.jump("server nl-vmmini")
            await ui.pilot.press("escape")
        assert ui_world.count("eq", "show") == shows


async def test_a_closed_screen_ticks_no_more(ui: Driver, ui_clock: ManualClock) -> None:
    """Its countdowns tick on the app's clock while it is open, and stop when it is left."""
    async with ui.run(size=(100, 30), notifications=True) as app:
        await ui.jump("server nl-vmmini")
        detail = app.screen
        assert isinstance(detail, ServerDetailScreen) and detail._ticks
        ticks = list(detail._ticks)
        ui_clock.advance(3)
        await ui.settle()
        assert not any(t.done() for t in ticks)  # ticking while open
        await ui.pilot.press("escape")
        await ui.settle()
        ui_clock.advance(5)
        await ui.settle()
        assert all(t.done() for t in ticks) and not detail._ticks
        assert not [n for n in app._notifications if n.severity == "error"]


async def test_the_jump_line_says_what_it_cannot_do(ui: Driver) -> None:
    async with ui.run(size=(100, 30)) as app:
        await ui.pilot.press("colon", *"server no-such-host", "enter")
        assert isinstance(app.screen, JumpLine)
        assert "No server 'no-such-host'" in str(app.screen.query_one("#jump-error").render())
        await ui.pilot.press("escape")
        await ui.pilot.press("colon", *"servers", "enter")
        assert isinstance(app.screen, ServersScreen)


async def test_help_lists_the_keys_of_the_current_screen(ui: Driver) -> None:
    async with ui.run() as app:
        await ui.pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = "\n".join(str(s.render()) for s in app.screen.query(Static))
        for words in (
            "Filter",
            "Open",
            "Mark",
            "Copy",
            "Sort",
            "Refresh",
            "Jump",
            "Quit",
            "loc:NL",
            "↓ j",
        ):
            assert words in text, words


async def test_the_palette_lists_actions(ui: Driver) -> None:
    async with ui.run() as app:
        await ui.pilot.press("ctrl+p", *"reverse")
        assert isinstance(app.screen, CommandPalette)
        await until(lambda: app.screen.query_one(CommandList).option_count > 0, what="hits")
        await ui.press("enter")
        assert app.ui_state.sort_reverse


async def test_read_only_is_in_the_header_and_refused_below_the_ui(
    ui: Driver, ui_world: World
) -> None:
    async with ui.run(Config(read_only=True), size=(100, 30)) as app:
        assert app.screen.query_one(AppHeader).info.read_only
        services = app.services
        assert services is not None and services.read_only
        import pytest

        from hostkey_tui.api import ReadOnlyRefused
        from hostkey_tui.models.common import Secret

        with pytest.raises(ReadOnlyRefused):
            services.ensure_writable("Rebooting nl-vmmini")
        with pytest.raises(ReadOnlyRefused):
            await services.client.eq.power(34533, "reboot", Secret("1234"))
        assert ui_world.count("eq", "reboot") == 0


async def test_quit_signs_out(ui: Driver, ui_world: World) -> None:
    async with ui.run(size=(100, 30)) as app:
        await ui.press("q")
    assert ui_world.count("auth", "logout") == 1
    assert app.return_code == 0
