"""The app's fleet: opening it (`--fleet`, `:fleet`), loading every account beside the one in
use, and moving the app onto another account when one of its servers is opened.

The app holds one account at a time (its `services` and store); the fleet's other accounts
load and refresh in the background as workers of the app, each in its own store. Opening a
server of another account makes that account the app's: its session, PIN, read-only setting
and confirmation policy then apply, and every confirmation and PIN dialog names it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from textual.app import App
from textual.worker import Worker

from hostkey_tui.config.model import ConfirmPolicy
from hostkey_tui.services.context import Services
from hostkey_tui.services.fleet import Member, close_members, open_member, refresh_member, started
from hostkey_tui.state.events import SessionOpened
from hostkey_tui.state.state import Link
from hostkey_tui.state.store import Store
from hostkey_tui.ui.servers.fleet import FleetScreen

if TYPE_CHECKING:
    from hostkey_tui.ui.host import Host

#: What moves the app onto an account: its services, read-only setting and policy.
Switch = Callable[[Services, bool, ConfirmPolicy], None]
#: Opens a server's detail, with the rows `[`/`]` go through.
OpenServer = Callable[[int, list[int]], None]


def reset_other_modes(app: App[Any], modes: Mapping[str, Any]) -> None:
    """After a switch of accounts: what the other sections had open (an invoice, a record) was
    the other account's, so each opens afresh on this one's state when next chosen."""
    for mode, screen in modes.items():
        if mode != app.current_mode:
            app.remove_mode(mode)
            app.add_mode(mode, screen)


class Fleet:
    """The accounts of this run's fleet (none until it is first opened)."""

    def __init__(
        self,
        host: Host,
        app: App[Any],
        switch: Switch,
        open_server: OpenServer,
        announce: Callable[[Store, str], None],
    ) -> None:
        self.host = host
        self.app = app
        self.switch = switch
        self.open_server = open_server
        #: Each account says its own news (a job ended) whichever is the app's.
        self.announce = announce
        self.members: list[Member] = []
        self._opening = False

    @property
    def open(self) -> bool:
        return len(self.members) > 1

    def show(self) -> None:
        """Open the fleet's screen, signing in to every account the first time."""
        if self.members:
            self._push()
            return
        if self._opening:
            return
        build = self.host.setup.open_fleet
        if build is None:
            self.host.say("This run has no fleet.", severity="warning")
            return
        self._opening = True
        self.host.run_worker(self._build(build), group="fleet-open", exit_on_error=False)

    async def _build(self, build: Callable[[Services | None], list[Member]]) -> None:
        try:
            # Key commands (a password manager) may take seconds: never on the event loop.
            members = await asyncio.to_thread(build, self.host.services)
        finally:
            self._opening = False
        if len(members) < 2:
            config = self.host.setup.config_path
            self.host.say(
                "The fleet is every profile of the config, and it has "
                f"{'one' if members else 'none'}: add [profiles.NAME] to {config} "
                "(`hostkey-tui config example` shows how).",
                severity="warning",
                timeout=10,
            )
            return
        self.members = members
        demo = self.host.setup.demo
        turn = asyncio.Lock()  # one account's cached part read at a time
        for member, services in started(members):
            self._attach(services)
            self.announce(services.store, member.profile)
            if services is not self.host.services:
                # its name and read-only setting in its own state (the fleet's line says them)
                services.store.dispatch(SessionOpened(member.profile, demo, member.read_only))
                self.host.run_worker(
                    open_member(services, turn),
                    group=f"fleet-{member.profile}",
                    exclusive=True,
                    exit_on_error=False,
                )
        self._push()

    def _attach(self, services: Services) -> None:
        # asking invapi what became of a change runs as a worker: ended with the app
        services.changes.runner = lambda work: self.host.run_worker(
            work, group="reconcile", exit_on_error=False
        )

    def _push(self) -> None:
        if self.app.current_mode != "servers":
            self.app.switch_mode("servers")
        screens = self.app.screen_stack
        # Back to the fleet if it is open, else to the list: a server's detail left beneath
        # would read (and act on) whichever account is opened from the fleet next.
        keep = next((n for n, s in enumerate(screens) if isinstance(s, FleetScreen)), 0)
        for _ in range(len(screens) - 1 - keep):
            self.app.pop_screen()
        if keep == 0:
            self.app.push_screen(FleetScreen(self.members))

    def use(self, member: Member, *, quiet: bool = False) -> bool:
        """Make `member` the app's account; False (and why, said) when it cannot be."""
        services = member.services
        if services is None or member.trouble:
            self.host.say(f"{member.profile}: {member.trouble}", severity="warning")
            return False
        if services is not self.host.services:
            if self.host.flow_running or any(
                w.group == "flow" and not w.is_finished for w in self.app.workers
            ):
                # a change being prepared took its account's session: its PIN and its
                # confirmation must not become another account's
                self.host.say(
                    f"A change on {self.host.state.profile} is under way: finish or cancel it "
                    f"before acting on {member.profile}.",
                    severity="warning",
                )
                return False
            self.switch(services, member.read_only, member.policy)
            if not quiet:
                self.host.say(f"Now acting on {member.profile}.", timeout=3)
        return True

    def open_server_of(self, member: Member, server_id: int, neighbours: list[int]) -> None:
        """A server's detail in its own account (the app moves onto it first)."""
        if self.use(member):
            self.open_server(server_id, neighbours)

    def _working(self, services: Services, *whats: str) -> list[Worker[Any]]:
        groups = {f"{what}-{services.profile}" for what in whats}
        return [w for w in self.app.workers if w.group in groups and not w.is_finished]

    def busy(self, services: Services) -> bool:
        """Whether anything reads this account now: the fleet's own read, or the app's."""
        return bool(self._working(services, "fleet", "session", "refresh"))

    def reading(self, services: Services) -> bool:
        """Whether the fleet's own read of this account is loading it now (the app waits for
        it). One only waiting to sign in again is called off: the app signs in now instead."""
        working = self._working(services, "fleet")
        if not working:
            return False
        state = services.store.state
        if state.loading.active or state.connection.link is Link.CONNECTING:
            return True
        for worker in working:
            worker.cancel()
        return False

    def refresh(self, *, others_only: bool = False) -> None:
        """Read every account again (`others_only`: all but the app's, which it refreshes).
        An account still loading or refreshing is left to finish: cut short, its list would
        stay "loading" for good."""
        for member, services in started(self.members):
            if services is self.host.services:
                if not others_only:
                    self.host.refresh_servers(force=False)
                continue
            if self.busy(services):  # cut short, a read leaves its account behind
                continue
            self.host.run_worker(
                self._refresh(member.profile, services),
                group=f"fleet-{member.profile}",
                exclusive=True,
                exit_on_error=False,
            )

    async def _refresh(self, profile: str, services: Services) -> None:
        error = await refresh_member(services)
        if error is not None:
            self.host.say(f"{profile}: {error.message}", severity="warning")

    def others(self) -> list[Services]:
        """The fleet's accounts but the app's."""
        return [s for _, s in started(self.members) if s is not self.host.services]

    async def close(self) -> None:
        await close_members(self.members, self.host.services)


class FleetHost:
    """The app's side of the fleet (`Host`'s fleet methods), kept out of the app's class."""

    fleet: Fleet

    def action_fleet(self) -> None:
        """`F`, `:fleet`: every profile of the config in one list (once signed in)."""
        if self.fleet.host.services is not None:
            self.fleet.show()

    def use_account(self, member: Member, *, quiet: bool = False) -> bool:
        return self.fleet.use(member, quiet=quiet)

    def open_fleet_server(self, member: Member, server_id: int, neighbours: list[int]) -> None:
        self.fleet.open_server_of(member, server_id, neighbours)

    def refresh_fleet(self) -> None:
        self.fleet.refresh()

    @property
    def acting_account(self) -> str:
        """The account a confirmation names: once a fleet is open, which one is meant."""
        return self.fleet.host.setup.profile if self.fleet.open else ""
