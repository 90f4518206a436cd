"""The session: log in, keep the token fresh, and log in again once when it goes stale.

Concurrent calls share one login: renewal happens under an `asyncio.Lock`, and a caller whose
stale token was already replaced by another caller's renewal just takes the new one.
"""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Awaitable, Callable

from hostkey_tui.api.errors import AuthError, MalformedReply
from hostkey_tui.api.redact import register_secret
from hostkey_tui.clock import Clock
from hostkey_tui.models.account import Session, session_from_login
from hostkey_tui.models.common import Secret

#: Sends one auth.php call without a token and returns the JSON reply (errors already raised).
LoginCall = Callable[[str, dict[str, str | Secret]], Awaitable[object]]


class Authenticator:
    """Holds the session and renews it.

    Args:
        login_call: how to reach auth.php (the client's own send, without a token).
        api_key: the account or server API key; None for a user/password session that cannot
            renew itself.
        ttl: session lifetime to ask for, in seconds.
        clock: for expiry.
        refresh_margin: renew this many seconds before the token expires.
    """

    def __init__(
        self,
        login_call: LoginCall,
        api_key: Secret | None,
        *,
        ttl: int,
        clock: Clock,
        refresh_margin: float = 60.0,
    ) -> None:
        self._login_call = login_call
        self._api_key = api_key
        self._ttl = ttl
        self._clock = clock
        self._margin = refresh_margin
        self._lock: asyncio.Lock | None = None
        self.session: Session | None = None
        self.logins = 0
        if api_key:
            register_secret(api_key.reveal())

    def key_starts_with(self, prefix: str) -> bool:
        """Whether the key this session signs in with begins with `prefix` (a key's
        `token_view`), so the key in use can be recognised in api_keys/list without ever
        handing the key itself out."""
        return (
            bool(prefix)
            and self._api_key is not None
            and (self._api_key.reveal().startswith(prefix))
        )

    @property
    def lock(self) -> asyncio.Lock:
        if self._lock is None:
            self._lock = asyncio.Lock()
        return self._lock

    def _fresh(self, session: Session | None) -> bool:
        if session is None:
            return False
        if session.expires_at is None:
            return True
        return self._clock.now() < session.expires_at - self._margin

    async def token(self) -> str:
        """A token that is valid for at least the refresh margin, logging in if need be."""
        if self._fresh(self.session):
            assert self.session is not None
            return self.session.token.reveal()
        async with self.lock:
            if not self._fresh(self.session):
                await self._login()
            assert self.session is not None
            return self.session.token.reveal()

    async def renew(self, stale_token: str) -> str:
        """Log in again because `stale_token` was refused; once, however many callers ask."""
        async with self.lock:
            if self.session is not None and self.session.token.reveal() != stale_token:
                return self.session.token.reveal()
            await self._login()
            assert self.session is not None
            return self.session.token.reveal()

    async def _login(self) -> None:
        if not self._api_key:
            self._drop()
            raise AuthError(
                "The session has ended and there is no API key to renew it. Sign in again.",
                title="Session expired",
            )
        reply = await self._login_call(
            "login",
            {"key": self._api_key, "ttl": str(self._ttl), "fix_ip": "0"},
        )
        self._adopt(session_from_login(reply))

    async def login_with_password(self, user: str, password: Secret, ttl: int) -> Session:
        """`auth/whmcslogin`: a session for the whole account from the billing login."""
        reply = await self._login_call(
            "whmcslogin",
            {"user": user, "password": password, "ttl": str(ttl), "fix_ip": "0"},
        )
        async with self.lock:
            self._adopt(session_from_login(reply))
            assert self.session is not None
            return self.session

    async def check_second_factor(self, code: Secret) -> Session:
        """`auth/2fa_check`: the code the account's 2FA device was sent, for a billing login
        that awaits one; the session is then whole.

        Raises:
            AuthError: no such login under way; InvapiError: invapi refused the code.
        """
        async with self.lock:
            session = self.session
            if session is None:
                raise AuthError("Sign in with the e-mail and password first.")
            reply = await self._login_call("2fa_check", {"token": session.token, "code": code})
            whole = dataclasses.replace(session, second_factor=False)
            try:
                given = session_from_login(reply)
            except MalformedReply:
                given = None  # a plain OK: the same token is whole now
            if given is not None:
                # assumed: a reply that names a token (and maybe its rights) is the session
                # from now on; what it leaves out is kept from the billing login's.
                whole = dataclasses.replace(
                    given,
                    second_factor=False,
                    expires_at=given.expires_at or session.expires_at,
                    permissions=given.permissions or session.permissions,
                    server_ids=given.server_ids or session.server_ids,
                    email=given.email or session.email,
                )
                register_secret(whole.token.reveal())
            self.session = whole
            return whole

    def _adopt(self, session: Session) -> None:
        if not session.token:
            raise MalformedReply("an empty token", where="auth/login")
        self._drop()
        register_secret(session.token.reveal())
        self.session = session
        self.logins += 1

    def _drop(self) -> None:
        # Old tokens stay registered with redact: masking them costs nothing, leaking them would.
        self.session = None

    def forget(self) -> None:
        """Forget the session (after logout)."""
        self._drop()
