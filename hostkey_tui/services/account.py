"""The Account section's work: API keys, SSH keys, the PIN, remote hands, one-click requests.

Nothing here is retried. A new API key's secret is returned to the caller once and goes
nowhere else: not the store, not the audit journal, not a log (it is registered with the
redactor the moment it arrives). After a lost reply the list is read again and the caller is
told what is there now.
"""

from __future__ import annotations

import contextlib
from dataclasses import replace

from hostkey_tui.api import ApiError, InvapiError, ReplyLost
from hostkey_tui.api.redact import register_secret
from hostkey_tui.api.resources.account import JIRA_REQUESTS
from hostkey_tui.models.account import (
    RHR_TYPES,
    ApiKey,
    ApiKeyEvent,
    RemoteHandsRequest,
    SshKey,
    check_key_ips,
    check_key_name,
    check_new_pin,
    check_notify,
    check_ssh_public_key,
    key_ips,
)
from hostkey_tui.models.common import Secret
from hostkey_tui.records import dataclass
from hostkey_tui.services.context import Services
from hostkey_tui.services.jobs import new_job, send_once
from hostkey_tui.state.events import (
    ApiKeysRead,
    KeyHistoryRead,
    KeysFailed,
    RemoteHandsRead,
    SshKeysRead,
)
from hostkey_tui.state.state import Job, KeyHistory


def _not_sent(problem: str) -> ApiError:
    return ApiError(f"{problem} Nothing was sent.", title="Not sent")


# -- API keys ------------------------------------------------------------------------------


async def load_api_keys(services: Services, server_id: int | None = None) -> tuple[ApiKey, ...]:
    """Every key of the account, or (with `server_id`) the keys made for that server."""
    try:
        if server_id is None:
            keys = await services.client.api_keys.list()
        else:
            keys = await services.client.api_keys.list_for_server(server_id)
    except InvapiError as error:
        services.store.dispatch(KeysFailed(error.message, "api_keys"))
        raise
    services.store.dispatch(ApiKeysRead(keys, server_id))
    return keys


async def view_key(services: Services, key_id: int) -> ApiKey:
    """One key as invapi holds it now (api_keys/view); the list shows the fresh copy.

    A failure is kept as the "view" part's own: the list and the key's history still show.
    """
    try:
        key = await services.client.api_keys.view(key_id)
    except InvapiError as error:
        services.store.dispatch(KeysFailed(error.message, "view"))
        raise
    services.store.dispatch(KeysFailed("", "view"))
    state = services.store.state.keys
    if state.api_keys is not None:
        keys = tuple(key if k.id == key.id else k for k in state.api_keys)
        services.store.dispatch(ApiKeysRead(keys, state.for_server))
    return key


async def key_history(services: Services, key_id: int, start: str, end: str) -> KeyHistory:
    """What was done with a key between two dates (YYYY-MM-DD, either may be empty)."""
    try:
        events: tuple[ApiKeyEvent, ...] = await services.client.api_keys.history(key_id, start, end)
    except InvapiError as error:
        services.store.dispatch(KeysFailed(error.message, "history"))
        raise
    history = KeyHistory(key_id, start, end, events)
    services.store.dispatch(KeyHistoryRead(history))
    return history


def key_in_use(services: Services, key: ApiKey) -> bool:
    """Whether this is (by its first characters) the key hostkey-tui itself signed in with."""
    return services.client.authenticator.key_starts_with(key.token_view)


@dataclass(frozen=True, slots=True)
class KeyRequest:
    """What the user asked a new or changed key to be."""

    name: str
    server_id: int | None = None
    ips: str = ""
    notify_method: str = "none"
    notify_address: str = ""
    active: bool = True

    def problem(self) -> str | None:
        return (
            check_key_name(self.name)
            or check_key_ips(self.ips)
            or check_notify(
                self.notify_method, self.notify_address, for_server=self.server_id is not None
            )
        )


