"""Issue 25: the fleet in the app. Every profile of the config signed in at once, one list with
a Profile column, a profile that cannot sign in said while the others load; opening a row acts
on its own account (its key, its PIN, its address) and every confirmation names it; the `!`
board across accounts; the start painted from each account's cache."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest

from hostkey_tui.clock import ManualClock
from hostkey_tui.config.load import parse_config
from hostkey_tui.config.model import Config
from hostkey_tui.simulator.scenarios import build_world
from hostkey_tui.simulator.world import World
from hostkey_tui.state.fleet import FleetKey
from hostkey_tui.ui.kit.modals.confirm import ConfirmModal
from hostkey_tui.ui.kit.modals.pin import PinModal
from hostkey_tui.ui.kit.widgets.chrome import StatusLine
from hostkey_tui.ui.server.screen import ServerDetailScreen
from hostkey_tui.ui.servers.fleet import FleetScreen
from hostkey_tui.ui.servers.screen import ServersScreen
from tests.conftest import assert_kept_the_contract
from tests.hosts import ByHost
from tests.ui.driver import Driver

BETA_PIN = "5678"
CONFIG = """
[profiles.alpha]
base_url = "https://alpha.invalid"
api_key_env = "ALPHA_KEY"
[profiles.beta]
base_url = "https://beta.invalid"
api_key_env = "BETA_KEY"
[profiles.gamma]
base_url = "https://gamma.invalid"
api_key_env = "GAMMA_KEY"
"""


@pytest.fixture
def beta(ui_clock: ManualClock) -> Iterator[World]:
    """The second account: a small generated fleet with a PIN of its own."""
    world = build_world(ui_clock, seed=11, servers=6, pin=BETA_PIN)
    yield world
    assert_kept_the_contract(world)


def fleet_options(
    tmp_path: Path, alpha: World, beta: World, *, unreachable: frozenset[str] = frozenset()
) -> tuple[Config, dict[str, Any]]:
    """The config of three profiles (gamma without its key) and how the app reaches them.
    HOSTKEY_API_KEY is no account's: a fleet's profile takes the key of its own sources, so
    both accounts sign in (one sent this key would be refused)."""
    path = tmp_path / "config" / "config.toml"
    config = parse_config(CONFIG, path)
    environ = {
        "ALPHA_KEY": alpha.account_key,
        "BETA_KEY": beta.account_key,
        "HOSTKEY_API_KEY": "0123456789abcdef-0123456789abcdef",
    }
    transport = ByHost({"alpha.invalid": alpha, "beta.invalid": beta}, unreachable)
    return config, {"demo": False, "environ": environ, "transport": transport, "fleet": True}


def fleet_screen(ui: Driver) -> FleetScreen:
    screen = ui.screen
    assert isinstance(screen, FleetScreen), screen
    return screen


async def open_fleet(ui: Driver) -> FleetScreen:
    """Until the fleet is on screen with every account that can be read, read."""

    def loaded() -> bool:
        screen = ui.screen
        if not isinstance(screen, FleetScreen):
            return False
        return all(
            m.trouble or (s.server_ids and not s.loading.active)
            for m in screen.members
            if (s := m.state) is not None
        )

    await ui.until(loaded, step=0.5)
    await ui.pause(2)
    return fleet_screen(ui)


@asynccontextmanager
async def running_fleet(
    ui: Driver, tmp_path: Path, alpha: World, beta: World
) -> AsyncIterator[FleetScreen]:
    """The app started with `--fleet` over alpha, beta and gamma, every account read."""
    config, options = fleet_options(tmp_path, alpha, beta)
    async with ui.run(config, **options):
        yield await open_fleet(ui)


def on_first_row_of(screen: FleetScreen, profile: str) -> FleetKey:
    """The cursor on the account's first row of the fleet; that row."""
    row = next(k for k in screen.table.rows if k.profile == profile)
    screen.table.action_move_to(screen.table.rows.index(row))
    return row


def profiles(screen: FleetScreen) -> list[str]:
    return [k.profile for k in screen.table.rows]


