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
from hostkey_tui.ui.account.screen import AccountScreen, pin_text
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
from tests.ui.conftest import Build, settle
from tests.ui.test_power_ui import confirm, enter_pin, until

SIM = "http://127.0.0.1:9"  # never dialled: the simulator's transport answers
TABS = {"api": 0, "ssh": 1, "rhr": 2, "pin": 3}


async def open_account(pilot: Any, tab: str = "api") -> AccountScreen:
    await settle(pilot.app, pilot)
    await pilot.press("6")
    await settle(pilot.app, pilot)
    await pilot.press(*(["t"] * TABS[tab]))
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, AccountScreen)
    return screen


def rows(app: HostkeyApp, table: str) -> list[str]:
    shown = app.screen.query_one(table, DataTable)
    return [" ".join(str(c) for c in shown.get_row_at(i)) for i in range(shown.row_count)]


DIALOGS = (FormModal, ConfirmModal, ShownOnce, ChooseOne, PinModal)


async def until_idle(pilot: Any) -> None:
    """Until the flow ends or waits on a dialog again (never a wait on a waiting flow)."""
    for _ in range(100):
        await pilot.pause()
        flows = [w for w in pilot.app.workers if w.group == "flow" and not w.is_finished]
        if not flows or isinstance(pilot.app.screen, DIALOGS):
            return
    raise AssertionError("the flow never ended")


async def fill(pilot: Any, *, wait: bool = True, **values: str) -> None:
    form = pilot.app.screen
    assert isinstance(form, FormModal)
    for name, value in values.items():
        form.query_one(f"#field-{name}", TextInput).value = value
    await pilot.pause()
    form.query_one("#form-submit", Button).press()
    await pilot.pause()
    if wait:
        await until_idle(pilot)


def new_key(world: World, name: str) -> str:
    return next(k.secret for k in world.api_keys.values() if k.name == name)


def files_under(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file()]


async def make_key(pilot: Any, name: str) -> ShownOnce:
    await pilot.press("n")
    await pilot.pause()
    await fill(pilot, name=name)
    shown = pilot.app.screen
    assert isinstance(shown, ShownOnce)
    return shown


async def test_a_new_key_is_shown_once_copied_and_kept_in_no_file(
    build: Build, ui_world: World, tmp_path: Path
) -> None:
    app = build()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_account(pilot)
        assert any("new_api" in r and "●" in r for r in rows(app, "#api-keys"))  # the one in use
        dialog = await make_key(pilot, "ci-bot")
        secret = new_key(ui_world, "ci-bot")
        shown = str(dialog.query_one("#once-secret", Static).render())
        assert secret not in shown and HIDDEN in shown  # hidden until asked for
        await pilot.press("v")
        await pilot.pause()
        assert secret in str(dialog.query_one("#once-secret", Static).render())
        await pilot.press("escape")  # not copied: the first escape only warns
        await pilot.pause()
        assert isinstance(app.screen, ShownOnce)
        assert "gone" in str(dialog.query_one("#once-done", Static).render())
        await pilot.press("y")
        await pilot.pause()
        assert app.clipboard == secret
        await pilot.press("escape")
        await settle(app, pilot)
        assert isinstance(app.screen, AccountScreen)
        assert any("ci-bot" in r for r in rows(app, "#api-keys"))
        assert ui_world.count("api_keys", "add") == 1
        # The key went to the clipboard because it was asked to, and nowhere else.
        assert secret not in repr(app.state)
        written = files_under(tmp_path)
        assert written  # the journal and the cache were written
        assert all(secret not in p.read_text(errors="replace") for p in written)


