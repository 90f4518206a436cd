"""Reading billing, part by part: the account, the invoices (every page), the credit history,
the transactions, the contacts and the pending cancellations.

Each part is read on its own and says its own outcome (`state.Billing.parts`): one that fails
is said in its place, with why, and the others show what they read. Nothing here raises an
`InvapiError`.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Collection

from hostkey_tui.api import InvapiError
from hostkey_tui.models.billing import Invoice
from hostkey_tui.models.server import Server
from hostkey_tui.services.context import Services
from hostkey_tui.state.events import (
    BillingPartFailed,
    BillingReadCalledOff,
    BillingReadStarted,
    CancellationsRead,
    ClientRead,
    ContactsRead,
    CreditsRead,
    Event,
    InvoicesProgress,
    InvoicesRead,
    ServersLoaded,
    TransactionsRead,
)
from hostkey_tui.state.state import BILLING_PARTS, AppState, Link
from hostkey_tui.state.views import DUE_SOON, SUSPENDED


def why(error: InvapiError) -> str:
    return f"{error.title}: {error.message}"


async def _part(services: Services, part: str, read: Callable[[], Awaitable[Event]]) -> None:
    """Read one part; a failure is said in its place (the other parts go on regardless)."""
    try:
        event = await read()
    except InvapiError as error:
        services.store.dispatch(BillingPartFailed(part, why(error), services.clock.now()))
        return
    except asyncio.CancelledError:
        _called_off(services, part)
        raise
    services.store.dispatch(event)


def _called_off(services: Services, part: str) -> None:
    # A read stopped half way (the screen closed, or a newer read took over) must not leave
    # its part saying "reading…" for ever; a newer read says its own outcome.
    services.store.dispatch(BillingReadCalledOff(part))


def currency_of(state: AppState) -> str:
    """The account's currency, from whichever read knows it (credit and transaction rows name
    none of their own)."""
    if state.billing.client is not None and state.billing.client.currency_code:
        return state.billing.client.currency_code
    if state.account.credit is not None and state.account.credit.currency:
        return state.account.credit.currency
    return next((i.currency for i in state.billing.invoices if i.currency), "")


def credit_server(state: AppState) -> int | None:
    """The server named in `whmcs/getcredits`, whose `id` (a server's, int) is documented as
    required though the credit history belongs to the account.

    The lowest id of the account's servers: stable from one session to the next (invapi's
    order, or the user's sort, does not move it), and a server key's session lists just its
    own server, which is then the one sent.
    """
    return min(state.server_ids) if state.server_ids else None


class NoServer(InvapiError):
    default_title = "Not asked"


async def read_credits(services: Services) -> CreditsRead:
    state = services.store.state
    server = credit_server(state)
    if server is None:
        if state.connection.link is not Link.OK:
            raise NoServer(
                "whmcs/getcredits needs one of the account's servers, and they are not known "
                "yet (not signed in); nothing was sent."
            )
        raise NoServer(
            "whmcs/getcredits needs the id of one of the account's servers, and this account "
            "has none; nothing was sent."
        )
    credits = await services.client.whmcs.getcredits(server, currency_of(state))
    return CreditsRead(credits, services.clock.now())


async def read_invoices(services: Services) -> None:
    """Every page of the invoices, the progress said as they come; a page that fails keeps
    what came before, said as partial."""
    whmcs = services.client.whmcs
    found: list[Invoice] = []
    total: int | None = None
    pages = 0
    try:
        async for page in whmcs.invoice_pages(currency=currency_of(services.store.state)):
            pages += 1
            found.extend(page.invoices)
            total = page.total
            services.store.dispatch(InvoicesProgress(len(found), total))
    except asyncio.CancelledError:
        _called_off(services, "invoices")
        raise
    except InvapiError as error:
        now = services.clock.now()
        if not found:
            services.store.dispatch(BillingPartFailed("invoices", why(error), now))
            return
        problem = f"page {pages + 1} failed: {why(error)}"
        services.store.dispatch(InvoicesRead(tuple(found), now, total, problem))
        return
    services.store.dispatch(InvoicesRead(tuple(found), services.clock.now(), total))


async def read_cancellations(services: Services) -> None:
    """The pending cancellations (the server list marks them ✕cancel); a failure is kept, so
    that the missing marks are said, not silently absent."""
    services.store.dispatch(BillingReadStarted(("cancellations",)))
    await _read_cancellations(services)


async def _read_cancellations(services: Services) -> None:
    async def read() -> Event:
        requests = await services.client.whmcs.get_cancellation_requests()
        return CancellationsRead(requests, services.clock.now())

    await _part(services, "cancellations", read)


async def load_billing(services: Services, parts: Collection[str] = BILLING_PARTS) -> None:
    """Read `parts` of billing, each on its own: one that fails says why in its place, and the
    others show what they read. Never raises an `InvapiError`."""
    wanted = [p for p in BILLING_PARTS if p in parts]
    services.store.dispatch(BillingReadStarted(tuple(wanted)))
    whmcs = services.client.whmcs
    now = services.clock.now

    async def client() -> Event:
        return ClientRead(await whmcs.get_client(), now())

    async def transactions() -> Event:
        found = await whmcs.transactions(None, currency_of(services.store.state))
        return TransactionsRead(found, now())

    async def contacts() -> Event:
        return ContactsRead(await whmcs.get_contacts(), now())

    first = asyncio.ensure_future(_part(services, "client", client)) if "client" in wanted else None

    async def after_client(part: str, read: Callable[[], Awaitable[Event]]) -> None:
        # Credit and transaction rows carry no currency: the account's is read first (whether
        # that read works or not, this one goes on).
        if first is not None:
            try:
                await asyncio.wait([first])
            except asyncio.CancelledError:
                # Called off before its own read began: said, so it is not left "reading…".
                services.store.dispatch(BillingReadCalledOff(part))
                raise
        await _part(services, part, read)

    reads: list[Awaitable[None]] = [first] if first is not None else []
    if "invoices" in wanted:
        reads.append(read_invoices(services))
    if "credits" in wanted:
        reads.append(after_client("credits", lambda: read_credits(services)))
    if "transactions" in wanted:
        reads.append(after_client("transactions", transactions))
    if "contacts" in wanted:
        reads.append(_part(services, "contacts", contacts))
    if "cancellations" in wanted:
        reads.append(_read_cancellations(services))
    unpaid = {i.id for i in services.store.state.billing.invoices if i.unpaid}
    await asyncio.gather(*reads)
    if "invoices" in wanted:
        settled = [
            i.id for i in services.store.state.billing.invoices if i.id in unpaid and not i.unpaid
        ]
        if settled:
            await reread_due_servers(services)


async def reread_due_servers(services: Services) -> None:
    """After invoices were paid (here or anywhere invapi learnt of): the servers whose due date
    or suspension the triage board shows are read again (eq/show), so that "overdue 12 days"
    goes as soon as invapi says so, without waiting for the next refresh of the list.

    A server that cannot be read keeps what was read before (`r` reads it again).
    """
    state = services.store.state
    due = [
        s.id
        for s in state.servers.values()
        if s.status == SUSPENDED or (s.days_left is not None and s.days_left <= DUE_SOON)
    ]
    limit = asyncio.Semaphore(max(1, services.settings.concurrency))

    async def show(server_id: int) -> Server | None:
        async with limit:
            try:
                return await services.client.eq.show(server_id)
            except InvapiError:
                return None

    found = [s for s in await asyncio.gather(*(show(i) for i in due)) if s is not None]
    if found:
        services.store.dispatch(ServersLoaded(tuple(found), services.clock.now()))
