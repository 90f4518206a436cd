"""One HTTP POST to invapi, and everything that can go wrong with it, mapped onto our errors.

The only module that touches httpx. Every call is `POST {base_url}/{resource}.php`, form-encoded.
Redirects to another host are refused (a replayed POST would carry the token and passwords
there); only https is spoken, except to loopback (the simulator).
"""

from __future__ import annotations

import asyncio
import ipaddress
import json
import logging
from collections.abc import Mapping, Sequence
from decimal import Decimal
from urllib.parse import urlencode

import httpx

from hostkey_tui.api.errors import (
    InsecureUrl,
    MalformedReply,
    NotFound,
    PermissionDenied,
    ReplyLost,
    SessionExpired,
    TransportError,
)
from hostkey_tui.api.redact import redact_fields, redact_json, redact_text, register_secret
from hostkey_tui.api.retry import parse_retry_after
from hostkey_tui.clock import Clock
from hostkey_tui.models.common import Secret
from hostkey_tui.records import dataclass

log = logging.getLogger("hostkey_tui.api")

FieldValue = (
    str
    | int
    | float
    | bool
    | Decimal
    | Secret
    | None
    | Sequence["FieldValue"]
    | Mapping[str, "FieldValue"]
)

_LOOPBACK_NAMES = frozenset({"localhost", "localhost.localdomain"})
_MAX_REPLY = 64 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class Timeouts:
    """Seconds to wait: to connect, for each read, and for the whole request."""

    connect: float = 5.0
    read: float = 20.0
    total: float = 30.0


def _is_loopback(host: str) -> bool:
    if host.lower() in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_base_url(url: str) -> str:
    """The base URL without a trailing slash, if it is https (or http to loopback).

    Raises:
        InsecureUrl: any other scheme, or plain http to a non-loopback host.
    """
    try:
        parsed = httpx.URL(url.strip())
    except (httpx.InvalidURL, TypeError, ValueError) as error:
        raise InsecureUrl(f"{url!r} is not a URL ({error}).") from None
    host = parsed.host
    if parsed.scheme == "https" and host:
        return str(parsed).rstrip("/")
    if parsed.scheme == "http" and host and _is_loopback(host):
        return str(parsed).rstrip("/")
    raise InsecureUrl(
        f"{url!r} is refused: invapi is spoken only over https:// "
        "(plain http:// only to this machine, for the simulator).",
    )


def encode_form(fields: Mapping[str, FieldValue]) -> list[tuple[str, str]]:
    """invapi's form encoding: nested mappings as `params[name]`, lists as repeated `key[]`.

    `{"params": {"zone": "x", "content": ["a", "b"]}}` becomes
    `params[zone]=x`, `params[content][]=a`, `params[content][]=b`. None values are left out.
    """
    pairs: list[tuple[str, str]] = []

    def add(name: str, value: FieldValue) -> None:
        if value is None:
            return
        if isinstance(value, Secret):
            register_secret(value.reveal())
            pairs.append((name, value.reveal()))
        elif isinstance(value, bool):
            pairs.append((name, "1" if value else "0"))
        elif isinstance(value, str | int | float | Decimal):
            pairs.append((name, str(value)))
        elif isinstance(value, Mapping):
            for key, item in value.items():
                add(f"{name}[{key}]", item)
        else:
            for item in value:
                add(f"{name}[]", item)

    for key, value in fields.items():
        add(key, value)
    return pairs


@dataclass(frozen=True, slots=True)
class Reply:
    status: int
    body: bytes
    content_type: str
    retry_after: str | None = None

    def json(self, where: str) -> object:
        """The body as JSON.

        Raises:
            MalformedReply: not JSON (an HTML error page, a truncated body).
        """
        try:
            return json.loads(self.body.decode("utf-8", errors="replace"))
        except (ValueError, RecursionError):
            preview = redact_text(self.body[:80].decode("utf-8", "replace")).strip()
            raise MalformedReply(f"not JSON: {preview!r}", where=where) from None

    @property
    def is_json(self) -> bool:
        return "json" in self.content_type or self.body.lstrip()[:1] in (b"{", b"[")


