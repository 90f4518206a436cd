"""Every change, journaled before it is sent; a change whose reply was lost is never repeated
blind: invapi is asked what became of it first (see `reconcile`).

`ChangeBook` is the API client's `ChangeHooks`: the client tells it of each change before sending
(a "sending" line in the journal, or a refusal while the same change is unsettled) and of how it
ended ("answered", "refused", "not sent", "unknown"). An unknown outcome is recorded in the state
(`Unsettled`) and reconciled at once; so are the changes of an earlier run that the journal left
open (the app was quit or killed while waiting).

This module sits below every service: it imports none of them, not even `context` (what the book
needs of its services is the `Owner` protocol). Asking invapi about a change reads through the
services (power, billing, dns, servers...), so the book does not import `reconcile` either: it
holds a `reconciler`, attached by `reconcile.attach` when a session signs in (`session.sign_in`).
A change unsettled before that is recorded and refused again, and asked about on the next
`recheck` (as when no event loop runs).
"""

from __future__ import annotations

import asyncio
import logging
import time
import uuid
from collections.abc import Callable, Coroutine, Mapping
from dataclasses import replace
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Protocol

from hostkey_tui.api.errors import ApiError
from hostkey_tui.models.common import Secret
from hostkey_tui.services.audit import Entry
from hostkey_tui.state.events import ChangeUnsettled
from hostkey_tui.state.state import Link, Unsettled

if TYPE_CHECKING:
    from hostkey_tui.api.transport import FieldValue
    from hostkey_tui.clock import Clock
    from hostkey_tui.services.audit import Journal
    from hostkey_tui.state.store import Store


class Owner(Protocol):
    """What the book needs of the services that own it (`context.Services` is one)."""

    @property
    def store(self) -> Store: ...
    @property
    def clock(self) -> Clock: ...
    @property
    def profile(self) -> str: ...
    @property
    def journal(self) -> Journal | None: ...
    def write_journal(self, entry: Entry) -> None: ...


#: Asks invapi what became of one unsettled change (`reconcile.reconcile`, bound to services).
Reconciler = Callable[[Unsettled], Coroutine[Any, Any, None]]

log = logging.getLogger("hostkey_tui.changes")

POWER_ENDPOINTS = frozenset({"eq/on", "eq/off", "eq/reboot", "eq/hard_off"})
#: Changes whose mark is a new invoice.
NEW_INVOICE_ENDPOINTS = frozenset({"whmcs/create_addfunds", "whmcs/mass_pay"})
#: Fields that name what a change is about: kept in the journal to ask invapi about it later.
#: Secrets (PINs, passwords, keys) are never among them.
_ABOUT = frozenset(
    {
        "id", "invoice_id", "invoiceid", "zone", "name", "type", "ip", "server_id",
        "amount", "preset", "location_name", "hostname", "key_id", "contact_id", "tag",
    }
)  # fmt: skip
_SECRET_WORDS = ("pass", "pin", "token", "secret", "key_value", "ssh_key", "api_key")


def about_of(fields: Mapping[str, FieldValue]) -> dict[str, str]:
    """What identifies a change's target, from its form fields (nested `params` flattened)."""
    found: dict[str, str] = {}

    def take(name: str, value: object) -> None:
        if isinstance(value, Mapping):
            for inner, item in value.items():
                take(str(inner), item)
            return
        if isinstance(value, Secret) or any(word in name.lower() for word in _SECRET_WORDS):
            return
        if name in _ABOUT and isinstance(value, str | int | Decimal) and name not in found:
            found[name] = str(value)[:200]

    for name, value in fields.items():
        take(name, value)
    return found


#: The families whose `id` field is a server's id (elsewhere it is the key's, the request's,
#: the domain's own id).
SERVER_FAMILIES = frozenset({"eq", "net", "ip", "nat", "iso", "tags", "whmcs", "jenkins", "vm"})


def server_of(endpoint: str, about: Mapping[str, str]) -> int | None:
    """The server a change is about, when its `id` names one."""
    server = about.get("id", "")
    if endpoint.partition("/")[0] in SERVER_FAMILIES and server.isdigit():
        return int(server)
    return None


