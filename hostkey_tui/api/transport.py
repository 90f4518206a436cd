"""One HTTP POST to invapi, and everything that can go wrong with it, mapped onto our errors.

The only module that touches httpx. Every call is `POST {base_url}/{resource}.php`, form-encoded.
Redirects to another host are refused (a replayed POST would carry the token and passwords
there), and a change is never redirected at all (following would send it again); only https is
spoken, except to loopback (the simulator). Bodies are read raw and decoded in `body.py`.
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

from hostkey_tui import __version__
from hostkey_tui.api.body import (
    ACCEPT_ENCODING,
    BodyRefused,
    check_size,
    encoding_of,
    read_body,
)
from hostkey_tui.api.errors import (
    InsecureUrl,
    MalformedReply,
    NotFound,
    PermissionDenied,
    ReplyLost,
    SessionExpired,
    TransportError,
)
from hostkey_tui.api.network import Backend
from hostkey_tui.api.redact import redact_fields, redact_json, redact_text, register_secret
from hostkey_tui.api.retry import parse_retry_after
from hostkey_tui.clock import Clock
from hostkey_tui.models.common import Secret, as_text
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
#: The most bytes a reply may have, decoded.
MAX_REPLY = 64 * 1024 * 1024
#: A reply larger than this is parsed off the event loop (and not parsed again to be logged):
#: parsing a quarter of a megabyte into records takes some 25 ms on a slow machine.
LARGE_REPLY = 256 * 1024
#: Says which release sent a request, so that HOSTKEY (or a proxy's log) can tell a client bug
#: from an API change.
USER_AGENT = f"hostkey-tui/{__version__} python-httpx/{httpx.__version__}"


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
            raise MalformedReply(f"not JSON: {self.preview(80)!r}", where=where) from None

    def preview(self, size: int = 40) -> str:
        """The start of the body, as text with secrets masked, for an error message."""
        text = as_text(self.body[:size].decode("utf-8", "replace"), single_line=True)
        return redact_text(text).strip()

    @property
    def is_json(self) -> bool:
        return "json" in self.content_type or self.body.lstrip()[:1] in (b"{", b"[")


#: Connections beyond the reads' concurrency: a change, a sensor reading or a billing read
#: started while the list loads does not wait for a whole batch of reads.
SPARE_CONNECTIONS = 4


def pool_limits(concurrency: int) -> httpx.Limits:
    """As many connections as the app sends requests at once, all kept open between requests.

    Fewer than that would queue the reads behind each other; more costs every request: httpcore
    looks at each connection of the pool (and asks its socket whether it is readable) whenever
    a request starts or ends. Keeping fewer alive than the pool may hold made it close and open
    connections all through a load.
    """
    connections = max(1, concurrency) + SPARE_CONNECTIONS
    return httpx.Limits(max_connections=connections, max_keepalive_connections=connections)


def on_cheap_streams(client: httpx.AsyncClient) -> None:
    """Put the client's connection pools (its own, and each proxy's from the environment) on
    `network.Backend`: cheaper idle checks, the same connections.

    httpx takes no network backend, so each pool's is replaced once the client is made (made by
    httpx itself, so that proxies, `verify` and the limits stay httpx's). A transport given
    from outside (a test's) has no pool and is left as it is; should a later httpcore keep its
    backend elsewhere, the pools keep their own (slower, same result).
    """
    for made in (client._transport, *client._mounts.values()):
        pool = getattr(made, "_pool", None)
        if pool is not None and hasattr(pool, "_network_backend"):
            pool._network_backend = Backend()


class HttpTransport:
    """POSTs forms to invapi over one pooled httpx client.

    Args:
        max_reply: the most bytes a reply may have once decoded (one cap for every layer).
    """

    def __init__(
        self,
        base_url: str,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        timeouts: Timeouts = Timeouts(),
        clock: Clock,
        verify: bool = True,
        max_reply: int = MAX_REPLY,
        concurrency: int = 8,
    ) -> None:
        self.base_url = check_base_url(base_url)
        self.timeouts = timeouts
        self.max_reply = max_reply
        self._clock = clock
        self._origin = httpx.URL(self.base_url)
        self._urls: dict[str, httpx.URL] = {}
        self._http = httpx.AsyncClient(
            transport=transport,
            timeout=httpx.Timeout(timeouts.read, connect=timeouts.connect),
            follow_redirects=False,
            verify=verify,
            headers={"User-Agent": USER_AGENT, "Accept-Encoding": ACCEPT_ENCODING},
            limits=pool_limits(concurrency),
        )
        on_cheap_streams(self._http)

    async def aclose(self) -> None:
        await self._http.aclose()

    async def post(self, resource: str, fields: list[tuple[str, str]], *, mutation: bool) -> Reply:
        """Send once; map every failure onto `TransportError` / `ReplyLost` and friends.

        For a change (`mutation`), anything after the request may have reached invapi that is
        not a clear answer is `ReplyLost`: invapi may have done the work before the reply went
        wrong. Only what surely sent nothing (no connection) stays a plain `TransportError`.

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
            # asyncio.timeout, not wait_for: no task of its own for every request.
            async with asyncio.timeout(self.timeouts.total):
                reply = await self._exchange(self._url(resource), fields, where, mutation)
        except (
            httpx.ConnectError,
            httpx.ConnectTimeout,
            httpx.PoolTimeout,
            httpx.UnsupportedProtocol,
            httpx.ProxyError,
        ) as error:
            raise self._not_sent(where, error) from None
        except (TimeoutError, httpx.TimeoutException) as error:
            raise _lost(where, mutation, f"no reply came in time ({_why(error)})") from None
        except (httpx.NetworkError, httpx.ProtocolError) as error:
            raise _lost(
                where, mutation, f"the connection broke before a whole reply came ({_why(error)})"
            ) from None
        except httpx.DecodingError as error:
            raise _lost(
                where, mutation, f"its reply could not be decoded ({_why(error)})"
            ) from None
        except BodyRefused as refused:
            raise _lost(
                where, mutation, refused.why, retryable=refused.retryable, title="Reply refused"
            ) from None
        except httpx.HTTPError as error:
            raise _lost(where, mutation, f"no usable reply came ({_why(error)})") from None
        self._log_reply(where, reply)
        self._raise_for_status(where, reply, mutation)
        return reply

    def _not_sent(self, where: str, error: httpx.HTTPError) -> TransportError:
        host = self._origin.host
        if isinstance(error, httpx.ConnectTimeout):
            return TransportError(f"Connecting to {host} timed out. Nothing was sent.")
        if isinstance(error, httpx.PoolTimeout):
            return TransportError(
                f"No connection to {host} came free in time (too many requests at once). "
                "Nothing was sent.",
            )
        if isinstance(error, httpx.ConnectError):
            return TransportError(
                f"Could not connect to {host} ({_why(error)}). "
                "Nothing was sent. Check the network, or the base URL.",
            )
        return TransportError(f"{where}: {_why(error)}. Nothing was sent.")

    def _url(self, resource: str) -> httpx.URL:
        """Each resource's address parsed once (httpx parses a text URL on every request); the
        base URL is fixed for the client's life."""
        url = self._urls.get(resource)
        if url is None:
            url = self._urls[resource] = httpx.URL(f"{self.base_url}/{resource}.php")
        return url

    async def _exchange(
        self, url: httpx.URL | str, fields: list[tuple[str, str]], where: str, mutation: bool
    ) -> Reply:
        body = urlencode(fields).encode()
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        for _hop in range(4):
            async with self._http.stream("POST", url, content=body, headers=headers) as response:
                if 300 <= response.status_code < 400:
                    url = self._redirect_target(response, where, mutation)
                    continue
                encoding = encoding_of(response.headers.get_list("content-encoding"))
                if response.is_stream_consumed:
                    # An in-process transport (the simulator, a test's mock) built it whole.
                    content = response.content
                    check_size(content, self.max_reply)
                else:
                    content = await read_body(response.aiter_raw(), encoding, self.max_reply)
                return Reply(
                    status=response.status_code,
                    body=content,
                    content_type=response.headers.get("content-type", "").lower(),
                    retry_after=response.headers.get("retry-after"),
                )
        raise TransportError(
            f"{where}: invapi redirected too many times; refused",
            sent=True,
            retryable=False,
            title="Redirect refused",
        )

    def _redirect_target(self, response: httpx.Response, where: str, mutation: bool) -> str:
        """Where a read is sent next; a change is never sent again, so its redirect is unknown.

        Raises:
            ReplyLost: a change was answered with any redirect (the POST reached the server).
            TransportError: a read redirected to another host, or not with 307/308.
        """
        status = response.status_code
        location = response.headers.get("location", "")
        try:
            target = self._origin.join(location) if location else None
        except httpx.InvalidURL:
            target = None
        elsewhere = target is not None and (target.scheme, target.host, target.port) != (
            self._origin.scheme,
            self._origin.host,
            self._origin.port,
        )
        if mutation:
            to = f" to another host ({_host(target, location)})" if elsewhere else ""
            raise ReplyLost.after(
                where,
                f"invapi answered with a redirect{to} (HTTP {status}), which was not followed",
                status=status,
            )
        if elsewhere:
            raise TransportError(
                f"invapi redirected to another host ({_host(target, location)}); refused, so "
                "that the session token and passwords are not sent there.",
                title="Redirect refused",
                retryable=False,
                status=status,
            )
        if status not in (307, 308) or target is None:
            raise TransportError(
                f"invapi answered with an unexpected redirect (HTTP {status}).",
                title="Redirect refused",
                retryable=False,
                status=status,
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
        if mutation:
            # 408, every 5xx (503 and a proxy's 524 too), any other 4xx: invapi (or a proxy in
            # front of it) may have acted on the request before the answer went wrong.
            raise ReplyLost.after(where, f"invapi answered HTTP {status}", status=status)
        raise TransportError(
            f"{where}: invapi answered HTTP {status}.",
            status=status,
            retry_after=retry_after,
        )

    def _log_reply(self, where: str, reply: Reply) -> None:
        if not log.isEnabledFor(logging.DEBUG):
            return
        if reply.is_json and len(reply.body) <= LARGE_REPLY:
            try:
                shown = json.dumps(redact_json(json.loads(reply.body)), ensure_ascii=False)
            except (ValueError, RecursionError):
                shown = redact_text(reply.body[:2000].decode("utf-8", "replace"))
        else:
            # A large reply is not parsed a second time, on the event loop, just to be logged.
            shown = f"<{len(reply.body)} bytes of {reply.content_type or 'unknown type'}>"
        log.debug("← %s HTTP %s %s", where, reply.status, shown[:4000])


def _lost(
    where: str,
    mutation: bool,
    why: str,
    *,
    retryable: bool = True,
    title: str | None = None,
) -> TransportError:
    """The error for a request that reached (or may have reached) invapi and got no answer."""
    if mutation:
        return ReplyLost.after(where, why)
    return TransportError(f"{where}: {why}.", sent=True, retryable=retryable, title=title)


def _host(target: httpx.URL | None, location: str) -> str:
    text = target.host if target is not None and target.host else location
    return redact_text(as_text(text, single_line=True))[:80]


def _why(error: BaseException) -> str:
    text = redact_text(str(error)).strip()
    return text[:200] if text else type(error).__name__
