"""What happened, in the past tense: the only way the state changes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from hostkey_tui.models.server import Server
from hostkey_tui.records import dataclass
from hostkey_tui.state.net_events import AnyNetEvent
from hostkey_tui.state.state import Job, KeyHistory, PxeRun, TagSearch, Unsettled

if TYPE_CHECKING:
    from hostkey_tui.models.account import ApiKey, BillingServer, RemoteHandsRequest, SshKey
    from hostkey_tui.models.billing import (
        BillingData,
        CancellationRequest,
        Client,
        Contact,
        CreditEntry,
        Invoice,
        InvoiceDetail,
        PaymentMethod,
        Transaction,
    )
    from hostkey_tui.models.common import Money
    from hostkey_tui.models.dns import Domain, Zone
    from hostkey_tui.models.sensors import SensorReading
    from hostkey_tui.models.tags import Tag


@dataclass(frozen=True, slots=True)
class SessionOpened:
    profile: str
    demo: bool
    read_only: bool


@dataclass(frozen=True, slots=True)
class CacheRestored:
    servers: tuple[Server, ...]
    saved_at: float
    #: Servers of the cache still to be read after these.
    pending: int = 0


@dataclass(frozen=True, slots=True)
class SignedIn:
    server_ids: tuple[int, ...]
    email: str = ""
    #: Deploys under way (invoice id, async key), as eq/update_servers lists them.
    deploys: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class ServerIdsListed:
    server_ids: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class OrdersListed:
    """`eq/update_servers` again: the orders invapi has no server for yet, and the deploys
    under way (an order made here, in the panel, or by a script)."""

    pending: tuple[BillingServer, ...]
    deploys: tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class AccountLoaded:
    email: str
    name: str
    credit: Money


@dataclass(frozen=True, slots=True)
class LoadStarted:
    total: int


@dataclass(frozen=True, slots=True)
class ServersLoaded:
    servers: tuple[Server, ...]
    at: float
    #: A read of what the servers are now (a refresh, `r`), not a read-back after this app's
    #: own change: only such reads tell of changes made elsewhere (the timelines' sightings).
    seen: bool = False


@dataclass(frozen=True, slots=True)
class ServerLoadFailed:
    server_id: int
    reason: str


@dataclass(frozen=True, slots=True)
class LoadFinished:
    at: float


@dataclass(frozen=True, slots=True)
class LoadCalledOff:
    """A load was called off before its end (the app quit, or a newer read replaced it): what
    it read is kept, and the list no longer says it is loading."""


@dataclass(frozen=True, slots=True)
class ConnectionLost:
    message: str
    retry_at: float | None


@dataclass(frozen=True, slots=True)
class ReadRetrying:
    """A read failed (`reason` names the endpoint) and is tried again at `until` (clock s)."""

    reason: str
    until: float


@dataclass(frozen=True, slots=True)
class SignInRefused:
    message: str


@dataclass(frozen=True, slots=True)
class SigningIn:
    """Signing in: waiting for invapi's reply to `waiting_for` (`auth/login`, ...) since `at`."""

    waiting_for: str
    at: float


@dataclass(frozen=True, slots=True)
class MarksToggled:
    server_ids: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class MarksCleared:
    pass


@dataclass(frozen=True, slots=True)
class JobUpdated:
    """A job started, moved on, or ended (the job as it is now)."""

    job: Job


@dataclass(frozen=True, slots=True)
class PowerRead:
    server_id: int
    on: bool | None
    text: str
    at: float
    #: Read from invapi (eq/status), not what this app's own change is known to have done.
    seen: bool = True


@dataclass(frozen=True, slots=True)
class SensorsRead:
    server_id: int
    readings: tuple[SensorReading, ...]
    at: float


@dataclass(frozen=True, slots=True)
class SensorsFailed:
    server_id: int
    message: str
    at: float


@dataclass(frozen=True, slots=True)
class PinAccepted:
    pass


@dataclass(frozen=True, slots=True)
class PinRefused:
    blocked: bool


@dataclass(frozen=True, slots=True)
class BillingReadStarted:
    """These parts of billing (`state.BILLING_PARTS` names) are being read again."""

    parts: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class BillingPartFailed:
    """One part of billing could not be read, and why; what was read before stays."""

    part: str
    message: str
    at: float


@dataclass(frozen=True, slots=True)
class BillingReadCalledOff:
    """A read of one part of billing was stopped before it ended (it says nothing of the part)."""

    part: str


@dataclass(frozen=True, slots=True)
class ClientRead:
    client: Client
    at: float


