"""Checking a PIN before a dangerous action (`eq/check_pin`), and remembering a locked PIN.

invapi answers a wrong PIN with `"result": "OK"` and `scope` `Invalid pin code`; three wrong
ones block it until support resets it. The PIN is never kept: it is checked, used for the one
action it was asked for, and dropped.
"""

from __future__ import annotations

from enum import StrEnum

from hostkey_tui.api import ApiError, PinRejected
from hostkey_tui.models.common import Secret
from hostkey_tui.models.tasks import TaskState
from hostkey_tui.services.context import Services
from hostkey_tui.state.events import PinAccepted, PinRefused

LOCKED_TEXT = (
    "The PIN is blocked after too many wrong entries. Only HOSTKEY support can reset it "
    "(after extra security checks); until then hostkey-tui offers no action that needs the PIN."
)


class PinCheck(StrEnum):
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    LOCKED = "locked"


async def verify_pin(services: Services, pin: Secret) -> PinCheck:
    """Whether invapi accepts this PIN (the third wrong one, or invapi's block, locks it).

    Raises:
        InvapiError: the PIN could not be checked (unreachable, timed out).
    """
    from hostkey_tui.api.tasks import watch  # with httpx: not before the first frame

    if services.store.state.pin.locked:
        return PinCheck.LOCKED
    try:
        handle = await services.client.eq.check_pin(pin)
    except PinRejected as error:
        return _refused(services, error.locked)
    final = None
    async for event in watch(services.client.callback, handle, clock=services.clock):
        final = event
    if final is not None and final.state is TaskState.DONE:
        services.store.dispatch(PinAccepted())
        return PinCheck.ACCEPTED
    if final is not None and final.reply is not None and final.reply.pin:
        return _refused(services, final.reply.pin == "locked")
    why = final.message if final is not None else "no answer"
    raise ApiError(f"The PIN could not be checked ({why}). Nothing was done; try again.")


def _refused(services: Services, locked: bool) -> PinCheck:
    services.store.dispatch(PinRefused(locked))
    return PinCheck.LOCKED if services.store.state.pin.locked else PinCheck.REJECTED
