"""`AppState`: everything the screens show, in one frozen value.

Mappings inside are never mutated: `reduce` builds new ones, so a state can be compared by
identity (a refresh that changed nothing yields the very same state, and repaints nothing).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import field
from enum import StrEnum
from types import MappingProxyType
from typing import TYPE_CHECKING

from hostkey_tui.models.common import Money, Secret
from hostkey_tui.models.sensors import SensorReading, Severity
from hostkey_tui.models.server import Server
from hostkey_tui.models.tasks import InstallStage, TaskState
from hostkey_tui.records import dataclass

if TYPE_CHECKING:
    from hostkey_tui.models.account import (
        ApiKey,
        ApiKeyEvent,
        BillingServer,
        RemoteHandsRequest,
        SshKey,
    )
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
    from hostkey_tui.models.dns import Domain, Zone
    from hostkey_tui.models.network import (
        IpInfo,
        IpmiCredentials,
        IsoImage,
        NatGrant,
        PortStatus,
        PtrRecord,
    )
    from hostkey_tui.models.tags import Tag

EMPTY: Mapping[int, object] = MappingProxyType({})


class Link(StrEnum):
    CONNECTING = "connecting"
    OK = "ok"
    UNREACHABLE = "unreachable"
    SIGNED_OUT = "signed out"  # the key or session was refused: retrying will not help


@dataclass(frozen=True, slots=True)
class Connection:
    link: Link = Link.CONNECTING
    message: str = ""
    retry_at: float | None = None
    #: While signing in: since when, and which reply is awaited.
    since: float | None = None


@dataclass(frozen=True, slots=True)
class Loading:
    active: bool = False
    done: int = 0
    total: int = 0


@dataclass(frozen=True, slots=True)
class Account:
    email: str = ""
    name: str = ""
    credit: Money | None = None


@dataclass(frozen=True, slots=True)
class Job:
    """Background work the user started (or a read they wait for), followed to its end."""

    id: str
    kind: str  # power, status, sensors, pin, install, nat, iso, ...
    action: str  # the invapi action: reboot, on, off, status, ...
    title: str  # said to the user: "Reboot nl-web-01"
    server_id: int | None
    started: float
    state: TaskState = TaskState.PENDING
    message: str = ""
    stage: InstallStage | None = None
    finished: float | None = None
    #: Not sent yet (between the confirmation and the request).
    sending: bool = False
    #: A routine read (sensor polling): listed, but no toast or bell when it ends.
    quiet: bool = False
    #: When each install stage was first seen (stage number, clock seconds).
    stage_times: tuple[tuple[int, float], ...] = ()
    #: invapi's own words about a failure (the reply's `debug`), shown with the result.
    debug: str = ""

    @property
    def running(self) -> bool:
        return not self.state.final


@dataclass(frozen=True, slots=True)
class Unsettled:
    """A change whose reply was lost: it may have happened. Until invapi has been asked what
    happened, the same change on the same target is refused (never repeated blind).

    `key` is the group and target (`power:40052`, `order:account`, `zone:example.com`).
    """

    key: str
    #: The request that was sent (`eq/reboot`) and what it was about, for people.
    endpoint: str
    what: str
    at: float
    #: "checking" (asking invapi), "unknown" (could not ask yet: `r` asks again).
    status: str = "checking"
    message: str = ""
    #: From an earlier run of the app (found in the journal at start).
    earlier: bool = False
    #: The journal's change id, and what identifies the target (`id`, `zone`, an order's
    #: baseline), to ask invapi with.
    change: str = ""
    about: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class Power:
    """What is known of a server's power, and since when."""

    on: bool | None  # None: unknown (a reply was lost)
    text: str
    at: float


@dataclass(frozen=True, slots=True)
class Sensors:
    """The latest IPMI readings of a server, their history, and whether they are stale."""

    readings: tuple[SensorReading, ...]
    at: float | None
    history: Mapping[str, tuple[float, ...]] = field(default_factory=lambda: MappingProxyType({}))
    error: str = ""
    error_at: float | None = None

    @property
    def worst(self) -> Severity:
        order = (Severity.CRITICAL, Severity.WARNING)
        for severity in order:
            if any(r.severity is severity for r in self.readings):
                return severity
        return Severity.OK


@dataclass(frozen=True, slots=True)
class Pin:
    rejections: int = 0
    #: invapi's last refusal said it is blocking PINs for now: a warning, never a lock (it may
    #: pass, and the user decides whether to try again).
    blocked: bool = False
    #: invapi accepted a PIN this session (it is still asked for each action).
    accepted: bool = False