async def add_api_key(services: Services, request: KeyRequest) -> ApiKey:
    """Make a key; the returned key carries its secret, which invapi shows this once only.

    Raises:
        ApiError: a field is wrong (nothing sent) or invapi refused; after a lost reply, what
            the list now shows.
    """
    services.ensure_writable("Making an API key")
    problem = request.problem()
    if problem:
        raise _not_sent(problem)
    name = request.name.strip()
    try:
        with services.journaled("api_keys_add", (name,)):
            key = await services.client.api_keys.add(
                name,
                server_id=request.server_id,
                ip=", ".join(key_ips(request.ips)),
                notify_method=request.notify_method,
                notify_address=request.notify_address.strip(),
                active=request.active,
            )
    except ReplyLost:
        keys = await load_api_keys(services)
        listed = [k for k in keys if k.name == name]
        raise ApiError(
            f"The reply was lost. {len(listed)} key(s) named {name!r} are listed now; a key "
            "made this way can never be shown again: delete it and make another.",
            title="Outcome unknown",
        ) from None
    if key.key is not None:
        register_secret(key.key.reveal())
    services.audit("api_keys_add", (name,), "done", f"key {key.id}")
    await load_api_keys(services, services.store.state.keys.for_server)
    return key


async def edit_api_key(services: Services, key: ApiKey, request: KeyRequest) -> None:
    services.ensure_writable("Changing an API key")
    problem = request.problem()
    if problem:
        raise _not_sent(problem)
    changed = replace(
        key,
        name=request.name.strip(),
        ip=", ".join(key_ips(request.ips)),
        notify_method=request.notify_method,
        notify_address=request.notify_address.strip(),
        active=request.active,
    )
    label = (f"key {key.id}",)
    try:
        with services.journaled("api_keys_edit", label):
            await services.client.api_keys.edit(changed)
    finally:
        # Whatever happened (a lost reply included), show what invapi holds now.
        await _quiet_reload(services)
    services.audit("api_keys_edit", label, "done", changed.name)


async def delete_api_key(services: Services, key: ApiKey) -> None:
    services.ensure_writable("Deleting an API key")
    label = (f"key {key.id}",)
    try:
        with services.journaled("api_keys_delete", label):
            await services.client.api_keys.delete(key.id)
        services.audit("api_keys_delete", label, "done", key.name)
    finally:
        await _quiet_reload(services)


async def _quiet_reload(services: Services) -> None:
    # A failure is in the store already; the caller reports its own.
    with contextlib.suppress(InvapiError):
        await load_api_keys(services, services.store.state.keys.for_server)


# -- SSH keys ------------------------------------------------------------------------------


async def load_ssh_keys(services: Services) -> tuple[SshKey, ...]:
    try:
        keys = await services.client.ssh_keys.list()
    except InvapiError as error:
        services.store.dispatch(KeysFailed(error.message, "ssh_keys"))
        raise
    services.store.dispatch(SshKeysRead(keys))
    return keys


async def add_ssh_key(services: Services, name: str, key: str, *, default: bool = False) -> SshKey:
    """Add a public key (checked first: a private key is never sent anywhere).

    Raises:
        ApiError: not a public key or no name (nothing sent), or refused; after a lost reply,
            whether it is listed now.
    """
    services.ensure_writable("Adding an SSH key")
    problem = check_key_name(name) or check_ssh_public_key(key)
    if problem:
        raise _not_sent(problem)
    name, key = name.strip(), key.strip()
    try:
        with services.journaled("ssh_keys_add", (name,)):
            added = await services.client.ssh_keys.add(name, key, default=default)
    except ReplyLost:
        keys = await load_ssh_keys(services)
        there = any(k.key.strip() == key for k in keys)
        raise ApiError(
            f"The reply was lost; the key {name!r} is {'listed now' if there else 'not listed'}."
            + ("" if there else " Add it again if you still want it."),
            title="Outcome unknown",
        ) from None
    services.audit("ssh_keys_add", (name,), "done", f"key {added.id}")
    await load_ssh_keys(services)
    return added


async def delete_ssh_key(services: Services, key: SshKey) -> None:
    services.ensure_writable("Deleting an SSH key")
    label = (f"ssh key {key.id}",)
    with services.journaled("ssh_keys_delete", label):
        await services.client.ssh_keys.delete(key.id)
    services.audit("ssh_keys_delete", label, "done", key.name)
    await load_ssh_keys(services)


# -- PIN -----------------------------------------------------------------------------------


