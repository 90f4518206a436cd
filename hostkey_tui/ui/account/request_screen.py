"""One remote-hands request: its details (type, status, priority, assignee, ticket, times, the
request's text) and its conversation, with a key to add a comment.

Drawn from the store's copy of the request (`Keys.remote_hands`), so what a comment's reply or a
later read brings shows here by itself. Every text is invapi's: drawn literally, never as markup.
"""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.reactive import var
from textual.visual import VisualType

from hostkey_tui.api import InvapiError
from hostkey_tui.models.account import RemoteHandsRequest
from hostkey_tui.services import account, rhr
from hostkey_tui.state.state import AppState
from hostkey_tui.ui.account import keys
from hostkey_tui.ui.account.requests import conversation, request_detail
from hostkey_tui.ui.account.tabs import server_name
from hostkey_tui.ui.kit.guard import can_change, not_repeated
from hostkey_tui.ui.kit.keys import bindings
from hostkey_tui.ui.kit.modals.form import Field, FormModal
from hostkey_tui.ui.kit.screen import SectionScreen
from hostkey_tui.ui.kit.status import status_text
from hostkey_tui.ui.kit.text import literal
from hostkey_tui.ui.kit.widgets.chrome import StatusLine
from hostkey_tui.ui.kit.widgets.view import View

if TYPE_CHECKING:
    from hostkey_tui.services.context import Services
    from hostkey_tui.ui.host import Host


class RequestScreen(SectionScreen):
    SCOPE = "account"
    SECTION = "account"
    HELP_TITLE = "Remote-hands request"
    HELP_MOVING = ""
    KEYS = keys.REQUEST
    BINDINGS = bindings(KEYS)
    DEFAULT_CSS = """
    RequestScreen #request-scroll { height: 1fr; padding: 0 1; }
    RequestScreen #request-detail { height: auto; margin-bottom: 1; }
    RequestScreen #request-history { height: auto; }
    """

    detail_text: var[VisualType | None] = var(None, init=False)
    history_text: var[VisualType | None] = var(None, init=False)

    def __init__(self, request: RemoteHandsRequest) -> None:
        super().__init__()
        self.request_id = request.id
        #: The request as last seen (kept when a read no longer lists it).
        self.request = request

    def compose(self) -> ComposeResult:
        yield from self.chrome_top()
        with VerticalScroll(id="request-scroll"):
            yield View(id="request-detail").data_bind(value=RequestScreen.detail_text)
            yield View(id="request-history").data_bind(value=RequestScreen.history_text)
        yield from self.chrome_bottom()

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#request-scroll").focus()

    def state_changed(self, state: AppState) -> None:
        held = state.keys.remote_hands
        found = next((r for r in held or () if r.id == self.request_id), None)
        if found is not None:
            self.request = found
        request = self.request
        server = server_name(state, request.server_id) if request.server_id else ""
        if request.server_name and request.server_id not in state.servers:
            server = f"{request.server_name} ({request.server_id})"
        self.detail_text = request_detail(request, server or request.server_name)
        gone = held is not None and found is None
        shown = conversation(request, state.read_only)
        self.history_text = (
            literal("\n").join([literal("invapi no longer lists this request.", "yellow"), shown])
            if gone
            else shown
        )
        self.query_one(StatusLine).left = status_text(
            state, self.hostkey.clock.now(), self.hostkey.jobs_running()
        )
        self.query_one(StatusLine).right = f"request {request.ticket or request.id}"
        self.refresh_bindings()

    # -- actions -----------------------------------------------------------------------------

    def action_back(self) -> None:
        self.dismiss()

    def action_read_again(self) -> None:
        self.recheck_changes()
        services = self.hostkey.services
        if services is not None:
            self.run_flow(_read(services))

    def action_comment(self) -> None:
        self.run_flow(add_comment(self.hostkey, self.request))


async def _read(services: Services) -> None:
    # A failure is said where the list is (the store keeps why).
    with contextlib.suppress(InvapiError):
        await account.load_remote_hands(services)


async def add_comment(app: Host, request: RemoteHandsRequest) -> None:
    """A comment on the request: typed, then sent once; the conversation comes with the reply."""
    services = app.services
    if services is None or not can_change(app, "A comment on a request"):
        return
    if not_repeated(app, f"rhr/chat:{request.id}"):
        return
    name = request.ticket or str(request.id)
    values = await app.push_screen_wait(
        FormModal(
            f"Comment on {name}",
            [
                Field(
                    "message",
                    "Comment",
                    "",
                    rhr.check_message,
                    placeholder="what the duty shift should know",
                )
            ],
            intro=(
                f"Added to the conversation of {request.type} {name} "
                f"({request.server_name or request.server_id}): the duty shift reads it there. "
                "It is sent once."
            ),
            submit="Send comment",
        )
    )
    if values is None:
        return
    history = await rhr.add_comment(services, request, values["message"])
    if history is None:
        app.say(
            f"Added to {name}; invapi sent no conversation back: r reads it.",
            title="Comment sent",
        )
        return
    app.say(
        f"Added to {name}: the conversation has {len(history)} entr"
        f"{'y' if len(history) == 1 else 'ies'}.",
        title="Comment sent",
    )
