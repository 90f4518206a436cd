"""The whole app walked against invapi as documented (tests/docreplay): every section, every tab,
every detail tab of the documented server, at 120x40 and 80x24.

The replay answers only with the documentation's example replies and refuses everything else as
an unknown action, so each screen shows the documented data where there is some, and says in
its own place what could not be read where there is none (DESIGN: "Every read stands alone").
Each walk gathers every problem it sees and fails once, with the whole list.

The clock starts at the documentation's own time (just before the documented login token
expires), so the documented token is fresh as it would have been then.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from textual.widget import Widget
from textual.widgets import DataTable, Static, TabbedContent, Tabs
from textual.widgets._toast import ToastRack

from hostkey_tui.clock import ManualClock
from hostkey_tui.config.model import Config, Profile
from hostkey_tui.ui.app import HostkeyApp
from hostkey_tui.ui.kit.modals.choose import ChooseOne
from hostkey_tui.ui.kit.modals.pin import PinModal
from hostkey_tui.ui.kit.screen import SectionScreen
from hostkey_tui.ui.kit.widgets.chrome import AppHeader, KeyBar, SectionBar, StatusLine
from hostkey_tui.ui.server.screen import ServerDetailScreen
from hostkey_tui.ui.servers.table import ServerTable
from tests.docreplay import PIN, WRONG_PIN, DocReplayTransport
from tests.quiet import until_quiet
from tests.ui.conftest import Build, settle
from tests.ui.driver import Driver

#: 2023-12-18 09:50 UTC: the documented login token (expiring 10:25:40) is fresh.
DOC_NOW = 1_702_893_000.0
#: Never dialled: the replay's transport answers in-process.
REPLAY_URL = "https://invapi.docreplay.invalid"
#: Starts as the documented `new_api` key's `token_view` (0cab): the key in use.
API_KEY = "0cab5703f6f41d3f-5d52f141ff7ac755"
SERVER = 34533
#: The documented server's `password` tag: never on screen unless asked for.
TAG_PASSWORD = "wK5Vjwx_BC"
SIZES = [(120, 40), (80, 24)]

#: Longest deadline of anything the app reads or follows (api.tasks.DEADLINES, OTHER: 900 s),
#: passed 10 s at a time as the app's own polls would see it.
DEADLINE = 960.0
STEP = 10.0

STILL_READING = re.compile(r"\b(reading|loading|signing in)\b[^\n.]{0,30}(…|\.\.\.)", re.I)
#: Words that say a part could not be read (tolerant: the wording is being written now).
NOT_READ = re.compile(
    r"not read|could not|couldn't|cannot|can't|unknown action|refused|unavailable|failed"
)


@pytest.fixture
def replay() -> DocReplayTransport:
    return DocReplayTransport()


@pytest.fixture
def doc_clock() -> ManualClock:
    return ManualClock(DOC_NOW)


@pytest.fixture
def no_viewer(monkeypatch: pytest.MonkeyPatch) -> None:
    """A console file is never handed to a real remote-viewer from a test."""
    monkeypatch.setattr("hostkey_tui.ui.server.tabs.remote_flows.launch_viewer", lambda path: False)
    monkeypatch.setattr("hostkey_tui.ui.server.tabs.remote_flows.viewer_installed", lambda: False)


@pytest.fixture
def app(build: Build, replay: DocReplayTransport, doc_clock: ManualClock) -> HostkeyApp:
    """The app as the command line makes it for a real account, on the replay."""
    config = Config(profiles={"main": Profile("main", base_url=REPLAY_URL)})
    environ = {"HOSTKEY_API_KEY": API_KEY}
    return build(config, demo=False, transport=replay, clock=doc_clock, environ=environ)


# -- what a screen shows ----------------------------------------------------------------------


def _shown(widget: Widget) -> bool:
    nodes = [n for n in widget.ancestors_with_self if isinstance(n, Widget)]
    return all(n.display and n.visible for n in nodes if n is not widget.screen)


def blocks(app: HostkeyApp) -> list[str]:
    """The text of each part of the screen (a Static, a table's rows), the chrome, tab labels
    and toasts left out, whether or not the terminal is tall enough to show all of it."""
    found: list[str] = []
    lines = [strip.text for strip in app.screen._compositor.render_strips()]
    for widget in app.screen.query(Widget):
        if not _shown(widget) or any(isinstance(n, NOT_PARTS) for n in widget.ancestors):
            continue
        if isinstance(widget, ServerTable):  # draws its visible rows itself (line API)
            found.append("\n".join(lines[widget.region.y : widget.region.bottom]))
        elif isinstance(widget, DataTable):
            found.append("\n".join(" ".join(map(str, row)) for row in _rows(widget)))
        elif isinstance(widget, Static) and not isinstance(widget, NOT_PARTS):
            found.append(str(widget.render()))
    return [b for b in found if b.strip()]


NOT_PARTS = (AppHeader, SectionBar, StatusLine, KeyBar, ToastRack, Tabs)


def _rows(table: DataTable[Any]) -> list[list[object]]:
    return [table.get_row_at(i) for i in range(table.row_count)]


def body(app: HostkeyApp) -> list[str]:
    """The terminal's lines between the section bar and the status line."""
    lines = [strip.text.rstrip() for strip in app.screen._compositor.render_strips()]
    return lines[2:-2]


@dataclass
class Seen:
    """One view as the user sees it, once the clock passed every deadline."""

    name: str
    blocks: list[str]
    body: list[str]

    @property
    def text(self) -> str:
        return "\n".join([*self.blocks, *self.body])

    def names(self, part: str) -> bool:
        """Whether `part` is said with why it was not read, within three lines of one part
        (the terminal's lines are not looked at: a tab's label is not its content)."""
        part = _plain(part)
        for block in self.blocks:
            lines = _plain(block).splitlines()
            for i in range(len(lines)):
                window = " ".join(lines[i : i + 3])
                if part in window and NOT_READ.search(window):
                    return True
        return False


def _plain(text: str) -> str:
    """Lower case, `-` and `_` as spaces: "Remote-hands" and "ssh_keys" name their parts."""
    return text.lower().replace("-", " ").replace("_", " ")


class Walk:
    """Drives one app through its views and gathers every problem, failing once at the end."""

    def __init__(self, app: HostkeyApp, pilot: Any, clock: ManualClock) -> None:
        self.app, self.pilot, self.clock = app, pilot, clock
        self.problems: list[str] = []
        self.toasts: list[str] = []

    def problem(self, text: str) -> None:
        self.problems.append(text)

    async def press(self, *keys: str) -> None:
        for key in keys:
            await self.pilot.press(key)
            await until_quiet()
        if self.app._exception is not None:  # nothing after this is worth reading
            self.finish()

    async def look(self, name: str) -> Seen:
        """The view once the clock passed every deadline (10 s at a time while something
        says it is still reading). Toasts are noted, then cleared: they are not a part's place."""
        await until_quiet()
        for _ in range(int(DEADLINE / STEP)):
            if not STILL_READING.search("\n".join(blocks(self.app) + body(self.app))):
                break
            self.clock.advance(STEP)
            await until_quiet()
        self.toasts += [f"{name}: {n.title}: {n.message}" for n in self.app._notifications]
        self.app.clear_notifications()
        await until_quiet()
        return Seen(name, blocks(self.app), body(self.app))

    async def view(self, name: str, shows: Words = (), names: Words = ()) -> Seen:
        """The documented data is there, each refused part is said in place, and nothing is
        blank, still reading, or a secret."""
        seen = await self.look(name)
        if not any(re.search(r"\w", b) for b in seen.blocks):
            self.problem(f"{name}: the screen is blank")
        if still := STILL_READING.search(seen.text):
            line = next(ln for ln in seen.text.splitlines() if still.group(0) in ln)
            self.problem(f"{name}: {DEADLINE:.0f} s later still says {line.strip()!r}")
        for words in shows:
            if words.lower() not in seen.text.lower():
                self.problem(f"{name}: the documented {words!r} is not shown")
        for part in names:
            if not seen.names(part):
                self.problem(f"{name}: the refused part {part!r} is not said in place")
        if TAG_PASSWORD in seen.text:
            self.problem(f"{name}: the server's password tag is on screen")
        return seen

    async def tabs(self, where: str, tabs: list[Tab]) -> list[Seen]:
        """Each tab in turn (`t`)."""
        seen: list[Seen] = []
        for i, (tab, shows, names) in enumerate(tabs):
            if i:
                await self.press("t")
            if active_tab(self.app) != tab:
                self.problem(f"{where}: t reached {active_tab(self.app)!r}, not {tab!r}")
            seen.append(await self.view(f"{where} {tab}", shows, names))
        return seen

    def finish(self) -> None:
        if self.app._exception is not None:
            self.problem(f"the app stopped: {self.app._exception!r}")
        for toast in self.toasts:
            if "unexpected" in toast.lower() or "traceback" in toast.lower():
                self.problem(f"an unexpected-error toast: {toast}")
        assert not self.problems, "\n".join(["", *self.problems, "toasts:", *self.toasts])


def active_tab(app: HostkeyApp) -> str:
    tabs = app.screen.query(TabbedContent)
    return tabs.first().active if tabs else ""


async def open_server(walk: Walk) -> bool:
    await walk.press("colon", *f"server {SERVER}", "enter")
    await settle(walk.app, walk.pilot)
    if isinstance(walk.app.screen, ServerDetailScreen):
        return True
    jump = " / ".join(ln.strip() for ln in body(walk.app) if re.search(r"\w", ln))
    for _ in range(3):  # out of the jump line, back to the list
        if isinstance(walk.app.screen, SectionScreen):
            break
        await walk.press("escape")
    listed = "\n".join(ln for ln in body(walk.app) if re.search(r"\w", ln))
    walk.problem(f":server {SERVER} did not open it ({jump}); the list said:\n{listed}")
    return False


Words = tuple[str, ...]
#: (tab, documented words it shows, refused parts it names), in the order `t` walks them.
Tab = tuple[str, Words, Words]
BILLING_TABS: list[Tab] = [
    ("tab-invoices", ("23455", "23451"), ()),
    ("tab-account", ("Veldweg 111", "Amsterdam"), ()),  # whmcs/get_client
    ("tab-credit", ("10116",), ()),  # whmcs/getcredits: "Credit Applied to Invoice #10116"
    ("tab-transactions", (), ("transactions",)),  # documented, with no reply
    ("tab-contacts", ("Dimitry",), ()),
]
ACCOUNT_TABS: list[Tab] = [
    ("tab-api", ("new_api", "test_control_panel"), ()),
    ("tab-ssh", (), ("ssh keys",)),  # ssh_keys.php is not in the documentation
    ("tab-rhr", (), ("remote hands",)),  # nor is rhr.php
    ("tab-pin", ("PIN",), ()),
]
DETAIL_TABS: list[Tab] = [
    ("tab-overview", ("nl-vmmini", "31.207.44.105", "vm.mini"), ()),
    ("tab-power", (), ("power",)),  # eq/status: documented, with no reply
    ("tab-sensors", (), ()),  # a VM: no IPMI sensors, and it says so
    ("tab-network", ("31.207.44.105",), ("ptr",)),
    ("tab-remote", (), ("iso",)),
    ("tab-reinstall", ("Ubuntu 22.04",), ()),
    ("tab-snapshots", (), ("snapshot",)),  # vm.php is not in the documentation
    ("tab-tags", ("order_origin",), ("tag",)),
    ("tab-billing", ("Active", "23451"), ("cancellation",)),  # get_cancellation_requests
]
#: Every call a walk may send, all reads: a change among the requests is a bug.
READS = {
    "auth": "login info",
    "eq": "update_servers show status sensors",
    "eq_callback": "check",
    "net": "get_status",
    "ip": "get_ptr get_ip get_client_ip",
    "iso": "list_iso uploaded",
    "vm": "get_snapshot load_stats",
    "tags": "list",
    "whmcs": "get_client get_contacts get_invoices get_invoice getcredits transactions "
    "get_billing_data get_related_invoices get_cancellation_requests",
    "pdns": "list_domains view_zone",
    "presets": "list",
    "os": "list",
    "software": "list",
    "traffic_plans": "list",
    "stocks": "list show",
    "jenkins": "get_tasks",
    "api_keys": "list view history",
    "ssh_keys": "list",
    "rhr": "list",
}


# -- the walks ----------------------------------------------------------------------------


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_every_section_and_tab_shows_the_documented_data(
    app: HostkeyApp, replay: DocReplayTransport, doc_clock: ManualClock, size: tuple[int, int]
) -> None:
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        walk = Walk(app, pilot, doc_clock)
        # eq/show answers 34533 for every id: the two other listed servers must not stay
        # "loading…" either.
        await walk.view("1 Servers", shows=("nl-vmmini", "31.207.44.105"))
        await walk.press("2")
        await walk.tabs("2 Billing", BILLING_TABS)
        await walk.press("3")
        await walk.view("3 DNS", names=("domain",))
        await walk.press("4")
        await walk.view("4 Order", shows=("Netherlands",))
        await walk.press("enter")  # the first location: the documented presets
        await walk.view("4 Order presets", shows=("vm.pico",))
        await walk.press("t")  # the stock servers
        await walk.view("4 Order stock servers", shows=("40514",))
        await walk.press("5")
        await walk.view("5 Jobs")
        await walk.press("6")
        await walk.tabs("6 Account", ACCOUNT_TABS)
        changes = [r for r in replay.requests if r.action not in READS.get(r.resource, "").split()]
        if changes:
            walk.problem(
                f"changes sent while only looking: {[(r.resource, r.action) for r in changes]}"
            )
        walk.finish()


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_every_detail_tab_of_the_documented_server(
    app: HostkeyApp, replay: DocReplayTransport, doc_clock: ManualClock, size: tuple[int, int]
) -> None:
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        walk = Walk(app, pilot, doc_clock)
        if await open_server(walk):
            network = (await walk.tabs("detail", DETAIL_TABS))[3]
            if re.search(r"pin\b.{0,20}not correct", network.text, re.I):
                walk.problem("detail tab-network: says a PIN was not correct; none was asked")
        if any(not r.field("pin") for r in replay.logged("net", "get_status")):
            walk.problem("net/get_status was sent without a PIN (documented with `pin`)")
        walk.finish()


# -- the PIN --------------------------------------------------------------------------------


async def opened(app: HostkeyApp, pilot: Any, clock: ManualClock, tab: int = 0) -> Walk:
    """The documented server's detail, on its `tab`-th tab."""
    await settle(app, pilot)
    walk = Walk(app, pilot, clock)
    assert await open_server(walk), walk.problems
    await walk.press(*(["t"] * tab))
    return walk


async def power_menu(ui: Driver) -> list[str]:
    """The keys of the power menu (p), as offered: the menu stays open."""
    await ui.press("p")
    menu = ui.screen
    assert isinstance(menu, ChooseOne), type(menu).__name__
    return [choice.key for choice in menu.choices]


async def ask_reboot(ui: Driver) -> None:
    """p → reboot → confirm: the PIN dialog is next."""
    keys = await power_menu(ui)
    assert "reboot" in keys, f"reboot is not offered: {keys}"
    await ui.press(*(["down"] * keys.index("reboot")), "enter")
    await ui.confirm()


async def pass_deadlines(clock: ManualClock) -> None:
    """Past the grace period and every deadline, 10 s at a time: what is sent is sent, and
    whatever would be sent again would be by then."""
    for _ in range(int(DEADLINE / STEP)):
        clock.advance(STEP)
        await until_quiet()


def said(app: HostkeyApp) -> str:
    return "\n".join(f"{n.title}: {n.message}" for n in app._notifications)


async def test_a_power_action_with_the_right_pin_is_checked_once_and_sent_once(
    app: HostkeyApp, replay: DocReplayTransport, doc_clock: ManualClock
) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        ui = Driver.on(pilot, doc_clock)
        await opened(app, pilot, doc_clock)
        await ask_reboot(ui)
        await ui.pin(PIN)
        assert not isinstance(app.screen, PinModal), ui.pin_problem
        await pass_deadlines(doc_clock)
        assert replay.count("eq", "check_pin") == 1
        assert [r.field("pin") for r in replay.logged("eq", "reboot")] == [PIN]  # once
        # check_pin's reply is final as it stands: its key is not polled (invapi deleted it);
        # eq/reboot's refusal carries no key at all.
        assert replay.logged("eq_callback", "check") == []
        # The clear refusal (the documentation shows no reply for eq/reboot) is said.
        await ui.press("t")  # the Power tab
        told = f"{said(app)}\n{app.screen.query_one('#power-panel', Static).render()}"
        assert re.search("unknown action|refused", told, re.I), told


async def test_a_wrong_pin_says_invapis_words_and_the_right_one_still_works(
    app: HostkeyApp, replay: DocReplayTransport, doc_clock: ManualClock
) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        ui = Driver.on(pilot, doc_clock)
        await opened(app, pilot, doc_clock)
        await ask_reboot(ui)
        await ui.pin(WRONG_PIN)
        problem = ui.pin_problem
        assert isinstance(app.screen, PinModal) and re.search("not correct|wrong", problem, re.I), (
            problem
        )
        assert "Blocked For Security Purposes" in problem  # invapi's own words (debug)
        # A warning, never a lock of the app's own: invapi says "blocked" with every wrong PIN,
        # so the tries left are counted; after several it refuses PINs for a while.
        assert "2 tries left" in problem and "for a while" in problem, problem
        assert "support" not in problem.lower(), problem  # not "only support can reset it"
        assert replay.count("eq", "reboot") == 0
        await ui.pin(PIN)  # a second try, in the same dialog
        assert not isinstance(app.screen, PinModal), ui.pin_problem
        await pass_deadlines(doc_clock)
        assert [r.field("pin") for r in replay.logged("eq", "check_pin")] == [WRONG_PIN, PIN]
        assert [r.field("pin") for r in replay.logged("eq", "reboot")] == [PIN]
        assert "reboot" in await power_menu(ui)  # and later: nothing was locked


async def test_the_switch_port_is_read_with_a_pin_on_demand_and_its_reply_is_final(
    app: HostkeyApp, replay: DocReplayTransport, doc_clock: ManualClock
) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        ui = Driver.on(pilot, doc_clock)
        walk = await opened(app, pilot, doc_clock, tab=3)
        assert active_tab(app) == "tab-network"
        await walk.look("network")
        assert replay.logged("net", "get_status") == []  # documented with `pin`: none yet
        await ui.press("s")
        await ui.pin(PIN)
        seen = await walk.look("network, read")
        assert [r.field("pin") for r in replay.logged("net", "get_status")] == [PIN]
        port = str(app.screen.query_one("#net-port", Static).render())
        assert all(documented in port for documented in ("connected", "415", "1000")), port
        assert not STILL_READING.search(seen.text), seen.text
        assert replay.logged("eq_callback", "check") == []  # the direct reply is final


async def test_the_console_reply_is_final_and_written_to_a_file(
    app: HostkeyApp,
    replay: DocReplayTransport,
    doc_clock: ManualClock,
    tmp_path: Path,
    no_viewer: None,
) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        ui = Driver.on(pilot, doc_clock)
        walk = await opened(app, pilot, doc_clock, tab=4)
        assert active_tab(app) == "tab-remote"
        await ui.press("c")
        await ui.pin(PIN)
        await walk.look("remote, console")
        path = tmp_path / "downloads" / f"console-{SERVER}.vv"
        assert path.exists(), said(app)
        assert "[virt-viewer]" in path.read_text()
        password = re.search(r"^password=(.+)$", path.read_text(), re.M)
        assert password and password.group(1) not in said(app)  # in the file, nowhere else
        assert [r.field("pin") for r in replay.logged("eq", "console")] == [PIN]
        assert replay.logged("eq_callback", "check") == []  # the direct reply is final
