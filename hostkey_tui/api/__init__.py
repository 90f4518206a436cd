"""The only code that speaks HTTP: `InvapiClient`, its errors, retries, auth and async keys.

The errors are imported at once; the client and what needs httpx only when first used, so that
the app's first frame does not wait for httpx (issue 9).
"""

import importlib
from typing import TYPE_CHECKING, Any

from hostkey_tui.api.errors import (
    ApiError,
    AuthError,
    InsecureUrl,
    InvapiError,
    MalformedReply,
    NotFound,
    PermissionDenied,
    PinRejected,
    ReadOnlyRefused,
    ReplyLost,
    SessionExpired,
    TransportError,
)

if TYPE_CHECKING:
    from hostkey_tui.api.client import InvapiClient
    from hostkey_tui.api.tasks import TaskEvent, TaskHandle, TaskKind, watch
    from hostkey_tui.api.transport import Timeouts

_LAZY = {
    "InvapiClient": "client",
    "TaskEvent": "tasks",
    "TaskHandle": "tasks",
    "TaskKind": "tasks",
    "watch": "tasks",
    "Timeouts": "transport",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


__all__ = [
    "ApiError",
    "AuthError",
    "InsecureUrl",
    "InvapiClient",
    "InvapiError",
    "MalformedReply",
    "NotFound",
    "PermissionDenied",
    "PinRejected",
    "ReadOnlyRefused",
    "ReplyLost",
    "SessionExpired",
    "TaskEvent",
    "TaskHandle",
    "TaskKind",
    "Timeouts",
    "TransportError",
    "watch",
]
