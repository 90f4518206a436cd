"""A remote-hands request's conversation (`rhr/chat`) and a ticket to sales
(`jira/request_assistance`).

Both are changes: people read them. Each is sent once and never again on its own (the client's
change hooks journal it before it leaves and refuse the same change while an earlier one's
outcome is unknown); a lost reply is said as unknown, with what the request list shows now. No
PIN, as for `rhr/add`: no source shows `rhr.php` or `jira.php` taking one.
"""

from __future__ import annotations

import contextlib
from dataclasses import replace

from hostkey_tui.api import ApiError, InvapiError, ReplyLost
from hostkey_tui.models.account import RemoteHandsRequest
from hostkey_tui.models.rhr import RhrComment
from hostkey_tui.services.account import load_remote_hands
from hostkey_tui.services.context import Services
from hostkey_tui.state.events import RemoteHandsRead

#: The longest comment or sales message sent (no source states invapi's limit: a sane bound
#: on text a person types into one line).
MOST_CHARACTERS = 2000


def _not_sent(problem: str) -> ApiError:
    return ApiError(f"{problem} Nothing was sent.", title="Not sent")


def check_message(text: str) -> str | None:
    if not text.strip():
        return "Say something: an empty message is not sent."
    if len(text.strip()) > MOST_CHARACTERS:
        return f"At most {MOST_CHARACTERS} characters."
    return None


def _with_history(services: Services, request_id: int, history: tuple[RhrComment, ...]) -> None:
    held = services.store.state.keys.remote_hands
    if held is None:
        return
    updated = tuple(replace(r, history=history) if r.id == request_id else r for r in held)
    services.store.dispatch(RemoteHandsRead(updated))


def _label(request: RemoteHandsRequest) -> tuple[str, ...]:
    server = f"{request.server_name or 'server'} ({request.server_id})"
    return (server, f"request {request.ticket or request.id}")


async def _reread(services: Services) -> None:
    # A failure is in the store already (the list says it in its place).
    with contextlib.suppress(InvapiError):
        await load_remote_hands(services)


async def add_comment(
    services: Services, request: RemoteHandsRequest, message: str
) -> tuple[RhrComment, ...] | None:
    """Add a comment to the request, once; its conversation as invapi answers it, then the list
    read again (its status and last change).

    Raises:
        ReadOnlyRefused, ApiError: refused before anything was sent, or refused by invapi;
            after a lost reply, "Outcome unknown" and what is known now.
    """
    services.ensure_writable("A comment on a remote-hands request")
    problem = check_message(message)
    if problem:
        raise _not_sent(problem)
    text = message.strip()
    label = _label(request)
    try:
        with services.journaled("rhr_chat", label):
            history = await services.client.rhr.chat(request.id, text)
    except ReplyLost:
        await _reread(services)
        raise ApiError(
            f"The reply was lost: the comment on {request.ticket or request.id} may or may not "
            "have been added. It is not sent again; read the conversation (r) before writing "
            "it again.",
            title="Outcome unknown",
        ) from None
    if history is None:
        services.audit("rhr_chat", label, "done", "invapi sent no conversation back")
    else:
        services.audit("rhr_chat", label, "done", f"{len(history)} entries in the conversation")
        _with_history(services, request.id, history)
    await _reread(services)
    return history


async def ask_sales(
    services: Services,
    subject: str,
    message: str,
    server: tuple[int, str] | None = None,
) -> None:
    """A ticket to HOSTKEY's sales team (cancel or move a service, say), once; they answer by
    e-mail, not through invapi.

    Raises:
        ReadOnlyRefused, ApiError: refused before anything was sent, or refused by invapi.
        ReplyLost: the ticket may have been opened: it is not sent again.
    """
    services.ensure_writable("A request to sales")
    if not subject.strip():
        raise _not_sent("A subject is needed (what it is about).")
    problem = check_message(message)
    if problem:
        raise _not_sent(problem)
    server_id, hostname = server if server else (None, "")
    label = (f"{hostname} ({server_id})",) if server_id is not None else ("account",)
    with services.journaled("jira_request_assistance", label):
        await services.client.jira.request_assistance(
            " ".join(subject.split()), message.strip(), server_id
        )
    services.audit("jira_request_assistance", label, "done", " ".join(subject.split())[:80])
