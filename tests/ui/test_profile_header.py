"""The header names the profile the session was signed in with (issue 22)."""

from __future__ import annotations

from hostkey_tui.simulator.transport import SimulatorTransport
from hostkey_tui.simulator.world import World
from hostkey_tui.ui.kit.widgets.chrome import AppHeader
from hostkey_tui.ui.servers.screen import ServersScreen
from tests.ui.conftest import Build, settle

SIM = "https://invapi.simulator.invalid"


async def test_signing_in_with_a_new_profile_names_it_in_the_header(
    build: Build, ui_world: World
) -> None:
    app = build(demo=False, transport=SimulatorTransport(ui_world))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        screen.query_one("#key").value = ui_world.account_key  # type: ignore[attr-defined]
        screen.query_one("#base-url").value = SIM  # type: ignore[attr-defined]
        screen.query_one("#profile").value = "main"  # type: ignore[attr-defined]
        await pilot.click("#sign-in")
        await settle(app, pilot)
        assert isinstance(app.screen, ServersScreen)
        assert app.state.profile == "main"
        header = app.screen.query_one(AppHeader)
        assert header.info.profile == "main"
        assert "profile main" in header.render_line(0).text
        assert "profile default" not in header.render_line(0).text