#: The parts of billing, each read on its own (and failing on its own).
BILLING_PARTS = ("client", "invoices", "credits", "transactions", "contacts", "cancellations")


@dataclass(frozen=True, slots=True)
class BillingPart:
    """How the reads of one part of billing went: when it was last read, or why it was not."""

    at: float | None = None
    #: Why the last read failed ("" when it did not). What was read before is kept, said as such.
    error: str = ""
    #: Reads of this part under way (a newer read may start before an older one is called off).
    reading: int = 0
    #: Invoices only: how many of those held were read of how many invapi counted (fewer when
    #: a page failed), and how far the read under way has come (read so far, of how many).
    done: int = 0
    total: int | None = None
    progress: tuple[int, int | None] | None = None

    @property
    def partial(self) -> bool:
        return self.total is not None and self.done < self.total


@dataclass(frozen=True, slots=True)
class Billing:
    """The billing side of the account, as last read."""

    client: Client | None = None
    invoices: tuple[Invoice, ...] = ()
    credits: tuple[CreditEntry, ...] = ()
    transactions: tuple[Transaction, ...] = ()
    contacts: tuple[Contact, ...] = ()
    #: Pending cancellation requests, by server id.
    cancellations: Mapping[int, CancellationRequest] = field(
        default_factory=lambda: MappingProxyType({})
    )
    details: Mapping[int, InvoiceDetail] = field(default_factory=lambda: MappingProxyType({}))
    methods: Mapping[int, tuple[PaymentMethod, ...]] = field(
        default_factory=lambda: MappingProxyType({})
    )
    servers: Mapping[int, BillingData] = field(default_factory=lambda: MappingProxyType({}))
    related: Mapping[int, tuple[Invoice, ...]] = field(default_factory=lambda: MappingProxyType({}))
    #: How each of BILLING_PARTS was read, by name; a part not listed was never asked for.
    parts: Mapping[str, BillingPart] = field(default_factory=lambda: MappingProxyType({}))

    def part(self, name: str) -> BillingPart:
        return self.parts.get(name) or BillingPart()


@dataclass(frozen=True, slots=True)
class Dns:
    """The DNS section: the account's domains and the zones read so far (by zone name)."""

    domains: tuple[Domain, ...] | None = None
    zones: Mapping[str, Zone] = field(default_factory=lambda: MappingProxyType({}))
    error: str = ""


@dataclass(frozen=True, slots=True)
class KeyHistory:
    """One API key's history between two dates (ISO, either may be empty)."""

    key_id: int
    start: str
    end: str
    events: tuple[ApiKeyEvent, ...]


@dataclass(frozen=True, slots=True)
class Keys:
    """The Account section: API keys, SSH keys, remote-hands requests (None: not read yet).

    A new API key's secret is never here: it lives only in the dialog that shows it once.
    """

    api_keys: tuple[ApiKey, ...] | None = None
    #: The server `api_keys` is narrowed to (api_keys/list_for_server), or None for all.
    for_server: int | None = None
    ssh_keys: tuple[SshKey, ...] | None = None
    remote_hands: tuple[RemoteHandsRequest, ...] | None = None
    history: KeyHistory | None = None
    error: str = ""
    #: Why a part could not be read, by part ("api_keys", "view", "history", "ssh_keys",
    #: "remote_hands"): each says its own failure, and reading it again clears only its own.
    errors: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))


@dataclass(frozen=True, slots=True)
class PxeRun:
    """A reinstall the PXE way: the next step to take (an index of the steps) and the key the
    install stages report to. No password and no PIN: it is kept on disk to resume."""

    server_id: int
    hostname: str
    step: int
    reinstall_key: str = ""
    scheme: str = ""
    os_name: str = ""

    @property
    def pxe_written(self) -> bool:
        """The PXE config exists (it must be cleared at the end)."""
        return self.step >= 2


@dataclass(frozen=True, slots=True)
class TagSearch:
    """Servers invapi found by a tag value (tags/user_search) when the list could not tell."""

    value: str
    server_ids: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class Console:
    """A virt-viewer file written for a VM, and when its password stops working."""

    path: str
    valid_until: float


