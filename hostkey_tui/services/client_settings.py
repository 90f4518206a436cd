"""Saving the account's settings (`whmcs/update_client`'s switches, SMS number and currency).

Only what changed is sent, once, through the same journaled `update_client` as the address. A
setting sets a value, so sending it again does no harm; still a lost reply is left to the
change book, which reads the account again before the same change may go out. After invapi
says it is saved the account is read back, and a setting it does not show changed is said: a
"saved" that changed nothing would be worse than an error.
"""

from __future__ import annotations

from dataclasses import dataclass

from hostkey_tui.models.client_settings import SETTING_LABELS, SettingChange, held
from hostkey_tui.services.billing import update_client
from hostkey_tui.services.context import Services


@dataclass(frozen=True, slots=True)
class Saved:
    """What the account read back shows of a saved change."""

    held: tuple[str, ...]
    not_held: tuple[str, ...]
    #: The read back failed: nothing could be checked (its reason).
    unread: str = ""


def warnings_of(changes: tuple[SettingChange, ...]) -> list[str]:
    """What the confirmation must say beside the changes themselves."""
    said: list[str] = []
    names = {c.name: c for c in changes}
    if "two_factor" in names and names["two_factor"].sent == "false":
        said.append(
            "Turning two-factor authentication off: a stolen billing password alone then "
            "opens the account."
        )
    if "currency_id" in names:
        said.append(
            "The billing currency changes future invoices only; WHMCS refuses it once the "
            "account has invoices or transactions. Its code is read back after saving."
        )
    if "auto_pay" in names and names["auto_pay"].sent == "on":
        said.append("New invoices will be paid from the account's credit without asking.")
    return said


async def save_settings(services: Services, changes: tuple[SettingChange, ...]) -> Saved:
    """Send the changes in one `update_client`, then read the account back.

    Raises:
        ReadOnlyRefused, ApiError: refused before anything was sent (read-only, an earlier
            outcome unknown).
        InvapiError: invapi refused it; ReplyLost: its outcome is unknown (journaled so).
    """
    await update_client(services, {c.field: c.sent for c in changes})
    part = services.store.state.billing.part("client")
    client = services.store.state.billing.client
    if part.error or client is None:
        return Saved((), (), part.error or "the account was not read back")
    kept = held(client.settings, changes)
    return Saved(
        tuple(SETTING_LABELS[c.name] for c, ok in zip(changes, kept, strict=True) if ok),
        tuple(SETTING_LABELS[c.name] for c, ok in zip(changes, kept, strict=True) if not ok),
    )
