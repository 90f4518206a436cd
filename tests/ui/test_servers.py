"""The server list as a person uses it: filter, sort, open and back, mark, copy, refresh."""

from __future__ import annotations

from pathlib import Path

from hostkey_tui.clock import ManualClock
from hostkey_tui.config.ui_state import load_ui_state
from hostkey_tui.simulator.world import World
from hostkey_tui.ui.server.screen import ServerDetailScreen
from hostkey_tui.ui.servers.screen import ServersScreen
from hostkey_tui.ui.servers.table import ServerTable
from tests.ui.driver import Driver


async def test_the_list_loads_every_server_sorted_by_hostname(ui: Driver, ui_world: World) -> None:
    async with ui.run() as app:
        names = ui.hostnames()
        assert len(names) == len(ui_world.servers) == 28
        assert names == sorted(names)
        assert app.state.loading.active is False and app.state.refreshed_at is not None


async def test_filter_terms_combine(ui: Driver) -> None:
    async with ui.run() as app:
        await ui.press("slash", *"loc:NL gpu")
        assert ui.hostnames() == ["nl-gpu-01", "nl-vgpu-01"]
        field = app.screen.query_one("#filter")
        field.value = "status:power_off"  # type: ignore[attr-defined]
        await ui.pause()
        assert ui.hostnames() == ["tr-legacy-01"]
        field.value = "tag:env=prod -loc:NL 31.207."  # type: ignore[attr-defined]
        await ui.pause()
        assert ui.hostnames() == []
        field.value = "tag:role=db"  # type: ignore[attr-defined]
        await ui.pause()
        assert ui.hostnames() == ["de-db-02", "fi-stage-db", "nl-db-01", "us-db-01"]
        field.value = "193.124.18."  # type: ignore[attr-defined]
        await ui.pause()
        assert all(n.startswith("fi-") for n in ui.hostnames()) and len(ui.hostnames()) == 5


async def test_an_empty_result_says_how_to_clear_it(ui: Driver) -> None:
    async with ui.run(size=(100, 30)) as app:
        await ui.press("slash", *"nothing-like-this")
        table = app.screen.query_one(ServerTable)
        assert table.rows == []
        assert "escape to clear" in table._empty
        await ui.press("escape")
        assert len(table.rows) == 28 and table.has_focus


async def test_sort_cycles_reverses_and_is_remembered(ui: Driver, tmp_path: Path) -> None:
    async with ui.run() as app:
        await ui.press("s")  # hostname → main IP
        assert app.ui_state.sort_column == "ip"
        await ui.press("S")
        ips = [app.state.servers[i].main_ip for i in app.screen.query_one(ServerTable).rows]
        assert ips[0].startswith("193.") and ips[-1].startswith("31.")
    saved = load_ui_state(tmp_path / "state" / "state.toml")
    assert (saved.sort_column, saved.sort_reverse) == ("ip", True)
    assert oct((tmp_path / "state" / "state.toml").stat().st_mode & 0o777) == "0o600"


async def test_open_and_back_keeps_cursor_and_filter(ui: Driver) -> None:
    async with ui.run(size=(100, 30)) as app:
        await ui.pilot.press("slash", *"loc:FI", "enter", "down", "down")
        table = app.screen.query_one(ServerTable)
        chosen = table.current_id
        await ui.pilot.press("enter")
        await ui.settle()
        assert isinstance(app.screen, ServerDetailScreen) and app.screen.server_id == chosen
        await ui.press("escape")
        assert isinstance(app.screen, ServersScreen)
        assert app.screen.query_one("#filter").value == "loc:FI"  # type: ignore[attr-defined]
        assert app.screen.query_one(ServerTable).current_id == chosen


async def test_copy_puts_the_focused_cell_on_the_clipboard(ui: Driver) -> None:
    async with ui.run(size=(100, 30)) as app:
        await ui.pilot.press("y")  # the hostname column has the cell cursor first
        assert app.clipboard == ui.hostnames()[0]
        await ui.pilot.press("right", "y")
        first = app.state.servers[app.screen.query_one(ServerTable).rows[0]]
        assert app.clipboard == first.main_ip


async def test_marks_toggle_and_clear(ui: Driver) -> None:
    async with ui.run(size=(100, 30)) as app:
        await ui.pilot.press("space", "space", "space")
        assert len(app.state.marked) == 3
        await ui.pilot.press("up", "space")
        assert len(app.state.marked) == 2
        await ui.pilot.press("u")
        assert app.state.marked == frozenset()


async def test_refresh_reads_the_servers_again(
    ui: Driver, ui_world: World, ui_clock: ManualClock
) -> None:
    async with ui.run(size=(100, 30)) as app:
        before = ui_world.count("eq", "show")
        ui_world.servers[34533].hostname = "renamed"
        for tag in ui_world.servers[34533].tags:
            if tag["tag"] == "hostname":
                tag["value"] = "renamed"
        ui_clock.advance(120)
        await ui.pilot.press("r")
        await ui.settle()
        assert ui_world.count("eq", "show") == before + 28
        assert app.state.servers[34533].hostname == "renamed"