@dataclass(frozen=True, slots=True)
class ServerNet:
    """What the Network and Remote tabs know of one server, beyond `eq/show`."""

    port: PortStatus | None = None
    port_at: float | None = None
    port_error: str = ""
    ptr: Mapping[str, PtrRecord] = field(default_factory=lambda: MappingProxyType({}))
    #: Why the PTR of an IP could not be read (by IP; gone once it is read).
    ptr_error: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    #: Forward-confirmation of each PTR name: what it resolves to here, or why it does not.
    forward: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    ip_info: Mapping[str, IpInfo] = field(default_factory=lambda: MappingProxyType({}))
    #: Traffic graphs saved, by period (day, month, year): the file's path.
    graphs: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    #: Blocks this app set with the 4-hour expiry: when each lifts (by IP).
    block_until: Mapping[str, float] = field(default_factory=lambda: MappingProxyType({}))
    #: IPs this app blocked (so a refused unblock of another one is a staff block).
    blocked_here: frozenset[str] = frozenset()
    nat: NatGrant | None = None
    #: A temporary IPMI user: kept in memory only, shown only when asked.
    ipmi_user: IpmiCredentials | None = None
    console: Console | None = None
    novnc: Secret | None = None
    isos: tuple[IsoImage, ...] | None = None
    iso_error: str = ""
    #: The ISO this app mounted, and the boot device it set ("" when it has not).
    mounted: str = ""
    boot: str = ""


@dataclass(frozen=True, slots=True)
class AppState:
    profile: str = ""
    demo: bool = False
    read_only: bool = False
    account: Account = field(default_factory=Account)
    #: Every server the session may see, in invapi's order.
    server_ids: tuple[int, ...] = ()
    #: Details of the servers read so far.
    servers: Mapping[int, Server] = field(default_factory=lambda: MappingProxyType({}))
    #: When each server's details arrived (clock seconds), for the cache time.
    fetched_at: Mapping[int, float] = field(default_factory=lambda: MappingProxyType({}))
    #: Servers whose details could not be read, and why.
    failed: Mapping[int, str] = field(default_factory=lambda: MappingProxyType({}))
    #: The list shows the disk cache and has not been revalidated yet.
    stale: bool = False
    cached_at: float | None = None
    #: Servers of the disk cache not read yet (a start paints the top of the list first).
    cache_pending: int = 0
    refreshed_at: float | None = None
    loading: Loading = field(default_factory=Loading)
    connection: Connection = field(default_factory=Connection)
    #: The read being tried again: why, and when (clock seconds), while it waits.
    retrying: tuple[str, float] | None = None
    #: Rows marked for bulk actions.
    marked: frozenset[int] = frozenset()
    #: Every job of this session, by id, in the order they started.
    jobs: Mapping[str, Job] = field(default_factory=lambda: MappingProxyType({}))
    power: Mapping[int, Power] = field(default_factory=lambda: MappingProxyType({}))
    sensors: Mapping[int, Sensors] = field(default_factory=lambda: MappingProxyType({}))
    pin: Pin = field(default_factory=Pin)
    billing: Billing = field(default_factory=Billing)
    net: Mapping[int, ServerNet] = field(default_factory=lambda: MappingProxyType({}))
    #: The public address invapi sees this machine at (the default NAT source).
    client_ip: str = ""
    dns: Dns = field(default_factory=Dns)
    #: Each server's tags as tags/list gives them (the Tags tab).
    tags: Mapping[int, tuple[Tag, ...]] = field(default_factory=lambda: MappingProxyType({}))
    keys: Keys = field(default_factory=Keys)
    tag_search: TagSearch | None = None
    #: Deploys of ordered servers under way (invoice id, async key), as last listed.
    deploys: tuple[tuple[str, str], ...] = ()
    #: Orders invapi has no server for yet (awaiting payment, or being set up).
    pending_orders: tuple[BillingServer, ...] = ()
    #: PXE reinstalls under way (or left half done by an earlier run), by server.
    pxe: Mapping[int, PxeRun] = field(default_factory=lambda: MappingProxyType({}))
    #: Changes whose outcome is not known yet, by key (see `Unsettled`).
    unsettled: Mapping[str, Unsettled] = field(default_factory=lambda: MappingProxyType({}))
    #: The latest changes invapi was asked about, newest last: (what, what was found).
    settled: tuple[tuple[str, str], ...] = ()
    #: How many were ever settled (`settled` keeps the last few only).
    settled_count: int = 0
    #: Why the audit journal could not be written ("" while it can), with its path.
    journal_problem: str = ""

    def net_of(self, server_id: int) -> ServerNet:
        return self.net.get(server_id) or ServerNet()

    @property
    def jobs_running(self) -> int:
        return sum(1 for job in self.jobs.values() if job.running)

    def busy(self, server_id: int, kind: str) -> bool:
        """A job of this kind is under way for this server (so another is not started)."""
        return any(
            j.running and j.server_id == server_id and j.kind == kind for j in self.jobs.values()
        )
