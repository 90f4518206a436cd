"""Faults by kind × screen: the user is told, keys still work, nothing is lost or sent twice.

Each read fault is switched on while a screen is open (with something typed into it), then the
screen is read again (`r`, or opened for the first time). For every cell:

- the user is told: the status line or a toast names the problem while it lasts (a read that
  is tried again says so and when), unless the fault is one the app rides over unseen (a
  session that expired is renewed; a slow reply is waited for, with the keys working);
- the app answers keys while the fault lasts (the help screen opens and closes);
- what the user typed (a filter, the tab they chose) is still there afterwards;
- nothing is changed on invapi's side and no read is sent more often than the retry policy
  allows; once the fault is gone, the screen is read again with success.

The faults on an action (a session that expires mid-action, a task that never finishes, an
async key that disappears) and invapi being down at the start are cells of their own below.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from hostkey_tui.api.retry import RetryPolicy
from hostkey_tui.clock import ManualClock
from hostkey_tui.config.model import Config, Profile
from hostkey_tui.models.tasks import TaskState
from hostkey_tui.simulator.transport import SimulatorTransport
from hostkey_tui.simulator.world import World
from hostkey_tui.state.state import Link
from hostkey_tui.ui.app import HostkeyApp
from hostkey_tui.ui.kit.widgets.chrome import StatusLine
from hostkey_tui.ui.kit.widgets.inputs import TextInput
from tests.reliability.autopilot import BM, BY_ACTION, FAST, act, reach
from tests.reliability.matrix import Matrix
from tests.ui.conftest import Build
from tests.ui.driver import Driver

SIM = "http://127.0.0.1:9"


@dataclass(frozen=True)
class Screen:
    name: str
    section: str  # "" for the server list, "detail" for a server
    reads: str  # the read that fills it
    typed: tuple[str, str] = ("", "")  # (input id, text) the user typed before the fault
    tab: str = ""  # or the tab the user chose


SCREENS = (
    Screen("servers", "", "eq/update_servers", typed=("#filter", "de-")),
    Screen("detail", "detail", "eq/show", tab="tab-network"),
    Screen("billing", "billing", "whmcs/get_client", typed=("#invoice-filter", "2345")),
    Screen("dns", "dns", "pdns/list_domains", typed=("#record-filter", "www")),
    Screen("account", "account", "api_keys/list", tab="tab-ssh"),
    Screen("order", "order", "presets/list", typed=("#choice-filter", "nano")),
)


@dataclass(frozen=True)
class Fault:
    name: str
    kind: str  # a simulator fault, or "down" (the network is gone)
    value: float = 0.0
    times: int | None = None
    said: tuple[str, ...] = ()  # words that must be shown while it lasts (any of them)


FAULTS = (
    Fault("API gone mid-session", "down", said=("Could not connect",)),
    Fault("5xx burst", "status", 503, times=3, said=("HTTP 503",)),
    Fault("429 with Retry-After", "rate_limit", 3, times=2, said=("HTTP 429",)),
    Fault("a request that hangs", "hang", times=1, said=("no reply",)),
    Fault("replies taking 10 s", "slow", 10),
    Fault("malformed JSON", "malformed", times=1, said=("not JSON",)),
    Fault("session expired", "expire_token", times=1),
)


class Switch(SimulatorTransport):
    """The simulator behind a network that can go away (connection refused)."""

    down = False

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if self.down:
            raise httpx.ConnectError("[Errno 111] Connection refused", request=request)
        return await super().handle_async_request(request)


def _real_session(build: Build, world: World, switch: Switch, config: Config) -> HostkeyApp:
    profile = Profile("main", base_url=SIM, api_key_env="CI_HOSTKEY_KEY")
    config = Config(profiles={"main": profile}, api=config.api)
    return build(
        config, demo=False, transport=switch, environ={"CI_HOSTKEY_KEY": world.account_key}
    )


def _shown(app: HostkeyApp, shown: set[int]) -> str:
    status = " ".join(s.left for s in app.screen.query(StatusLine))
    notes = " ".join(str(n.message) for n in app._notifications if id(n) not in shown)
    note = str(getattr(app.screen, "note", ""))  # a screen that says it in its own body
    return f"{status} {notes} {note}"


async def _open(ui: Driver, screen: Screen) -> None:
    app, pilot = ui.app, ui.pilot
    if screen.section == "detail":
        app.open_server(BM)
    elif screen.section:
        app.action_section(screen.section)
    await ui.calm()
    if screen.section == "order":  # a location chosen: its catalogue is what `r` reads again
        from textual.widgets import DataTable

        from hostkey_tui.ui.order.screen import OrderScreen

        order = app.screen
        assert isinstance(order, OrderScreen)
        names = [getattr(r, "name", None) or str(getattr(r, "id", r)) for r in order.rows]
        order.query_one("#choices", DataTable).move_cursor(row=names.index("NL"))
        await pilot.press("enter")
        await ui.calm()


async def _type(app: HostkeyApp, pilot: Any, screen: Screen) -> None:
    if screen.typed[0]:
        field = app.screen.query_one(screen.typed[0], TextInput)
        field.focus()
        await pilot.press(*screen.typed[1])
        await pilot.pause()
    if screen.tab:
        from textual.widgets import TabbedContent

        app.screen.query_one(TabbedContent).active = screen.tab
        await pilot.pause()


def _kept(app: HostkeyApp, screen: Screen) -> bool:
    if screen.typed[0]:
        return app.screen.query_one(screen.typed[0], TextInput).value == screen.typed[1]
    if screen.tab:
        from textual.widgets import TabbedContent

        return app.screen.query_one(TabbedContent).active == screen.tab
    return True


def _leave_input(app: HostkeyApp) -> None:
    """Out of the filter, so that `r` goes to the screen (the filter keeps its text)."""
    if isinstance(app.focused, TextInput):
        app.screen.set_focus(None)


@pytest.mark.parametrize("fault", FAULTS, ids=[f.name for f in FAULTS])
@pytest.mark.parametrize("screen", SCREENS, ids=[s.name for s in SCREENS])
async def test_a_read_fault_on_each_screen_is_said_survived_and_loses_nothing(
    screen: Screen,
    fault: Fault,
    build: Build,
    ui_world: World,
    ui_clock: ManualClock,
    matrix: Matrix,
) -> None:
    switch = Switch(ui_world)
    app = _real_session(build, ui_world, switch, Config() if fault.kind == "slow" else FAST)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        ui = Driver.on(pilot, ui_clock, ui_world)
        await ui.calm()
        await _open(ui, screen)
        await _type(app, pilot, screen)
        since = len(ui_world.requests)
        shown = {id(n) for n in app._notifications}
        if fault.kind == "down":
            switch.down = True
        else:
            ui_world.faults.add(fault.kind, "*", fault.value, times=fault.times)
        _leave_input(app)
        await pilot.press("r")
        said = ""
        for step in range(80):  # the fault lasts: look, and press keys, as time passes
            await pilot.pause()
            said += " " + _shown(app, shown)
            if step == 3:
                await ui.still_answers()
            ui_clock.advance(0.25)
        for words in [fault.said] if fault.said else []:
            assert any(w in said for w in words), f"{fault.name} on {screen.name}: {said[-600:]}"
        # The fault ends; the screen is read again with success (by itself, or on `r`).
        switch.down = False
        ui_world.faults.clear()
        await ui.calm()
        mark = len(ui_world.requests)
        _leave_input(app)
        await pilot.press("r")
        await ui.calm()
        if screen.section == "":
            assert app.state.connection.link is Link.OK and len(app.state.servers) == 28
        assert _kept(app, screen), f"{screen.name}: what was typed is gone"
        during = ui_world.requests[since:]
        assert not ui.mutations(since), "a read fault made the app change something"
        counts = Counter(  # the same read (same fields) sent again: at most the retries
            repr((r.resource, r.action, sorted((k, v) for k, v in r.form.items() if k != "token")))
            for r in during[: mark - since]
        )
        assert max(counts.values(), default=0) <= RetryPolicy().attempts + 1, counts
        answered = [
            r for r in ui_world.requests[mark:] if f"{r.resource}/{r.action}" in screen.reads
        ]
        assert not answered or answered[-1].status == 200
        assert app.is_running
        matrix.record("faults", fault.name, screen.name, 1)


async def test_api_down_at_start_is_said_and_retried_until_it_is_back(
    build: Build, ui_world: World, ui_clock: ManualClock, matrix: Matrix
) -> None:
    switch = Switch(ui_world)
    switch.down = True
    app = _real_session(build, ui_world, switch, FAST)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        ui = Driver.on(pilot, ui_clock, ui_world)
        said = ""
        for _ in range(30):
            await pilot.pause()
            said += " " + _shown(app, set())
            ui_clock.advance(1)
        assert "Could not connect" in said and "retrying in" in said, said[-400:]
        await ui.still_answers()
        await pilot.press("slash", *"fi-")  # typed while invapi is down
        switch.down = False
        ui_clock.advance(120)
        await ui.calm()
        assert app.state.connection.link is Link.OK and len(app.state.servers) == 28
        assert app.screen.query_one("#filter", TextInput).value == "fi-"
        assert not ui.mutations()
    matrix.record("faults", "API down at start", "servers", 1)


async def _action(ui: Driver, name: str) -> None:
    journey = BY_ACTION[name]
    await reach(ui, journey)
    await act(ui, journey)


@pytest.mark.parametrize("action", ["detail.power", "detail.ipmi_reset", "account.set_pin"])
async def test_a_session_expiring_mid_action_is_renewed_and_the_action_sent_once(
    action: str, build: Build, ui_world: World, ui_clock: ManualClock, matrix: Matrix
) -> None:
    journey = BY_ACTION[action]
    app = build(FAST)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        ui = Driver.on(pilot, ui_clock, ui_world)
        await ui.calm()
        for endpoint in journey.sends:
            ui_world.faults.add("expire_token", endpoint, times=1)
        since = len(ui_world.requests)
        await _action(ui, action)
        await ui.calm()
        wanted = {*journey.sends, "auth/login"}
        order = [
            f"{r.resource}/{r.action}"
            for r in ui_world.requests[since:]
            if f"{r.resource}/{r.action}" in wanted
        ]
        # invapi refused the first (its session had ended: nothing was done); the app signed
        # in again and sent it once more, once.
        assert order[-3:] == [journey.sends[0], "auth/login", journey.sends[0]], order
        jobs = [j for j in app.state.jobs.values() if j.state.final]
        assert all(j.state is TaskState.DONE for j in jobs), jobs
        assert ui_world.count("auth", "login") >= 2
        await ui.still_answers()
    matrix.record("faults", "session expired mid-action", action, 1)


@pytest.mark.parametrize(
    ("kind", "words"),
    [("never_finish", ("still", "not finished", "unknown")), ("lose_task", ("gone", "unknown"))],
)
@pytest.mark.parametrize("action", ["detail.power", "detail.ipmi_reset", "detail.mount"])
async def test_a_task_that_never_ends_or_vanishes_is_said_and_not_sent_again(
    action: str,
    kind: str,
    words: tuple[str, ...],
    build: Build,
    ui_world: World,
    ui_clock: ManualClock,
    matrix: Matrix,
) -> None:
    journey = BY_ACTION[action]
    app = build(FAST)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        ui = Driver.on(pilot, ui_clock, ui_world)
        await ui.calm()
        for endpoint in journey.sends:
            ui_world.faults.add(kind, endpoint, times=1)
        since = len(ui_world.requests)
        shown = {id(n) for n in app._notifications}
        await _action(ui, action)
        await ui.still_answers()
        # Followed to its end, however long: what it ends in depends only on its deadline (up to
        # 900 s), so ten seconds at a time reach it as surely as one.
        await ui.calm(limit=300, step=10)
        said = _shown(app, shown)
        assert any(w in said.lower() for w in words), said
        jobs = [j for j in app.state.jobs.values() if j.state.final]
        ended = (TaskState.TIMED_OUT, TaskState.GONE, TaskState.UNKNOWN)
        assert jobs and jobs[-1].state in ended, jobs[-1:]
        assert Counter(ui.mutations(since)) == Counter(journey.sends)
    matrix.record(
        "faults", "task never finishes" if kind == "never_finish" else "async key gone", action, 1
    )
