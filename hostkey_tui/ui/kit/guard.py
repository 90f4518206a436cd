"""What every change's flow asks first: may it be asked for now (signed in, not read-only,
not a change whose reply was lost and not yet reconciled), what must be typed to confirm it,
and the PIN, checked with invapi before use (it lives only for the length of the flow)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from hostkey_tui.models.common import Secret
from hostkey_tui.services.changes import refusal
from hostkey_tui.services.pin import verify_pin
from hostkey_tui.ui.kit.modals.pin import PinModal

if TYPE_CHECKING:
    from hostkey_tui.ui.host import Host


def say_starting(app: Host) -> None:
    """A key that needs the session, pressed while the app still reads its cached list (about
    a second for 10,000 servers) before it signs in."""
    if app.starting:
        app.say("Still starting: nothing was sent. Try again in a moment.", timeout=3)


def can_change(app: Host, what: str, *, pin: bool = False) -> bool:
    """Whether a change may be asked for now; if not, the user is told why (nothing is sent)."""
    if app.services is None:
        say_starting(app)
        return False
    if app.state.read_only:
        app.say(f"{what} changes something, and this session is read-only.", severity="warning")
        return False
    del pin  # asked for in the PIN modal, which warns when invapi said it blocks PINs
    return True


def not_repeated(app: Host, key: str) -> bool:
    """True (and said) when the last change with this key lost its reply and invapi has not
    been asked yet what happened: it is not offered again before the PIN is asked."""
    entry = app.state.unsettled.get(key)
    if entry is None:
        return False
    app.say(refusal(entry), title="Not sent", severity="warning")
    return True


async def ask_pin(app: Host, title: str, names: list[str]) -> Secret | None:
    """The PIN, checked with invapi before use; None when the user gave up (nothing sent)."""
    services = app.services
    if services is None:
        return None
    demo_hint = f"Demo account: its PIN is {app.setup.demo_pin}." if app.state.demo else ""
    pin: Secret | None = await app.push_screen_wait(
        PinModal(
            title,
            names,
            lambda p: verify_pin(services, p),
            rejections=app.state.pin.rejections,
            blocked=app.state.pin.blocked,
            hint=demo_hint,
        ),
    )
    return pin