class HttpTransport:
    """POSTs forms to invapi over one pooled httpx client."""

    def __init__(
        self,
        base_url: str,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        timeouts: Timeouts = Timeouts(),
        clock: Clock,
        verify: bool = True,
    ) -> None:
        self.base_url = check_base_url(base_url)
        self.timeouts = timeouts
        self._clock = clock
        self._origin = httpx.URL(self.base_url)
        self._http = httpx.AsyncClient(
            transport=transport,
            timeout=httpx.Timeout(timeouts.read, connect=timeouts.connect),
            follow_redirects=False,
            verify=verify,
            headers={"User-Agent": "hostkey-tui"},
            limits=httpx.Limits(max_connections=64, max_keepalive_connections=32),
        )

    async def aclose(self) -> None:
        await self._http.aclose()

    async def post(self, resource: str, fields: list[tuple[str, str]], *, mutation: bool) -> Reply:
        """Send once; map every failure onto `TransportError` / `ReplyLost` and friends.

        Raises:
            TransportError: nothing usable came back (ReplyLost when a change may have happened).
            SessionExpired, PermissionDenied, NotFound: HTTP 401, 403, 404.
        """
        where = resource
        action = next((v for k, v in fields if k == "action"), "")
        if action:
            where = f"{resource}/{action}"
        if log.isEnabledFor(logging.DEBUG):
            log.debug("→ %s %s", where, urlencode(redact_fields(fields)))
        try:
            reply = await asyncio.wait_for(
                self._post_following(f"{self.base_url}/{resource}.php", fields),
                timeout=self.timeouts.total,
            )
        except httpx.ConnectError as error:
            raise TransportError(
                f"Could not connect to {self._origin.host} ({_why(error)}). "
                "Nothing was sent. Check the network, or the base URL.",
            ) from None
        except (
            TimeoutError,
            httpx.TimeoutException,
            httpx.RemoteProtocolError,
            httpx.ReadError,
        ) as error:
            if isinstance(error, httpx.ConnectTimeout):
                raise TransportError(
                    f"Connecting to {self._origin.host} timed out. Nothing was sent.",
                ) from None
            if mutation:
                raise ReplyLost(
                    f"{where} was sent but no reply came ({_why(error)}). It may or may not "
                    "have happened: it was not sent again. Check the result before retrying.",
                ) from None
            raise TransportError(f"{where}: no reply ({_why(error)}).", sent=True) from None
        except httpx.HTTPError as error:
            raise TransportError(f"{where}: {_why(error)}", sent=mutation) from None
        self._log_reply(where, reply)
        self._raise_for_status(where, reply, mutation)
        return reply

    async def _post_following(self, url: str, fields: list[tuple[str, str]]) -> Reply:
        body = urlencode(fields).encode()
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        for _hop in range(4):
            async with self._http.stream("POST", url, content=body, headers=headers) as response:
                if response.is_redirect:
                    url = self._redirect_target(response)
                    continue
                chunks = []
                size = 0
                async for chunk in response.aiter_bytes():
                    size += len(chunk)
                    if size > _MAX_REPLY:
                        raise TransportError(
                            "the reply is larger than 64 MB; refused", sent=True, retryable=False
                        )
                    chunks.append(chunk)
                return Reply(
                    status=response.status_code,
                    body=b"".join(chunks),
                    content_type=response.headers.get("content-type", "").lower(),
                    retry_after=response.headers.get("retry-after"),
                )
        raise TransportError(
            "invapi redirected too many times; refused", sent=True, retryable=False
        )

    def _redirect_target(self, response: httpx.Response) -> str:
        location = response.headers.get("location", "")
        target = self._origin.join(location)
        same_origin = (target.scheme, target.host, target.port) == (
            self._origin.scheme,
            self._origin.host,
            self._origin.port,
        )
        if not same_origin:
            raise TransportError(
                f"invapi redirected to another host ({target.host or location!r}); refused, so "
                "that the session token and passwords are not sent there.",
                title="Redirect refused",
                retryable=False,
            )
        if response.status_code not in (307, 308):
            raise TransportError(
                f"invapi answered with an unexpected redirect (HTTP {response.status_code}).",
                title="Redirect refused",
                retryable=False,
            )
        return str(target)

    def _raise_for_status(self, where: str, reply: Reply, mutation: bool) -> None:
        status = reply.status
        if 200 <= status < 300:
            return
        if status == 401:
            raise SessionExpired(f"{where}: HTTP 401")
        if status == 403:
            raise PermissionDenied(
                f"{where}: HTTP 403. This key may not do that (or is bound to another IP)."
            )
        if status == 404:
            raise NotFound(f"{where}: HTTP 404")
        retry_after = parse_retry_after(reply.retry_after, self._clock.now())
        if status == 429:
            wait = f" It asked to wait {retry_after:.0f} s." if retry_after is not None else ""
            raise TransportError(
                f"{where}: invapi is rate-limiting requests (HTTP 429).{wait}",
                status=status,
                retry_after=retry_after,
                title="Too many requests",
            )
        if mutation and status in (500, 502, 504):
            raise ReplyLost(
                f"{where} was sent and invapi answered HTTP {status}: it may or may not have "
                "happened. It was not sent again; check the result before retrying.",
                status=status,
            )
        raise TransportError(
            f"{where}: invapi answered HTTP {status}.",
            status=status,
            retry_after=retry_after,
            sent=mutation and status != 503,
        )

    def _log_reply(self, where: str, reply: Reply) -> None:
        if not log.isEnabledFor(logging.DEBUG):
            return
        if reply.is_json:
            try:
                shown = json.dumps(redact_json(json.loads(reply.body)), ensure_ascii=False)
            except (ValueError, RecursionError):
                shown = redact_text(reply.body[:2000].decode("utf-8", "replace"))
        else:
            shown = f"<{len(reply.body)} bytes of {reply.content_type or 'unknown type'}>"
        log.debug("← %s HTTP %s %s", where, reply.status, shown[:4000])


def _why(error: BaseException) -> str:
    text = redact_text(str(error)).strip()
    return text[:200] if text else type(error).__name__