async def test_one_list_over_every_account_and_the_one_that_cannot_sign_in(
    ui: Driver, tmp_path: Path, ui_world: World, beta: World
) -> None:
    async with running_fleet(ui, tmp_path, ui_world, beta) as screen:
        assert [m.profile for m in screen.members] == ["alpha", "beta", "gamma"]
        rows = screen.table.rows
        assert {k.profile for k in rows} == {"alpha", "beta"}
        assert len(rows) == len(ui_world.servers) + len(beta.servers)
        # Sorted by account first: alpha's servers, then beta's.
        assert profiles(screen) == sorted(profiles(screen))
        accounts = ui.text("#accounts")
        assert "gamma ✕ profile 'gamma' takes its key from $GAMMA_KEY, which is not set" in accounts
        assert f"alpha {len(ui_world.servers)} servers" in accounts
        status = ui.app.screen.query_one(StatusLine)
        assert "in 2 of 3 accounts" in str(status.right)
        assert "not read: gamma" in str(status.left)
        # Each account signed in once, with its own key, at its own address.
        assert ui_world.count("auth", "login") == 1
        assert beta.count("auth", "login") == 1
        assert beta.count("eq", "show") == len(beta.servers)
        assert not ui.unexpected


async def test_profile_terms_filter_the_fleet(
    ui: Driver, tmp_path: Path, ui_world: World, beta: World
) -> None:
    async with running_fleet(ui, tmp_path, ui_world, beta) as screen:
        await ui.press("slash", *"profile:beta")
        assert set(profiles(screen)) == {"beta"} and len(profiles(screen)) == len(beta.servers)
        await ui.press(*" nl-")
        assert [k.profile for k in screen.table.rows] == ["beta"]
        await ui.press("escape")
        await ui.press("slash", *"-profile:beta loc:NL")
        rows = screen.table.rows
        assert rows and {k.profile for k in rows} == {"alpha"}
        servers = ui_world.servers
        assert all(servers[k.server_id].location == "NL" for k in rows)
        # Sorted by hostname across accounts: one order, not two lists one after the other.
        await ui.press("escape")  # clears the filter (a second would go back to the list)
        assert isinstance(ui.screen, FleetScreen)
        await ui.press("s", "s")  # account → id → hostname
        assert screen.sort_column == "hostname"
        names = [screen.table._servers[k].hostname.lower() for k in screen.table.rows]
        assert names == sorted(names)
        assert {k.profile for k in screen.table.rows[:10]} == {"alpha", "beta"}


async def test_a_row_opens_in_its_own_account_and_the_change_goes_there(
    ui: Driver, tmp_path: Path, ui_world: World, beta: World
) -> None:
    async with running_fleet(ui, tmp_path, ui_world, beta) as screen:
        target = on_first_row_of(screen, "beta")
        await ui.press("enter")
        await ui.pause(2)
        detail = ui.screen
        assert isinstance(detail, ServerDetailScreen) and detail.server_id == target.server_id
        assert ui.app.services is not None and ui.app.services.profile == "beta"
        assert ui.app.state.profile == "beta"  # the header names it
        alpha_before, beta_before = len(ui_world.requests), len(beta.requests)
        await ui.choose_power("reboot")
        confirm = ui.screen
        assert isinstance(confirm, ConfirmModal)
        assert "On account beta" in str(confirm.query_one("#confirm-account").render())
        await ui.confirm()
        assert isinstance(ui.screen, PinModal)
        assert "On account beta" in str(ui.screen.query_one("#pin-account").render())
        await ui.pin(BETA_PIN)  # beta's own PIN: alpha's would be refused
        await ui.until(lambda: beta.count("eq", "reboot") == 1)
        assert [r.action for r in beta.requests[beta_before:] if r.action == "reboot"] == ["reboot"]
        assert not [
            r for r in ui_world.requests[alpha_before:] if r.action in ("reboot", "check_pin")
        ]
        # Back in the fleet, alpha's rows open in alpha again, while beta's reboot is followed.
        await ui.press("escape")
        await ui.pause()
        assert isinstance(ui.screen, FleetScreen)
        first = screen.table.rows[0]
        assert first.profile == "alpha"
        screen.table.action_move_to(0)
        await ui.press("enter")
        await ui.pause(2)
        assert ui.app.services is not None and ui.app.services.profile == "alpha"

        # beta's job still says how it ended, naming its account, though alpha is the app's
        # now; and the switch itself is no news.
        def titles() -> list[str]:
            return [n.title for n in ui.app._notifications]

        await ui.until(lambda: any(t.startswith("beta · Job") for t in titles()), step=2)
        assert not any("Outcome unknown" in t for t in titles())
        assert beta.count("eq", "reboot") == 1


