"""The Account section (and the datacentre requests of a server) as a person uses them."""

from __future__ import annotations

import stat
import sys
import tomllib
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Button, DataTable, Static

from hostkey_tui.api.retry import RetryPolicy
from hostkey_tui.clock import ManualClock
from hostkey_tui.config.model import Config, Profile
from hostkey_tui.simulator.routes import ROUTES, Ctx
from hostkey_tui.simulator.transport import SimulatorTransport
from hostkey_tui.simulator.world import JSON, Form, World
from hostkey_tui.state.state import Pin
from hostkey_tui.ui.account.screen import AccountScreen
from hostkey_tui.ui.account.tabs import pin_text
from hostkey_tui.ui.app import HostkeyApp
from hostkey_tui.ui.kit.modals.choose import ChooseOne
from hostkey_tui.ui.kit.modals.confirm import ConfirmModal
from hostkey_tui.ui.kit.modals.form import FormModal
from hostkey_tui.ui.kit.modals.once import ShownOnce
from hostkey_tui.ui.kit.modals.pin import PinModal
from hostkey_tui.ui.kit.text import HIDDEN
from hostkey_tui.ui.kit.widgets.chrome import StatusLine
from hostkey_tui.ui.kit.widgets.inputs import TextInput
from hostkey_tui.ui.servers.screen import TAG_SEARCH_DELAY, ServersScreen
from hostkey_tui.ui.servers.table import ServerTable
from tests.services.test_network import refused
from tests.ui.driver import Driver

SIM = "http://127.0.0.1:9"  # never dialled: the simulator's transport answers
TABS = {"api": 0, "ssh": 1, "rhr": 2, "pin": 3}


async def open_account(ui: Driver, tab: str = "api") -> AccountScreen:
    screen = await ui.section("account")
    for _ in range(TABS[tab]):
        await ui.key("account.tab")
    assert isinstance(screen, AccountScreen)
    return screen


async def until_idle(pilot: Any) -> None:
    """`Driver.until_idle`, for tests that drive a pilot themselves."""
    await Driver.on(pilot).until_idle()


async def fill(pilot: Any, *, wait: bool = True, **values: str) -> None:
    """`Driver.fill`, for tests that drive a pilot themselves."""
    await Driver.on(pilot).fill(wait=wait, **values)


def new_key(world: World, name: str) -> str:
    return next(k.secret for k in world.api_keys.values() if k.name == name)


def files_under(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file()]


async def make_key(ui: Driver, name: str) -> ShownOnce:
    await ui.key("account.new_key")
    await ui.fill(name=name)
    shown = ui.screen
    assert isinstance(shown, ShownOnce)
    return shown


async def test_a_new_key_is_shown_once_copied_and_kept_in_no_file(
    ui: Driver, ui_world: World, tmp_path: Path
) -> None:
    async with ui.run() as app:
        await open_account(ui)
        assert any("new_api" in r and "●" in r for r in ui.rows("#api-keys"))  # the one in use
        dialog = await make_key(ui, "ci-bot")
        secret = new_key(ui_world, "ci-bot")
        shown = str(dialog.query_one("#once-secret", Static).render())
        assert secret not in shown and HIDDEN in shown  # hidden until asked for
        await ui.key("once.reveal")
        assert secret in str(dialog.query_one("#once-secret", Static).render())
        await ui.key("once.close")  # not copied: the first escape only warns
        assert isinstance(app.screen, ShownOnce)
        assert "gone" in str(dialog.query_one("#once-done", Static).render())
        await ui.key("once.copy")
        assert app.clipboard == secret
        await ui.key("once.close")
        await ui.settle()
        assert isinstance(app.screen, AccountScreen)
        assert any("ci-bot" in r for r in ui.rows("#api-keys"))
        assert ui.count("api_keys", "add") == 1
        # The key went to the clipboard because it was asked to, and nowhere else.
        assert secret not in repr(app.state)
        written = files_under(tmp_path)
        assert written  # the journal and the cache were written
        assert all(secret not in p.read_text(errors="replace") for p in written)


