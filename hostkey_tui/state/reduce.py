"""`reduce(state, event) → state`: pure, and returning the same object when nothing changed."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from types import MappingProxyType

from hostkey_tui.models.sensors import SensorReading
from hostkey_tui.models.server import Server
from hostkey_tui.state.billing_reduce import reduce_billing
from hostkey_tui.state.changes_reduce import reduce_changes
from hostkey_tui.state.events import (
    AccountLoaded,
    ApiKeysRead,
    BillingPartFailed,
    BillingReadCalledOff,
    BillingReadStarted,
    CacheRestored,
    CancellationsRead,
    ChangeSettled,
    ChangeUnsettled,
    ClientIpRead,
    ClientRead,
    ConnectionLost,
    ContactsRead,
    CreditsRead,
    DnsFailed,
    DomainsRead,
    Event,
    InvoiceRead,
    InvoicesProgress,
    InvoicesRead,
    JobUpdated,
    JournalFailed,
    KeyHistoryRead,
    KeysFailed,
    LoadCalledOff,
    LoadFinished,
    LoadStarted,
    MarksCleared,
    MarksToggled,
    OrdersListed,
    PaymentMethodsRead,
    PinAccepted,
    PinRefused,
    PowerRead,
    PxeChanged,
    ReadRetrying,
    RemoteHandsRead,
    SensorsFailed,
    SensorsRead,
    ServerBillingRead,
    ServerIdsListed,
    ServerLoadFailed,
    ServersLoaded,
    SessionOpened,
    SignedIn,
    SigningIn,
    SignInRefused,
    SshKeysRead,
    TagSearched,
    TagsRead,
    TransactionsRead,
    ZoneRead,
)
from hostkey_tui.state.net_events import NetEvent
from hostkey_tui.state.net_reduce import reduce_net
from hostkey_tui.state.state import (
    Account,
    AppState,
    Connection,
    Dns,
    Keys,
    Link,
    Loading,
    Pin,
    Power,
    Sensors,
)

#: Wrong PINs before the app stops offering PIN actions (invapi locks the PIN at three).
PIN_TRIES = 3
#: Readings kept per sensor for its sparkline.
HISTORY = 30


def power_word(on: bool | None) -> str:
    """What a power reading says in one word: on, off, unknown (a reply was lost)."""
    return "unknown" if on is None else ("on" if on else "off")


def _powered(server: Server, power: Mapping[int, Power]) -> Server:
    """The server with its power as `AppState.power` holds it (eq/show does not say it)."""
    known = power.get(server.id)
    word = "" if known is None else power_word(known.on)
    return server if server.power == word else replace(server, power=word)


def _with_servers(state: AppState, incoming: tuple[Server, ...], at: float | None) -> AppState:
    servers = state.servers
    incoming = tuple(_powered(s, state.power) for s in incoming)
    changed = [s for s in incoming if servers.get(s.id) != s]
    fetched = dict(state.fetched_at)
    if at is not None:
        fetched.update((s.id, at) for s in incoming)
    failed = state.failed
    if any(s.id in failed for s in incoming):
        failed = MappingProxyType(
            {k: v for k, v in failed.items() if k not in {s.id for s in incoming}}
        )
    if not changed and failed is state.failed:
        # Same details: keep the same mapping, so views and widgets see nothing new.
        return replace(state, fetched_at=MappingProxyType(fetched)) if at is not None else state
    merged = dict(servers)
    merged.update((s.id, s) for s in changed)
    ids = state.server_ids
    known = set(ids)
    new_ids = tuple(s.id for s in changed if s.id not in known)
    return replace(
        state,
        servers=MappingProxyType(merged),
        server_ids=ids + new_ids,
        fetched_at=MappingProxyType(fetched),
        failed=failed,
    )


def _sensor_history(
    before: Sensors | None, readings: tuple[SensorReading, ...]
) -> MappingProxyType[str, tuple[float, ...]]:
    history = dict(before.history) if before else {}
    for reading in readings:
        if reading.value is not None:
            history[reading.name] = (*history.get(reading.name, ()), float(reading.value))[
                -HISTORY:
            ]
    return MappingProxyType(history)


def _keys_read(keys: Keys, part: str) -> Mapping[str, str]:
    """The Account section's failures once `part` was read (its own is gone, the rest stay)."""
    if part not in keys.errors:
        return keys.errors
    return MappingProxyType({k: v for k, v in keys.errors.items() if k != part})


