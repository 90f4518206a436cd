"""Keeping the server list loaded and fresh: the disk cache, the list, each server's details.

`load_servers` reads the details of every listed server with bounded concurrency, the rows on
screen first, dispatching them in batches as they arrive; `refresh` lists the servers again and
reads them anew, `refresh_server` one of them. Signing in is `session`'s: this module never
imports it (install, tags, network and reconcile read servers here, and `session` starts them).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Collection, Iterator, Sequence

from hostkey_tui.api import ApiError, InvapiError, NotFound, PermissionDenied, TransportError
from hostkey_tui.models.account import ServerInventory
from hostkey_tui.models.server import Server
from hostkey_tui.services.billing_reads import read_cancellations
from hostkey_tui.services.cache import Cached, ServerCache
from hostkey_tui.services.context import Services
from hostkey_tui.state.events import (
    AccountLoaded,
    CacheRestored,
    ConnectionLost,
    LoadCalledOff,
    LoadFinished,
    LoadStarted,
    OrdersListed,
    ServerIdsListed,
    ServerLoadFailed,
    ServersLoaded,
)
from hostkey_tui.state.store import Store

log = logging.getLogger(__name__)

#: Ids on screen now: the loader reads these first.
Viewport = Callable[[], Sequence[int]]
#: Servers read are put into the state this many at a time, or a hundredth of the load when
#: that is more: each step copies the state's mappings of every server, which for 10,000
#: servers in steps of 25 cost a second of the event loop per load (bench/README.md).
_BATCH = 25
_STEPS = 100


def restore_cache(
    store: Store, cache: ServerCache | None, head: int | None = None
) -> Cached | None:
    """The disk cache's list into the state (its first `head` servers only, if given: pass
    what this returns to `restore_rest` for the others)."""
    cached = cache.load(head) if cache else None
    _restored(store, cached)
    return cached


async def restore_cache_aside(
    store: Store, cache: ServerCache | None, head: int | None = None
) -> Cached | None:
    """As `restore_cache`, the file read and parsed in a worker thread; put into the state on
    the loop."""
    cached = await asyncio.to_thread(cache.load, head) if cache else None
    _restored(store, cached)
    return cached


def _restored(store: Store, cached: Cached | None) -> None:
    if cached and (cached.servers or cached.unread):
        store.dispatch(CacheRestored(cached.servers, cached.saved_at, cached.pending))


#: Cached servers read per part after the first frame: about 30 ms of parsing (a part of 500
#: held the screen for 150 ms and more with 10,000 servers: bench/README.md, responsive).
CACHE_PART = 100


def restore_rest(store: Store, cached: Cached | None, chunk: int = CACHE_PART) -> Iterator[int]:
    """The servers `restore_cache` left unread, added to the state `chunk` at a time: one part
    per step (each says how many are left), so that the caller can draw and take keys in
    between (10,000 cached servers take about three seconds to read)."""
    if cached is None or not cached.unread:
        return
    pending = cached.pending
    for servers in cached.rest(chunk):
        pending = max(0, pending - chunk)
        store.dispatch(CacheRestored(servers, cached.saved_at, pending))
        yield pending


async def restore_rest_aside(
    store: Store, cached: Cached | None, turn: asyncio.Lock, chunk: int = CACHE_PART
) -> None:
    """As `restore_rest`, each part parsed in a worker thread: the parse is most of a part's
    cost (30-45 ms for 100 servers), and the event loop draws and takes keys meanwhile. Only
    adding a part to the state runs on the loop.

    `turn` is held across a part, its parse included, so that one part is parsed at a time:
    several parsing threads would take the interpreter's lock from the event loop in turn with
    each other (bench/fleet.py). Not to be called with `turn` held (it is not re-entrant).
    Cancelled, the part being parsed is dropped when its thread ends."""
    if cached is None or not cached.unread:
        return
    pending = cached.pending
    parts = cached.rest(chunk)
    while True:
        async with turn:
            servers = await asyncio.to_thread(next, parts, None)
            if servers is None:
                return
            pending = max(0, pending - chunk)
            store.dispatch(CacheRestored(servers, cached.saved_at, pending))
            # held across a turn of the loop: the screen draws the part before the next
            await asyncio.sleep(0)


async def read_inventory(services: Services) -> ServerInventory | None:
    """`eq/update_servers`, or None when invapi refuses it (the documentation lists it but shows
    no reply; a role may lack it): the login's own server list stands in for it then."""
    try:
        return await services.client.eq.update_servers()
    except (ApiError, PermissionDenied, NotFound) as error:
        # A clear refusal only: an unreadable reply or a dead network is said as before.
        log.info("eq/update_servers refused (%s); the login's server list is used", error)
        return None


async def load_account(services: Services) -> None:
    """The header's e-mail and credit, and pending cancellations (the list shows them), each
    read on its own. A failed header read leaves it as it was; a failed read of the
    cancellations is kept and said (the list's ✕cancel marks would be missing)."""

    async def header() -> None:
        try:
            client = await services.client.whmcs.get_client()
        except InvapiError:
            return
        services.store.dispatch(AccountLoaded(client.email, client.name, client.credit))

    # One after the other: the account's reads take one place beside the servers' details.
    await header()
    await read_cancellations(services)


