"""Checking a PIN before a dangerous action (`eq/check_pin`).

invapi answers a wrong PIN with `"result": "OK"` and `scope` `Invalid pin code`: one wrong PIN,
whatever its `debug` adds. The documented example adds `Blocked For Security Purposes`, and
"after several failures" invapi answers only with failures, slowly. So a reply that says
blocked is a warning, never a lock the app imposes: the user decides whether to try again.
The check is sent once per entry, never resent (each one may count toward the block). The PIN
is never kept: it is checked, used for the one action it was asked for, and dropped.
"""

from __future__ import annotations

from enum import StrEnum

from hostkey_tui.api import ApiError, PinRejected
from hostkey_tui.api.errors import BLOCKED_WARNING
from hostkey_tui.models.common import Secret
from hostkey_tui.models.tasks import TaskState, pin_says_blocked
from hostkey_tui.records import dataclass
from hostkey_tui.services.context import Services
from hostkey_tui.state.events import PinAccepted, PinRefused

__all__ = ["BLOCKED_WARNING", "PinCheck", "PinVerdict", "verify_pin"]


class PinCheck(StrEnum):
    ACCEPTED = "accepted"
    REJECTED = "rejected"


@dataclass(frozen=True, slots=True)
class PinVerdict:
    """What invapi said of one PIN: accepted or not, its own words, and whether it blocks."""

    check: PinCheck
    said: str = ""
    blocked: bool = False
    #: invapi judged the PIN wrong (rather than refusing to check any PIN).
    wrong: bool = False

    @property
    def accepted(self) -> bool:
        return self.check is PinCheck.ACCEPTED


async def verify_pin(services: Services, pin: Secret) -> PinVerdict:
    """Whether invapi accepts this PIN: one `eq/check_pin`, never resent.

    Raises:
        InvapiError: the PIN could not be checked (unreachable, timed out, reply lost).
    """
    from hostkey_tui.api.tasks import watch  # with httpx: not before the first frame

    try:
        handle = await services.client.eq.check_pin(pin)
    except PinRejected as error:
        return _refused(services, error.said, error.blocked, wrong=error.wrong)
    final = None
    async for event in watch(services.client.callback, handle, clock=services.clock):
        final = event
    if final is not None and final.state is TaskState.DONE:
        services.store.dispatch(PinAccepted())
        return PinVerdict(PinCheck.ACCEPTED)
    reply = final.reply if final is not None else None
    if reply is not None and reply.pin:
        blocked = pin_says_blocked(
            {"scope": reply.message, "debug": reply.debug, "message": reply.result}
        )
        said = " ".join(reply.debug.split())[:300]
        return _refused(services, said, blocked, wrong=reply.pin == "rejected")
    why = final.message if final is not None else "no answer"
    raise ApiError(f"The PIN could not be checked ({why}). Nothing was done; try again.")


def _refused(services: Services, said: str, blocked: bool, *, wrong: bool) -> PinVerdict:
    services.store.dispatch(PinRefused(blocked))
    return PinVerdict(PinCheck.REJECTED, said=said, blocked=blocked, wrong=wrong)
