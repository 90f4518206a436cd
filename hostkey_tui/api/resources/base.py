"""What every resource family shares: its PHP file name and a handle on the client.

Every request that changes something goes through `_call`, which tells the client's
`ChangeHooks` before it is sent (the journal's "sending" line; a refusal when the same change's
last reply was lost) and after (answered, refused, or unknown). Every public method of a family
is wrapped so that a reply which cannot be read *after a change was sent* is an unknown outcome
(`ReplyLost`), never "failed, nothing changed": invapi may have done the work before its reply
went wrong. Only the outermost wrapped method decides.
"""

from __future__ import annotations

import asyncio
import functools
import inspect
from collections.abc import Awaitable, Callable, Mapping
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any, ClassVar, Protocol

from hostkey_tui.api.errors import ReplyLost, TransportError
from hostkey_tui.api.retry import is_read
from hostkey_tui.api.transport import FieldValue
from hostkey_tui.models.common import Obj
from hostkey_tui.models.errors import InvapiError, MalformedReply

if TYPE_CHECKING:
    from hostkey_tui.api.client import InvapiClient

#: Calls that are not reads but change nothing a customer owns: an unreadable reply to them is
#: a failure, not an unknown outcome, and they are not journaled.
_NOT_CHANGES = frozenset(
    {("eq", "check_pin"), ("auth", "login"), ("auth", "whmcslogin"), ("auth", "logout")}
)


class ChangeHooks(Protocol):
    def before(self, endpoint: str, fields: Mapping[str, FieldValue]) -> None:
        """Raise an `InvapiError` to refuse the change (nothing is sent)."""

    def sending(self, endpoint: str, fields: Mapping[str, FieldValue]) -> str:
        """The change is about to be sent: record it; returns its change id."""
        ...

    def ended(
        self,
        change: str,
        endpoint: str,
        fields: Mapping[str, FieldValue],
        outcome: str,
        message: str,
    ) -> None:
        """How it ended: "answered", "refused", "not sent" or "unknown"."""


class _Sent:
    """The changes sent inside the resource method now running."""

    __slots__ = ("changes", "hooks")

    def __init__(self) -> None:
        self.changes: list[tuple[str, str, Mapping[str, FieldValue]]] = []
        self.hooks: ChangeHooks | None = None


_SENT: ContextVar[_Sent | None] = ContextVar("hostkey_tui_changes_sent", default=None)


def is_change(resource: str, action: str) -> bool:
    return not is_read(resource, action) and (resource, action) not in _NOT_CHANGES


def _outcome(error: BaseException) -> str:
    if isinstance(error, ReplyLost | asyncio.CancelledError):
        return "unknown"
    if isinstance(error, TransportError):
        return "unknown" if error.sent else "not sent"
    return "refused"


async def _scoped(run: Callable[[], Awaitable[Any]]) -> Any:
    """Run a resource method; tell the hooks how each change sent inside it ended.

    The hooks are told outside this method's scope: work they start (asking invapi what became
    of a change) must not run as part of a change already ended.
    """
    sent = _Sent()
    token = _SENT.set(sent)
    try:
        result = await run()
    except MalformedReply as error:
        _SENT.reset(token)
        if not sent.changes:
            raise
        endpoint = sent.changes[-1][1]
        lost = ReplyLost(
            f"{endpoint} was sent, and its reply could not be read "
            f"({error.where or endpoint}: not the documented shape). It may or may not have "
            "happened: it was not sent again.",
        )
        _tell(sent, "unknown", lost.message)
        raise lost from None
    except (InvapiError, asyncio.CancelledError) as error:
        _SENT.reset(token)
        message = error.message if isinstance(error, InvapiError) else "called off while waiting"
        _tell(sent, _outcome(error), message)
        raise
    except Exception as error:  # a bug, or a client closed at quit: the change may have gone
        _SENT.reset(token)
        _tell(sent, "unknown", f"ended by {type(error).__name__}")
        raise
    _SENT.reset(token)
    _tell(sent, "answered", "")
    return result


def _tell(sent: _Sent, outcome: str, message: str) -> None:
    if sent.hooks is None:
        return
    for change, endpoint, fields in sent.changes:
        sent.hooks.ended(change, endpoint, fields, outcome, message)


def _unknown_after_change(
    method: Callable[..., Awaitable[Any]],
) -> Callable[..., Awaitable[Any]]:
    @functools.wraps(method)
    async def wrapper(*args: Any, **kwargs: Any) -> Any:
        if _SENT.get() is not None:
            return await method(*args, **kwargs)  # an inner call: the outer one decides
        return await _scoped(lambda: method(*args, **kwargs))

    return wrapper


class Resource:
    """One `<resource>.php` of invapi."""

    resource: ClassVar[str]

    def __init__(self, client: InvapiClient) -> None:
        self.client = client

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        for name, member in list(vars(cls).items()):
            if not name.startswith("_") and inspect.iscoroutinefunction(member):
                setattr(cls, name, _unknown_after_change(member))

    async def _call(self, action: str, fields: Mapping[str, FieldValue] | None = None) -> object:
        if _SENT.get() is None and is_change(self.resource, action):
            return await _scoped(lambda: self._call(action, fields))
        sent = _SENT.get()
        if sent is not None and is_change(self.resource, action):
            endpoint = f"{self.resource}/{action}"
            given = dict(fields or {})
            hooks = self.client.changes
            change = ""
            if hooks is not None:
                hooks.before(endpoint, given)
                change = hooks.sending(endpoint, given)
                sent.hooks = hooks
            sent.changes.append((change, endpoint, given))
        return await self.client.call(self.resource, action, fields)

    async def _obj(self, action: str, fields: Mapping[str, FieldValue] | None = None) -> Obj:
        """A call whose reply must be a JSON object."""
        return Obj(await self._call(action, fields), f"{self.resource}/{action}")
