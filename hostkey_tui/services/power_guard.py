"""What a power change asks before it is sent, for the app's dialogs and the command line's
prompts alike: what must be typed to confirm it, and what to say of a suspended server."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from hostkey_tui.config.model import ConfirmPolicy
from hostkey_tui.models.typed import typed_word
from hostkey_tui.services.power import Target
from hostkey_tui.state.state import AppState
from hostkey_tui.state.views import suspension


def typed_confirmation(
    targets: Sequence[Target],
    action: str,
    policy: ConfirmPolicy,
    tags: Mapping[int, Mapping[str, str]],
) -> str:
    """What must be typed before sending: the count, the hostname, or nothing."""
    if action == "hard_off":
        # a forced power-off is typed for always, whatever the policy: it may cost data
        if len(targets) == 1:
            return typed_word(targets[0].hostname, targets[0].server_id)
        return str(len(targets))
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


def tags_of(state: AppState, targets: Sequence[Target]) -> dict[int, dict[str, str]]:
    """The targets' tags as the confirmation policy reads them (`name` → `value`)."""
    return {
        t.server_id: {tag.name: tag.value for tag in state.servers[t.server_id].tags}
        for t in targets
        if t.server_id in state.servers
    }


#: Where a suspended server's invoice is paid, in the app.
PAY_IN_BILLING = "Pay it first, in Billing."


def power_warnings(
    state: AppState, targets: Sequence[Target], action: str, *, pay_hint: str = PAY_IN_BILLING
) -> list[str]:
    """What is said before the change is confirmed: what powering off means, and whether a
    target is suspended."""
    warnings = []
    if action == "off":
        warnings.append(
            "The server stops at once: whatever runs on it ends without a clean shutdown."
            if len(targets) == 1
            else "The servers stop at once: whatever runs on them ends without a clean shutdown."
        )
    if action == "hard_off":
        it = "it" if len(targets) == 1 else "them"
        warnings.append(
            f"A forced power-off cuts the power at once, like pulling the plug: the system on "
            f"{it} gets no shutdown, and disks may be left inconsistent (unsaved data lost, file "
            f"systems to repair). Use Power off first, unless {it} hangs."
        )
    suspended = suspended_warning(state, targets, action, pay_hint=pay_hint)
    if suspended:
        warnings.append(suspended)
    return warnings


def suspended_warning(
    state: AppState, targets: Sequence[Target], action: str, *, pay_hint: str = PAY_IN_BILLING
) -> str:
    """What is said before a power change of servers that billing has suspended: invapi may
    refuse it, or power them off again, until the overdue invoice is paid. "" when none is."""
    said = []
    for target in targets:
        why = suspension(state, target.server_id)
        if not why:
            continue
        server = state.servers.get(target.server_id)
        days = server.days_left if server is not None else None
        late = f" ({-days} days overdue)" if days is not None and days < 0 else ""
        said.append(f"{target.hostname} is {why}{late}")
    if not said:
        return ""
    whose = "it" if len(said) == 1 else "them"
    effect = {
        "on": f"invapi may refuse to power {whose} on, or billing may power {whose} off again",
        "reboot": f"invapi may refuse the reboot, or billing may power {whose} off again",
        "off": f"billing keeps {whose} suspended: powering on again needs the invoice paid",
        "hard_off": f"billing keeps {whose} suspended: powering on again needs the invoice paid",
    }[action]
    return f"{'; '.join(said)}. Until the overdue invoice is paid, {effect}. {pay_hint}"