async def test_a_new_key_is_saved_as_a_profile_only_when_asked(
    ui: Driver, ui_world: World, tmp_path: Path
) -> None:
    command = (sys.executable, "-c", f"print('{ui_world.account_key}')")
    config = Config(profiles={"main": Profile("main", base_url=SIM, api_key_command=command)})
    path = tmp_path / "config" / "config.toml"
    async with ui.run(config, demo=False, transport=SimulatorTransport(ui_world)) as app:
        await open_account(ui)
        await make_key(ui, "deploy")
        await ui.key("once.save")
        assert isinstance(app.screen, FormModal)
        await ui.fill(name="deploy")
        await ui.until_idle()
        await ui.pause()
        dialog = app.screen
        assert isinstance(dialog, ShownOnce)  # back, with where it went
        assert "profile deploy" in str(dialog.query_one("#once-done", Static).render())
        await ui.key("once.close")
        assert isinstance(app.screen, AccountScreen)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    profile = tomllib.loads(path.read_text())["profiles"]["deploy"]
    assert profile == {"base_url": SIM, "api_key": new_key(ui_world, "deploy")}


async def test_deleting_the_key_in_use_warns_and_asks_for_its_name(
    ui: Driver, ui_world: World
) -> None:
    async with ui.run() as app:
        screen = await open_account(ui)
        table = screen.query_one("#api-keys", DataTable)
        table.move_cursor(row=[k.id for k in screen.api_keys].index(484))
        await ui.key("account.delete_key")
        dialog = app.screen
        assert isinstance(dialog, ConfirmModal) and dialog.typed == "new_api"
        assert "signed in with" in dialog.warning
        await ui.key("confirm.cancel")
        await ui.settle()
        assert ui.count("api_keys", "delete") == 0 and 484 in ui_world.api_keys
        # Another key: an ordinary confirmation, then gone.
        table.move_cursor(row=[k.id for k in screen.api_keys].index(237))
        await ui.key("account.delete_key")
        assert isinstance(app.screen, ConfirmModal) and not app.screen.typed
        await ui.confirm()
        await ui.settle()
        assert 237 not in ui_world.api_keys
        assert not any("test_control_panel" in r for r in ui.rows("#api-keys"))


async def test_a_key_history_is_shown_for_a_range(ui: Driver) -> None:
    async with ui.run() as app:
        screen = await open_account(ui)
        screen.query_one("#api-keys", DataTable).move_cursor(
            row=[k.id for k in screen.api_keys].index(484)
        )
        await ui.key("account.history")
        await ui.settle()
        assert any("Login with api_key 484" in r for r in ui.rows("#key-history"))
        assert ui.count("api_keys", "view") == 1  # the key as invapi holds it now
        await ui.key("account.range")
        await ui.fill(start="2026-09-01", end="2026-09-30")
        await ui.settle()
        assert [r.split()[2] for r in ui.rows("#key-history")] == ["action"]
        await ui.key("account.range")
        await ui.fill(start="2026-10-01", end="2026-09-01")  # backwards: asked again
        assert isinstance(app.screen, FormModal)
        assert ui.count("api_keys", "history") == 2


async def test_the_pin_is_changed_masked_and_asked_twice(ui: Driver, ui_world: World) -> None:
    async with ui.run() as app:
        await open_account(ui, "pin")
        await ui.key("account.set_pin")
        form = app.screen
        assert isinstance(form, FormModal)
        assert all(f.password for f in form.fields)
        await ui.fill(current="1234", new="5678", again="5679")
        assert isinstance(app.screen, FormModal)  # the two differ: nothing sent
        assert ui.count("eq", "set_pin") == 0
        await ui.fill(wait=False, current="1234", new="5678", again="5678")
        await ui.until(lambda: ui_world.pin == "5678")
        await ui.until(
            lambda: any(j.action == "set_pin" and not j.running for j in app.state.jobs.values())
        )
        assert ui.count("eq", "set_pin") == 1
        # The new one is what invapi accepts now.
        await ui.key("account.check_pin")
        assert isinstance(app.screen, PinModal)
        await ui.pin("5678")
        assert not isinstance(app.screen, PinModal) and app.state.pin.accepted


async def test_ssh_keys_refuse_a_private_key_and_take_a_public_one(ui: Driver) -> None:
    async with ui.run() as app:
        await open_account(ui, "ssh")
        assert [r.split()[0] for r in ui.rows("#ssh-keys")] == ["laptop", "ci-deploy"]
        await ui.key("account.add_ssh")
        await ui.fill(name="box", key="-----BEGIN OPENSSH PRIVATE KEY----- b3Blbn")
        assert isinstance(app.screen, FormModal)
        assert ui.count("ssh_keys", "add") == 0
        public = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIB0v2Yc8mWq3nQ1x7Hk5t9Jp4sLd6Fg me@box"
        await ui.fill(name="box", key=public)
        await ui.settle()
        assert any(r.startswith("box ssh-ed25519") for r in ui.rows("#ssh-keys"))


