"""The only code that speaks HTTP: `InvapiClient`, its errors, retries, auth and async keys."""

from hostkey_tui.api.client import InvapiClient
from hostkey_tui.api.errors import (
    ApiError,
    AuthError,
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
from hostkey_tui.api.tasks import TaskEvent, TaskHandle, TaskKind, watch
from hostkey_tui.api.transport import Timeouts

__all__ = [
    "ApiError",
    "AuthError",
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
