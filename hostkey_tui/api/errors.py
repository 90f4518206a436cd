"""The one error hierarchy of the API client, and the mapping of invapi's error replies onto it.

Every error has a `title` and a `message` a person can act on. Nothing else leaves `api/`: no
httpx exception, KeyError, ValueError or TypeError.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from hostkey_tui.api.redact import redact_text
from hostkey_tui.models.common import as_text
from hostkey_tui.models.errors import InvapiError, MalformedReply
from hostkey_tui.models.tasks import pin_says_blocked, pin_verdict

__all__ = [
    "ApiError",
    "AuthError",
    "InsecureUrl",
    "InvapiError",
    "MalformedReply",
    "NotFound",
    "PermissionDenied",
    "PinRejected",
    "ReadOnlyRefused",
    "ReplyLost",
    "SessionExpired",
    "TransportError",
    "error_from_reply",
]


class AuthError(InvapiError):
    """The API key or login was refused, or the session could not be renewed."""

    default_title = "Not signed in"


class SessionExpired(AuthError):
    """The session token is no longer valid; the client logs in again once."""

    default_title = "Session expired"


class PermissionDenied(InvapiError):
    """This key's role does not allow the call (checked before sending, or refused by the API)."""

    default_title = "Not allowed"


class PinRejected(InvapiError):
    """invapi did not take the PIN. `blocked`: its reply also said it is blocking PINs for now
    (which may pass, and which each try may extend); `said` is its own wording (`debug`)."""

    default_title = "PIN rejected"

    def __init__(
        self, message: str, *, blocked: bool = False, said: str = "", wrong: bool = True
    ) -> None:
        super().__init__(message, title="PIN rejected")
        self.blocked = blocked
        self.said = said
        #: invapi judged the PIN wrong (`Invalid pin code`), rather than refusing to check it.
        self.wrong = wrong


BLOCKED_WARNING = (
    "invapi may refuse every PIN for a while, even the right one, and each try may extend "
    "that. Try again only if you are sure of the PIN, or later."
)


def pin_refusal(reply: Mapping[str, object]) -> PinRejected | None:
    """The PIN refusal a reply carries (a wrong PIN arrives with `"result": "OK"`), or None."""
    verdict = pin_verdict(dict(reply))
    if verdict is None:
        return None
    blocked = pin_says_blocked(dict(reply))
    said = _say(as_text(reply.get("debug"))) if as_text(reply.get("debug")).strip() else ""
    if verdict == "rejected":
        text = "That PIN is not correct. Nothing was done."
    else:
        text = "invapi did not check the PIN. Nothing was done."
    if said:
        text += f' invapi adds: "{said}".'
    if blocked:
        text += f" {BLOCKED_WARNING}"
    return PinRejected(text, blocked=blocked, said=said, wrong=verdict == "rejected")


class NotFound(InvapiError):
    default_title = "Not found"


class ApiError(InvapiError):
    """invapi refused the request and said why (`result: -1`, `code: -1`, `Fail`, ...)."""

    default_title = "Refused by invapi"

    def __init__(self, message: str, *, code: str = "", title: str | None = None) -> None:
        super().__init__(message, title=title)
        self.code = code


class ReadOnlyRefused(InvapiError):
    default_title = "Read-only"


class TransportError(InvapiError):
    """The request did not get an answer: no connection, a timeout, a server error, a redirect.

    Attributes:
        sent: True when the request may have reached invapi (so a mutation may have happened).
        retry_after: seconds the server asked to wait, when it said.
        retryable: False when trying again cannot help (a refused redirect, an oversized reply).
    """

    default_title = "invapi unreachable"

    def __init__(
        self,
        message: str,
        *,
        sent: bool = False,
        retry_after: float | None = None,
        status: int | None = None,
        title: str | None = None,
        retryable: bool = True,
    ) -> None:
        super().__init__(message, title=title)
        self.sent = sent
        self.retry_after = retry_after
        self.status = status
        self.retryable = retryable


class ReplyLost(TransportError):
    """A change was sent but no clear answer came: it may or may not have happened. Never resent.

    Attributes:
        where: the endpoint (`eq/reboot`), when known.
        why: what went wrong with the reply ("the reply was not JSON", "HTTP 524").
    """

    default_title = "Outcome unknown"

    def __init__(
        self, message: str, *, status: int | None = None, where: str = "", why: str = ""
    ) -> None:
        super().__init__(message, sent=True, status=status, retryable=False)
        self.where = where
        self.why = why

    @classmethod
    def after(cls, where: str, why: str, *, status: int | None = None) -> ReplyLost:
        """The unknown outcome of `where`, sent, whose reply went wrong as `why` says."""
        return cls(
            f"{where} was sent, but {why}. It may or may not have happened at invapi; it was "
            "not sent again, and is not offered again before invapi is asked what happened.",
            status=status,
            where=where,
            why=why,
        )


_EXPIRED = re.compile(r"invalid (hash|token|session)|token (is )?expired|session expired", re.I)
_DENIED = re.compile(r"permission denied|access denied|not allowed|forbidden|no access", re.I)
_NOT_FOUND = re.compile(
    r"not found|no such|no \w+ with (that |the )?id|invalid server id|does not exist"
    r"|unknown server",
    re.I,
)


def _say(text: str) -> str:
    text = redact_text(as_text(text, single_line=True)).strip()
    return text[:500] or "no reason given"


def error_from_reply(reply: Mapping[str, object], where: str) -> InvapiError | None:
    """The error a reply carries, or None when it is a success (or a pending task).

    Recognises invapi's envelopes: `{"result": -1, "error": ...}`, `{"code": -1, "message": ...}`,
    `{"code": 400, ...}`, `{"result": "Fail" | "Error"}`, expiry and permission messages, and the
    PIN rejection that arrives with `"result": "OK"`.
    """
    pin = pin_refusal(reply)
    if pin is not None:
        return pin

    result = reply.get("result")
    code = reply.get("code")
    text = _say(
        as_text(reply.get("error"))
        or as_text(reply.get("message"))
        or as_text(reply.get("description")),
    )
    string_code = as_text(reply.get("code")) if isinstance(code, str) else ""
    failed = (
        (isinstance(result, int | float) and not isinstance(result, bool) and result < 0)
        or (isinstance(result, str) and result.strip().lower() in {"fail", "failed", "error"})
        or (isinstance(code, int | float) and not isinstance(code, bool) and code not in (0, 200))
        or bool(string_code and string_code not in ("0", "200"))
    )
    if not failed:
        return None
    if string_code == "NO_APPROPRIATE_SERVERS":
        return AuthError(
            "This account has no servers yet, so invapi will not open a session for it. "
            "Order a first server in the web panel, then sign in again.",
            title="No servers on this account",
        )
    if where in ("auth/login", "auth/whmcslogin"):
        return AuthError(f"{text}. Check the API key (the key itself, not its 4-character view).")
    if _EXPIRED.search(text) or (code == -2 and not _DENIED.search(text)):
        return SessionExpired(f"{where}: {text}")
    if _DENIED.search(text):
        return PermissionDenied(
            f"{where}: {text}. This API key's role does not allow it; an account key "
            "(rather than a per-server key) may.",
        )
    if _NOT_FOUND.search(text):
        return NotFound(f"{where}: {text}")
    return ApiError(f"{where}: {text}", code=string_code or as_text(code))


class InsecureUrl(InvapiError):
    """A base URL that is not https (or plain http to this machine)."""

    default_title = "Refused URL"
