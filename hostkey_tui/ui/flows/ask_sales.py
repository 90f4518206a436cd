"""Asking HOSTKEY's sales team (jira/request_assistance): to cancel or move a service, say.

From the Account section's remote-hands tab (about the account) and from a server's detail
(about that server). A ticket people read: sent once, journaled; they answer by e-mail, never
through invapi, and the confirmation says so.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from hostkey_tui.services import rhr
from hostkey_tui.services.power import Target
from hostkey_tui.ui.kit.guard import can_change, not_repeated
from hostkey_tui.ui.kit.modals.confirm import ConfirmModal, ConfirmTarget
from hostkey_tui.ui.kit.modals.form import Field, FormModal

if TYPE_CHECKING:
    from hostkey_tui.ui.host import Host

REPLIES = "HOSTKEY's sales team answers by e-mail, not in this app."


def _check_subject(text: str) -> str | None:
    if not text.strip():
        return "What it is about (cancel a server, move it, …)."
    return None if len(text.strip()) <= 120 else "At most 120 characters."


async def ask_sales(app: Host, target: Target | None = None) -> None:
    services = app.services
    if services is None or not can_change(app, "A request to sales"):
        return
    if not_repeated(app, f"jira/request_assistance:{target.server_id if target else 'account'}"):
        return
    about = f" about {target.hostname}" if target else ""
    values = await app.push_screen_wait(
        FormModal(
            f"Ask sales{about}",
            [
                Field(
                    "subject",
                    "Subject",
                    f"{target.hostname} ({target.server_id})" if target else "",
                    _check_subject,
                    placeholder="cancel or move a service",
                ),
                Field(
                    "message",
                    "Message",
                    "",
                    rhr.check_message,
                    placeholder="what to cancel or move, and when",
                ),
            ],
            intro=(
                "Opens a ticket with HOSTKEY's sales team: to cancel or move a service, or "
                f"anything the panel cannot do. {REPLIES}"
            ),
            submit="Next",
        )
    )
    if values is None:
        return
    if not await app.push_screen_wait(
        ConfirmModal(
            f"Open a sales ticket{about}: {values['subject'].strip()}?",
            [ConfirmTarget(target.server_id, target.hostname, target.main_ip)] if target else [],
            button="Open ticket",
            warning=f"People read it. It is sent once. {REPLIES}",
        )
    ):
        return
    await rhr.ask_sales(
        services,
        values["subject"],
        values["message"],
        (target.server_id, target.hostname) if target else None,
    )
    app.say(f"A sales ticket was opened{about}. {REPLIES}", title="Sent to sales", timeout=10)