def change_key(endpoint: str, about: Mapping[str, str]) -> str:
    """`group:target`: two changes with one key are "the same change" for the guard."""
    server = about.get("id", "")
    if endpoint in POWER_ENDPOINTS and server:
        return f"power:{server}"
    if endpoint == "eq/order_instance":
        return f"install:{server}" if server else "order:account"
    if endpoint == "pdns/add_domain" and about.get("name"):
        return f"zone:{about['name'].lower().rstrip('.')}"
    if endpoint.startswith("pdns/") and about.get("zone"):
        return f"zone:{about['zone'].lower().rstrip('.')}"
    if endpoint == "whmcs/apply_credit":
        return f"invoice:{about.get('invoice_id', '')}"
    if endpoint in ("whmcs/create_addfunds", "whmcs/mass_pay"):
        return f"{endpoint.partition('/')[2]}:account"
    return f"{endpoint}:{server or 'account'}"


class ChangeBook:
    """The client's change hooks, for one account's services."""

    def __init__(self, services: Owner) -> None:
        self.services = services
        #: Reconciliations under way (kept so they are not collected while they run).
        self.tasks: set[asyncio.Task[None]] = set()
        #: What an order was compared with at sending (server ids, pending orders, invoices).
        self.baselines: dict[str, dict[str, str]] = {}
        #: Changes of an earlier run already being asked about.
        self.asked: set[str] = set()
        #: Change ids this run wrote (never taken for an earlier run's), and those whose
        #: answer has not come yet (quitting asks while there are any).
        self.written: set[str] = set()
        self.in_flight: dict[str, str] = {}
        #: Keys whose reconciliation is running now.
        self.asking: set[str] = set()
        #: Runs a reconciliation (the app's workers); None: a task of its own, kept in `tasks`.
        self.runner: Callable[[Coroutine[Any, Any, None]], object] | None = None
        #: Asks invapi about a change (`reconcile.attach` sets it); None: not signed in yet.
        self.reconciler: Reconciler | None = None

    # -- the client's hooks ------------------------------------------------------------------

    def before(self, endpoint: str, fields: Mapping[str, FieldValue]) -> None:
        key = change_key(endpoint, about_of(fields))
        entry = self.services.store.state.unsettled.get(key)
        if entry is not None:
            raise ApiError(refusal(entry), title="Not sent: an earlier outcome is unknown")

    def sending(self, endpoint: str, fields: Mapping[str, FieldValue]) -> str:
        change = uuid.uuid4().hex[:16]
        self.written.add(change)
        self.in_flight[change] = describe(endpoint, about_of(fields), self.services)
        about = about_of(fields)
        if change_key(endpoint, about) == "order:account" or endpoint in NEW_INVOICE_ENDPOINTS:
            # what invapi showed before: what is new afterwards is what this change made
            about.update(self._order_baseline())
        self.baselines[change] = about
        self.services.write_journal(
            Entry(
                self.services.clock.now(),
                self.services.profile,
                endpoint,
                self.targets_of(endpoint, about),
                "sending",
                change=change,
                endpoint=endpoint,
                about=tuple(about.items()),
            )
        )
        return change

    def ended(
        self,
        change: str,
        endpoint: str,
        fields: Mapping[str, FieldValue],
        outcome: str,
        message: str,
    ) -> None:
        about = self.baselines.pop(change, None) or about_of(fields)
        self.in_flight.pop(change, None)
        now = self.services.clock.now()
        self.services.write_journal(
            Entry(
                now,
                self.services.profile,
                endpoint,
                self.targets_of(endpoint, about),
                outcome,
                message[:500],
                change=change,
                endpoint=endpoint,
            )
        )
        if outcome == "unknown":
            self.unsettle(change, endpoint, about, now, message)

    # -- unsettled changes ---------------------------------------------------------------------

    def unsettle(
        self,
        change: str,
        endpoint: str,
        about: Mapping[str, str],
        at: float,
        message: str,
        *,
        earlier: bool = False,
        what: str = "",
        ask: bool = True,
    ) -> None:
        """Record a change whose outcome is unknown, and start asking invapi what happened."""
        entry = Unsettled(
            key=change_key(endpoint, about),
            endpoint=endpoint,
            what=what or describe(endpoint, about, self.services),
            at=at,
            message=message[:300],
            earlier=earlier,
            change=change,
            about=tuple(about.items()),
        )
        self.services.store.dispatch(ChangeUnsettled(entry))
        if ask:
            self.ask(entry)

    def ask_earlier(self) -> None:
        """Start asking about the changes of an earlier run (once the servers are read, so that
        what is found names them)."""
        for entry in self.services.store.state.unsettled.values():
            if entry.earlier and entry.status == "checking" and entry.key not in self.asked:
                self.asked.add(entry.key)
                self.ask(entry)

    def recheck(self) -> None:
        """Ask again about every change invapi could not be asked about yet (`r`)."""
        self.ask_earlier()
        for entry in self.services.store.state.unsettled.values():
            # "checking" with nothing asking (a reconciliation that died): asked again too
            if entry.status != "checking" or entry.key not in self.asking:
                checking = replace(entry, status="checking", message="")
                self.services.store.dispatch(ChangeUnsettled(checking))
                self.ask(checking)

    def reconcile_journal(self) -> int:
        """The changes an earlier run left open, recorded as unsettled and asked about; how many."""
        journal = self.services.journal
        if journal is None:
            return 0
        count = 0
        for entry in journal.unfinished():
            if entry.profile != self.services.profile or not entry.endpoint:
                continue
            if entry.change in self.written:
                continue  # this run's own, still waiting for its answer (a sign-in again)
            key = change_key(entry.endpoint, dict(entry.about))
            if key in self.services.store.state.unsettled:
                continue
            self.unsettle(
                entry.change,
                entry.endpoint,
                dict(entry.about),
                entry.at,
                "the app stopped before its outcome was known",
                earlier=True,
                # the servers are not read yet at sign-in: the journal's own words name it
                what=f"{entry.endpoint} of {entry.targets[0]}" if entry.targets else "",
                ask=False,  # refused from now on; asked about once the servers are read
            )
            count += 1
        return count

    def ask(self, entry: Unsettled) -> None:
        """Start asking invapi what became of `entry` (left for `recheck` before sign-in)."""
        if self.reconciler is None:
            return
        self.asking.add(entry.key)  # from now: a recheck before it starts asks no second time
        self.spawn(self.reconciler(entry))

    def spawn(self, work: Coroutine[Any, Any, None]) -> None:
        if self.runner is not None:
            self.runner(work)
            return
        try:
            task = asyncio.get_running_loop().create_task(work)
        except RuntimeError:  # no loop (a synchronous test): asked about on the next recheck
            work.close()
            return
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)

    # -- helpers -----------------------------------------------------------------------------

    def targets_of(self, endpoint: str, about: Mapping[str, str]) -> tuple[str, ...]:
        server = server_of(endpoint, about)
        if server is not None:
            found = self.services.store.state.servers.get(server)
            return (f"{found.hostname} ({server})" if found else f"server {server}",)
        for name in ("zone", "invoice_id", "name", "preset", "id"):
            if about.get(name):
                return (f"{name} {about[name]}",)
        return ()

    def _order_baseline(self) -> dict[str, str]:
        """What invapi showed before the change; "" where it was never read (nothing can be
        compared there), "0" where it was read and empty (everything after is new)."""
        state = self.services.store.state
        invoices_read = state.billing.part("invoices").at is not None
        signed_in = state.connection.link is Link.OK or bool(state.server_ids)
        return {
            "max_server": str(max(state.server_ids, default=0)) if signed_in else "",
            "max_invoice": (
                str(max((i.id for i in state.billing.invoices), default=0)) if invoices_read else ""
            ),
            "deploys": str(len(state.deploys)),
        }