async def test_remote_hands_from_a_server_are_listed_in_the_account(
    ui: Driver, ui_world: World
) -> None:
    async with ui.run() as app:
        await ui.jump("server 34533")
        await ui.key("detail.remote_hands")
        assert isinstance(app.screen, ChooseOne)
        await ui.press("enter")  # KVM, the first
        await ui.fill(message="KVM please, after 14:00 UTC")
        assert isinstance(app.screen, ConfirmModal)
        await ui.confirm()
        await ui.settle()
        assert ui.count("rhr", "add") == 1
        # The older one-click request: confirmed, sent once.
        await ui.key("detail.remote_hands")
        await ui.press(*(["down"] * 5), "enter")  # KVM UNBLOCK SERVICE pon poff reboot
        assert isinstance(app.screen, ConfirmModal) and "reboot" in app.screen.action_text
        await ui.confirm()
        await ui.settle()
        assert [j["action"] for j in ui_world.jira] == ["request_reboot"]
        await ui.key("detail.back")
        await open_account(ui, "rhr")
        listed = ui.rows("#remote-hands")
        assert "KVM PENDING" in listed[0] and "nl-vmmini" in listed[0]
        assert any("DONE" in r for r in listed[1:])  # open ones first


async def test_the_list_asks_invapi_tag_search_when_it_finds_nothing(
    ui: Driver, ui_world: World, ui_clock: ManualClock
) -> None:
    async with ui.run() as app:
        # A tag the list has not read yet (set elsewhere after loading).
        ui_world.servers[34533].tags.append(
            {"id": 9, "component": "eq", "component_id": 34533, "tag": "team", "value": "zebra"}
        )
        await ui.key("servers.filter")
        await ui.type("zebra")
        await ui.settle()
        ui_clock.advance(TAG_SEARCH_DELAY / 2)
        await ui.settle()
        assert ui.count("tags", "user_search") == 0  # still typing, as far as it knows
        ui_clock.advance(TAG_SEARCH_DELAY / 2)  # typing paused
        await ui.settle()
        screen = app.screen
        assert isinstance(screen, ServersScreen)
        assert screen.query_one(ServerTable).rows == [34533]
        assert screen.by_tag == "zebra"
        assert ui.count("tags", "user_search") == 1


async def test_a_failing_tag_search_is_said_once_and_not_asked_again_and_again(
    ui: Driver, ui_world: World, ui_clock: ManualClock
) -> None:
    """Each retry the client says (a state change) once re-armed the search: it asked forever."""
    ui_world.faults.add("status", "tags/user_search", 503)
    async with ui.run(notifications=True):
        await ui.key("servers.filter")
        await ui.type("zebra")
        await ui.settle()
        for _ in range(120):  # two minutes: the pause, the read's retries, and long after
            ui_clock.advance(1)
            await ui.pause()
        sent = ui.count("tags", "user_search")
        assert 1 <= sent <= 1 + RetryPolicy().attempts, sent  # one search and its retries
        assert sum("tag search could not answer" in m for m in ui.toasts) == 1, ui.toasts
        await ui.press("backspace")  # another value: asked
        await ui.settle()
        ui_clock.advance(TAG_SEARCH_DELAY)
        await ui.settle()
        assert ui.count("tags", "user_search") > sent


def status_right(app: HostkeyApp) -> str:
    return app.screen.query_one(StatusLine).right


async def test_a_refused_view_leaves_the_history_read_and_shown(
    ui: Driver, monkeypatch: pytest.MonkeyPatch
) -> None:
    refused(monkeypatch, "api_keys", "view", "view is not for this role")
    async with ui.run():
        screen = await open_account(ui)
        screen.query_one("#api-keys", DataTable).move_cursor(
            row=[k.id for k in screen.api_keys].index(484)
        )
        await ui.key("account.history")
        await ui.settle()
        assert ui.count("api_keys", "view") == 1
        assert ui.count("api_keys", "history") == 1  # sent all the same
        assert any("Login with api_key 484" in r for r in ui.rows("#key-history"))
        note = ui.text("#api-note")
        assert "Key new_api as invapi holds it now: not read" in note
        assert "view is not for this role" in note and "enter retries" in note
        assert "History of new_api" in ui.text("#history-title")


