"""`InvapiClient`: the typed, async entry point to invapi.

One `call()` does what every request needs: the read-only and permission checks before anything
is sent, the token (logging in or renewing first), the form encoding, retries for reads only,
error mapping, and one re-login when the session turns out to be stale. The resource families
(`client.eq`, `client.whmcs`, ...) are thin typed wrappers over it.
"""

from __future__ import annotations

import asyncio
import functools
import random
from collections.abc import Callable, Mapping
from types import TracebackType
from typing import TypeVar, cast

import httpx

from hostkey_tui.api.auth import Authenticator
from hostkey_tui.api.errors import (
    AuthError,
    MalformedReply,
    PermissionDenied,
    ReadOnlyRefused,
    ReplyLost,
    SessionExpired,
    TransportError,
    error_from_reply,
)
from hostkey_tui.api.permissions import locally_refused, permission_for
from hostkey_tui.api.resources.account import ApiKeysApi, JiraApi, RhrApi, SshKeysApi, TagsApi
from hostkey_tui.api.resources.auth import AuthApi
from hostkey_tui.api.resources.base import ChangeHooks
from hostkey_tui.api.resources.billing import WhmcsApi
from hostkey_tui.api.resources.catalog import CatalogApi
from hostkey_tui.api.resources.dns import PdnsApi
from hostkey_tui.api.resources.eq import EqApi
from hostkey_tui.api.resources.jenkins import JenkinsApi
from hostkey_tui.api.resources.network import IpApi, IsoApi, NatApi, NetApi
from hostkey_tui.api.resources.vm import VmApi
from hostkey_tui.api.retry import RetryPolicy, is_read, retry_delay
from hostkey_tui.api.tasks import CallbackApi
from hostkey_tui.api.transport import (
    LARGE_REPLY,
    FieldValue,
    HttpTransport,
    Reply,
    Timeouts,
    encode_form,
)
from hostkey_tui.clock import Clock, SystemClock
from hostkey_tui.models.account import Session
from hostkey_tui.models.common import Secret

#: Calls that change nothing a customer owns, allowed in read-only mode although not reads
#: (`check_pin` is not resent like a read: each try may count toward invapi's PIN block).
_READ_ONLY_ALLOWED = frozenset({("auth", "logout"), ("auth", "whmcslogin"), ("eq", "check_pin")})

T = TypeVar("T")
Parse = Callable[[object], object]


