"""Async keys: the reply that starts background work, and the replies of `eq_callback/check`."""

from __future__ import annotations

import re
from dataclasses import field
from enum import StrEnum

from hostkey_tui.models.common import Obj, as_text, decode_json_text, total
from hostkey_tui.models.errors import MalformedReply
from hostkey_tui.records import dataclass


class TaskState(StrEnum):
    PENDING = "pending"
    DONE = "done"
    FAILED = "failed"
    GONE = "gone"
    TIMED_OUT = "timed out"
    UNKNOWN = "unknown"  # the request may have been carried out; its reply never came

    @property
    def final(self) -> bool:
        return self is not TaskState.PENDING


#: The five documented install stages, as a person should read them.
STAGE_NAMES = {
    1: "installation started",
    2: "base OS installed",
    3: "post-install tasks done",
    4: "installation complete, restarting",
    5: "server online",
}

_STAGE = re.compile(r"\(\s*(\d)\s*(?:/|\\/)\s*(\d)\s*\)\s*(.*)", re.DOTALL)
_FAILED_RESULTS = frozenset(
    {"error", "failed", "fail", "cancelled", "canceled", "aborted", "rejected"}
)
_PIN_INVALID = "invalid pin code"
_PIN_BLOCKED = "blocked for security purposes"


@dataclass(frozen=True, slots=True)
class InstallStage:
    number: int
    text: str
    total: int = 5

    @property
    def name(self) -> str:
        return STAGE_NAMES.get(self.number, self.text)


def parse_stage(text: str) -> InstallStage | None:
    """`" (1\\/5) OS installation started"` → stage 1 of 5."""
    match = _STAGE.search(text)
    if not match:
        return None
    number, count = int(match[1]), int(match[2])
    if not 1 <= number <= max(count, 1) or count == 0:
        return None
    return InstallStage(number=number, text=match[3].strip(), total=count)


@dataclass(frozen=True, slots=True)
class TaskStart:
    """The immediate reply of a call that starts background work: its async key and extras.

    `final` is set when the reply already carries the outcome (a direct reply): then there is
    nothing to poll, and the key, which invapi deletes once it has answered, may be gone.
    """

    key: str
    action: str = ""
    extras: tuple[tuple[str, str], ...] = ()
    final: CallbackReply | None = field(default=None, compare=False)

    def extra(self, name: str) -> str:
        return next((v for k, v in self.extras if k == name), "")


@total("async reply")
def task_start_from_json(data: object, where: str = "async reply") -> TaskStart:
    """Either form invapi answers an async action in.

    `{"result":"OK","action":...,"callback":KEY}` hands back a key to poll; a direct reply
    `{"result":"OK","scope":...,"context":...,"key":KEY}` (the documentation's own examples of
    `check_pin`, `net/get_status`, `sensors`, `console`) is the outcome itself.

    Raises:
        MalformedReply: neither a callback key nor a final scope.
    """
    reply = Obj(data, where)
    callback_key = reply.text("callback")
    if not callback_key and reply.get("scope") is not None:
        final = callback_from_json(data)
        if final.state.final:
            return TaskStart(key=reply.text("key"), action=reply.text("action"), final=final)
    key = callback_key or reply.text("key")
    if not key:
        raise MalformedReply("no async key (callback) in the reply", where=where)
    skip = {"result", "callback", "action", "key"}
    extras = tuple(
        (name, as_text(reply.get(name), single_line=True))
        for name in reply
        if name not in skip and as_text(reply.get(name))
    )
    return TaskStart(key=key, action=reply.text("action"), extras=extras)


def power_from_text(text: str) -> bool | None:
    """`Chassis Power is on`, `VM is up now` → True; `... off`, `VM is down` → False."""
    words = text.lower()
    if any(w in words for w in (" is on", " is up", "up/on", "power on", "running")):
        return True
    if any(w in words for w in (" is off", " is down", "down/off", "power off", "stopped")):
        return False
    return None


def pin_verdict(data: object) -> str | None:
    """`"rejected"`, `"blocked"` or None for any reply.

    invapi answers a wrong PIN with `"result": "OK"` and `scope` `"Invalid pin code"`: that is
    one wrong PIN, whatever `debug` adds (the documented example says `Blocked For Security
    Purposes` on it). Only a reply that says blocked without judging the PIN is "blocked".
    Error codes alone would miss both.
    """
    if not isinstance(data, dict):
        return None
    scope = as_text(data.get("scope")).lower()
    message = (as_text(data.get("message")) + " " + as_text(data.get("error"))).lower()
    if _PIN_INVALID in scope or _PIN_INVALID in message:
        return "rejected"
    if _PIN_BLOCKED in scope or _PIN_BLOCKED in message:
        return "blocked"
    return None