async def load_servers(
    services: Services, viewport: Viewport = tuple, *, force: bool = False
) -> None:
    """Read the details of every listed server not read within the cache time.

    Raises:
        TransportError: invapi stopped answering (what arrived so far is kept).
    """
    state = services.store.state
    now = services.clock.now()
    ttl = services.settings.cache_ttl
    pending = [
        i
        for i in state.server_ids
        if force
        or i not in state.servers
        or now - state.fetched_at.get(i, -1e18) > ttl
        or state.stale
    ]
    services.store.dispatch(LoadStarted(len(pending)))
    waiting: dict[int, None] = dict.fromkeys(pending)  # an insertion-ordered set
    batch_size = max(_BATCH, len(pending) // _STEPS)
    batch: list[Server] = []
    failure: list[TransportError] = []

    def next_id() -> int | None:
        for server_id in viewport():
            if server_id in waiting:
                del waiting[server_id]
                return server_id
        if waiting:
            server_id = next(iter(waiting))
            del waiting[server_id]
            return server_id
        return None

    def flush() -> None:
        if batch:
            services.store.dispatch(ServersLoaded(tuple(batch), services.clock.now(), seen=True))
            batch.clear()

    async def worker() -> None:
        while not failure and (server_id := next_id()) is not None:
            try:
                server = await services.client.eq.show(server_id)
            except NotFound as error:
                services.store.dispatch(ServerLoadFailed(server_id, error.message))
                continue
            except TransportError as error:
                if error.status == 500:  # invapi failed on this server: the others still load
                    services.store.dispatch(ServerLoadFailed(server_id, error.message))
                    continue
                failure.append(error)  # invapi is not answering: the whole load is tried again
                return
            except InvapiError as error:
                services.store.dispatch(ServerLoadFailed(server_id, error.message))
                continue
            if server.id != server_id:
                # Another server's details under this id: kept for neither, said on its row.
                services.store.dispatch(
                    ServerLoadFailed(
                        server_id, f"eq/show answered with server {server.id}'s details"
                    )
                )
                continue
            batch.append(server)
            if len(batch) >= batch_size or not waiting:
                flush()

    workers = max(1, min(services.settings.concurrency, len(pending)))
    try:
        await asyncio.gather(*(worker() for _ in range(workers)))
    except asyncio.CancelledError:
        # called off: an account left "loading" for good would refuse every later refresh
        flush()
        services.store.dispatch(LoadCalledOff())
        raise
    flush()
    if failure:
        raise failure[0]
    services.store.dispatch(LoadFinished(services.clock.now()))
    await save_cache(services)


async def save_cache(services: Services) -> None:
    """The list into the disk cache, written in a worker thread: 10,000 servers take seconds to
    write, which held the event loop (the records are immutable, so the thread reads them as
    they were)."""
    if services.cache is None:
        return
    state = services.store.state
    servers = [state.servers[i] for i in state.server_ids if i in state.servers]
    ticket = services.cache.ticket()
    with contextlib.suppress(OSError):  # a cache that cannot be written only slows the next start
        await asyncio.to_thread(services.cache.save, servers, services.clock.now(), ticket)


#: WHMCS's statuses of a service not yet a server: unpaid ("Pending"), paid and being set up.
WAITING_STATUSES = frozenset({"pending", "active"})


def list_orders(
    services: Services, inventory: ServerInventory, listed: Collection[int] = ()
) -> None:
    """The orders invapi lists with no server yet (`billing_servers` not among the servers
    `listed`: waiting for payment or being set up), and the deploys under way, for the list
    and the jobs."""
    listed = set(listed or inventory.server_ids)
    # assumed: billing_servers' ids are eq ids (Terraform links an order to its server by
    # them, pending.go); an entry that ended (Terminated, Cancelled, Fraud) is no order waiting.
    pending = tuple(
        b
        for b in inventory.billing_servers
        if b.id not in listed and b.status.lower() in WAITING_STATUSES
    )
    services.store.dispatch(OrdersListed(pending, inventory.deploy_keys))


async def refresh(services: Services, viewport: Viewport = tuple, *, force: bool = True) -> None:
    """Re-list the servers and re-read their details (`r`, and the periodic refresh)."""
    services.changes.recheck()  # changes invapi could not be asked about yet
    try:
        inventory = await read_inventory(services)
        if inventory is not None:
            services.store.dispatch(ServerIdsListed(inventory.server_ids))
            list_orders(services, inventory)
        await asyncio.gather(load_account(services), load_servers(services, viewport, force=force))
    except TransportError as error:
        services.store.dispatch(ConnectionLost(error.message, None))
        raise


async def refresh_server(services: Services, server_id: int, *, seen: bool = False) -> Server:
    """Re-read one server now (the detail's `r`; `seen`: not a read-back after this app's own
    change, so what changed was changed elsewhere)."""
    server = await services.client.eq.show(server_id)
    services.store.dispatch(ServersLoaded((server,), services.clock.now(), seen=seen))
    return server