def describe(endpoint: str, about: Mapping[str, str], services: Owner) -> str:
    """`eq/reboot of de-app-01 (40052)`: the change, for people."""
    server = server_of(endpoint, about)
    if server is not None:
        found = services.store.state.servers.get(server)
        name = f"{found.hostname} ({server})" if found else f"server {server}"
        return f"{endpoint} of {name}"
    if endpoint == "eq/order_instance":
        return f"the order of a {about.get('preset', 'new')} server"
    for name in ("zone", "invoice_id", "name", "id"):
        if about.get(name):
            return f"{endpoint} ({name} {about[name]})"
    return endpoint


def refusal(entry: Unsettled) -> str:
    """Why the same change is not sent again, and what the app is doing about it."""
    when = _when_text(entry.at)
    earlier = " (sent by an earlier run of the app)" if entry.earlier else ""
    if entry.status == "checking":
        doing = "hostkey-tui is asking invapi what happened; it can be sent again once known."
    else:
        doing = f"invapi could not be asked yet ({entry.message}); r asks again."
    return (
        f"Nothing was sent: the reply to {entry.what} at {when}{earlier} was lost, so it may "
        f"already have happened. {doing}"
    )


def _when_text(at: float) -> str:
    return time.strftime("%H:%M UTC", time.gmtime(at))