@dataclass(frozen=True, slots=True)
class InvoicesProgress:
    """Pages of invoices read so far: `done` of the `total` invapi counts."""

    done: int
    total: int | None


@dataclass(frozen=True, slots=True)
class InvoicesRead:
    """The invoices read; `problem` says why the read stopped short of `total` (a page failed)."""

    invoices: tuple[Invoice, ...]
    at: float
    total: int | None = None
    problem: str = ""


@dataclass(frozen=True, slots=True)
class CreditsRead:
    credits: tuple[CreditEntry, ...]
    at: float


@dataclass(frozen=True, slots=True)
class TransactionsRead:
    transactions: tuple[Transaction, ...]
    at: float


@dataclass(frozen=True, slots=True)
class ContactsRead:
    contacts: tuple[Contact, ...]
    at: float


@dataclass(frozen=True, slots=True)
class InvoiceRead:
    detail: InvoiceDetail


@dataclass(frozen=True, slots=True)
class PaymentMethodsRead:
    invoice_id: int
    methods: tuple[PaymentMethod, ...]


@dataclass(frozen=True, slots=True)
class ServerBillingRead:
    """A server's billing data and its invoices, each None when its read failed (the one
    held before stays)."""

    server_id: int
    data: BillingData | None
    related: tuple[Invoice, ...] | None


@dataclass(frozen=True, slots=True)
class CancellationsRead:
    requests: tuple[CancellationRequest, ...]
    at: float | None = None


@dataclass(frozen=True, slots=True)
class ClientIpRead:
    ip: str


@dataclass(frozen=True, slots=True)
class TagsRead:
    server_id: int
    tags: tuple[Tag, ...]


@dataclass(frozen=True, slots=True)
class DomainsRead:
    domains: tuple[Domain, ...]


@dataclass(frozen=True, slots=True)
class ZoneRead:
    zone: Zone


@dataclass(frozen=True, slots=True)
class DnsFailed:
    message: str


@dataclass(frozen=True, slots=True)
class ApiKeysRead:
    keys: tuple[ApiKey, ...]
    for_server: int | None = None


@dataclass(frozen=True, slots=True)
class KeyHistoryRead:
    history: KeyHistory


@dataclass(frozen=True, slots=True)
class SshKeysRead:
    keys: tuple[SshKey, ...]


@dataclass(frozen=True, slots=True)
class RemoteHandsRead:
    requests: tuple[RemoteHandsRequest, ...]


@dataclass(frozen=True, slots=True)
class KeysFailed:
    """A part of the Account section (see `Keys.errors`) could not be read; an empty `message`
    says it was read again (a part with no read event of its own, such as "view")."""

    message: str
    part: str = ""


@dataclass(frozen=True, slots=True)
class TagSearched:
    found: TagSearch


@dataclass(frozen=True, slots=True)
class PxeChanged:
    server_id: int
    run: PxeRun | None  # None: finished (or dropped)


@dataclass(frozen=True, slots=True)
class ChangeUnsettled:
    """A change's reply was lost (or invapi is being asked again what happened)."""

    entry: Unsettled


@dataclass(frozen=True, slots=True)
class ChangeSettled:
    """invapi was asked what happened to a change whose reply was lost: `found` says."""

    key: str
    found: str


@dataclass(frozen=True, slots=True)
class JournalFailed:
    """The audit journal could not be written ("" once it can again)."""

    message: str


Event = (
    SessionOpened
    | CacheRestored
    | SignedIn
    | ServerIdsListed
    | OrdersListed
    | AccountLoaded
    | LoadStarted
    | ServersLoaded
    | ServerLoadFailed
    | LoadFinished
    | LoadCalledOff
    | ConnectionLost
    | ReadRetrying
    | SignInRefused
    | MarksToggled
    | MarksCleared
    | JobUpdated
    | PowerRead
    | SensorsRead
    | SensorsFailed
    | PinAccepted
    | PinRefused
    | BillingReadStarted
    | BillingPartFailed
    | BillingReadCalledOff
    | ClientRead
    | InvoicesProgress
    | InvoicesRead
    | CreditsRead
    | TransactionsRead
    | ContactsRead
    | InvoiceRead
    | PaymentMethodsRead
    | ServerBillingRead
    | CancellationsRead
    | AnyNetEvent
    | ClientIpRead
    | TagsRead
    | DomainsRead
    | ZoneRead
    | DnsFailed
    | ApiKeysRead
    | KeyHistoryRead
    | SshKeysRead
    | RemoteHandsRead
    | KeysFailed
    | TagSearched
    | PxeChanged
    | SigningIn
    | ChangeUnsettled
    | ChangeSettled
    | JournalFailed
)