async def test_a_new_key_is_saved_as_a_profile_only_when_asked(
    build: Build, ui_world: World, tmp_path: Path
) -> None:
    command = (sys.executable, "-c", f"print('{ui_world.account_key}')")
    config = Config(profiles={"main": Profile("main", base_url=SIM, api_key_command=command)})
    app = build(config, demo=False, transport=SimulatorTransport(ui_world))
    path = tmp_path / "config" / "config.toml"
    async with app.run_test(size=(120, 40)) as pilot:
        await open_account(pilot)
        await make_key(pilot, "deploy")
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, FormModal)
        await fill(pilot, name="deploy")
        await until_idle(pilot)
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ShownOnce)  # back, with where it went
        assert "profile deploy" in str(dialog.query_one("#once-done", Static).render())
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, AccountScreen)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    profile = tomllib.loads(path.read_text())["profiles"]["deploy"]
    assert profile == {"base_url": SIM, "api_key": new_key(ui_world, "deploy")}


async def test_deleting_the_key_in_use_warns_and_asks_for_its_name(
    build: Build, ui_world: World
) -> None:
    app = build()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_account(pilot)
        table = screen.query_one("#api-keys", DataTable)
        table.move_cursor(row=[k.id for k in screen.api_keys].index(484))
        await pilot.press("delete")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ConfirmModal) and dialog.typed == "new_api"
        assert "signed in with" in dialog.warning
        await pilot.press("escape")
        await settle(app, pilot)
        assert ui_world.count("api_keys", "delete") == 0 and 484 in ui_world.api_keys
        # Another key: an ordinary confirmation, then gone.
        table.move_cursor(row=[k.id for k in screen.api_keys].index(237))
        await pilot.press("delete")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmModal) and not app.screen.typed
        await confirm(pilot)
        await settle(app, pilot)
        assert 237 not in ui_world.api_keys
        assert not any("test_control_panel" in r for r in rows(app, "#api-keys"))


async def test_a_key_history_is_shown_for_a_range(build: Build, ui_world: World) -> None:
    app = build()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_account(pilot)
        screen.query_one("#api-keys", DataTable).move_cursor(
            row=[k.id for k in screen.api_keys].index(484)
        )
        await pilot.press("enter")
        await settle(app, pilot)
        assert any("Login with api_key 484" in r for r in rows(app, "#key-history"))
        assert ui_world.count("api_keys", "view") == 1  # the key as invapi holds it now
        await pilot.press("h")
        await pilot.pause()
        await fill(pilot, start="2026-09-01", end="2026-09-30")
        await settle(app, pilot)
        assert [r.split()[2] for r in rows(app, "#key-history")] == ["action"]
        await pilot.press("h")
        await pilot.pause()
        await fill(pilot, start="2026-10-01", end="2026-09-01")  # backwards: asked again
        assert isinstance(app.screen, FormModal)
        assert ui_world.count("api_keys", "history") == 2


async def test_the_pin_is_changed_masked_and_asked_twice(
    build: Build, ui_world: World, ui_clock: ManualClock
) -> None:
    app = build()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_account(pilot, "pin")
        await pilot.press("p")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormModal)
        assert all(f.password for f in form.fields)
        await fill(pilot, current="1234", new="5678", again="5679")
        assert isinstance(app.screen, FormModal)  # the two differ: nothing sent
        assert ui_world.count("eq", "set_pin") == 0
        await fill(pilot, wait=False, current="1234", new="5678", again="5678")
        await until(pilot, ui_clock, lambda: ui_world.pin == "5678")
        await until(
            pilot,
            ui_clock,
            lambda: any(j.action == "set_pin" and not j.running for j in app.state.jobs.values()),
        )
        assert ui_world.count("eq", "set_pin") == 1
        # The new one is what invapi accepts now.
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, PinModal)
        await enter_pin(pilot, ui_clock, "5678")
        assert not isinstance(app.screen, PinModal) and app.state.pin.accepted