class InvapiClient:
    """A session with invapi.

    Args:
        base_url: `https://invapi.hostkey.com`, or a loopback URL for the simulator.
        api_key: the API key to log in with (None for a user/password session).
        transport: an httpx transport; the simulator's in-process one for `--demo` and tests.
        timeouts: connect, read and total seconds.
        clock: time for backoff sleeps and token expiry.
        retry: bounds of retrying reads.
        rand: jitter source, injectable for exact tests.
        read_only: refuse every call that would change something, before sending it.
        ttl: session lifetime to ask for.
        concurrency: how many reads the app sends at once (the connection pool's size).
    """

    def __init__(
        self,
        base_url: str,
        *,
        api_key: str | Secret | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        timeouts: Timeouts = Timeouts(),
        clock: Clock | None = None,
        retry: RetryPolicy = RetryPolicy(),
        rand: Callable[[], float] = random.random,
        read_only: bool = False,
        ttl: int = 3600,
        concurrency: int = 8,
    ) -> None:
        self.clock: Clock = clock or SystemClock()
        self._http = HttpTransport(
            base_url,
            transport=transport,
            timeouts=timeouts,
            clock=self.clock,
            concurrency=concurrency,
        )
        self.base_url = self._http.base_url
        self._retry = retry
        self._rand = rand
        self.read_only = read_only
        key = api_key if isinstance(api_key, Secret) or api_key is None else Secret(api_key)
        self.authenticator = Authenticator(self._login_call, key, ttl=ttl, clock=self.clock)
        self.retries = 0
        #: Told (why, seconds) before a read is tried again, so the wait can be shown; the why
        #: names the endpoint.
        self.on_retry: Callable[[str, float], None] | None = None
        #: Told of every change before it is sent and of how it ended (the journal, the guard
        #: against repeating a change whose reply was lost); see `resources.base.ChangeHooks`.
        self.changes: ChangeHooks | None = None

        self.auth = AuthApi(self)
        self.eq = EqApi(self)
        self.callback = CallbackApi(self)
        self.net = NetApi(self)
        self.ip = IpApi(self)
        self.nat = NatApi(self)
        self.iso = IsoApi(self)
        self.catalog = CatalogApi(self)
        self.whmcs = WhmcsApi(self)
        self.pdns = PdnsApi(self)
        self.tags = TagsApi(self)
        self.api_keys = ApiKeysApi(self)
        self.ssh_keys = SshKeysApi(self)
        self.rhr = RhrApi(self)
        self.jenkins = JenkinsApi(self)
        self.vm = VmApi(self)
        self.jira = JiraApi(self)

    @property
    def session(self) -> Session | None:
        return self.authenticator.session

    async def __aenter__(self) -> InvapiClient:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._http.aclose()

    def refuses(self, resource: str, action: str) -> str | None:
        """Why this call would be refused without sending it, or None when it would be sent."""
        mutation = not is_read(resource, action)
        if mutation and self.read_only and (resource, action) not in _READ_ONLY_ALLOWED:
            return f"{resource}/{action} changes something, and this session is read-only."
        session = self.session
        if session is not None and locally_refused(resource, action, session.permissions):
            return (
                f"This API key's role does not include {permission_for(resource, action)}. "
                "An account key (rather than a per-server key) may have it."
            )
        return None

    async def call(
        self,
        resource: str,
        action: str,
        fields: Mapping[str, FieldValue] | None = None,
        *,
        token: bool = True,
        check: bool = True,
    ) -> object:
        """One invapi call; the JSON reply.

        Args:
            resource: the PHP file without `.php` (`eq`, `whmcs`, ...).
            action: the `action=` value.
            fields: the other form fields (nested mappings become `params[...]`).
            token: send the session token (logging in first when needed).
            check: raise the error a reply carries; off for `eq_callback/check`, whose error
                envelope ("AsyncKey not found") is a task state, not a failure.

        Raises:
            InvapiError: and only its subclasses.
        """
        reply = await self._call(
            resource, action, fields, token=token, check=check, want_bytes=False
        )
        assert not isinstance(reply, bytes)
        return reply

    async def call_parsed(
        self,
        resource: str,
        action: str,
        fields: Mapping[str, FieldValue] | None,
        parse: Callable[[object], T],
    ) -> T:
        """One call whose JSON reply goes through `parse` (a model parser).

        A reply over `LARGE_REPLY` bytes is decoded and parsed in a worker thread: 27 MB of
        invoices held the event loop (and so the screen) for seconds. `parse` must be pure.

        Raises:
            InvapiError: as `call`, and what `parse` raises (MalformedReply).
        """
        reply = await self._call(
            resource, action, fields, token=True, check=True, want_bytes=False, parse=parse
        )
        return cast(T, reply)

    async def call_bytes(
        self,
        resource: str,
        action: str,
        fields: Mapping[str, FieldValue] | None = None,
    ) -> bytes:
        """A call whose answer is a file (a PDF, a graph image).

        Raises:
            InvapiError: an error reply, or JSON where a file was expected (MalformedReply).
        """
        reply = await self._call(resource, action, fields, token=True, check=True, want_bytes=True)
        if not isinstance(reply, bytes):
            raise MalformedReply("expected a file, got JSON", where=f"{resource}/{action}")
        return reply

    async def _call(
        self,
        resource: str,
        action: str,
        fields: Mapping[str, FieldValue] | None,
        *,
        token: bool,
        check: bool,
        want_bytes: bool,
        parse: Parse | None = None,
    ) -> object | bytes:
        fields = fields or {}
        refusal = self._refusal_before_login(resource, action)
        if refusal:
            raise refusal
        send = functools.partial(
            self._send, resource, action, fields, check=check, want_bytes=want_bytes, parse=parse
        )
        if not token:
            return await send(None)
        current = await self.authenticator.token()
        why = self.refuses(resource, action)
        if why:
            raise PermissionDenied(why)
        try:
            return await send(current)
        except SessionExpired:
            renewed = await self.authenticator.renew(current)
        try:
            return await send(renewed)
        except SessionExpired as error:
            raise AuthError(
                f"invapi refused the session again right after a fresh login ({error.message}). "
                "The key may have been disabled, or bound to another IP address.",
            ) from None

    def _refusal_before_login(self, resource: str, action: str) -> ReadOnlyRefused | None:
        mutation = not is_read(resource, action)
        if mutation and self.read_only and (resource, action) not in _READ_ONLY_ALLOWED:
            return ReadOnlyRefused(
                f"{resource}/{action} would change something, and this session is read-only. "
                "Nothing was sent.",
            )
        return None

    async def _login_call(self, action: str, fields: dict[str, str | Secret]) -> object:
        return await self._send("auth", action, dict(fields), None, check=True, want_bytes=False)

    async def _send(
        self,
        resource: str,
        action: str,
        fields: Mapping[str, FieldValue],
        token: str | None,
        *,
        check: bool,
        want_bytes: bool,
        parse: Parse | None = None,
    ) -> object | bytes:
        where = f"{resource}/{action}"
        mutation = not is_read(resource, action)
        # A read that carries the PIN (net/get_status, show_cacti) is not resent either: each
        # try may count toward invapi's PIN block.
        resend = not mutation and not any(name in fields for name in ("pin", "old_pin"))
        payload: dict[str, FieldValue] = {"action": action, **fields}
        if token is not None:
            payload["token"] = token
        form = encode_form(payload)
        attempt = 0
        while True:
            try:
                reply = await self._http.post(resource, form, mutation=mutation)
            except ReplyLost:
                raise
            except TransportError as error:
                delay = None
                if resend:
                    delay = retry_delay(
                        self._retry,
                        attempt,
                        status=error.status,
                        transport_failure=error.status is None and error.retryable,
                        retry_after=error.retry_after,
                        rand=self._rand,
                    )
                if delay is None:
                    raise
                self.retries += 1
                attempt += 1
                if self.on_retry is not None:
                    self.on_retry(error.message, delay)
                await self.clock.sleep(delay)
                continue
            if want_bytes and not reply.is_json:
                return reply.body
            data = await _json(reply, where, mutation)
            if check and isinstance(data, dict):
                refusal = error_from_reply(data, where)
                if refusal is not None:
                    raise refusal
            if parse is None:
                return data
            if len(reply.body) > LARGE_REPLY:
                return await asyncio.to_thread(parse, data)
            return parse(data)


async def _json(reply: Reply, where: str, mutation: bool) -> object:
    """The reply as JSON, decoded in a worker thread when it is large.

    Raises:
        MalformedReply: a read's reply is not JSON.
        ReplyLost: a change's reply is not JSON (an HTML page with status 200, a cut-off body):
            invapi may have done it before the reply went wrong.
    """
    try:
        if len(reply.body) > LARGE_REPLY:
            return await asyncio.to_thread(reply.json, where)
        return reply.json(where)
    except MalformedReply:
        if not mutation:
            raise
        raise ReplyLost.after(
            where, f"the reply was not JSON (it began {reply.preview()!r})"
        ) from None
