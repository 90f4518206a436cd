"""Force off and rename as a person drives them, counted in the simulator's request log."""

from __future__ import annotations

from textual.widgets import Button, DataTable, Static

from hostkey_tui.config.model import Config
from hostkey_tui.models.tasks import TaskState
from hostkey_tui.simulator.world import World
from hostkey_tui.ui.kit.modals.choose import ChooseOne
from hostkey_tui.ui.kit.modals.confirm import ConfirmModal
from hostkey_tui.ui.kit.modals.form import FormModal
from hostkey_tui.ui.kit.modals.grace import GraceCountdown
from hostkey_tui.ui.kit.modals.pin import PinModal
from hostkey_tui.ui.server.screen import ServerDetailScreen
from hostkey_tui.ui.servers.screen import ServersScreen
from tests.ui.driver import Driver

VM = 34533  # nl-vmmini, on


async def force_off_menu(ui: Driver) -> ConfirmModal:
    await ui.jump("server nl-vmmini")
    await ui.choose_power("hard_off")
    confirm = ui.screen
    assert isinstance(confirm, ConfirmModal), confirm
    return confirm


# -- force off -----------------------------------------------------------------------------------


async def test_force_off_warns_needs_the_hostname_and_the_pin_and_is_sent_once(
    ui: Driver, ui_world: World
) -> None:
    async with ui.run() as app:
        confirm = await force_off_menu(ui)
        said = " ".join(str(s.render()) for s in confirm.query(Static))
        assert "pulling the plug" in said and "inconsistent" in said
        assert "Use Power off first" in said
        assert confirm.typed == "nl-vmmini"  # always typed, whatever the policy
        assert confirm.query_one("#confirm", Button).disabled
        await ui.confirm(typed="nl-vmmini")
        assert isinstance(app.screen, PinModal)
        await ui.pin()
        assert isinstance(app.screen, GraceCountdown)
        assert ui_world.count("eq", "hard_off") == 0  # nothing during the grace period
        await ui.until(lambda: ui_world.count("eq", "hard_off") == 1)
        await ui.until(lambda: app.state.jobs_running == 0)
        job = next(j for j in app.state.jobs.values() if j.kind == "power")
        assert job.state is TaskState.DONE and job.title == "Force off nl-vmmini"
        assert app.state.power[VM].on is False and not ui_world.servers[VM].power_on
        assert ui_world.count("eq", "hard_off") == 1 and ui_world.count("eq", "off") == 0
        journal = app.services.journal.entries()  # type: ignore[union-attr]
        assert any(e.action == "hard_off" and e.outcome == "done" for e in journal)


async def test_a_force_off_not_confirmed_sends_nothing(ui: Driver, ui_world: World) -> None:
    async with ui.run() as app:
        await force_off_menu(ui)
        await ui.press("escape")
        assert isinstance(app.screen, ServerDetailScreen)
        assert ui_world.count("eq", "hard_off") == 0 and ui_world.count("eq", "check_pin") == 0


async def test_a_lost_force_off_reply_is_unknown_and_not_resent(
    ui: Driver, ui_world: World
) -> None:
    ui_world.faults.add("drop_reply", "eq/hard_off", times=1)
    async with ui.run() as app:
        await force_off_menu(ui)
        await ui.confirm(typed="nl-vmmini")
        await ui.pin()
        await ui.until(lambda: ui_world.count("eq", "hard_off") == 1)
        await ui.until(lambda: app.state.jobs_running == 0)
        job = next(j for j in app.state.jobs.values() if j.kind == "power")
        assert job.state is TaskState.UNKNOWN
        await ui.calm()
        assert ui_world.count("eq", "hard_off") == 1


async def test_read_only_offers_no_force_off(ui: Driver, ui_world: World) -> None:
    async with ui.run(Config(read_only=True)) as app:
        await ui.press("p")
        menu = app.screen
        assert isinstance(menu, ChooseOne)
        assert [c.key for c in menu.choices] == ["status"]
    assert ui_world.count("eq", "hard_off") == 0


# -- rename --------------------------------------------------------------------------------------


async def test_rename_shows_the_new_name_everywhere_after_one_request(
    ui: Driver, ui_world: World
) -> None:
    async with ui.run() as app:
        await ui.jump("server nl-vmmini")
        await ui.key("detail.rename")
        form = app.screen
        assert isinstance(form, FormModal)
        assert form.values() == {"hostname": "nl-vmmini"}  # the current name, to edit
        await ui.fill(hostname="web-01.example.com")
        await ui.until(lambda: app.state.servers[VM].hostname == "web-01.example.com")
        sent = ui_world.logged("eq", "rename_server")
        assert len(sent) == 1 and sent[0].field("hostname") == "web-01.example.com"
        assert "pin" not in sent[0].form
        assert "nl-vmmini is now web-01.example.com." in ui.told
        screen = app.screen
        assert isinstance(screen, ServerDetailScreen)
        assert "web-01.example.com" in str(screen.title_text)  # the header
        await ui.press("escape")
        assert isinstance(app.screen, ServersScreen)
        assert "web-01.example.com" in ui.hostnames() and "nl-vmmini" not in ui.hostnames()
        assert ui_world.count("eq", "rename_server") == 1


async def test_a_name_that_is_no_hostname_is_said_under_the_field_and_not_sent(
    ui: Driver, ui_world: World
) -> None:
    async with ui.run() as app:
        await ui.jump("server nl-vmmini")
        await ui.key("detail.rename")
        await ui.fill(wait=False, hostname="web_01 ")
        form = app.screen
        assert isinstance(form, FormModal)  # still open, the problem under the field
        assert "Letters a-z" in ui.said("#problem-hostname")
        await ui.fill(hostname="nl-vmmini")  # unchanged: as good as cancelled
        assert not isinstance(app.screen, FormModal)
        assert "keeps its name: nothing was sent" in ui.told
        assert ui_world.count("eq", "rename_server") == 0


async def test_a_lost_rename_reply_is_read_back_and_said(ui: Driver, ui_world: World) -> None:
    ui_world.faults.add("drop_reply", "eq/rename_server", times=1)
    async with ui.run() as app:
        await ui.jump("server nl-vmmini")
        await ui.key("detail.rename")
        await ui.fill(hostname="web-01")
        await ui.until(lambda: "reply was lost" in ui.told)
        assert "eq/show now gives web-01" in ui.told
        assert app.state.servers[VM].hostname == "web-01"
        await ui.calm()
        assert ui_world.count("eq", "rename_server") == 1


async def test_read_only_has_no_rename(ui: Driver, ui_world: World) -> None:
    async with ui.run(Config(read_only=True)) as app:
        await ui.jump("server nl-vmmini")
        await ui.press("E")
        assert isinstance(app.screen, ServerDetailScreen)
        assert not app.screen.check_action("rename", ())
    assert ui_world.count("eq", "rename_server") == 0


async def test_the_tags_tab_says_the_hostname_tag_is_renamed_with_e(
    ui: Driver, ui_world: World
) -> None:
    async with ui.run() as app:
        screen = await ui.open_tab(VM, "tags")
        await ui.until(lambda: VM in app.state.tags)
        table = screen.query_one("#tags-table", DataTable)
        rows = [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]
        row = next(i for i, r in enumerate(rows) if r[0] == "hostname")
        assert rows[row][2] == "the server's name (E renames)"
        table.move_cursor(row=row)
        await ui.press("e")
        assert isinstance(app.screen, ServerDetailScreen)  # no tag form for it
        assert "E renames the server" in ui.told
        assert ui_world.count("tags", "add") == 0
