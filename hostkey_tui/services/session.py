"""Signing in, the session's life from the first frame to the last.

`run_session` paints from the disk cache at once, then signs in and loads the server list (see
`servers`). An unreachable API is retried with growing waits (said in the status line); a
refused key is not. Signing in is also what lets the session's `ChangeBook` ask invapi about a
lost change (`reconcile.attach`): this module is above `servers`, `reconcile` and `install`,
and none of them imports it.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable

from hostkey_tui.api import AuthError, TransportError
from hostkey_tui.models.common import Secret
from hostkey_tui.services import reconcile
from hostkey_tui.services.context import Services
from hostkey_tui.services.servers import (
    Viewport,
    list_orders,
    load_account,
    load_servers,
    read_inventory,
    restore_cache,
)
from hostkey_tui.state.events import ConnectionLost, SignedIn, SigningIn, SignInRefused


async def run_session(
    services: Services, viewport: Viewport = tuple, *, restore: bool = True
) -> None:
    """Sign in and load everything; retry while invapi is unreachable.

    `restore=False` when the caller painted the disk cache already (the app does, before its
    first frame). Returns when the list is loaded, or when the sign-in was refused (said in the
    state).
    """
    from hostkey_tui.services import install  # needs httpx: not before the first frame
    from hostkey_tui.services.remote import restore_nats

    if restore:
        restore_cache(services.store, services.cache)
    restore_nats(services)
    install.restore_pxe(services)
    attempt = 0
    while True:
        try:
            await sign_in(services)
            # changes an earlier run left open (quit or killed while waiting) are asked about
            services.changes.reconcile_journal()
            await asyncio.gather(load_account(services), load_servers(services, viewport))
            services.changes.ask_earlier()
            return
        except AuthError as error:
            services.store.dispatch(SignInRefused(error.message))
            return
        except TransportError as error:
            delay = min(services.settings.max_retry_delay, 2.0 * (2**attempt))
            attempt += 1
            services.store.dispatch(ConnectionLost(error.message, services.clock.now() + delay))
            await services.clock.sleep(delay)


#: Quitting waits this long at most for invapi to end the session.
SIGN_OUT_WAIT = 2.0


async def sign_out(services: Services) -> None:
    """End the session (best effort, briefly: quitting never waits on a dead network)."""
    with contextlib.suppress(Exception):
        await asyncio.wait_for(services.client.auth.logout(), SIGN_OUT_WAIT)
    with contextlib.suppress(Exception):
        await services.client.aclose()


async def sign_in(services: Services, waiting_for: Callable[[str], None] | None = None) -> None:
    """Log in and list the servers; `waiting_for` is told which reply is awaited (the welcome
    screen says it while a slow invapi answers). From here on a change whose reply is lost is
    asked about at once."""
    reconcile.attach(services)
    if waiting_for is not None:
        waiting_for("auth/login")
    services.store.dispatch(SigningIn("auth/login", services.clock.now()))
    session = await services.client.auth.login()
    if waiting_for is not None:
        waiting_for("eq/update_servers")
    services.store.dispatch(SigningIn("eq/update_servers", services.clock.now()))
    inventory = await read_inventory(services)
    if inventory is None:
        services.store.dispatch(SignedIn(session.server_ids, session.email, ()))
        return
    ids = inventory.server_ids or session.server_ids
    services.store.dispatch(SignedIn(ids, session.email, inventory.deploy_keys))
    list_orders(services, inventory, ids)


async def password_login(services: Services, email: str, password: Secret, ttl: int) -> bool:
    """`auth/whmcslogin` with the billing e-mail and password; True when invapi awaits the
    account's 2FA code before the session does anything else."""
    session = await services.client.auth.whmcslogin(email, password, ttl)
    return session.second_factor


async def second_factor(services: Services, code: Secret) -> None:
    """The 2FA code of a billing login (`auth/2fa_check`)."""
    await services.client.auth.check_2fa(code)


async def end_half_made(services: Services) -> None:
    """A sign-in given up before it opened a session: ended on invapi's side (best effort)."""
    with contextlib.suppress(Exception):
        await services.client.auth.logout()
