"""Which calls may be retried, and how long to wait: small pure functions, tested as tables.

Reads retry on connection errors, timeouts and 429/502/503/504, with jittered exponential backoff
and `Retry-After` honoured up to 30 s. Anything that changes something is never retried
automatically: a lost reply to `order_instance` could otherwise bill an order twice.
"""

from __future__ import annotations

from collections.abc import Callable
from email.utils import parsedate_to_datetime

from hostkey_tui.records import dataclass

_READ_ACTIONS = frozenset(
    {
        "list",
        "show",
        "info",
        "check",
        "status",
        "sensors",
        "history",
        "search",
        "user_search",
        "search_user",
        "transactions",
        "login",
        "download_invoice",
        "update_servers",
        # iso/uploaded: the customer's uploaded ISOs (HOSTKEY's MCP server registers it as a read)
        "uploaded",
        # vm/load_stats: a VM's load (HOSTKEY's MCP server registers it as a read)
        "load_stats",
    },
)
_READ_PREFIXES = ("get", "list_", "view", "show_")
_RETRYABLE_STATUS = frozenset({429, 502, 503, 504})


def is_read(resource: str, action: str) -> bool:
    """True for calls that change nothing, and so may be sent again.

    Unknown actions count as changes: the safe side.
    """
    del resource  # the action name decides; kept for call sites that read naturally
    return action in _READ_ACTIONS or action.startswith(_READ_PREFIXES)


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """Bounds of retrying a read."""

    attempts: int = 4  # first try included
    base_delay: float = 0.5
    max_delay: float = 8.0
    max_retry_after: float = 30.0


def backoff(policy: RetryPolicy, attempt: int, rand: Callable[[], float]) -> float:
    """Full-jitter exponential backoff for retry number `attempt` (0 for the first retry)."""
    ceiling = min(policy.max_delay, policy.base_delay * (2**attempt))
    return float(ceiling * rand())


def retry_delay(
    policy: RetryPolicy,
    attempt: int,
    *,
    status: int | None = None,
    transport_failure: bool = False,
    retry_after: float | None = None,
    rand: Callable[[], float],
) -> float | None:
    """Seconds to wait before retry number `attempt`, or None to give up.

    Args:
        policy: the bounds.
        attempt: 0 for the first retry.
        status: the HTTP status, when one came.
        transport_failure: no usable answer (connection refused, timeout, dropped).
        retry_after: the server's `Retry-After`, in seconds.
        rand: a source of numbers in [0, 1) (injected so tests are exact).
    """
    if attempt + 1 >= policy.attempts:
        return None
    if not transport_failure and status not in _RETRYABLE_STATUS:
        return None
    if retry_after is not None:
        if retry_after > policy.max_retry_after:
            return None
        return max(0.0, retry_after)
    return backoff(policy, attempt, rand)


def parse_retry_after(value: str | None, now: float) -> float | None:
    """`Retry-After` as seconds from now: a number of seconds or an HTTP date."""
    if not value:
        return None
    text = value.strip()
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    return max(0.0, when.timestamp() - now)
