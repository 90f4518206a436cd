"""The app's fleet: every profile of the config signed in at once, each as its own session.

A member is one account: its own services (client, store, cache, sightings), read-only setting
and confirmation policy, or why it could not be started (no key, an address refused). Members
load side by side; each paints from its own disk cache first, a part at a time, so that ten
caches do not hold the screen. Nothing here knows Textual: the app runs these as workers.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from hostkey_tui.api import InvapiError, TransportError
from hostkey_tui.config.model import ConfirmPolicy
from hostkey_tui.services.context import Services
from hostkey_tui.services.servers import refresh, restore_cache_aside, restore_rest_aside
from hostkey_tui.services.session import run_session, sign_out
from hostkey_tui.state.fleet import Account
from hostkey_tui.state.state import AppState, Link
from hostkey_tui.state.views import ServerIndex

#: Cached servers painted first per account; the rest follow a part at a time (as the
#: list's, `services.servers.CACHE_PART`), each read and parsed in a worker thread while the
#: screen draws, one account's part at a time (ten accounts each reading 500 in the same turn
#: held the screen for seconds; a part of 100 parsed on the loop, 30-45 ms, with the redraw
#: after it, 96-142 ms: bench/fleet.py).
CACHE_HEAD = 50


@dataclass(eq=False)
class Member:
    """One account of the fleet."""

    profile: str
    services: Services | None
    read_only: bool = False
    policy: ConfirmPolicy = field(default_factory=ConfirmPolicy)
    #: Why it was not started (no key, a refused address); "" when it was.
    problem: str = ""
    #: Its list's search index, kept across the fleet's redraws.
    view: ServerIndex = field(default_factory=ServerIndex)

    @property
    def state(self) -> AppState | None:
        return self.services.store.state if self.services is not None else None

    @property
    def trouble(self) -> str:
        """Why this account cannot be used (not started, or its key refused; what its cache
        held is still listed); "" when it can."""
        if self.problem:
            return self.problem
        state = self.state
        if state is not None and state.connection.link is Link.SIGNED_OUT:
            # invapi's reason, without the advice after it (the fleet's line is short)
            reason, sep, _ = state.connection.message.partition(". ")
            return f"not signed in: {reason}{'.' if sep else ''}"
        return ""

    def account(self) -> Account | None:
        state = self.state
        return Account(self.profile, state, self.view) if state is not None else None


def accounts(members: Sequence[Member]) -> list[Account]:
    """The accounts the fleet shows now (those started)."""
    return [a for m in members if (a := m.account()) is not None]


def started(members: Sequence[Member]) -> Iterator[tuple[Member, Services]]:
    for member in members:
        if member.services is not None:
            yield member, member.services


async def open_member(services: Services, turn: asyncio.Lock | None = None) -> None:
    """Paint the account's disk cache (a part at a time), then sign in and load it; retries
    while invapi is out of reach, as the app's own session does.

    `turn`: shared by the fleet's accounts, so that one part is read and added at a time: ten
    accounts adding a part each in the same turn of the event loop held the screen for
    seconds, and ten threads parsing at once take the interpreter from the loop in turns.
    """
    turn = turn or asyncio.Lock()
    # The turn is held across a turn of the loop (the screen draws and takes keys there):
    # released at once, every account would add its part in the same turn, one after another.
    async with turn:
        cached = await restore_cache_aside(services.store, services.cache, CACHE_HEAD)
        await asyncio.sleep(0)
    await restore_rest_aside(services.store, cached, turn)
    await run_session(services, restore=False)


async def refresh_member(services: Services) -> InvapiError | None:
    """Read the account again (`r`, and the periodic refresh); sign in first if it is not.

    A dead network is said in the account's connection state; a refused or malformed reply
    leaves its list as it was and is returned, for the caller to say.
    """
    state = services.store.state
    if state.connection.link is not Link.OK or not state.server_ids:
        await run_session(services, restore=False)
        return None
    if state.loading.active:
        return None
    try:
        await refresh(services, force=False)
    except TransportError:
        pass  # in the account's connection state, shown on its line of the fleet
    except InvapiError as error:
        return error
    return None


async def close_members(members: Sequence[Member], keep: Services | None) -> None:
    """Sign out of every account but `keep` (the app's own, which the app signs out)."""
    await asyncio.gather(*(sign_out(s) for _, s in started(members) if s is not keep))
