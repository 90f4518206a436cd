"""What every service needs: the API client, the store, the clock, and the settings.

Every service imports this module, so it imports only the services below them all: the journal,
the caches and the `ChangeBook` (which asks invapi about a lost change through a reconciler it
is handed at sign-in, never by importing `reconcile`).
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
from collections.abc import Awaitable, Callable, Iterable, Iterator
from dataclasses import field
from typing import TYPE_CHECKING

from hostkey_tui.api.errors import InvapiError, ReadOnlyRefused, ReplyLost, TransportError
from hostkey_tui.clock import Clock
from hostkey_tui.records import dataclass
from hostkey_tui.services.audit import Entry, Journal
from hostkey_tui.services.cache import ServerCache
from hostkey_tui.services.changes import ChangeBook
from hostkey_tui.services.ledger import Ledger
from hostkey_tui.services.sightings import SightingLog, observer
from hostkey_tui.state.events import JournalFailed, ReadRetrying
from hostkey_tui.state.store import Store

if TYPE_CHECKING:
    from hostkey_tui.api.client import InvapiClient

Resolver = Callable[[str], Awaitable[tuple[str, ...]]]


def outcome_of(error: InvapiError) -> str:
    """The journal's word for a change that raised `error`: "unknown" when the request may have
    reached invapi and its answer was lost (it may have happened), else "failed"."""
    if isinstance(error, ReplyLost) or (isinstance(error, TransportError) and error.sent):
        return "unknown"
    return "failed"


@dataclass(frozen=True, slots=True)
class ServiceSettings:
    concurrency: int = 8
    #: Seconds a server's details count as fresh: no request is sent for it again.
    cache_ttl: float = 60.0
    #: Longest wait between attempts to reach an unreachable API.
    max_retry_delay: float = 60.0


@dataclass
class Services:
    client: InvapiClient
    store: Store
    clock: Clock
    settings: ServiceSettings = field(default_factory=ServiceSettings)
    cache: ServerCache | None = None
    journal: Journal | None = None
    profile: str = ""
    #: NAT grants and reinstall steps that outlive the app (None: not kept, as in some tests).
    ledger: Ledger | None = None
    #: Resolves a name to its addresses, for the forward check of a PTR (None: not checked).
    resolve: Resolver | None = None
    #: Changes seen on refresh, kept for the timelines (None: not kept, as in some tests).
    sightings: SightingLog | None = None
    #: The sensor reading under way per server (never two at once for one server).
    sensor_reads: dict[int, asyncio.Future[None]] = field(default_factory=dict)
    #: Async keys a job already follows (an order's deploy is not followed twice).
    followed: set[str] = field(default_factory=set)

    _job_numbers: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    changes: ChangeBook = field(init=False)

    def __post_init__(self) -> None:
        # A read tried again is said in the status line while it waits, not left as a silence.
        self.client.on_retry = self._retrying
        self.changes = ChangeBook(self)
        self.client.changes = self.changes
        if self.sightings is not None:
            self.store.observe(observer(self.sightings))

    def _retrying(self, reason: str, delay: float) -> None:
        self.store.dispatch(ReadRetrying(reason, self.clock.now() + delay))

    def server_labels(self, server_ids: Iterable[int]) -> tuple[str, ...]:
        """Servers as the journal names them: "web-01 (40052)", or "server 40052" when its name
        is not known (what a server's timeline finds its changes by)."""
        servers = self.store.state.servers
        return tuple(
            f"{servers[i].hostname} ({i})" if i in servers else f"server {i}" for i in server_ids
        )

    def next_job_id(self) -> str:
        return f"j{next(self._job_numbers)}"

    def audit(self, action: str, targets: tuple[str, ...], outcome: str, message: str = "") -> None:
        """Write a line of the audit journal (failing to write never stops the action)."""
        self.write_journal(Entry(self.clock.now(), self.profile, action, targets, outcome, message))

    def write_journal(self, entry: Entry) -> None:
        """Append to the journal; a journal that cannot be written is said at once, with its
        path (the change still goes ahead: the user decides whether to carry on)."""
        if self.journal is None:
            return
        try:
            self.journal.record(entry)
        except OSError as error:
            why = error.strerror or type(error).__name__
            self.store.dispatch(
                JournalFailed(
                    f"The audit journal {self.journal.path} cannot be written ({why}): changes "
                    "are not being recorded."
                )
            )
            return
        if self.store.state.journal_problem:
            self.store.dispatch(JournalFailed(""))

    @contextlib.contextmanager
    def journaled(self, action: str, targets: tuple[str, ...]) -> Iterator[None]:
        """Journal a change that fails inside: "unknown" when the reply was lost, else "failed".

        The error goes on to the caller; the caller journals success with what it learnt.
        """
        try:
            yield
        except ReplyLost as error:
            self.audit(action, targets, "unknown", error.message)
            raise
        except InvapiError as error:
            self.audit(action, targets, outcome_of(error), error.message)
            raise

    @property
    def read_only(self) -> bool:
        return self.client.read_only or self.store.state.read_only

    def ensure_writable(self, what: str) -> None:
        """Refuse a change in read-only mode, before anything is sent.

        Raises:
            ReadOnlyRefused: the session is read-only.
        """
        if self.read_only:
            raise ReadOnlyRefused(f"{what} would change something, and this session is read-only.")