async def test_ssh_keys_refuse_a_private_key_and_take_a_public_one(
    build: Build, ui_world: World
) -> None:
    app = build()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_account(pilot, "ssh")
        assert [r.split()[0] for r in rows(app, "#ssh-keys")] == ["laptop", "ci-deploy"]
        await pilot.press("n")
        await pilot.pause()
        await fill(pilot, name="box", key="-----BEGIN OPENSSH PRIVATE KEY----- b3Blbn")
        assert isinstance(app.screen, FormModal)
        assert ui_world.count("ssh_keys", "add") == 0
        public = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIB0v2Yc8mWq3nQ1x7Hk5t9Jp4sLd6Fg me@box"
        await fill(pilot, name="box", key=public)
        await settle(app, pilot)
        assert any(r.startswith("box ssh-ed25519") for r in rows(app, "#ssh-keys"))


async def test_remote_hands_from_a_server_are_listed_in_the_account(
    build: Build, ui_world: World
) -> None:
    app = build()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("colon", *"server 34533", "enter")
        await settle(app, pilot)
        await pilot.press("h")
        await pilot.pause()
        assert isinstance(app.screen, ChooseOne)
        await pilot.press("enter")  # KVM, the first
        await pilot.pause()
        await fill(pilot, message="KVM please, after 14:00 UTC")
        assert isinstance(app.screen, ConfirmModal)
        await confirm(pilot)
        await settle(app, pilot)
        assert ui_world.count("rhr", "add") == 1
        # The older one-click request: confirmed, sent once.
        await pilot.press("h")
        await pilot.pause()
        await pilot.press(*(["down"] * 5), "enter")  # KVM UNBLOCK SERVICE pon poff reboot
        await pilot.pause()
        assert isinstance(app.screen, ConfirmModal) and "reboot" in app.screen.action_text
        await confirm(pilot)
        await settle(app, pilot)
        assert [j["action"] for j in ui_world.jira] == ["request_reboot"]
        await pilot.press("escape")
        await open_account(pilot, "rhr")
        listed = rows(app, "#remote-hands")
        assert "KVM PENDING" in listed[0] and "nl-vmmini" in listed[0]
        assert any("DONE" in r for r in listed[1:])  # open ones first


async def test_the_list_asks_invapi_tag_search_when_it_finds_nothing(
    build: Build, ui_world: World, ui_clock: ManualClock
) -> None:
    app = build()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        # A tag the list has not read yet (set elsewhere after loading).
        ui_world.servers[34533].tags.append(
            {"id": 9, "component": "eq", "component_id": 34533, "tag": "team", "value": "zebra"}
        )
        await pilot.press("slash", *"zebra")
        await settle(app, pilot)
        ui_clock.advance(TAG_SEARCH_DELAY / 2)
        await settle(app, pilot)
        assert ui_world.count("tags", "user_search") == 0  # still typing, as far as it knows
        ui_clock.advance(TAG_SEARCH_DELAY / 2)  # typing paused
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, ServersScreen)
        assert screen.query_one(ServerTable).rows == [34533]
        assert screen.by_tag == "zebra"
        assert ui_world.count("tags", "user_search") == 1


async def test_a_failing_tag_search_is_said_once_and_not_asked_again_and_again(
    build: Build, ui_world: World, ui_clock: ManualClock
) -> None:
    """Each retry the client says (a state change) once re-armed the search: it asked forever."""
    ui_world.faults.add("status", "tags/user_search", 503)
    app = build()
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(app, pilot)
        await pilot.press("slash", *"zebra")
        await settle(app, pilot)
        for _ in range(120):  # two minutes: the pause, the read's retries, and long after
            ui_clock.advance(1)
            await pilot.pause()
        sent = ui_world.count("tags", "user_search")
        assert 1 <= sent <= 1 + RetryPolicy().attempts, sent  # one search and its retries
        said = [str(n.message) for n in app._notifications]
        assert sum("tag search could not answer" in m for m in said) == 1, said
        await pilot.press("backspace")  # another value: asked
        await settle(app, pilot)
        ui_clock.advance(TAG_SEARCH_DELAY)
        await settle(app, pilot)
        assert ui_world.count("tags", "user_search") > sent