async def test_the_attention_board_spans_every_account(
    ui: Driver, tmp_path: Path, ui_world: World, beta: World
) -> None:
    async with running_fleet(ui, tmp_path, ui_world, beta) as screen:
        await ui.press("exclamation_mark")
        rows = screen.table.rows
        assert {k.profile for k in rows} == {"alpha", "beta"}
        notes = screen.table._notes
        assert all(notes.get(k) for k in rows)  # each with why
        # Most urgent first across accounts: alpha's overdue server before beta's "due in".
        overdue = next(k for k in rows if "overdue" in notes[k])
        due = next(k for k in rows if k.profile == "beta")
        assert notes[due].startswith("due in")
        assert rows.index(overdue) < rows.index(due)
        assert "by urgency" in str(screen.query_one(StatusLine).right)


async def test_the_cache_paints_an_account_that_cannot_be_reached(
    ui: Driver, tmp_path: Path, ui_world: World, beta: World
) -> None:
    config, options = fleet_options(tmp_path, ui_world, beta)
    async with ui.run(config, **options):
        await open_fleet(ui)
        await ui.pause(2)
    # beta's list is in its cache now; the next start cannot reach beta's invapi.
    config, options = fleet_options(
        tmp_path, ui_world, beta, unreachable=frozenset({"beta.invalid"})
    )
    async with ui.run(config, **options):
        await ui.until(lambda: isinstance(ui.screen, FleetScreen), step=0.5)
        screen = fleet_screen(ui)
        await ui.until(lambda: "beta" in {k.profile for k in screen.table.rows}, step=0.5)
        assert len([k for k in screen.table.rows if k.profile == "beta"]) == len(beta.servers)
        await ui.until(lambda: "can't reach invapi" in ui.text("#accounts"), step=0.5)
        assert ui.app.services is not None and ui.app.services.profile == "alpha"
        await ui.still_answers()


async def test_a_refused_account_shows_its_cached_rows_but_opens_none(
    ui: Driver, tmp_path: Path, ui_world: World, beta: World
) -> None:
    config, options = fleet_options(tmp_path, ui_world, beta)
    async with ui.run(config, **options):
        await open_fleet(ui)
    # The next start, beta's key was disabled in the panel: invapi refuses it.
    for key in beta.api_keys.values():
        key.active = False
    async with ui.run(config, **options):
        screen = await open_fleet(ui)
        assert "beta ✕ not signed in: API key not found or disabled." in ui.text("#accounts")
        rows = [k for k in screen.table.rows if k.profile == "beta"]
        assert len(rows) == len(beta.servers)  # from its cache, as they were
        before = len(beta.requests)
        screen.table.action_move_to(screen.table.rows.index(rows[0]))
        await ui.press("enter")
        await ui.pause()
        assert isinstance(ui.screen, FleetScreen)  # nothing opened
        assert "beta: not signed in: API key not found or disabled." in ui.told
        assert ui.app.services is not None and ui.app.services.profile == "alpha"
        await ui.press("p")
        assert isinstance(ui.screen, FleetScreen)
        assert len(beta.requests) == before


async def test_the_jump_line_opens_the_demo_fleet(ui: Driver) -> None:
    async with ui.run():
        assert isinstance(ui.screen, ServersScreen)
        await ui.press("colon", *"fleet", "enter")
        screen = await open_fleet(ui)
        assert [m.profile for m in screen.members] == ["demo", "demo-staging", "demo-lapsed"]
        assert "demo-lapsed ✕ not signed in: API key not found or disabled." in ui.text("#accounts")
        assert FleetKey("demo", 34533) in screen.table.rows
        # escape goes back to the list of the account in use; `:fleet` again, no new sign-in
        members = screen.members
        await ui.press("escape")
        assert isinstance(ui.screen, ServersScreen)
        await ui.press("colon", *"fleet", "enter")
        await ui.pause(2)
        assert fleet_screen(ui).members is members


