"""What every section screen shares: the frame, the state subscription, read-only checks."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from typing import TYPE_CHECKING, Any, ClassVar, cast

from textual.screen import Screen
from textual.widgets import TabbedContent
from textual.worker import Worker, WorkerState

from hostkey_tui.state.state import AppState, Link
from hostkey_tui.ui.kit.keys import Key, mutating
from hostkey_tui.ui.kit.modals.help import KeyHelp
from hostkey_tui.ui.kit.widgets.chrome import AppHeader, HeaderInfo, KeyBar, SectionBar, StatusLine

if TYPE_CHECKING:
    from hostkey_tui.ui.host import Host


class SectionScreen(Screen[None]):
    """A screen inside a section: header, section bar and status line around a body."""

    #: The registry scope of this screen's actions.
    SCOPE: ClassVar[str] = ""
    #: The section (mode) it belongs to.
    SECTION: ClassVar[str] = "servers"
    #: Its keys table (its `BINDINGS` are made from it).
    KEYS: ClassVar[tuple[Key, ...]] = ()
    #: The heading of its keys in the help.
    HELP_TITLE: ClassVar[str] = "This screen"
    #: The scope of the keys that move around it, shown under "Moving" in the help.
    HELP_MOVING: ClassVar[str] = "table"
    #: More help sections after the keys (the server list's filter terms).
    HELP_EXTRA: ClassVar[tuple[tuple[str, list[KeyHelp]], ...]] = ()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._ticks: list[asyncio.Task[None]] = []

    @property
    def hostkey(self) -> Host:
        return cast("Host", self.app)

    def chrome_top(self) -> tuple[AppHeader, SectionBar]:
        return AppHeader(), SectionBar()

    def chrome_bottom(self) -> tuple[StatusLine, KeyBar]:
        return StatusLine(), KeyBar()

    def on_mount(self) -> None:
        bar = self.query_one(SectionBar)
        bar.sections = self.hostkey.section_titles()
        bar.current = self.SECTION
        self.watch(self.app, "state", self._on_state, init=True)

    def every_second(self, callback: Callable[[], object]) -> None:
        """Call `callback` each second of the app's clock while this screen lives.

        Countdowns and "read 12 s ago" follow the same clock as the times they show, so a test
        moves that clock instead of waiting. Each tick goes through the screen's own queue, in
        order with its other messages: none once the screen starts closing, and a tick that
        fails is the app's error, as a Textual timer's would be. (A clock that jumps forward
        whenever something sleeps, `ManualClock(autoadvance=True)`, would tick without end.)
        """
        clock = self.hostkey.clock

        async def ticking() -> None:
            while True:
                await clock.sleep(1.0)
                if not self.call_later(callback):
                    return  # closing

        self._ticks.append(asyncio.create_task(ticking(), name=f"{type(self).__name__} tick"))

    def on_unmount(self) -> None:
        for task in self._ticks:
            task.cancel()
        self._ticks.clear()

    def _on_state(self, state: AppState) -> None:
        credit = state.account.credit.display() if state.account.credit else ""
        self.query_one(AppHeader).info = HeaderInfo(
            profile=state.profile,
            email=state.account.email,
            credit=credit,
            read_only=state.read_only,
            demo=state.demo,
        )
        status = self.query_one(StatusLine)
        status.set_class(state.connection.link is Link.UNREACHABLE, "-warning")
        status.set_class(state.connection.link is Link.SIGNED_OUT, "-error")
        self.state_changed(state)

    def run_flow(self, work: Coroutine[Any, Any, object]) -> None:
        """A flow that may wait on dialogs: runs as an app worker, its errors reported."""
        self.hostkey.run_worker(work, group="flow", exit_on_error=False)

    def state_changed(self, state: AppState) -> None:
        """The state changed: update this screen's slice (override)."""

    def recheck_changes(self) -> None:
        """`r` also asks invapi again about changes whose reply was lost and that it could not
        be asked about yet (said in the status line as "r asks again")."""
        services = self.hostkey.services
        if services is not None:
            services.changes.recheck()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # A change in read-only mode: hidden from the footer, the help and the palette, and refused.
        return not (self.hostkey.state.read_only and action in mutating(self.KEYS))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state is WorkerState.ERROR and event.worker.error is not None:
            self.hostkey.report_error(event.worker.error)


class TabbedSectionScreen(SectionScreen):
    """A section of tabs: `t`/`T` go round them, and each tab gives the keys to its own widget
    (else the focus falls back to a hidden tab's widget and Textual switches back to it)."""

    #: Each tab's id and the selector of the widget that takes the keys there, in tab order.
    TAB_FOCUS: ClassVar[dict[str, str]] = {}

    def action_tab(self, step: int) -> None:
        content = self.query_one(TabbedContent)
        tabs = list(self.TAB_FOCUS)
        content.active = tabs[(tabs.index(content.active) + step) % len(tabs)]
        self._focus_tab(content.active)

    def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        if event.pane.id in self.TAB_FOCUS and not self.keeps_focus():
            self._focus_tab(event.pane.id)

    def keeps_focus(self) -> bool:
        """Whether the focused widget keeps the keys when a tab opens (override)."""
        return False

    def _focus_tab(self, tab: str) -> None:
        self.query_one(self.TAB_FOCUS[tab]).focus()
        # The footer offers what the open tab can do.
        self.refresh_bindings()
