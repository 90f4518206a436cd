"""Async keys: a handle for background work, and `watch()` following it to its end.

A call that answers `{"result": "OK", "callback": KEY}` gives a `TaskHandle`. `watch()` polls
`eq_callback/check` and yields a `TaskEvent` whenever something changes, ending with exactly one
final event: done, failed, gone or timed out. Sleep and backoff are injected; each kind of work
has its own deadline; leaving the loop (or cancelling the task) stops the polling.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Mapping
from dataclasses import field
from enum import StrEnum

from hostkey_tui.api.errors import InvapiError, MalformedReply, TransportError
from hostkey_tui.api.resources.base import Resource
from hostkey_tui.api.transport import FieldValue
from hostkey_tui.clock import Clock
from hostkey_tui.models.tasks import (
    CallbackReply,
    InstallStage,
    TaskState,
    callback_from_json,
    task_start_from_json,
)
from hostkey_tui.records import dataclass


class TaskKind(StrEnum):
    POWER = "power"
    STATUS = "status"
    SENSORS = "sensors"
    PIN = "pin"
    INSTALL = "install"
    DEPLOY = "deploy"
    NETWORK = "network"
    NAT = "nat"
    IPMI = "ipmi"
    ISO = "iso"
    CONSOLE = "console"
    PXE = "pxe"
    OTHER = "other"


#: How long each kind of work may take before the watch gives up (seconds).
DEADLINES: dict[TaskKind, float] = {
    TaskKind.POWER: 300,
    TaskKind.STATUS: 120,
    TaskKind.SENSORS: 120,
    TaskKind.PIN: 120,
    TaskKind.INSTALL: 90 * 60,
    TaskKind.DEPLOY: 90 * 60,
    TaskKind.NETWORK: 300,
    TaskKind.NAT: 600,
    TaskKind.IPMI: 600,
    TaskKind.ISO: 900,
    TaskKind.CONSOLE: 180,
    TaskKind.PXE: 600,
    TaskKind.OTHER: 900,
}

#: First poll interval and its ceiling, per kind: power answers in seconds, installs in minutes.
_INTERVALS: dict[TaskKind, tuple[float, float]] = {
    TaskKind.INSTALL: (5.0, 15.0),
    TaskKind.DEPLOY: (5.0, 15.0),
    TaskKind.ISO: (2.0, 10.0),
}


def default_interval(kind: TaskKind) -> Callable[[int], float]:
    """Poll interval for poll number `n`: growing by half each time up to a ceiling."""
    first, ceiling = _INTERVALS.get(kind, (1.0, 5.0))
    return lambda n: min(ceiling, first * (1.5**n))


@dataclass(frozen=True, slots=True)
class TaskHandle:
    """Background work invapi is doing for us."""

    key: str
    action: str
    kind: TaskKind
    started_at: float
    server_id: int | None = None
    extras: tuple[tuple[str, str], ...] = ()
    #: Install-stage keys of eq/reinstall are checked as `reinstall_key`.
    reinstall_key: bool = False
    #: The outcome, when the first reply already carried it (nothing to poll then).
    final: CallbackReply | None = field(default=None, compare=False)

    def extra(self, name: str) -> str:
        return next((v for k, v in self.extras if k == name), "")


@dataclass(frozen=True, slots=True)
class TaskEvent:
    """What a watch saw: the state now, the stage of an install, the words to show."""

    handle: TaskHandle
    state: TaskState
    message: str = ""
    stage: InstallStage | None = None
    elapsed: float = 0.0
    reply: CallbackReply | None = field(default=None, compare=False)
    error: InvapiError | None = field(default=None, compare=False)

    @property
    def final(self) -> bool:
        return self.state.final


class CallbackApi(Resource):
    resource = "eq_callback"

    async def check(self, key: str, *, reinstall_key: bool = False) -> CallbackReply:
        """One `eq_callback/check`. No token: the key is the credential."""
        name = "reinstall_key" if reinstall_key else "key"
        reply = await self.client.call(
            self.resource, "check", {name: key}, token=False, check=False
        )
        return callback_from_json(reply)


async def watch(
    callback: CallbackApi,
    handle: TaskHandle,
    *,
    clock: Clock,
    interval: Callable[[int], float] | None = None,
    deadline: float | None = None,
    malformed_limit: int = 3,
) -> AsyncIterator[TaskEvent]:
    """Follow `handle` until it ends, yielding an event whenever its state, stage or text changes.

    invapi deletes a key once it has answered OK, so the OK reply is the one kept and the watch
    ends there; a later "AsyncKey not found" would only mean the result was already read.

    Args:
        callback: where to check.
        handle: the work to follow.
        clock: time for the deadline and the sleeps between polls.
        interval: seconds before poll n (default per kind).
        deadline: seconds from the start to give up (default per kind).
        malformed_limit: unreadable replies in a row before the task counts as failed.
    """
    wait = interval or default_interval(handle.kind)
    limit = DEADLINES[handle.kind] if deadline is None else deadline
    start = handle.started_at
    polls = 0
    malformed = 0
    last: tuple[TaskState, int | None, str] | None = None

    def event(
        state: TaskState,
        message: str,
        *,
        stage: InstallStage | None = None,
        reply: CallbackReply | None = None,
        error: InvapiError | None = None,
    ) -> TaskEvent:
        elapsed = max(0.0, clock.now() - start)
        return TaskEvent(handle, state, message, stage, elapsed, reply, error)

    if handle.final is not None:
        # A direct reply is the outcome: its key may already be deleted, so it is not polled.
        done = handle.final
        yield event(done.state, done.message, stage=done.stage, reply=done)
        return
    while True:
        outcome: TaskEvent
        try:
            reply = await callback.check(handle.key, reinstall_key=handle.reinstall_key)
        except MalformedReply as error:
            malformed += 1
            if malformed >= malformed_limit:
                yield event(TaskState.FAILED, f"unreadable replies: {error.message}", error=error)
                return
            outcome = event(TaskState.PENDING, "an unreadable reply; still watching", error=error)
        except TransportError as error:
            outcome = event(
                TaskState.PENDING,
                f"invapi unreachable ({error.message}); still watching",
                error=error,
            )
        except InvapiError as error:
            yield event(TaskState.FAILED, error.message, error=error)
            return
        else:
            malformed = 0
            outcome = event(reply.state, reply.message, stage=reply.stage, reply=reply)
            if reply.state.final:
                yield outcome
                return
        signature = (
            outcome.state,
            outcome.stage.number if outcome.stage else None,
            outcome.message,
        )
        if signature != last:
            last = signature
            yield outcome
        if clock.now() - start >= limit:
            minutes = limit / 60
            yield event(
                TaskState.TIMED_OUT,
                f"no result after {minutes:.0f} min; it may still finish. Check again later.",
            )
            return
        await clock.sleep(wait(polls))
        polls += 1


async def start_task(
    resource: Resource,
    action: str,
    fields: Mapping[str, FieldValue] | None,
    kind: TaskKind,
    server_id: int | None,
    *,
    reinstall_key: bool = False,
    reply: object = None,
) -> TaskHandle:
    """Send a call that starts background work (or read one already answered) → its handle.

    Raises:
        MalformedReply: the reply has no async key.
        InvapiError: the call was refused (a wrong PIN included).
    """
    if reply is None:
        reply = await resource._call(action, fields)
    start = task_start_from_json(reply, where=f"{resource.resource}/{action}")
    return TaskHandle(
        key=start.key,
        action=action,
        kind=kind,
        started_at=resource.client.clock.now(),
        server_id=server_id,
        extras=start.extras,
        reinstall_key=reinstall_key,
        final=start.final,
    )
