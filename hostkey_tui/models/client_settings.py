"""The account's settings that `whmcs/update_client` changes beside the address: paying from
credit automatically, paying on the first day of the month, two-factor authentication, the
SMS number its codes and notices go to, marketing mail, and the billing currency.

`whmcs/get_client` shows the `co_*` settings as WHMCS custom fields (`{"name", "type",
"value"}`, a checkbox's value "on" or ""); `update_client` takes them as `on`/`off`, the 2FA
switch as `true`/`false` and the currency as a number. A setting the reply does not carry is
None: it is shown as unknown and never offered, since sending it would guess its state.
"""

from __future__ import annotations

import re

from hostkey_tui.models.common import Obj
from hostkey_tui.records import dataclass

#: The form's names, in the order they are shown, with what they are called on screen.
SETTING_LABELS = {
    "auto_pay": "Pay invoices from credit automatically",
    "pay_first_day": "Pay for services on the 1st of the month",
    "two_factor": "Two-factor authentication",
    "sms_number": "SMS number (2FA codes, notices)",
    "marketing_emails": "Marketing e-mails",
    "marketing_sms": "Marketing SMS",
    "currency_id": "Billing currency (number)",
}
#: The form's names → `whmcs/update_client`'s fields.
SETTING_FIELDS = {
    "auto_pay": "co_autopayment",
    "pay_first_day": "co_payfirstday",
    "two_factor": "billing_twofaenabled",
    "sms_number": "co_smsnum",
    "marketing_emails": "co_marktemails",
    "marketing_sms": "co_marktsms",
    "currency_id": "billing_currency",
}
_TOGGLES = ("auto_pay", "pay_first_day", "two_factor", "marketing_emails", "marketing_sms")
#: The documentation lists currency numbers 1 to 3 without naming them ("1 - , 2 - , 3 - ").
CURRENCY_IDS = (1, 2, 3)


@dataclass(frozen=True, slots=True)
class ClientSettings:
    auto_pay: bool | None = None
    pay_first_day: bool | None = None
    two_factor: bool | None = None
    sms_number: str | None = None
    marketing_emails: bool | None = None
    marketing_sms: bool | None = None
    currency_id: int | None = None
    currency_code: str = ""

    def value(self, name: str) -> str | None:
        """The form's text for a setting ("1"/"" for a switch), None when it is not known."""
        current: object = getattr(self, name)
        if current is None:
            return None
        if isinstance(current, bool):
            return "1" if current else ""
        return str(current)

    def shown(self, name: str) -> str:
        """How a setting reads on the account tab."""
        text = self.value(name)
        if text is None:
            return "unknown (not in invapi's reply)"
        if name in _TOGGLES:
            return "on" if text else "off"
        if name == "currency_id":
            return currency_name(int(text), self)
        return text or "—"

    def known(self) -> tuple[str, ...]:
        """The settings invapi's reply carries: the only ones offered for change."""
        return tuple(name for name in SETTING_LABELS if self.value(name) is not None)


def currency_name(number: int, settings: ClientSettings) -> str:
    """A currency number with its code where the account says it (only its own is known)."""
    if number == settings.currency_id and settings.currency_code:
        return f"{settings.currency_code} (number {number})"
    return f"number {number} (its code is read back once it is set)"


def _box(client: Obj, name: str) -> bool | None:
    field = client.get(name)
    if not isinstance(field, dict):
        return None
    value = field.get("value")
    if not isinstance(value, str):
        return None
    # A WHMCS checkbox is "on" (or "1", "yes") when ticked and "" when not.
    return value.strip().lower() in ("on", "1", "yes", "true")


def _text(client: Obj, name: str) -> str | None:
    field = client.get(name)
    if not isinstance(field, dict) or not isinstance(field.get("value"), str):
        return None
    return client.obj(name).text("value")  # invapi's text: control characters made harmless


def settings_from_client(client: Obj) -> ClientSettings:
    """The settings of a `whmcs/get_client` reply's `client` object."""
    two_factor = client.get("twofaenabled")
    currency = client.get("currency")
    if isinstance(currency, str) and currency.strip().isdigit():
        currency = int(currency.strip())
    return ClientSettings(
        auto_pay=_box(client, "co_autopayment"),
        pay_first_day=_box(client, "co_payfirstday"),
        two_factor=client.bool("twofaenabled") if two_factor is not None else None,
        sms_number=_text(client, "co_smsnum"),
        marketing_emails=_box(client, "co_marktemails"),
        marketing_sms=_box(client, "co_marktsms"),
        currency_id=currency if isinstance(currency, int) and currency > 0 else None,
        currency_code=client.text("currency_code"),
    )


def check_setting(name: str, value: str) -> str | None:
    """Why this setting's value would be refused, or None."""
    text = value.strip()
    if name == "sms_number" and text:
        digits = text.removeprefix("+").replace(" ", "")
        if not digits.isdigit() or not 7 <= len(digits) <= 15:
            return "an international number: digits only (7 to 15), + allowed first"
    if name == "currency_id" and text not in {str(n) for n in CURRENCY_IDS}:
        return "a currency number: " + ", ".join(str(n) for n in CURRENCY_IDS)
    return None


@dataclass(frozen=True, slots=True)
class SettingChange:
    name: str
    before: str
    after: str
    field: str
    sent: str


def setting_changes(
    current: ClientSettings, wanted: dict[str, str]
) -> tuple[tuple[SettingChange, ...], dict[str, str]]:
    """(what changed, with the form field and value to send; the problems by setting)."""
    changes: list[SettingChange] = []
    problems: dict[str, str] = {}
    for name in current.known():
        if name not in wanted:
            continue
        before, after = current.value(name) or "", wanted[name].strip()
        if name == "sms_number":
            after = re.sub(r"\s+", "", after)
            if after.lstrip("+") == before.lstrip("+"):
                continue  # the documentation's own example keeps the number without its +
        if after == before:
            continue
        problem = check_setting(name, after)
        if problem:
            problems[name] = problem
            continue
        changes.append(
            SettingChange(
                name,
                current.shown(name),
                _shown_after(name, after, current),
                SETTING_FIELDS[name],
                _sent(name, after),
            )
        )
    return tuple(changes), problems


def _shown_after(name: str, after: str, current: ClientSettings) -> str:
    if name in _TOGGLES:
        return "on" if after else "off"
    if name == "currency_id":
        return currency_name(int(after), current)
    return after or "—"


def _sent(name: str, after: str) -> str:
    if name == "two_factor":
        return "true" if after else "false"
    if name in _TOGGLES:
        return "on" if after else "off"
    return after


def held(settings: ClientSettings, changes: tuple[SettingChange, ...]) -> tuple[bool, ...]:
    """For each change, whether the account read back holds it (to settle a lost reply)."""
    result = []
    for change in changes:
        now = settings.value(change.name)
        wanted = "" if change.sent in ("off", "false") else change.sent
        if change.name in _TOGGLES:
            result.append(now == ("1" if wanted else ""))
        elif change.name == "sms_number":
            result.append((now or "").lstrip("+") == wanted.lstrip("+"))
        else:
            result.append(now == wanted)
    return tuple(result)
