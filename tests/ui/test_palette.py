"""The palette (`ctrl+p`) offers what works where the focus is, and runs it there."""

from __future__ import annotations

from textual.command import CommandList
from textual.widgets import Input, Tabs

from hostkey_tui.simulator.world import World
from hostkey_tui.ui.commands import ActionCommands
from hostkey_tui.ui.kit.modals.confirm import ConfirmModal
from hostkey_tui.ui.server.screen import ServerDetailScreen
from hostkey_tui.ui.server.tabs.network import NetworkTab
from tests.ui.driver import Driver

SERVER = 34533


def offered(ui: Driver) -> set[str]:
    """The binding ids of what the palette offers over the screen on top."""
    return {key.id for key, _ in ActionCommands(ui.screen)._actions()}


async def test_a_focused_filter_leaves_the_palette_whole(ui: Driver) -> None:
    """A text field takes keys for typing: the palette still offers every action of the list
    and of the app (Open, Power, the sections), as it does with the table focused."""
    async with ui.run():
        with_table = offered(ui)
        await ui.key("servers.filter")
        assert isinstance(ui.app.focused, Input)
        assert offered(ui) == with_table
        assert {"servers.open", "servers.power", "app.billing", "app.quit"} <= with_table


async def test_a_key_a_table_takes_for_itself_is_still_offered(ui: Driver) -> None:
    """enter opens a job (the table's own enter hides the screen's binding from Textual's
    active keys); the palette offers the screen's action by its name all the same."""
    async with ui.run():
        await ui.section("jobs")
        assert "jobs.open" in offered(ui)


async def test_a_tabs_keys_are_offered_on_that_tab_only_and_run_there(ui: Driver) -> None:
    async with ui.run():
        await ui.jump(f"server {SERVER}")
        assert isinstance(ui.screen, ServerDetailScreen)
        assert "detail.port" not in offered(ui)
        assert "detail.generate" not in offered(ui)
        await ui.tab("tab-network")
        actions = dict(ActionCommands(ui.screen)._actions())
        port = next(key for key in actions if key.id == "detail.port")
        assert isinstance(actions[port], NetworkTab)


async def test_tab_never_strands_the_focus_on_the_tab_strip(ui: Driver) -> None:
    """`tab` goes round what is inside the open tab: its keys stay live."""
    async with ui.run():
        await ui.jump(f"server {SERVER}")
        await ui.tab("tab-network")
        for _ in range(4):
            await ui.press("tab")
            assert not isinstance(ui.app.focused, Tabs)
        assert any(a.binding.id == "detail.port" for a in ui.screen.active_bindings.values())


async def test_quit_from_the_palette_asks_while_a_change_is_under_way(
    ui: Driver, ui_world: World
) -> None:
    """Quit in the palette goes the way of `q`: asked first, nothing lost (Textual's own Quit,
    which said "as soon as possible", is not offered beside it)."""
    ui_world.faults.add("never_finish", "eq/reboot")
    async with ui.run() as app:
        await ui.choose_power("reboot")
        await ui.confirm()
        await ui.pin("1234")
        await ui.until(lambda: ui_world.count("eq", "reboot") == 1)
        await ui.press("ctrl+p", *"quit")
        await ui.until(lambda: app.screen.query_one(CommandList).option_count > 0)
        assert app.screen.query_one(CommandList).option_count == 1
        await ui.press("enter")
        await ui.until(lambda: isinstance(app.screen, ConfirmModal))
        confirm = app.screen
        assert isinstance(confirm, ConfirmModal)
        assert "1 change is under way" in confirm.action_text
        assert app.is_running
