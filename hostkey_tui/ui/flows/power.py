"""Power status, on, off, reboot and force off, from the server list, the detail or the
palette: the menu, then confirm → PIN → grace period → sent once per server."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from hostkey_tui.services.power import POWER_ACTIONS, Target, check_status, power
from hostkey_tui.services.power_guard import power_warnings, tags_of, typed_confirmation
from hostkey_tui.ui.kit.guard import ask_pin, can_change, not_repeated, say_starting
from hostkey_tui.ui.kit.modals.choose import Choice, ChooseOne
from hostkey_tui.ui.kit.modals.confirm import ConfirmModal, ConfirmTarget
from hostkey_tui.ui.kit.modals.grace import GraceCountdown

if TYPE_CHECKING:
    from hostkey_tui.ui.host import Host


def power_menu(
    app: Host, targets: list[Target], cancelled: Callable[[], object] | None = None
) -> None:
    """Status, on, off, reboot or force off for these servers (the changes only when allowed);
    `cancelled`: called when none is chosen."""
    one = len(targets) == 1
    choices = [Choice("status", "Status", "read the power state (changes nothing)")]
    if not app.state.read_only:
        once = "PIN, then sent once" if one else "PIN, then sent once per server"
        choices += [
            Choice("on", "Power on", once),
            Choice("off", "Power off", f"stops {'it' if one else 'them'} at once; PIN"),
            Choice("reboot", "Reboot", once),
            # last, away from Power off: the plug pulled, for a server that does not stop
            Choice("hard_off", "Force off", "pulls the plug: only if Power off hangs; PIN"),
        ]
    many = targets[0].hostname if one else f"{len(targets)} servers"

    def chosen(action: str | None) -> None:
        if action:
            app.run_worker(power_flow(app, targets, action), group="flow", exit_on_error=False)
        elif cancelled is not None:
            cancelled()

    app.push_screen(ChooseOne(f"Power: {many}", choices), chosen)


async def power_flow(app: Host, targets: Sequence[Target], action: str) -> None:
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


async def _ask_and_send(app: Host, targets: Sequence[Target], action: str, title: str) -> None:
    services = app.services
    assert services is not None
    count = f"{len(targets)} servers" if len(targets) > 1 else targets[0].hostname
    typed = typed_confirmation(targets, action, app.policy, tags_of(app.state, targets))
    warnings = power_warnings(app.state, targets, action)
    confirm = ConfirmModal(
        f"{title} {count}?",
        [ConfirmTarget(t.server_id, t.hostname, t.main_ip) for t in targets],
        button=f"{title} {count}",
        typed=typed,
        warning="\n\n".join(warnings),
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
