"""A server's own billing: cancel it or withdraw that (C, W: from any tab of its detail), make
its next invoice (g, on its Billing tab)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from hostkey_tui.services import billing
from hostkey_tui.ui.kit.modals.confirm import ConfirmModal, ConfirmTarget
from hostkey_tui.ui.server.cancel import CancelModal

if TYPE_CHECKING:
    from hostkey_tui.ui.host import Host


async def cancel_server(app: Host, server_id: int) -> None:
    services = app.services
    server = app.state.servers.get(server_id)
    if services is None or server is None:
        return
    if server_id in app.state.billing.cancellations:
        app.say(
            "A cancellation is already requested for this server (W withdraws it).",
            severity="warning",
        )
        return
    due = server.due_date.isoformat() if server.due_date else ""
    answer = await app.push_screen_wait(CancelModal(server.hostname, server.id, due))
    if answer is None:
        return
    immediate, reason = answer
    await billing.request_cancellation(
        services, server.id, server.hostname, immediate=immediate, reason=reason
    )
    when = "now" if immediate else "at the end of the period"
    app.say(
        f"Cancellation of {server.hostname} requested ({when}). W withdraws it.",
        title="Cancellation",
    )


async def withdraw_cancellation(app: Host, server_id: int) -> None:
    services = app.services
    server = app.state.servers.get(server_id)
    if services is None or server is None:
        return
    if server_id not in app.state.billing.cancellations:
        part = app.state.billing.part("cancellations")
        if part.error:
            app.say(
                f"The cancellation requests could not be read ({part.error}): r on the server "
                "list tries again.",
                severity="warning",
            )
        else:
            app.say("There is no cancellation request for this server.", severity="warning")
        return
    target = [ConfirmTarget(server.id, server.hostname, server.main_ip)]
    if not await app.push_screen_wait(
        ConfirmModal(
            f"Withdraw the cancellation of {server.hostname}?", target, button="Withdraw it"
        )
    ):
        return
    await billing.withdraw_cancellation(services, server.id, server.hostname)
    app.say(f"{server.hostname} stays: the cancellation was withdrawn.", title="Cancellation")


async def generate_invoice(app: Host, server_id: int) -> None:
    services = app.services
    server = app.state.servers.get(server_id)
    if services is None or server is None:
        return
    target = [ConfirmTarget(server.id, server.hostname, server.main_ip)]
    if not await app.push_screen_wait(
        ConfirmModal(
            f"Create the next invoice of {server.hostname} now?", target, button="Create it"
        )
    ):
        return
    invoice = await billing.generate_due_invoice(services, server.id)
    app.say(f"Invoice {invoice} created for {server.hostname}.", title="Next invoice")