def reduce(state: AppState, event: Event) -> AppState:
    match event:
        case SessionOpened(profile, demo, read_only):
            return replace(state, profile=profile, demo=demo, read_only=read_only)
        case CacheRestored(servers, saved_at, pending):
            restored = _with_servers(state, servers, None)
            return replace(restored, stale=True, cached_at=saved_at, cache_pending=pending)
        case SignedIn(server_ids, email, deploys):
            account = replace(state.account, email=email) if email else state.account
            return reduce(
                replace(state, account=account, connection=Connection(Link.OK), deploys=deploys),
                ServerIdsListed(server_ids),
            )
        case OrdersListed(pending, deploys):
            return replace(state, pending_orders=pending, deploys=deploys)
        case ServerIdsListed(server_ids):
            if server_ids == state.server_ids:
                return state
            keep = set(server_ids)
            return replace(
                state,
                server_ids=server_ids,
                servers=MappingProxyType({k: v for k, v in state.servers.items() if k in keep}),
                marked=frozenset(m for m in state.marked if m in keep),
            )
        case AccountLoaded(email, name, credit):
            account = Account(email=email or state.account.email, name=name, credit=credit)
            return state if account == state.account else replace(state, account=account)
        case LoadStarted(total):
            return replace(state, loading=Loading(active=True, done=0, total=total))
        case ServersLoaded(servers, at):
            updated = _with_servers(state, servers, at)
            if not state.loading.active:
                return updated
            loading = replace(
                state.loading, done=min(state.loading.total, state.loading.done + len(servers))
            )
            return replace(updated, loading=loading)
        case ServerLoadFailed(server_id, reason):
            failed = MappingProxyType({**state.failed, server_id: reason})
            loading = state.loading
            if loading.active:
                loading = replace(loading, done=min(loading.total, loading.done + 1))
            return replace(state, failed=failed, loading=loading)
        case LoadFinished(at):
            return replace(
                state,
                loading=Loading(),
                stale=False,
                refreshed_at=at,
                connection=Connection(Link.OK),
            )
        case LoadCalledOff():
            return replace(state, loading=replace(state.loading, active=False))
        case ConnectionLost(message, retry_at):
            return replace(
                state,
                connection=Connection(Link.UNREACHABLE, message, retry_at),
                loading=replace(state.loading, active=False),
            )
        case ReadRetrying(reason, until):
            return replace(state, retrying=(reason, until))
        case SigningIn(waiting_for, at):
            if state.connection.link is Link.OK:
                return state  # a refresh's re-list, not a sign-in
            return replace(state, connection=Connection(Link.CONNECTING, waiting_for, None, at))
        case SignInRefused(message):
            return replace(
                state, connection=Connection(Link.SIGNED_OUT, message), loading=Loading()
            )
        case MarksToggled(server_ids):
            return replace(state, marked=state.marked.symmetric_difference(server_ids))
        case MarksCleared():
            return state if not state.marked else replace(state, marked=frozenset())
        case JobUpdated(job):
            if state.jobs.get(job.id) == job:
                return state
            return replace(state, jobs=MappingProxyType({**state.jobs, job.id: job}))
        case PowerRead(server_id, on, text, at):
            power = MappingProxyType({**state.power, server_id: Power(on, text, at)})
            server = state.servers.get(server_id)
            if server is None or server.power == power_word(on):
                return replace(state, power=power)
            # The list row and the detail's header say the power the Power tab says.
            powered = {**state.servers, server_id: replace(server, power=power_word(on))}
            return replace(state, power=power, servers=MappingProxyType(powered))
        case SensorsRead(server_id, readings, at):
            before = state.sensors.get(server_id)
            history = _sensor_history(before, readings)
            snapshot = Sensors(readings=readings, at=at, history=history)
            return replace(state, sensors=MappingProxyType({**state.sensors, server_id: snapshot}))
        case SensorsFailed(server_id, message, at):
            before = state.sensors.get(server_id) or Sensors(readings=(), at=None)
            snapshot = replace(before, error=message, error_at=at)
            return replace(state, sensors=MappingProxyType({**state.sensors, server_id: snapshot}))
        case PinAccepted():
            if state.pin.accepted and not state.pin.rejections:
                return state
            return replace(state, pin=Pin(0, blocked=False, accepted=True))
        case (
            BillingReadStarted()
            | BillingPartFailed()
            | BillingReadCalledOff()
            | ClientRead()
            | InvoicesProgress()
            | InvoicesRead()
            | CreditsRead()
            | TransactionsRead()
            | ContactsRead()
            | CancellationsRead()
        ):
            return reduce_billing(state, event)
        case ChangeUnsettled() | ChangeSettled() | JournalFailed():
            return reduce_changes(state, event)
        case InvoiceRead(detail):
            details = MappingProxyType({**state.billing.details, detail.invoice.id: detail})
            return replace(state, billing=replace(state.billing, details=details))
        case PaymentMethodsRead(invoice_id, methods):
            known = MappingProxyType({**state.billing.methods, invoice_id: methods})
            return replace(state, billing=replace(state.billing, methods=known))
        case ServerBillingRead(server_id, data, related):
            billing = state.billing
            if data is not None:
                by_server = MappingProxyType({**billing.servers, server_id: data})
                billing = replace(billing, servers=by_server)
            if related is not None:
                invoices_of = MappingProxyType({**billing.related, server_id: related})
                billing = replace(billing, related=invoices_of)
            return replace(state, billing=billing)
        case PinRefused(blocked):
            return replace(state, pin=Pin(state.pin.rejections + 1, blocked=blocked))
        case NetEvent():
            return reduce_net(state, event)
        case ClientIpRead(ip):
            return state if ip == state.client_ip else replace(state, client_ip=ip)
        case DomainsRead(domains):
            names = {d.name for d in domains}
            kept = {k: v for k, v in state.dns.zones.items() if k in names}
            return replace(state, dns=Dns(domains, MappingProxyType(kept), ""))
        case ZoneRead(zone):
            merged = MappingProxyType({**state.dns.zones, zone.name: zone})
            return replace(state, dns=replace(state.dns, zones=merged, error=""))
        case DnsFailed(message):
            return replace(state, dns=replace(state.dns, error=message))
        case TagsRead(server_id, tags):
            return replace(state, tags=MappingProxyType({**state.tags, server_id: tags}))
        case ApiKeysRead(api_keys, for_server):
            if (
                state.keys.api_keys == api_keys
                and state.keys.for_server == for_server
                and not state.keys.error
                and "api_keys" not in state.keys.errors
            ):
                return state
            listed = replace(
                state.keys,
                api_keys=api_keys,
                for_server=for_server,
                error="",
                errors=_keys_read(state.keys, "api_keys"),
            )
            return replace(state, keys=listed)
        case KeyHistoryRead(history):
            errors = _keys_read(state.keys, "history")
            with_history = replace(state.keys, history=history, error="", errors=errors)
            return replace(state, keys=with_history)
        case SshKeysRead(ssh_keys):
            errors = _keys_read(state.keys, "ssh_keys")
            if (
                state.keys.ssh_keys == ssh_keys
                and not state.keys.error
                and errors is state.keys.errors
            ):
                return state
            with_ssh = replace(state.keys, ssh_keys=ssh_keys, error="", errors=errors)
            return replace(state, keys=with_ssh)
        case RemoteHandsRead(requests):
            errors = _keys_read(state.keys, "remote_hands")
            if (
                state.keys.remote_hands == requests
                and not state.keys.error
                and errors is state.keys.errors
            ):
                return state
            with_requests = replace(state.keys, remote_hands=requests, error="", errors=errors)
            return replace(state, keys=with_requests)
        case KeysFailed(message, part):
            errors = dict(_keys_read(state.keys, part))
            if message:
                errors[part] = message
            with_failure = replace(
                state.keys, error=message or state.keys.error, errors=MappingProxyType(errors)
            )
            return replace(state, keys=with_failure)
        case TagSearched(found):
            return replace(state, tag_search=found)
        case PxeChanged(server_id, run):
            runs = {k: v for k, v in state.pxe.items() if k != server_id}
            if run is not None:
                runs[server_id] = run
            return replace(state, pxe=MappingProxyType(runs))
