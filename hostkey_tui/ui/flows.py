"""Multi-step interactions that wait on the user: confirm → PIN → grace period → send.

Each runs as a worker (so it may wait on modals) and ends in a service call; the PIN lives only
for the length of the flow.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from hostkey_tui.config.model import ConfirmPolicy
from hostkey_tui.models.common import Secret
from hostkey_tui.services.changes import refusal
from hostkey_tui.services.pin import verify_pin
from hostkey_tui.services.power import POWER_ACTIONS, Target, check_status, power
from hostkey_tui.ui.modals.confirm import ConfirmModal, ConfirmTarget
from hostkey_tui.ui.modals.grace import GraceCountdown
from hostkey_tui.ui.modals.pin import PinModal
from hostkey_tui.ui.typed import typed_word

if TYPE_CHECKING:
    from hostkey_tui.ui.app import HostkeyApp


def typed_confirmation(
    targets: Sequence[Target], action: str, policy: ConfirmPolicy, tags: dict[int, dict[str, str]]
) -> str:
    """What must be typed before sending: the count, the hostname, or nothing."""
    if action not in ("off", "reboot"):
        return ""
    if len(targets) > policy.typed_above:
        return str(len(targets))
    production = [t for t in targets if policy.is_production(t.hostname, tags.get(t.server_id, {}))]
    if production:
        first = production[0]
        return (
            typed_word(first.hostname, first.server_id) if len(targets) == 1 else str(len(targets))
        )
    return ""


def say_starting(app: HostkeyApp) -> None:
    """A key that needs the session, pressed while the app still reads its cached list (about
    a second for 10,000 servers) before it signs in."""
    if app.starting:
        app.say("Still starting: nothing was sent. Try again in a moment.", timeout=3)


def can_change(app: HostkeyApp, what: str, *, pin: bool = False) -> bool:
    """Whether a change may be asked for now; if not, the user is told why (nothing is sent)."""
    if app.services is None:
        say_starting(app)
        return False
    if app.state.read_only:
        app.say(f"{what} changes something, and this session is read-only.", severity="warning")
        return False
    del pin  # asked for in the PIN modal, which warns when invapi said it blocks PINs
    return True


def not_repeated(app: HostkeyApp, key: str) -> bool:
    """True (and said) when the last change with this key lost its reply and invapi has not
    been asked yet what happened: it is not offered again before the PIN is asked."""
    entry = app.state.unsettled.get(key)
    if entry is None:
        return False
    app.say(refusal(entry), title="Not sent", severity="warning")
    return True


async def ask_pin(app: HostkeyApp, title: str, names: list[str]) -> Secret | None:
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


async def power_flow(app: HostkeyApp, targets: Sequence[Target], action: str) -> None:
    """Ask, check, wait, send: the way every power action goes."""
    services = app.services
    if services is None:
        say_starting(app)
        return
    if not targets:
        return
    if action == "status":
        for target in targets:
            app.run_job(check_status(services, target))
        return
    state = app.state
    title, _ = POWER_ACTIONS[action]
    if not can_change(app, title, pin=True):
        return
    busy = [t.hostname for t in targets if state.busy(t.server_id, "power")]
    if busy:
        app.say(
            f"A power action is already under way for {', '.join(busy)}: nothing was sent.",
            severity="warning",
        )
        return
    if any(not_repeated(app, f"power:{t.server_id}") for t in targets):
        return
    if app.flow_running:
        return
    app.flow_running = True
    try:
        await _ask_and_send(app, targets, action, title)
    finally:
        app.flow_running = False


async def _ask_and_send(
    app: HostkeyApp, targets: Sequence[Target], action: str, title: str
) -> None:
    services = app.services
    assert services is not None
    count = f"{len(targets)} servers" if len(targets) > 1 else targets[0].hostname
    tags = {
        t.server_id: {tag.name: tag.value for tag in app.state.servers[t.server_id].tags}
        for t in targets
        if t.server_id in app.state.servers
    }
    typed = typed_confirmation(targets, action, app.policy, tags)
    warning = ""
    if action == "off":
        warning = "The servers stop at once: whatever runs on them ends without a clean shutdown."
    confirm = ConfirmModal(
        f"{title} {count}?",
        [ConfirmTarget(t.server_id, t.hostname, t.main_ip) for t in targets],
        button=f"{title} {count}",
        typed=typed,
        warning=warning,
    )
    if not await app.push_screen_wait(confirm):
        return
    pin = await ask_pin(app, f"{title} {count}", [t.hostname for t in targets])
    if pin is None:
        return
    seconds = int(app.setup.config.ui.grace_period)
    if seconds > 0 and not await app.push_screen_wait(
        GraceCountdown(f"{title} {count}", seconds, app.clock)
    ):
        services.audit(
            action,
            tuple(f"{t.hostname} ({t.server_id})" for t in targets),
            "aborted",
            "during the grace period",
        )
        app.say(f"{title} aborted: nothing was sent.", title="Aborted")
        return
    app.run_job(power(services, targets, action, pin))
    del pin  # dropped: the service holds it only while sending