async def test_a_refused_history_is_said_in_its_pane(
    ui: Driver, monkeypatch: pytest.MonkeyPatch
) -> None:
    refused(monkeypatch, "api_keys", "history", "history is archived")
    async with ui.run():
        await open_account(ui)
        await ui.key("account.history")
        await ui.settle()
        title = ui.text("#history-title")
        assert "not read" in title and "history is archived" in title
        assert ui.rows("#key-history") == []
        assert "not read" not in ui.text("#api-note")


async def test_refused_ssh_keys_and_requests_say_not_read_never_zero(
    ui: Driver, monkeypatch: pytest.MonkeyPatch
) -> None:
    refused(monkeypatch, "ssh_keys", "list", "no SSH keys here")
    refused(monkeypatch, "rhr", "list", "remote hands are offline")
    async with ui.run() as app:
        await open_account(ui)
        right = status_right(app)
        assert "SSH keys: not read" in right and "Requests: not read" in right
        assert "r retries" in right and "API keys" in right
        assert "0 SSH keys" not in right and "0 open requests" not in right
        await ui.key("account.tab")
        note = ui.text("#ssh-note")
        assert note == "SSH keys: not read (ssh_keys/list: no SSH keys here) · r retries"
        await ui.key("account.tab")
        note = ui.text("#rhr-note")
        assert "not read" in note and "remote hands are offline" in note
        monkeypatch.undo()  # invapi answers again
        await ui.key("account.refresh")
        await ui.settle()
        right = status_right(app)
        assert "2 SSH keys" in right and "not read" not in right


@pytest.mark.parametrize(
    ("pin", "says"),
    [
        # invapi's documented reply to every wrong PIN says "Blocked For Security Purposes":
        # one typo is counted, not taken for a block
        (Pin(1, blocked=True), "1 wrong entry this session: 2 more"),
        (Pin(2, blocked=True), "2 wrong entries this session: 1 more"),
        (Pin(3, blocked=True), "invapi said it blocks PINs"),
        (Pin(0, blocked=True), "invapi said it blocks PINs"),
        (Pin(4, blocked=False), "4 wrong entries this session: 0 more"),
    ],
)
def test_the_pin_state_counts_typos_before_it_warns_of_a_block(pin: Pin, says: str) -> None:
    assert says in pin_text(pin, read_only=False).plain


@pytest.mark.parametrize("name", ["", "   ", "new\u200bapi"])
async def test_the_key_in_use_without_a_typable_name_is_confirmed_by_its_id(
    ui: Driver, ui_world: World, name: str
) -> None:
    ui_world.api_keys[484].name = name
    async with ui.run() as app:
        screen = await open_account(ui)
        table = screen.query_one("#api-keys", DataTable)
        table.move_cursor(row=[k.id for k in screen.api_keys].index(484))
        await ui.key("account.delete_key")
        dialog = app.screen
        assert isinstance(dialog, ConfirmModal) and dialog.typed == "484"  # the step is kept
        assert "type 484 instead" in dialog.warning
        assert dialog.query_one("#confirm", Button).disabled
        dialog.query_one("#confirm-typed", TextInput).value = "484"
        await ui.pause()
        assert not dialog.query_one("#confirm", Button).disabled  # and it can be confirmed
        await ui.key("confirm.cancel")
        await ui.settle()
        assert ui.count("api_keys", "delete") == 0


async def test_keys_listed_twice_under_one_id_are_shown_not_fatal(
    ui: Driver, ui_world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    route = ROUTES[("api_keys", "list")]

    def twice(world: World, form: Form, ctx: Ctx) -> JSON:
        reply = route.handler(world, form, ctx)
        assert isinstance(reply, dict) and isinstance(reply["data"], list)
        return {**reply, "data": [*reply["data"], reply["data"][0]]}

    monkeypatch.setitem(ROUTES, ("api_keys", "list"), replace(route, handler=twice))
    async with ui.run() as app:
        screen = await open_account(ui)
        assert len(ui.rows("#api-keys")) == len(ui_world.api_keys) + 1
        assert isinstance(app.screen, AccountScreen) and screen.api_keys
