"""`Driver`: a person at the keyboard of the app under test, as the UI and reliability tests
drive it (the `ui` fixture in tests/ui/conftest.py gives one).

Keys are named by their binding id in the registry (`await ui.key("billing.pay")`): the driver
presses whatever the app binds to that id now, `[keymap]` included, so a changed key cannot make
a test press something else unnoticed. Time is the injected `ManualClock`: every wait here
either waits for the event loop to be quiet (tests/quiet.py) or moves that clock, never real
time.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Button, Checkbox, DataTable, Static, TabbedContent

from hostkey_tui.clock import ManualClock
from hostkey_tui.config.model import Config
from hostkey_tui.simulator.world import LoggedRequest, World
from hostkey_tui.ui.app import HostkeyApp
from hostkey_tui.ui.keys import BY_ID
from hostkey_tui.ui.kit.modals.choose import ChooseOne
from hostkey_tui.ui.kit.modals.confirm import ConfirmModal
from hostkey_tui.ui.kit.modals.form import FormModal
from hostkey_tui.ui.kit.modals.once import ShownOnce
from hostkey_tui.ui.kit.modals.pin import PinModal
from hostkey_tui.ui.kit.widgets.inputs import TextInput
from hostkey_tui.ui.order.screen import OrderScreen
from hostkey_tui.ui.server.screen import ServerDetailScreen
from hostkey_tui.ui.servers.table import ServerTable
from tests.conftest import PIN
from tests.quiet import until as quietly_until

#: The dialogs a flow waits on: `until_idle` stops at one of them.
DIALOGS = (FormModal, ConfirmModal, ShownOnce, ChooseOne, PinModal)
#: Requests that sign in or check a PIN: not changes, whatever the action sent with them.
SIGNING = frozenset(
    {("auth", "logout"), ("auth", "whmcslogin"), ("auth", "login"), ("eq", "check_pin")}
)

#: Servers of the demo world the tests open: a bare-metal one and a VM.
BM, VM = 40053, 34533
#: How many T presses (backwards from the Overview) reach each tab of a server's detail.
BACK = {
    "timeline": 1,
    "billing": 2,
    "tags": 3,
    "snapshots": 4,
    "reinstall": 5,
    "remote": 6,
    "network": 7,
}
#: The root password the order and reinstall tests give (it passes the password policy).
PASSWORD = "Secret-Pass1"
#: The terminal sizes every snapshot is taken at.
SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]
#: A snapshot's `run_before`: what is done to the app before its picture is taken.
Steps = Callable[[Any], Awaitable[None]]


class Driver:
    """The app under test and its pilot, driven the way a person would."""

    def __init__(
        self,
        clock: ManualClock | None = None,
        world: World | None = None,
        build: Callable[..., HostkeyApp] | None = None,
    ) -> None:
        self.clock = clock
        self.world = world
        self._world = world  # the test's own, for an app run without a world of its own
        self._build = build
        self._app: HostkeyApp | None = None
        self._pilot: Pilot[Any] | None = None

    @classmethod
    def on(cls, pilot: Any, clock: ManualClock | None = None, world: World | None = None) -> Driver:
        """A driver of an app a test already runs (`async with app.run_test() as pilot`)."""
        driver = cls(clock, world)
        driver.attach(pilot)
        return driver

    def attach(self, pilot: Any) -> None:
        self._pilot = pilot
        self._app = pilot.app

    @asynccontextmanager
    async def run(
        self,
        config: Config | None = None,
        *,
        size: tuple[int, int] = (120, 40),
        notifications: bool = False,
        settle: bool = True,
        **options: Any,
    ) -> AsyncIterator[HostkeyApp]:
        """The app built as the command line builds it (`build`'s arguments), running, opened
        and done with its first reads unless `settle=False`."""
        assert self._build is not None, "a driver made by the `ui` fixture builds apps"
        app = self._build(config, **options)
        self.world = options.get("world") or self._world
        async with app.run_test(size=size, notifications=notifications) as pilot:
            self.attach(pilot)
            if settle:
                await self.settle()
            yield app

    # -- what is there ------------------------------------------------------------------------

    @property
    def app(self) -> HostkeyApp:
        assert self._app is not None, "no app is running: `async with ui.run():`"
        return self._app

    @property
    def pilot(self) -> Pilot[Any]:
        assert self._pilot is not None, "no app is running: `async with ui.run():`"
        return self._pilot

    @property
    def screen(self) -> Any:
        return self.app.screen

    @property
    def toasts(self) -> list[str]:
        """The texts of the notifications shown so far, oldest first."""
        return [str(n.message) for n in self.app._notifications]

    @property
    def unexpected(self) -> list[str]:
        """Errors the app did not expect (each shown as such instead of a traceback)."""
        return [str(n.message) for n in self.app._notifications if n.title == "Unexpected error"]

    @property
    def requests(self) -> list[LoggedRequest]:
        """The simulator's request log."""
        assert self.world is not None
        return self.world.requests

    def count(self, resource: str, action: str) -> int:
        assert self.world is not None
        return self.world.count(resource, action)

    def mutations(self, since: int = 0) -> list[str]:
        """The requests that change something the simulator received after the `since`-th."""
        from hostkey_tui.api.retry import is_read

        return [
            f"{request.resource}/{request.action}"
            for request in self.requests[since:]
            if not is_read(request.resource, request.action)
            and (request.resource, request.action) not in SIGNING
        ]

    @property
    def told(self) -> str:
        """Every notification shown so far, one a line."""
        return "\n".join(self.toasts)

    def text(self, selector: str) -> str:
        """What a Static of the screen on top says."""
        return str(self.screen.query_one(selector, Static).render())

    def said(self, selector: str) -> str:
        """What a Static of the screen on top says, "" while it is hidden."""
        widget = self.screen.query_one(selector, Static)
        return str(widget.render()) if widget.display else ""

    def rows(self, selector: str) -> list[str]:
        """Each row of a table of the screen on top, its cells joined by spaces."""
        table = self.screen.query_one(selector, DataTable)
        return [" ".join(str(c) for c in table.get_row_at(i)) for i in range(table.row_count)]

    def hostnames(self) -> list[str]:
        """The hostnames the server list on top shows, in its order."""
        table = self.screen.query_one(ServerTable)
        servers = self.app.state.servers
        return [servers[i].hostname for i in table.rows if i in servers]

    def bound(self, binding_id: str) -> str:
        """The key the app binds to this registry id now (the first, if several)."""
        keys = self.app._keymap.get(binding_id) or BY_ID[binding_id].key
        return keys.split(",")[0].strip()

    # -- doing --------------------------------------------------------------------------------

    async def pause(self, times: int = 1) -> None:
        for _ in range(times):
            await self.pilot.pause()

    async def settle(self) -> None:
        """Until the app has done all it does by itself (a flow waiting on a dialog waits)."""
        from tests.ui.conftest import settle

        await settle(self.app, self.pilot)

    async def press(self, *keys: str) -> None:
        await self.pilot.press(*keys)
        await self.pilot.pause()

    async def key(self, *binding_ids: str) -> None:
        """Press the keys bound to these registry ids, in turn."""
        for binding_id in binding_ids:
            await self.pilot.press(self.bound(binding_id))
        await self.pilot.pause()

    async def type(self, text: str) -> None:
        await self.pilot.press(*text)
        await self.pilot.pause()

    async def section(self, name: str) -> Any:
        """Open a section by its key (`app.<name>`) and wait for its reads; its screen."""
        await self.key(f"app.{name}")
        await self.settle()
        return self.screen

    async def tab(self, tab_id: str) -> None:
        """Show this tab of the screen on top (`tab-network`)."""
        self.screen.query_one(TabbedContent).active = tab_id
        await self.pilot.pause()

    async def jump(self, line: str) -> None:
        """Type a jump line (`server 34533`, `invoice 23451`) and go there."""
        await self.key("app.jump")
        await self.pilot.press(*line, "enter")
        await self.settle()

    async def fill(self, *, wait: bool = True, **values: str) -> None:
        """Set fields of the form on top by name, then submit it; unless `wait=False`, until
        the flow ends or asks again."""
        form = self.screen
        assert isinstance(form, FormModal), form
        for name, value in values.items():
            form.query_one(f"#field-{name}", TextInput).value = value
        await self.pilot.pause()
        form.query_one("#form-submit", Button).press()
        await self.pilot.pause()
        if wait:
            await self.until_idle()

    async def type_in(self, **values: str) -> None:
        """Type into fields of the form on top key by key, then Enter in the last one."""
        form = self.screen
        assert isinstance(form, FormModal), form
        for name, value in values.items():
            field = form.query_one(f"#field-{name}", TextInput)
            field.focus()
            field.value = ""
            await self.pause(2)
            await self.pilot.press(*value)
        await self.pilot.press("enter")
        await self.pause(6)

    async def confirm(self, typed: str = "") -> None:
        """Confirm the dialog on top (typing what it asks to be typed, if given)."""
        screen = self.screen
        assert isinstance(screen, ConfirmModal), screen
        if typed:
            screen.query_one("#confirm-typed", TextInput).value = typed
            await self.pilot.pause()
        await self.pilot.click("#confirm")
        await self.pilot.pause()

    async def pin(self, pin: str = PIN) -> None:
        """Type a PIN into the PIN dialog on top, until it closes or says the PIN is wrong."""
        assert isinstance(self.screen, PinModal), self.screen
        await self.pilot.press(*pin, "enter")
        await self.until(
            lambda: (
                not isinstance(self.screen, PinModal)
                or "not correct" in self.pin_problem
                or "blocked" in self.pin_problem
            )
        )

    @property
    def pin_problem(self) -> str:
        screen = self.screen
        if not isinstance(screen, PinModal):
            return ""
        return str(screen.query_one("#pin-problem", Static).render())

    async def choose_power(self, action: str) -> None:
        """Open the power menu (p) and choose `action` in it."""
        await self.pilot.press("p")
        await self.pilot.pause()
        assert isinstance(self.screen, ChooseOne), self.screen
        index = {"status": 0, "on": 1, "off": 2, "reboot": 3, "hard_off": 4}[action]
        await self.pilot.press(*(["down"] * index), "enter")
        await self.pilot.pause()

    async def open_tab(self, server: int | str, tab: str) -> ServerDetailScreen:
        """Open a server's tab (T goes backwards: Billing, Tags, Reinstall, Remote, Network)."""
        await self.settle()
        await self.pilot.press("colon", *f"server {server}", "enter")
        await self.settle()
        await self.pilot.press(*(["T"] * BACK[tab]))
        await self.pilot.pause()
        screen = self.screen
        assert isinstance(screen, ServerDetailScreen) and screen.active_tab == f"tab-{tab}"
        return screen

    async def read_port(self, server: int) -> None:
        """Ask for the port status on the Network tab (s), give the PIN, until it is shown."""
        await self.pilot.press("s")
        await self.pilot.pause()
        await self.pin(PIN)
        await self.until(lambda: self.app.state.net_of(server).port is not None)

    async def open_order(self) -> OrderScreen:
        """The order wizard (section 4), at its first step."""
        await self.settle()
        await self.pilot.press("4")
        await self.pilot.pause()
        screen = self.screen
        assert isinstance(screen, OrderScreen), screen
        return screen

    async def pick(self, label: str) -> None:
        """Put the order wizard's cursor on the row whose name (or code) is `label`, then
        press enter."""
        screen = self.screen
        assert isinstance(screen, OrderScreen), screen
        names = [getattr(r, "name", None) or str(getattr(r, "id", r)) for r in screen.rows]
        assert label in names, names
        screen.query_one("#choices", DataTable).move_cursor(row=names.index(label))
        await self.pilot.press("enter")
        await self.settle()

    async def order_details(self, password: str = PASSWORD, hostname: str = "web-01") -> None:
        """The wizard's details step: its form opened, filled in and sent."""
        await self.pilot.press("enter")
        await self.pilot.pause()
        await self.fill(hostname=hostname, root_pass=password)
        await self.pause(3)

    async def reinstall(self, hostname: str, *, snapshot_first: bool = False) -> None:
        """On the Reinstall tab, the first way through: the first OS that fits, no software,
        the password, the hostname typed, the PIN. A VM's snapshot first is unticked unless
        asked for (tests/ui/test_vm_snapshots_ui.py follows it)."""
        await self.pilot.press("i")
        await self.until_idle()
        assert isinstance(self.screen, ChooseOne), self.screen
        await self.pilot.press("enter")
        await self.until_idle()
        assert isinstance(self.screen, ChooseOne), self.screen
        await self.pilot.press("enter")
        await self.until_idle()
        form = self.screen
        if isinstance(form, FormModal) and form.query("#field-snapshot_first"):
            form.query_one("#field-snapshot_first", Checkbox).value = snapshot_first
        await self.fill(root_pass=PASSWORD)
        assert isinstance(self.screen, ConfirmModal) and self.screen.typed == hostname
        await self.confirm(typed=hostname)
        await self.pin(PIN)

    async def until(self, done: Callable[[], object], step: float = 1.0, limit: int = 120) -> None:
        """Let the test's clock pass, `step` seconds at a time, until `done()` holds."""
        clock = self.clock
        assert clock is not None, "waiting on the clock needs the test's clock"
        await quietly_until(done, step=lambda: clock.advance(step), turns=limit)

    async def until_idle(self) -> None:
        """Until the flow ends or waits on a dialog again (never a wait on a waiting flow)."""
        for _ in range(100):
            await self.pilot.pause()
            flows = [w for w in self.app.workers if w.group == "flow" and not w.is_finished]
            if not flows or isinstance(self.screen, DIALOGS):
                return
        raise AssertionError("the flow never ended")

    async def calm(self, limit: int = 300, step: float = 1) -> None:
        """Let the test's clock pass, `step` seconds at a time, until every job and read is
        done (the sensor poll excepted)."""
        assert self.clock is not None, "waiting on the clock needs the test's clock"
        app = self.app
        for _ in range(limit):
            await self.pilot.pause()
            if not app.starting and all(w.is_finished for w in app.workers if w.group != "sensors"):
                return
            self.clock.advance(step)
        busy = [f"{w.group}:{w.name}" for w in app.workers if not w.is_finished]
        busy.append(type(app.screen).__name__)
        raise AssertionError(f"the app never calmed down: {busy}")

    async def still_answers(self) -> None:
        """The app still answers keys: the help screen opens, and closes."""
        from hostkey_tui.ui.kit.modals.help import HelpScreen

        await self.key("app.help")
        assert isinstance(self.screen, HelpScreen), "the app stopped answering keys"
        await self.key("help.close")


def press_button(button: Button, times: int) -> None:
    """Press a button `times` times before the app has handled the first press."""
    for _ in range(times):
        button.press()


def steps(*keys: str, server: str = "", section: str = "2") -> Steps:
    """Open a section (billing by default) or a server's detail, then press `keys`.

    Flows that wait on a dialog are meant to keep waiting: only pauses here, never a wait for
    every worker to end.
    """

    async def run(pilot: Any) -> None:
        await Driver.on(pilot).settle()
        if server:
            await pilot.press("colon", *f"server {server}", "enter")
        else:
            await pilot.press(section)
        await Driver.on(pilot).settle()
        for key in keys:
            await pilot.press(key)
            for _ in range(3):
                await pilot.pause()
        for _ in range(3):
            await pilot.pause()

    return run