def pin_says_blocked(data: object) -> bool:
    """Whether a PIN refusal also says invapi is blocking PINs (in `debug`, `scope` or text)."""
    if not isinstance(data, dict):
        return False
    said = " ".join(
        as_text(data.get(name)) for name in ("scope", "debug", "message", "error")
    ).lower()
    return _PIN_BLOCKED in said


@dataclass(frozen=True, slots=True)
class CallbackReply:
    """One answer of `eq_callback/check`, classified."""

    state: TaskState
    result: str
    message: str = ""
    debug: str = ""
    key: str = ""
    stage: InstallStage | None = None
    context: tuple[tuple[str, str], ...] = ()
    scope_fields: tuple[tuple[str, str], ...] = ()
    pin: str | None = None
    #: The scope as it came (text, or JSON inside it decoded): some results need its shape.
    scope: object = field(default=None, compare=False, repr=False)

    def context_value(self, name: str) -> str:
        return next((v for k, v in self.context if k == name), "")

    def scope_value(self, name: str) -> str:
        return next((v for k, v in self.scope_fields if k == name), "")


def _pairs(value: object) -> tuple[tuple[str, str], ...]:
    if not isinstance(value, dict):
        return ()
    return tuple((str(k)[:64], as_text(v, single_line=True)) for k, v in value.items())


@total("eq_callback/check")
def callback_from_json(data: object) -> CallbackReply:
    """Classify a check reply: pending, a stage, done, failed, or gone.

    Raises:
        MalformedReply: a reply with no recognisable result.
    """
    reply = Obj(data, "eq_callback/check")
    result_raw = reply.get("result")
    result = as_text(result_raw, single_line=True)
    message_field = reply.text("message")
    key = reply.text("key")
    debug = reply.text("debug", single_line=False)
    scope_raw = reply.get("scope")
    scope_obj = scope_raw if isinstance(scope_raw, dict) else None
    if scope_obj is None and isinstance(scope_raw, str) and scope_raw.lstrip().startswith("{"):
        decoded = decode_json_text(scope_raw)
        scope_obj = decoded if isinstance(decoded, dict) else None
    scope_text = as_text(scope_raw, single_line=False) if scope_obj is None else ""
    context = _pairs(reply.get("context"))
    scope_fields = _pairs(scope_obj)

    def make(
        state: TaskState,
        message: str,
        stage: InstallStage | None = None,
        pin: str | None = None,
    ) -> CallbackReply:
        return CallbackReply(
            state=state,
            result=result,
            message=message,
            debug=debug,
            key=key,
            stage=stage,
            context=context,
            scope_fields=scope_fields,
            pin=pin,
            scope=scope_obj if scope_obj is not None else scope_raw,
        )

    lowered = result.lower()
    if "asynckey not found" in message_field.lower() or "asynckey not found" in lowered:
        return make(TaskState.GONE, message_field or "the async key is gone")
    if lowered == "not ready":
        return make(TaskState.PENDING, "")
    if lowered == "stage":
        return make(TaskState.PENDING, scope_text.strip(), stage=parse_stage(scope_text))
    verdict = pin_verdict(data)
    if verdict is not None:
        return make(TaskState.FAILED, scope_text.strip(), pin=verdict)
    if lowered in {"ok", "success"}:
        status = (dict(scope_fields).get("status") or "").lower()
        if status and any(word in status for word in ("fail", "error", "cancel")):
            return make(TaskState.FAILED, status)
        return make(TaskState.DONE, scope_text.strip() or status, stage=parse_stage(scope_text))
    if lowered in _FAILED_RESULTS:
        # An install that fails says at which stage: "(3/5) installation failed".
        return make(
            TaskState.FAILED,
            scope_text.strip() or message_field or result,
            stage=parse_stage(scope_text),
        )
    code = reply.int("code")
    if (code is not None and code != 0) or (isinstance(result_raw, int) and result_raw < 0):
        return make(TaskState.FAILED, message_field or reply.text("error") or "the task failed")
    raise MalformedReply(f"unrecognised task result {result[:40]!r}", where="eq_callback/check")