async def set_pin(services: Services, new_pin: Secret, old_pin: Secret | None) -> Job:
    """Set the PIN (or change it: `old_pin` is the current one), followed as a job.

    The PINs are sent once and kept nowhere; a wrong current PIN counts toward the lockout.
    """
    services.ensure_writable("Setting the PIN")
    problem = check_new_pin(new_pin.reveal())
    if problem:
        raise _not_sent(f"The new PIN: {problem}")
    title = "Change the PIN" if old_pin is not None else "Set the PIN"
    job = new_job(services, "pin", "set_pin", title, None, sending=True)
    done, _ = await send_once(
        services,
        job,
        ("account",),
        lambda: services.client.eq.set_pin(new_pin, old_pin),
        pin_sent=old_pin is not None,
    )
    return done


# -- remote hands --------------------------------------------------------------------------


async def load_remote_hands(services: Services) -> tuple[RemoteHandsRequest, ...]:
    try:
        requests = await services.client.rhr.list()
    except InvapiError as error:
        services.store.dispatch(KeysFailed(error.message, "remote_hands"))
        raise
    requests = keep_history(services.store.state.keys.remote_hands, requests)
    services.store.dispatch(RemoteHandsRead(requests))
    return requests


def keep_history(
    held: tuple[RemoteHandsRequest, ...] | None, read: tuple[RemoteHandsRequest, ...]
) -> tuple[RemoteHandsRequest, ...]:
    """The requests just read, each keeping the conversation known of it when the list sent
    none (S9 shows a conversation only in rhr/chat's reply)."""
    known = {r.id: r.history for r in held or () if r.history is not None}
    if not known:
        return read
    return tuple(
        replace(r, history=known[r.id]) if r.history is None and r.id in known else r for r in read
    )


async def request_remote_hands(
    services: Services, server_id: int, hostname: str, kind: str, message: str
) -> RemoteHandsRequest | None:
    """Ask the datacentre for hands-on work (rhr/add); never sent twice.

    Raises:
        ApiError: an unknown type or no message (nothing sent), or refused; after a lost
            reply, whether a request for the server is listed now.
    """
    services.ensure_writable("A remote-hands request")
    if kind not in RHR_TYPES:
        raise _not_sent(f"{kind!r} is not a remote-hands type (KVM, UNBLOCK, SERVICE).")
    if not message.strip():
        raise _not_sent("Say what you need done.")
    label = (f"{hostname} ({server_id})", kind)
    try:
        with services.journaled("rhr_add", label):
            made = await services.client.rhr.add(server_id, kind, message.strip())
    except ReplyLost:
        requests = await load_remote_hands(services)
        open_ones = [
            r
            for r in requests
            if r.server_id == server_id and r.type == kind and r.status != "DISCARDED"
        ]
        raise ApiError(
            f"The reply was lost; {len(open_ones)} {kind} request(s) for {hostname} are listed "
            "now. Look at the Remote hands tab before asking again.",
            title="Outcome unknown",
        ) from None
    request = made[0] if made else None
    services.audit("rhr_add", label, "done", request.ticket if request else "")
    await load_remote_hands(services)
    return request


async def discard_remote_hands(services: Services, request: RemoteHandsRequest) -> None:
    services.ensure_writable("Discarding a remote-hands request")
    label = (f"{request.server_name} ({request.server_id})", f"request {request.id}")
    with services.journaled("rhr_discard", label):
        await services.client.rhr.discard(request.id)
    services.audit("rhr_discard", label, "done")
    await load_remote_hands(services)


async def one_click_request(services: Services, server_id: int, hostname: str, action: str) -> None:
    """One of the older one-click requests to the duty shift (jira.php); never sent twice.

    Raises:
        ApiError: not such a request (nothing sent) or refused.
        ReplyLost: the request may have reached the duty shift: it is not sent again.
    """
    services.ensure_writable("A request to the duty shift")
    if action not in JIRA_REQUESTS:
        raise _not_sent(f"{action!r} is not a one-click request.")
    label = (f"{hostname} ({server_id})",)
    with services.journaled(f"jira_{action}", label):
        await services.client.jira.request(server_id, action)
    services.audit(f"jira_{action}", label, "done")