def status_right(app: HostkeyApp) -> str:
    return app.screen.query_one(StatusLine).right


async def test_a_refused_view_leaves_the_history_read_and_shown(
    build: Build, ui_world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    refused(monkeypatch, "api_keys", "view", "view is not for this role")
    app = build()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_account(pilot)
        screen.query_one("#api-keys", DataTable).move_cursor(
            row=[k.id for k in screen.api_keys].index(484)
        )
        await pilot.press("enter")
        await settle(app, pilot)
        assert ui_world.count("api_keys", "view") == 1
        assert ui_world.count("api_keys", "history") == 1  # sent all the same
        assert any("Login with api_key 484" in r for r in rows(app, "#key-history"))
        note = str(screen.query_one("#api-note", Static).render())
        assert "Key new_api as invapi holds it now: not read" in note
        assert "view is not for this role" in note and "enter retries" in note
        assert "History of new_api" in str(screen.query_one("#history-title", Static).render())


async def test_a_refused_history_is_said_in_its_pane(
    build: Build, ui_world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    refused(monkeypatch, "api_keys", "history", "history is archived")
    app = build()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_account(pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        title = str(screen.query_one("#history-title", Static).render())
        assert "not read" in title and "history is archived" in title
        assert rows(app, "#key-history") == []
        assert "not read" not in str(screen.query_one("#api-note", Static).render())


async def test_refused_ssh_keys_and_requests_say_not_read_never_zero(
    build: Build, ui_world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    refused(monkeypatch, "ssh_keys", "list", "no SSH keys here")
    refused(monkeypatch, "rhr", "list", "remote hands are offline")
    app = build()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_account(pilot)
        right = status_right(app)
        assert "SSH keys: not read" in right and "Requests: not read" in right
        assert "r retries" in right and "API keys" in right
        assert "0 SSH keys" not in right and "0 open requests" not in right
        await pilot.press("t")
        await pilot.pause()
        note = str(app.screen.query_one("#ssh-note", Static).render())
        assert note == "SSH keys: not read (ssh_keys/list: no SSH keys here) · r retries"
        await pilot.press("t")
        await pilot.pause()
        note = str(app.screen.query_one("#rhr-note", Static).render())
        assert "not read" in note and "remote hands are offline" in note
        monkeypatch.undo()  # invapi answers again
        await pilot.press("r")
        await settle(app, pilot)
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
    build: Build, ui_world: World, name: str
) -> None:
    ui_world.api_keys[484].name = name
    app = build()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_account(pilot)
        table = screen.query_one("#api-keys", DataTable)
        table.move_cursor(row=[k.id for k in screen.api_keys].index(484))
        await pilot.press("delete")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ConfirmModal) and dialog.typed == "484"  # the step is kept
        assert "type 484 instead" in dialog.warning
        assert dialog.query_one("#confirm", Button).disabled
        dialog.query_one("#confirm-typed", TextInput).value = "484"
        await pilot.pause()
        assert not dialog.query_one("#confirm", Button).disabled  # and it can be confirmed
        await pilot.press("escape")
        await settle(app, pilot)
        assert ui_world.count("api_keys", "delete") == 0


async def test_keys_listed_twice_under_one_id_are_shown_not_fatal(
    build: Build, ui_world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    route = ROUTES[("api_keys", "list")]

    def twice(world: World, form: Form, ctx: Ctx) -> JSON:
        reply = route.handler(world, form, ctx)
        assert isinstance(reply, dict) and isinstance(reply["data"], list)
        return {**reply, "data": [*reply["data"], reply["data"][0]]}

    monkeypatch.setitem(ROUTES, ("api_keys", "list"), replace(route, handler=twice))
    app = build()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_account(pilot)
        assert len(rows(app, "#api-keys")) == len(ui_world.api_keys) + 1
        assert isinstance(app.screen, AccountScreen) and screen.api_keys
