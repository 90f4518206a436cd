"""The palette (`ctrl+p`) offers what works where the focus is, and runs it there."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest
from textual.binding import Binding
from textual.command import CommandList, DiscoveryHit, Hit
from textual.content import Content
from textual.widgets import Input, Tabs

from hostkey_tui.config.model import Config
from hostkey_tui.simulator.world import World
from hostkey_tui.ui.commands import ActionCommands
from hostkey_tui.ui.keys import BY_ID
from hostkey_tui.ui.kit.keys import Key
from hostkey_tui.ui.kit.modals.confirm import ConfirmModal
from hostkey_tui.ui.server.screen import ServerDetailScreen
from hostkey_tui.ui.server.tabs.network import NetworkTab
from tests.ui.driver import Driver

SERVER = 34533
BM = 40053


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


async def hits(ui: Driver, query: str = "") -> list[DiscoveryHit | Hit]:
    """What the palette lists over the screen on top: all of it, or what `query` finds."""
    provider = ActionCommands(ui.screen)
    if not query:
        return [hit async for hit in provider.discover()]
    return [hit async for hit in provider.search(query)]


def plain(visual: object) -> str:
    return visual.plain if isinstance(visual, Content) else str(visual)


async def test_every_entry_is_a_name_and_its_key_never_an_id(ui: Driver) -> None:
    """`Power  p` and what it does: no `detail.power`, in the list and in what a search finds."""
    async with ui.run():
        await ui.open_tab(BM, "network")
        keys = {key.description: ui.app.get_key_display(binding) for key, binding in bound(ui)}
        for query in ("", "po", "ptr"):
            found = await hits(ui, query)
            assert found, query
            for hit in found:
                prompt = plain(hit.prompt)
                name, _, key = prompt.partition("  ")
                assert name in keys and key.split()[0] == keys[name], prompt
                assert all(i not in f"{prompt} {hit.help}" for i in BY_ID if "." in i), prompt
        names = [plain(hit.prompt) for hit in await hits(ui, "power")]
        assert names[0] == "Power  p"
        assert any(plain(hit.prompt).startswith("Edit PTR  e") for hit in await hits(ui, "ptr"))


def bound(ui: Driver) -> list[tuple[Key, Binding]]:
    """(registry key, Textual binding) of each key the palette offers."""
    provider = ActionCommands(ui.screen)
    where = provider._bound()
    return [(key, where[key.id][1][0]) for key, _ in provider._actions()]


async def in_detail(ui: Driver, tab: str) -> None:
    if tab == "overview":
        await ui.jump(f"server {BM}")
    else:
        await ui.open_tab(BM, tab)


async def in_section(ui: Driver, section: str, tabs: int = 0) -> None:
    await ui.section(section)
    for _ in range(tabs):
        await ui.key(f"{section}.tab")
        await ui.settle()


#: Places, and keys of theirs the palette must hold there (besides every key bound there now).
PLACES: list[tuple[str, Callable[[Driver], Awaitable[None]], set[str]]] = [
    ("servers", lambda ui: ui.settle(), {"servers.power", "servers.columns", "servers.reverse"}),
    ("overview", lambda ui: in_detail(ui, "overview"), {"detail.power", "detail.cancel"}),
    ("network", lambda ui: in_detail(ui, "network"), {"detail.port", "detail.main_ip"}),
    ("remote", lambda ui: in_detail(ui, "remote"), {"detail.nat_open", "detail.ipmi_reset"}),
    ("reinstall", lambda ui: in_detail(ui, "reinstall"), {"detail.reinstall"}),
    ("tags", lambda ui: in_detail(ui, "tags"), {"detail.new_tag", "detail.remove_tag"}),
    ("invoices", lambda ui: in_section(ui, "billing"), {"billing.export", "billing.pdf"}),
    ("billing account", lambda ui: in_section(ui, "billing", 1), {"billing.password"}),
    ("contacts", lambda ui: in_section(ui, "billing", 4), {"billing.new_contact"}),
    ("api keys", lambda ui: in_section(ui, "account"), {"account.new_key"}),
    ("ssh keys", lambda ui: in_section(ui, "account", 1), {"account.add_ssh"}),
    ("pin", lambda ui: in_section(ui, "account", 3), {"account.set_pin"}),
    ("dns", lambda ui: in_section(ui, "dns"), {"dns.new", "dns.delete_domain", "dns.copy"}),
    ("jobs", lambda ui: in_section(ui, "jobs"), {"jobs.open", "jobs.export"}),
]


@pytest.mark.parametrize(("place", "go", "expected"), PLACES, ids=[p[0] for p in PLACES])
async def test_every_action_of_the_screen_and_its_open_tab_is_offered(
    ui: Driver, place: str, go: Callable[[Driver], Awaitable[None]], expected: set[str]
) -> None:
    """Each key live there now (hidden from the key bar or not), the open tab's included; the
    screen's and the tab's first, what works anywhere after them."""
    async with ui.run():
        await go(ui)
        ids = [key.id for key, _ in ActionCommands(ui.screen)._actions()]
        live = {
            active.binding.id
            for active in ui.screen.active_bindings.values()
            if active.binding.id and BY_ID[active.binding.id].scope not in ("table", "app")
        }
        assert expected | live <= set(ids), place
        assert {"app.help", "app.quit", "app.jump", "app.billing"} <= set(ids)
        first_app = next(i for i, key in enumerate(ids) if key.startswith("app."))
        assert all(key.startswith("app.") for key in ids[first_app:]), ids


async def test_read_only_offers_no_change_anywhere(ui: Driver) -> None:
    async with ui.run(Config(read_only=True)):
        for _place, go, _expected in PLACES:
            await go(ui)
            offered_keys = [key for key, _ in ActionCommands(ui.screen)._actions()]
            assert offered_keys and not [key.id for key in offered_keys if key.mutating]
            for _ in range(len(ui.app.screen_stack) - 1):
                await ui.press("escape")  # out of a server's detail
