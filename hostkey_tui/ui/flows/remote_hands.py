"""Asking the datacentre: remote-hands requests (from the Account section or a server) and the
one-click requests of a server's detail."""

from __future__ import annotations

from typing import TYPE_CHECKING

from hostkey_tui.api.resources.account import JIRA_REQUESTS
from hostkey_tui.models.account import RHR_TYPES, RemoteHandsRequest
from hostkey_tui.services import account
from hostkey_tui.services.power import Target
from hostkey_tui.ui.flows.ask_sales import ask_sales
from hostkey_tui.ui.kit.guard import can_change
from hostkey_tui.ui.kit.modals.choose import Choice, ChooseOne
from hostkey_tui.ui.kit.modals.confirm import ConfirmModal, ConfirmTarget
from hostkey_tui.ui.kit.modals.form import Field, FormModal

if TYPE_CHECKING:
    from hostkey_tui.ui.host import Host

#: The one-click requests (jira.php) by a short name for the menu.
ONE_CLICK = {
    "request_pon": "on",
    "request_poff": "off",
    "request_reboot": "reboot",
    "request_PXEboot": "PXE boot",
    "request_kvm": "KVM",
    "request_check": "check",
}
#: The menu's choice for a ticket to sales (jira/request_assistance).
SALES = "request_assistance"


def server_of(app: Host, text: str) -> int | None:
    """The server a typed id or hostname names (None when none, or not one only)."""
    return app.index.find(app.state, text) if text.strip() else None


async def new_remote_hands(app: Host, target: Target | None = None) -> None:
    """A remote-hands request (rhr/add); from the Account tab the server is asked first."""
    services = app.services
    if services is None or not can_change(app, "A remote-hands request"):
        return
    kind = await app.push_screen_wait(
        ChooseOne(
            "Remote hands: what is needed?",
            [Choice(k, k, why) for k, why in RHR_TYPES.items()],
        )
    )
    if kind is None:
        return
    await _remote_hands(app, target, kind)


async def _remote_hands(app: Host, target: Target | None, kind: str) -> None:
    services = app.services
    assert services is not None

    def server_check(text: str) -> str | None:
        return None if server_of(app, text) is not None else "Its id or hostname."

    fields = (
        []
        if target
        else [Field("server", "Server", "", server_check, placeholder="id or hostname")]
    )
    fields.append(
        Field(
            "message",
            "Message",
            "",
            lambda t: None if t.strip() else "Say what you need done.",
            placeholder="what, and when it suits you",
        )
    )
    values = await app.push_screen_wait(
        FormModal(
            f"Remote hands: {kind}" + (f" for {target.hostname}" if target else ""),
            fields,
            intro=f"{RHR_TYPES[kind].capitalize()}. The duty shift answers in the request.",
            submit="Next",
        )
    )
    if values is None:
        return
    if target is None:
        server_id = server_of(app, values["server"])
        if server_id is None:
            return
        server = app.state.servers.get(server_id)
        target = Target(server_id, server.hostname if server else str(server_id), "")
    if not await app.push_screen_wait(
        ConfirmModal(
            f"Ask the datacentre ({kind}) about {target.hostname}?",
            [ConfirmTarget(target.server_id, target.hostname, target.main_ip)],
            button="Send request",
            warning=f"Message: {values['message'].strip()}",
        )
    ):
        return
    made = await account.request_remote_hands(
        services, target.server_id, target.hostname, kind, values["message"]
    )
    ticket = f" ({made.ticket})" if made and made.ticket else ""
    app.say(
        f"{kind} for {target.hostname}{ticket}: listed in Account › Remote hands.",
        title="Requested",
    )


async def discard_remote_hands(app: Host, request: RemoteHandsRequest) -> None:
    services = app.services
    if services is None or not can_change(app, "Discarding a request"):
        return
    if not await app.push_screen_wait(
        ConfirmModal(
            f"Discard the {request.type} request {request.ticket or request.id}?",
            [ConfirmTarget(request.server_id or 0, request.server_name, request.status)],
            button="Discard",
        )
    ):
        return
    await account.discard_remote_hands(services, request)
    app.say(f"{request.ticket or request.id} discarded.", title="Request discarded")


async def server_requests(app: Host, target: Target) -> None:
    """From a server's detail: a remote-hands request or one of the one-click requests."""
    if app.services is None or not can_change(app, "A request to the datacentre"):
        return
    choices = [Choice(k, f"hands: {k}", why) for k, why in RHR_TYPES.items()] + [
        Choice(action, f"1-click: {ONE_CLICK[action]}", JIRA_REQUESTS[action])
        for action in ONE_CLICK
    ]
    choices.append(Choice(SALES, "ask sales", "a ticket to cancel or move it"))
    choice = await app.push_screen_wait(
        ChooseOne(f"Datacentre request for {target.hostname}", choices)
    )
    if choice is None:
        return
    if choice in RHR_TYPES:
        await _remote_hands(app, target, choice)
    elif choice == SALES:
        await ask_sales(app, target)
    else:
        await one_click(app, target, choice)


async def one_click(app: Host, target: Target, action: str) -> None:
    services = app.services
    assert services is not None
    what = JIRA_REQUESTS[action]
    if not await app.push_screen_wait(
        ConfirmModal(
            f"Ask the duty shift to {what}: {target.hostname}?",
            [ConfirmTarget(target.server_id, target.hostname, target.main_ip)],
            button="Send request",
            warning="People in the datacentre act on it; it is sent once.",
        )
    ):
        return
    await account.one_click_request(services, target.server_id, target.hostname, action)
    app.say(f"Asked to {what}: {target.hostname}.", title="Requested")
