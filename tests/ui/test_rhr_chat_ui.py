"""A remote-hands request's conversation and a ticket to sales, driven by keys: what the
simulator received (once), what the screens say, the list's filter, read-only mode."""

from __future__ import annotations

from hostkey_tui.config.model import Config
from hostkey_tui.simulator.world import World
from hostkey_tui.ui.account.request_screen import RequestScreen
from hostkey_tui.ui.account.screen import AccountScreen
from hostkey_tui.ui.kit.modals.choose import ChooseOne
from hostkey_tui.ui.kit.modals.confirm import ConfirmModal
from hostkey_tui.ui.kit.modals.form import FormModal
from hostkey_tui.ui.kit.widgets.inputs import TextInput
from hostkey_tui.ui.kit.widgets.table import Table
from tests.ui.driver import Driver
from tests.ui.test_account_ui import open_account

MARKUP = "[bold red]not bold[/bold red] [link=https://evil.example]x[/link]"


async def open_request(ui: Driver, ticket: str = "RH-7002") -> RequestScreen:
    await open_account(ui, "rhr")
    return await enter_request(ui, ticket)


async def enter_request(ui: Driver, ticket: str = "RH-7002") -> RequestScreen:
    """Open a request of the remote-hands tab on top."""
    rows = ui.rows("#remote-hands")
    row = next(i for i, r in enumerate(rows) if r.startswith(ticket))
    ui.screen.query_one("#remote-hands", Table).move_cursor(row=row)
    await ui.key("account.open_rhr")
    await ui.settle()
    screen = ui.screen
    assert isinstance(screen, RequestScreen), screen
    return screen


async def test_a_request_shows_its_details_and_its_conversation_literally(
    ui: Driver, ui_world: World
) -> None:
    ui_world.rhr[7002]["history"][0]["message"] = MARKUP
    ui_world.rhr[7002]["assignee"] = "[i]duty[/i]"
    async with ui.run():
        await open_request(ui)
        detail = ui.text("#request-detail")
        for shown in ("IN_PROGRESS", "Priority  HIGH", "Assignee  [i]duty[/i]", "RH-7002"):
            assert shown in detail
        assert "please attach a KVM" in detail and "de-db-02 (40053)" in detail
        history = ui.text("#request-history")
        assert MARKUP in history and "duty-de" in history  # invapi's text, never markup
        await ui.key("account.request_back")
        assert isinstance(ui.screen, AccountScreen)


async def test_a_comment_is_sent_once_and_the_conversation_read_again(
    ui: Driver, ui_world: World
) -> None:
    async with ui.run():
        await open_request(ui)
        lists = ui.count("rhr", "list")
        await ui.key("account.rhr_comment")
        assert isinstance(ui.screen, FormModal)
        await ui.fill(message="The KVM works, thanks")
        await ui.settle()
        assert ui.count("rhr", "chat") == 1
        sent = ui_world.logged("rhr", "chat")[0]
        assert (sent.field("id"), sent.field("message")) == ("7002", "The KVM works, thanks")
        assert ui.count("rhr", "list") == lists + 1
        assert isinstance(ui.screen, RequestScreen)
        history = ui.text("#request-history")
        assert "The KVM works, thanks" in history and "2 entries" in history
        assert "Comment sent" in ui.told or "Added to RH-7002" in ui.told


async def test_an_empty_comment_is_refused_in_the_form(ui: Driver) -> None:
    async with ui.run():
        await open_request(ui)
        await ui.key("account.rhr_comment")
        await ui.fill(message="   ", wait=False)
        assert isinstance(ui.screen, FormModal)  # still there, its problem said
        await ui.press("escape")
        await ui.settle()
        assert ui.count("rhr", "chat") == 0


async def test_a_lost_comment_reply_is_unknown_and_not_offered_again(
    ui: Driver, ui_world: World
) -> None:
    async with ui.run():
        await open_request(ui)
        ui_world.faults.add("drop_reply", "rhr/chat", times=1)
        await ui.key("account.rhr_comment")
        await ui.fill(message="Is it done?")
        await ui.settle()
        assert ui.count("rhr", "chat") == 1
        assert "may or may not" in ui.told or "unknown" in ui.told.lower()
        assert ui.count("rhr", "chat") == 1  # never sent again by itself


async def test_asking_sales_from_the_account_is_confirmed_and_sent_once(
    ui: Driver, ui_world: World
) -> None:
    async with ui.run() as app:
        await open_account(ui, "rhr")
        await ui.key("account.ask_sales")
        await ui.fill(subject="Move my servers", message="to NL, next month")
        assert isinstance(app.screen, ConfirmModal)
        assert "sales ticket" in app.screen.action_text and "e-mail" in app.screen.warning
        await ui.confirm()
        await ui.settle()
        assert ui.count("jira", "request_assistance") == 1
        sent = ui_world.logged("jira", "request_assistance")[0]
        assert "id" not in sent.form and sent.field("subject") == "Move my servers"
        assert "e-mail" in ui.told


async def test_asking_sales_from_a_server_names_it(ui: Driver, ui_world: World) -> None:
    async with ui.run() as app:
        await ui.jump("server 40053")
        await ui.key("detail.remote_hands")
        screen = app.screen
        assert isinstance(screen, ChooseOne)
        keys = [c.key for c in screen.choices]
        await ui.press(*(["down"] * keys.index("request_assistance")), "enter")
        await ui.fill(message="cancel at the end of the term")
        await ui.confirm()
        await ui.settle()
        sent = ui_world.logged("jira", "request_assistance")
        assert len(sent) == 1 and sent[0].field("id") == "40053"
        assert sent[0].field("subject") == "de-db-02 (40053)"


async def test_the_list_filters_by_status_location_and_text(ui: Driver) -> None:
    async with ui.run():
        screen = await open_account(ui, "rhr")
        assert len(ui.rows("#remote-hands")) == 2
        await ui.key("account.rhr_status")  # open
        box = screen.query_one("#rhr-filter", TextInput)
        assert box.value == "status:open"
        assert [r.split()[0] for r in ui.rows("#remote-hands")] == ["RH-7002"]
        await ui.key("account.rhr_location")  # DE, the first listed
        assert "loc:DE" in box.value and len(ui.rows("#remote-hands")) == 1
        await ui.key("account.rhr_location")  # FI: nothing open there
        assert ui.rows("#remote-hands") == []
        empty = screen.query_one("#remote-hands", Table).empty
        assert empty.startswith("Nothing matches") and "loc:FI" in empty
        await ui.key("account.rhr_clear")
        assert box.value == "" and len(ui.rows("#remote-hands")) == 2
        await ui.key("account.rhr_filter")
        await ui.type("psu")
        assert [r.split()[0] for r in ui.rows("#remote-hands")] == ["RH-7001"]
        assert ui.count("rhr", "list") == 1  # filtered here: nothing asked of invapi


async def test_read_only_offers_no_comment_and_no_sales(ui: Driver) -> None:
    async with ui.run(Config(read_only=True)):
        screen = await open_account(ui, "rhr")
        assert screen.check_action("ask_sales", ()) is False
        before = len(ui.requests)
        await ui.press("a")
        request = await enter_request(ui)
        assert request.check_action("comment", ()) is False
        await ui.press("c")
        await ui.settle()
        assert "c adds" not in ui.text("#request-history")
        assert not isinstance(ui.screen, FormModal)
        assert ui.mutations(before) == []
