"""The account's settings (`S` on Billing): a form of what invapi's reply carries, then a
confirmation of each change (before → after, with what it means), then one `update_client`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from hostkey_tui.models.client_settings import (
    CURRENCY_IDS,
    SETTING_LABELS,
    check_setting,
    setting_changes,
)
from hostkey_tui.services import client_settings
from hostkey_tui.ui.kit.modals.confirm import ConfirmModal
from hostkey_tui.ui.kit.modals.form import Field, FormModal, Validator

if TYPE_CHECKING:
    from hostkey_tui.ui.host import Host

#: A text field's label has 16 columns; a switch's label has the line.
_SHORT_LABELS = {"sms_number": "SMS number", "currency_id": "Currency no."}
_TEXT = ("sms_number", "currency_id")


def _check(name: str) -> Validator:
    return lambda value: check_setting(name, value)


async def edit_settings(app: Host) -> None:
    services = app.services
    client = app.state.billing.client
    if services is None or client is None:
        app.say("The account is not read yet: r reads it.", severity="warning")
        return
    settings = client.settings
    known = settings.known()
    if not known:
        app.say(
            "invapi's account reply carries none of the settings: nothing can be changed here.",
            severity="warning",
        )
        return
    fields = [
        Field(
            name,
            _SHORT_LABELS.get(name, SETTING_LABELS[name]),
            settings.value(name) or "",
            _check(name) if name in _TEXT else None,
            placeholder="+31695005645" if name == "sms_number" else "",
            toggle=name not in _TEXT,
        )
        for name in known
    ]
    currency = ""
    if "currency_id" in known:
        numbers = ", ".join(str(n) for n in CURRENCY_IDS)
        currency = f" The currency is a number ({numbers}); now {settings.shown('currency_id')}."
    values = await app.push_screen_wait(
        FormModal(
            "Account settings",
            fields,
            intro="Only what you change is sent." + currency,
            submit="Next",
        )
    )
    if values is None:
        return
    changes, problems = setting_changes(settings, values)
    if problems:
        app.say(
            "; ".join(f"{SETTING_LABELS[k]}: {v}" for k, v in problems.items()),
            title="Not saved",
            severity="error",
        )
        return
    if not changes:
        app.say("Nothing changed: nothing was sent.")
        return
    rows = "\n".join(f"  {SETTING_LABELS[c.name]}: {c.before} → {c.after}" for c in changes)
    warning = " ".join(client_settings.warnings_of(changes))
    count = f"{len(changes)} setting{'s' if len(changes) > 1 else ''}"
    if not await app.push_screen_wait(
        ConfirmModal(
            f"Change {count} of the account {client.email or client.id}?\n\n{rows}",
            [],
            button="Save",
            warning=warning,
        )
    ):
        return
    saved = await client_settings.save_settings(services, changes)
    if saved.unread:
        app.say(
            f"Sent, and invapi said saved; the account could not be read back ({saved.unread}): "
            "r reads it again.",
            title="Settings",
            severity="warning",
        )
    elif saved.not_held:
        app.say(
            "invapi said saved, yet the account read back shows unchanged: "
            + ", ".join(saved.not_held)
            + ". Look in the web panel before saving again.",
            title="Settings",
            severity="warning",
        )
    else:
        app.say(f"Saved: {', '.join(saved.held)}.", title="Settings")
