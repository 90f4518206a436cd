"""Signing in with the billing e-mail and password (`auth/whmcslogin`), and the account's 2FA
code when invapi asks for one (`auth/2fa_check`).

Neither the password nor the code is kept: they live in a `Secret` for the one request each.
A session made so cannot renew itself (there is no key to log in with again): when its token
runs out, invapi's refusal says to sign in again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from hostkey_tui.api import InvapiError
from hostkey_tui.models.common import Secret
from hostkey_tui.services import session
from hostkey_tui.ui.kit.modals.form import Field, FormModal

if TYPE_CHECKING:
    from hostkey_tui.services.context import Services
    from hostkey_tui.ui.host import Host

#: Codes asked for before the sign-in is given up (invapi may end it sooner).
CODE_TRIES = 3


class SignInAbandoned(Exception):
    """The user closed the 2FA dialog, or the codes ran out: nothing is kept."""


def _code_problem(value: str) -> str | None:
    text = value.strip()
    if not text:
        return "the code from your 2FA device"
    if not text.isalnum() or len(text) > 16:
        return "letters and digits only, as your device shows it"
    return None


async def second_factor(app: Host, services: Services, said: str = "") -> None:
    """Ask for the 2FA code until invapi takes one (at most `CODE_TRIES`).

    Raises:
        SignInAbandoned: cancelled, or no code was taken (the session is ended).
    """
    problem = said
    for attempt in range(1, CODE_TRIES + 1):
        intro = (
            "invapi sent a code to this account's 2FA device (by SMS, to the number in the "
            "account's settings). Type it here: it is sent once and never kept."
        )
        if problem:
            intro += f"\n\n{problem}"
        values = await app.push_screen_wait(
            FormModal(
                "Two-factor authentication",
                [Field("code", "Code", "", _code_problem, password=True)],
                intro=intro,
                submit="Sign in",
            )
        )
        if values is None:
            await _end(services)
            raise SignInAbandoned("Sign-in cancelled at the 2FA code: nothing was kept.")
        try:
            await session.second_factor(services, Secret(values["code"].strip()))
        except InvapiError as error:
            left = CODE_TRIES - attempt
            problem = f"{error.message} ({left} tr{'y' if left == 1 else 'ies'} left)"
            if "sign in again" in error.message.lower():
                break
            continue
        return
    await _end(services)
    raise SignInAbandoned(f"The 2FA code was not taken ({problem}). Sign in again.")


async def _end(services: Services) -> None:
    """The half-made session is ended on invapi's side (best effort) and forgotten here."""
    await session.end_half_made(services)
