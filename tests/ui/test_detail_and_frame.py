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
from tests.ui.conftest import Build, settle


def panel_text(app: object, panel: str) -> str:
    return str(app.screen.query_one(f"#{panel}", Static).render())  # type: ignore[attr-defined]


async def open_detail(app: object, pilot: object, name: str) -> None:
    await pilot.press("colon", *f"server {name}", "enter")  # type: ignore[attr-defined]
    await settle(app, pilot)  # type: ignore[arg-type]


async def test_the_detail_shows_what_eq_show_says(build: Build, ui_world: World) -> None:
    app = build()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await open_detail(app, pilot, "nl-vmmini")
        assert isinstance(app.screen, ServerDetailScreen) and app.screen.server_id == 34533
        overview = panel_text(app, "overview")
        assert "34533" in overview and "vm.mini" in overview and "Ubuntu 22.04" in overview
        assert "31.207.44.105" in panel_text(app, "network")
        assert "ISPmanager" in panel_text(app, "licenses")
        assert "GB of 3 TB" in panel_text(app, "traffic")


async def test_secrets_are_hidden_until_asked_and_copied_without_being_shown(
    build: Build, ui_world: World
) -> None:
    app = build()
    password = next(t["value"] for t in ui_world.servers[40021].tags if t["tag"] == "password")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await open_detail(app, pilot, "40021")
        assert password not in panel_text(app, "tags") and HIDDEN in panel_text(app, "tags")
        await pilot.press("v")
        assert password in panel_text(app, "tags")
        await pilot.press("v")
        assert password not in panel_text(app, "tags")
        await pilot.press("y")
        assert isinstance(app.screen, ChooseOne)
        await pilot.press("end", "enter")  # the secret is the last choice
        assert app.clipboard == password
        assert all(password not in str(n.message) for n in app._notifications)


async def test_bare_metal_detail_has_its_hardware(build: Build) -> None:
    app = build()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await open_detail(app, pilot, "de-db-02")
        hardware = panel_text(app, "hardware")
        assert "Xeon E5-2680v4" in hardware and "64 GB" in hardware and "LVM_RAID1" in hardware


async def test_next_and_previous_follow_the_list(build: Build) -> None:
    app = build()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        first = app.screen.server_id  # type: ignore[attr-defined]
        await pilot.press("right_square_bracket")
        await settle(app, pilot)
        assert app.screen.server_id != first  # type: ignore[attr-defined]
        await pilot.press("left_square_bracket")
        assert app.screen.server_id == first  # type: ignore[attr-defined]


async def test_opening_again_within_the_cache_time_sends_nothing(
    build: Build, ui_world: World
) -> None:
    app = build()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        shows = ui_world.count("eq", "show")
        for _ in range(2):
            await open_detail(app, pilot, "nl-vmmini")
            await pilot.press("escape")
        assert ui_world.count("eq", "show") == shows


async def test_a_closed_screen_ticks_no_more(build: Build, ui_clock: ManualClock) -> None:
    """Its countdowns tick on the app's clock while it is open, and stop when it is left."""
    app = build()
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await settle(app, pilot)
        await open_detail(app, pilot, "nl-vmmini")
        detail = app.screen
        assert isinstance(detail, ServerDetailScreen) and detail._ticks
        ticks = list(detail._ticks)
        ui_clock.advance(3)
        await settle(app, pilot)
        assert not any(t.done() for t in ticks)  # ticking while open
        await pilot.press("escape")
        await settle(app, pilot)
        ui_clock.advance(5)
        await settle(app, pilot)
        assert all(t.done() for t in ticks) and not detail._ticks
        assert not [n for n in app._notifications if n.severity == "error"]


async def test_the_jump_line_says_what_it_cannot_do(build: Build) -> None:
    app = build()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("colon", *"server no-such-host", "enter")
        assert isinstance(app.screen, JumpLine)
        assert "No server 'no-such-host'" in str(app.screen.query_one("#jump-error").render())
        await pilot.press("escape")
        await pilot.press("colon", *"servers", "enter")
        assert isinstance(app.screen, ServersScreen)


async def test_help_lists_the_keys_of_the_current_screen(build: Build) -> None:
    app = build()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("question_mark")
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


async def test_the_palette_lists_actions(build: Build) -> None:
    app = build()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+p", *"reverse")
        assert isinstance(app.screen, CommandPalette)
        await until(lambda: app.screen.query_one(CommandList).option_count > 0, what="hits")
        await pilot.press("enter")
        await pilot.pause()
        assert app.ui_state.sort_reverse


async def test_read_only_is_in_the_header_and_refused_below_the_ui(
    build: Build, ui_world: World
) -> None:
    app = build(Config(read_only=True))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
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


async def test_quit_signs_out(build: Build, ui_world: World) -> None:
    app = build()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("q")
        await pilot.pause()
    assert ui_world.count("auth", "logout") == 1
    assert app.return_code == 0
