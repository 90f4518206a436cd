"""What the app says on its own when the state changes: a job ended, a change's reply was lost,
invapi was found to have done (or not done) a change, the journal could not be written."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from hostkey_tui.models.tasks import TaskState
from hostkey_tui.state.state import AppState
from hostkey_tui.state.store import Store
from hostkey_tui.ui.heap import HeapKeeper
from hostkey_tui.ui.host import Host


class Announcer:
    """Says each of those once, as a toast (and the bell for a job, when the config asks)."""

    def __init__(
        self,
        host: Host,
        bell: Callable[[], None] | None,
        account: Callable[[], str] = lambda: "",
    ) -> None:
        self.host = host
        #: Rung when a job ends (None: the config turned the bell off).
        self.bell = bell
        #: The account to name in each title ("" with one account).
        self.account = account
        self._jobs_said: set[str] = set()

    def _say(self, message: str, *, title: str, **options: Any) -> None:
        account = self.account()
        self.host.say(message, title=f"{account} · {title}" if account else title, **options)

    def state_changed(self, before: AppState, state: AppState) -> None:
        if state.jobs:
            self._jobs(state)
        if state.unsettled is not before.unsettled or state.settled is not before.settled:
            self._outcomes(before, state)
        if state.journal_problem and state.journal_problem != before.journal_problem:
            self._say(state.journal_problem, title="Journal", severity="error", timeout=30)

    def _jobs(self, state: AppState) -> None:
        """A toast (and the bell) when a job the user started ends."""
        for job in state.jobs.values():
            if job.running or job.quiet or job.id in self._jobs_said:
                continue
            self._jobs_said.add(job.id)
            done = job.state is TaskState.DONE
            said = job.message
            if said.startswith(job.state.value):  # "unknown — check status: …" says it already
                text = f"{job.title}: {said}"
            else:
                text = f"{job.title}: {job.state.value}" + (f" — {said}" if said else "")
            self._say(
                text,
                title="Job done" if done else "Job ended",
                severity="information" if done else "warning",
            )
            if self.bell is not None:
                self.bell()

    def _outcomes(self, before: AppState, state: AppState) -> None:
        """Said at once: a change whose reply was lost, and later what invapi was found to do."""
        for key, entry in state.unsettled.items():
            if key in before.unsettled:
                continue
            earlier = " (from an earlier run of the app)" if entry.earlier else ""
            self._say(
                f"The reply to {entry.what} was lost{earlier}: it may have happened. "
                "hostkey-tui asks invapi what happened, and does not send it again until then.",
                title="Outcome unknown",
                severity="warning",
                timeout=15,
            )
        fresh = min(state.settled_count - before.settled_count, len(state.settled))
        for what, found in state.settled[len(state.settled) - fresh :] if fresh > 0 else ():
            self._say(f"{what}: {found}", title="Checked with invapi", timeout=15)


class Announcers:
    """One announcer per account, each following its own store from the first time it is seen
    to the end of the run: an account of the fleet says its news (a job ended, a reply lost)
    whichever account is the app's at that moment, and a switch of accounts is never taken
    for news (one account's state compared with another's)."""

    def __init__(
        self, host: Host, bell: Callable[[], None] | None, named: Callable[[], bool]
    ) -> None:
        self.host = host
        self.bell = bell
        #: Whether titles name the account (a fleet is open).
        self.named = named
        self._followed: dict[int, Store] = {}
        #: Every account's store is seen here first: the heap is kept short for all of them.
        self.heap = HeapKeeper()

    def follow(self, store: Store, account: str) -> None:
        if id(store) in self._followed:
            return
        self._followed[id(store)] = store  # held: its id is never reused meanwhile
        self.heap.follow(store)
        announcer = Announcer(self.host, self.bell, lambda: account if self.named() else "")
        before = [store.state]

        def changed(state: AppState) -> None:
            announcer.state_changed(before[0], state)
            before[0] = state

        store.subscribe(changed)
