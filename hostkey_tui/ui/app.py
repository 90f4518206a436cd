"""`HostkeyApp`: sections as modes, the store wired to one reactive, one error handler.

Kept small on purpose: screens hold their own behaviour; the app starts the session, owns the
background work that outlives screens (loading, refreshing), and turns every failure into a
toast instead of a traceback.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable, Coroutine, Iterable, Sequence
from functools import partial
from typing import Any, ClassVar

from rich.console import RenderableType
from rich.text import Text
from textual.app import SystemCommand
from textual.command import CommandPalette
from textual.reactive import reactive
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from hostkey_tui.api import InvapiError, TransportError
from hostkey_tui.config.model import ConfirmPolicy
from hostkey_tui.models.common import Secret
from hostkey_tui.services.cache import Cached, ServerCache
from hostkey_tui.services.context import Services
from hostkey_tui.services.power import Target
from hostkey_tui.services.servers import refresh, restore_cache
from hostkey_tui.services.session import run_session
from hostkey_tui.state.events import SessionOpened
from hostkey_tui.state.state import AppState, Link
from hostkey_tui.state.store import Store
from hostkey_tui.state.views import ServerIndex
from hostkey_tui.ui.announce import Announcers
from hostkey_tui.ui.commands import ActionCommands, Palette
from hostkey_tui.ui.errors import fatal_text, toast_of
from hostkey_tui.ui.fleet import Fleet, FleetHost, reset_other_modes
from hostkey_tui.ui.keys import APP
from hostkey_tui.ui.kit.keys import bindings
from hostkey_tui.ui.kit.textual_app import TextualApp
from hostkey_tui.ui.kit.themes import RememberedThemes
from hostkey_tui.ui.navigation import JumpLine, open_invoice, open_server
from hostkey_tui.ui.opening import CacheOpening, first_rows
from hostkey_tui.ui.quitting import Quitting
from hostkey_tui.ui.sections import BY_MODE, SECTIONS, section_titles
from hostkey_tui.ui.servers.screen import ServersScreen
from hostkey_tui.ui.setup import AppSetup

log = logging.getLogger("hostkey_tui")


class HostkeyApp(FleetHost, TextualApp):
    CSS_PATH = "app.tcss"
    TITLE = "hostkey-tui"
    # The first frame needs the server list only: the other sections are imported when first
    # opened, so that startup pays for one screen (issue 9).
    MODES: ClassVar = {
        s.mode: ServersScreen if s.mode == "servers" else s.make_screen for s in SECTIONS
    }
    # Started in the list's mode, Textual composes the list as its first screen, instead of a
    # blank one that switch_mode then replaces (two more full CSS reparses: issue 9). Without
    # a session, the welcome screen goes above it.
    DEFAULT_MODE = "servers"
    BINDINGS = bindings(APP)
    COMMANDS = TextualApp.COMMANDS | {ActionCommands}
    state: reactive[AppState] = reactive(AppState, always_update=True, init=False)
    """The store's current state; screens watch it and select their slice."""

    def __init__(self, setup: AppSetup) -> None:
        super().__init__(setup)
        self.blink = setup.blink
        self.services: Services | None = None
        self.store = Store()
        self.index = ServerIndex()
        self.viewport_source: Callable[[], Sequence[int]] = tuple
        #: A confirm/PIN/grace flow is on screen: another key press starts nothing.
        self.flow_running = False
        bell = self.bell if setup.config.ui.bell else None
        self._announcers = Announcers(self, bell, lambda: self.fleet.open)
        self.fleet = Fleet(
            self, self, self._switch_session, partial(open_server, self), self._announcers.follow
        )
        self._quitting = Quitting(self, lambda: self.exit(0), self.fleet)
        self._unsubscribe: Callable[[], None] | None = None
        self._opening: CacheOpening | None = None
        self._first_frame_written = False
        if setup.opening is not None:
            # The cached list is in the state before the first screen composes, so that the
            # first frame Textual writes has its rows (issue 9).
            opening = setup.opening
            unread = self._take_session(
                opening.store, opening.read_only, opening.cache, first_rows(self.ui_state)
            )
            self._opening = CacheOpening(self, opening, unread, self._signed_in, self._not_opened)

    # -- starting ----------------------------------------------------------------------------

    def on_mount(self) -> None:
        for note in self.setup.notes:
            self.say(note, severity="warning", timeout=10)
        self.check_keymap()
        if self.setup.opening is None:
            from hostkey_tui.ui.welcome.screen import WelcomeScreen

            self.push_screen(WelcomeScreen())

    def connect(self, key: Secret, base_url: str, profile: str) -> Services:
        self.setup.profile = profile  # the header names the profile signed in with
        return self.setup.connect(key, base_url, profile)

    def start_demo(self) -> None:
        self.setup.demo = True
        self.setup.profile = "demo"
        self.start_session(self.setup.demo_connect())

    def clear_selection(self) -> None:
        # On Python 3.12+ Textual starts widgets eagerly: the list's filter input is mounted
        # while its screen, the first of the start mode, is not on the stack yet, and an Input
        # clears the app's text selection on mount. No screen yet: nothing is selected.
        # (Textual's: its Input expects NoScreen there, App.screen raises ScreenStackError.)
        if self._screen_stack:
            super().clear_selection()

    def _display(self, screen: Screen[Any], renderable: RenderableType | None) -> None:
        if renderable is not None and self._batch_count and not self._first_frame_written:
            # Textual (8.x) starts inside `batch_update()` and drops the whole first frame made
            # in that batch, yet draws the next frames as changes to it: what did not change
            # (the header, the status line) stayed blank until something else moved it. That
            # frame is complete, so it is written (tests/ui/test_start.py shows the blank).
            batch, self._batch_count = self._batch_count, 0
            try:
                super()._display(screen, renderable)
            finally:
                self._batch_count = batch
            self._first_frame_written = True
            return
        super()._display(screen, renderable)
        if renderable is not None and not self._batch_count:
            self._first_frame_written = True
            if self._opening is not None:
                self._opening.frame_written()

    @property
    def starting(self) -> bool:
        """Painted from the disk cache, not signed in yet: the client is made once the rest of
        the cached list is read."""
        return self._opening is not None

    def _signed_in(self, services: Services) -> None:
        self._opening = None
        self.start_session(services, opened=True)

    def _not_opened(self, error: BaseException) -> None:
        self._opening = None
        self.report_error(error)

    def start_session(self, services: Services, opened: bool = False) -> None:
        """Wire the services' store to the screens and start loading.

        `opened`: the store is the one painted from the disk cache for the first frame.
        """
        self.services = services
        # asking invapi what became of a change runs as a worker: ended with the app, waited
        # for like any other background work
        services.changes.runner = lambda work: self.run_worker(
            work, group="reconcile", exit_on_error=False
        )
        if not opened:
            self._show_session(services.store, services.read_only, services.cache)
        self.load()
        if self.setup.fleet and not self.fleet.members:
            self.fleet.show()  # `--fleet`: every account, beside the one just started
        interval = self.setup.config.refresh.servers
        if interval and self.setup.timers:
            self.set_interval(interval, self.background_refresh)

    def _switch_session(self, services: Services, read_only: bool, policy: ConfirmPolicy) -> None:
        """Another account of the fleet becomes the app's (already loaded: nothing is read)."""
        self.setup.profile = services.profile
        self.setup.read_only = read_only
        self.setup.policy = policy
        self.services = services
        self._take_session(services.store, read_only, None)
        reset_other_modes(self, self.MODES)

    def _show_session(self, store: Store, read_only: bool, cache: ServerCache | None) -> None:
        self._take_session(store, read_only, cache)
        welcome = sys.modules.get("hostkey_tui.ui.welcome.screen")  # imported only if shown
        if welcome is not None and isinstance(self.screen, welcome.WelcomeScreen):
            self.pop_screen()
        self.switch_mode("servers")

    def _take_session(
        self, store: Store, read_only: bool, cache: ServerCache | None, head: int | None = None
    ) -> Cached | None:
        """The session's store becomes the app's state, with the disk cache's list in it (its
        first `head` servers only, if given: what it returns holds the rest)."""
        if self._unsubscribe is not None:
            self._unsubscribe()
        self.store = store
        self._unsubscribe = self.store.subscribe(self._set_state)
        self._announcers.follow(store, self.setup.profile or "default")
        profile = self.setup.profile or "default"
        self.store.dispatch(SessionOpened(profile, self.setup.demo, read_only))
        cached = restore_cache(store, cache, head)
        self.state = self.store.state
        return cached

    def _set_state(self, state: AppState) -> None:
        self.state = state

    @property
    def cache_ttl(self) -> float:
        return float(self.setup.config.refresh.cache_ttl)

    def viewport(self) -> Sequence[int]:
        return self.viewport_source()

    def load(self) -> None:
        """Sign in and load the account in use (replacing its own wait to retry, never another
        account's read: each account's reads are a worker group of its own)."""
        services = self.services
        if services is not None:
            group = f"session-{services.profile}"
            self.run_worker(self._load(services), group=group, exclusive=True, exit_on_error=False)

    async def _load(self, services: Services) -> None:
        await run_session(services, self.viewport, restore=False)
        follow_deploys_of(self, services)

    def refresh_servers(self, force: bool = True) -> None:
        """`r`: read everything again; when not signed in yet, try signing in now."""
        services = self.services
        if services is None or self.fleet.reading(services):
            self.say("Already loading the servers.", timeout=2)  # the fleet reads this account
        elif self.state.connection.link is not Link.OK or not self.state.server_ids:
            self.load()  # replaces the session worker and its wait before the next attempt
        else:
            group = f"refresh-{services.profile}"
            work = self._refresh(services, force)
            self.run_worker(work, group=group, exclusive=True, exit_on_error=False)

    async def _refresh(self, services: Services, force: bool) -> None:
        if services.store.state.loading.active:
            self.say("Already loading the servers.", timeout=2)
            return
        try:
            await refresh(services, self.viewport, force=force)
            follow_deploys_of(self, services)
        except TransportError:
            pass  # said in the status line by the service, with the way to retry
        except InvapiError as error:  # a malformed or refused reply: the list stays as it was
            self.report_error(error)

    def background_refresh(self) -> None:
        if not self.state.loading.active:
            self.refresh_servers(force=False)
        self.fleet.refresh(others_only=True)

    def jobs_running(self) -> int:
        return self.state.jobs_running

    @property
    def policy(self) -> ConfirmPolicy:
        return self.setup.policy

    def run_job(self, work: Coroutine[Any, Any, object]) -> None:
        """Background work that outlives the screen that started it (power, installs, ...)."""
        self.run_worker(self._job(work), group="jobs", exit_on_error=False)

    async def _job(self, work: Coroutine[Any, Any, object]) -> None:
        try:
            await work
        except InvapiError as error:
            self.report_error(error)

    # -- navigation --------------------------------------------------------------------------

    def section_titles(self) -> tuple[tuple[str, str, str], ...]:
        return section_titles()

    def action_section(self, name: str) -> None:
        if self.services is not None and name in BY_MODE:
            self.switch_mode(name)

    def power_menu(
        self, targets: list[Target], cancelled: Callable[[], object] | None = None
    ) -> None:
        """Status, on, off or reboot for these servers (the changes only when allowed)."""
        from hostkey_tui.ui.flows.power import power_menu

        power_menu(self, targets, cancelled)

    def open_invoice(self, invoice_id: int) -> None:
        open_invoice(self, invoice_id)

    def open_server(self, server_id: int) -> None:
        open_server(self, server_id)

    def action_jump(self) -> None:
        if self.services is not None:
            JumpLine(self, self).open()

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        # Textual's Quit already runs our action_quit (asked first while changes are under
        # way), but says "as soon as possible": it says what it does, and once with ours.
        for command in super().get_system_commands(screen):
            if command.title != "Quit":
                yield command

    def action_command_palette(self) -> None:
        if self.use_command_palette and not isinstance(self.screen, CommandPalette):
            self.push_screen(Palette(id="--command-palette"))

    def action_help(self) -> None:
        """Every key of the current screen, from the registry, as bound now (keymap included)."""
        from hostkey_tui.ui.help import keys_help

        self.push_screen(keys_help(self))

    async def action_quit(self) -> None:
        """Sign out (best effort, briefly) and quit; asked first while changes are under way."""
        await self._quitting.quit()

    def search_themes(self) -> None:
        """The palette's "Change theme": Textual's list, whose choice is remembered."""
        self.push_screen(Palette(providers=[RememberedThemes], placeholder="Search for themes…"))

    # -- saying things -----------------------------------------------------------------------

    def report_error(self, error: BaseException) -> None:
        """The one place failures end: a toast a person can act on, never a traceback."""
        message, title, seconds = toast_of(error)
        self.say(message, title=title, severity="error", timeout=seconds)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state is WorkerState.ERROR and event.worker.error is not None:
            self.report_error(event.worker.error)

    def _fatal_error(self) -> None:
        self.bell()
        self._exit_renderables.append(Text(fatal_text(self._exception)))
        self._close_messages_no_wait()


def follow_deploys_of(app: HostkeyApp, services: Services) -> None:
    """Deploys invapi lists that nothing follows yet (an order made before a restart, in the
    panel or by a script) become jobs, each once (of the account read: another of the fleet
    may be the app's by now)."""
    if any(k not in services.followed for _, k in services.store.state.deploys):
        from hostkey_tui.services.install import follow_deploys

        app.run_job(follow_deploys(services))