async def test_a_fleet_of_one_profile_is_said(ui: Driver, tmp_path: Path, ui_world: World) -> None:
    path = tmp_path / "config" / "config.toml"
    config = parse_config(
        '[profiles.solo]\nbase_url = "https://alpha.invalid"\napi_key_env = "SOLO"\n', path
    )
    transport = ByHost({"alpha.invalid": ui_world})
    environ = {"SOLO": ui_world.account_key}
    async with ui.run(config, demo=False, environ=environ, transport=transport):
        await ui.press("colon", *"fleet", "enter")
        await ui.until(lambda: "every profile of the config" in ui.told, step=0.5)
        assert isinstance(ui.screen, ServersScreen)


async def test_switching_accounts_leaves_nothing_of_the_other_account_open(
    ui: Driver, tmp_path: Path, ui_world: World, beta: World
) -> None:
    async with running_fleet(ui, tmp_path, ui_world, beta) as screen:
        screen.table.action_move_to(0)  # alpha's first server
        await ui.press("enter")
        await ui.pause(2)
        assert isinstance(ui.screen, ServerDetailScreen)
        billing = await ui.section("billing")
        # `:fleet` from another section: back to the fleet, alpha's detail closed beneath it
        await ui.press("colon", *"fleet", "enter")
        await ui.pause(2)
        assert isinstance(ui.screen, FleetScreen)
        assert not [s for s in ui.app.screen_stack if isinstance(s, ServerDetailScreen)]
        on_first_row_of(screen, "beta")
        await ui.press("enter")
        await ui.pause(2)
        assert ui.app.state.profile == "beta"
        # billing opens afresh, on beta's state
        assert await ui.section("billing") is not billing
        assert ui.app.services is not None and ui.app.services.profile == "beta"


async def test_a_power_menu_cancelled_leaves_the_account_in_use(
    ui: Driver, tmp_path: Path, ui_world: World, beta: World
) -> None:
    async with running_fleet(ui, tmp_path, ui_world, beta) as screen:
        on_first_row_of(screen, "beta")
        await ui.press("p")
        assert ui.app.state.profile == "beta"  # the menu is beta's
        await ui.press("escape")
        await ui.pause()
        assert isinstance(ui.screen, FleetScreen)
        assert ui.app.services is not None and ui.app.services.profile == "alpha"
        assert ui.app.state.profile == "alpha"


async def test_F_opens_the_fleet_from_anywhere(ui: Driver) -> None:
    async with ui.run():
        await ui.section("billing")
        await ui.key("app.fleet")
        screen = await open_fleet(ui)
        assert ui.app.current_mode == "servers"
        # a filter naming only an account that cannot be used says why, not "no server"
        await ui.press("slash", *"profile:demo-lapsed")
        assert screen.table.rows == []
        assert "demo-lapsed: not signed in: API key not found or disabled." in (screen.table._empty)


async def test_refreshing_twice_leaves_no_account_loading_for_good(
    ui: Driver, tmp_path: Path, ui_world: World, beta: World
) -> None:
    async with running_fleet(ui, tmp_path, ui_world, beta) as screen:
        await ui.press("r", "r")  # the second while the first reads
        await ui.pause(2)
        await ui.press("r")

        def settled() -> bool:
            states = [m.state for m in screen.members if m.services is not None]
            return all(s is not None and not s.loading.active for s in states)

        await ui.until(settled, step=0.5)
        assert "loading" not in ui.text("#accounts")


async def test_no_switch_of_accounts_while_a_change_is_being_prepared(
    ui: Driver, tmp_path: Path, ui_world: World, beta: World
) -> None:
    async with running_fleet(ui, tmp_path, ui_world, beta) as screen:
        pending = asyncio.Event()
        ui.app.run_worker(pending.wait(), group="flow")  # a flow between two of its dialogs
        beta_member = next(m for m in screen.members if m.profile == "beta")
        assert not ui.app.fleet.use(beta_member)
        assert ui.app.services is not None and ui.app.services.profile == "alpha"
        await ui.pause()
        assert "A change on alpha is under way" in ui.told
        pending.set()
        await ui.pause(2)
        assert ui.app.fleet.use(beta_member)
        assert ui.app.services is not None and ui.app.services.profile == "beta"
