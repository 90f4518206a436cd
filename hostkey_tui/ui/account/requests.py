"""The remote-hands requests as the Account section shows them: the list's filter and a
request's details with its conversation. Pure functions: the screens only put them in place.

The filter is the app's `/` line (as DNS records' and invoices'): `status:open` (or `closed`, or
a status as invapi writes it), `loc:NL`, and any other words, each of which must be found in the
request. The list is the account's (rhr/list reads every request of the account), so it is
filtered here, as typed, with nothing sent.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content

from hostkey_tui.models.account import RemoteHandsRequest
from hostkey_tui.ui.account.tabs import OPEN_REQUEST, when
from hostkey_tui.ui.kit.text import line, literal
from hostkey_tui.ui.kit.widgets.table import nothing_matches

FILTER_HINT = "/ filter   status:open  loc:NL  or any text"
_STATUS_WORDS = ("status:", "s:")
_LOCATION_WORDS = ("loc:", "location:", "l:")


def _split(query: str) -> tuple[str, str, list[str]]:
    """The status word, the location word and the free words of a filter."""
    status = location = ""
    words: list[str] = []
    for word in query.split():
        lowered = word.lower()
        if lowered.startswith(_STATUS_WORDS):
            status = lowered.partition(":")[2]
        elif lowered.startswith(_LOCATION_WORDS):
            location = lowered.partition(":")[2]
        else:
            words.append(lowered)
    return status, location, words


def _status_matches(request: RemoteHandsRequest, wanted: str) -> bool:
    status = request.status.upper()
    if wanted == "open":
        return status in OPEN_REQUEST
    if wanted == "closed":
        return status not in OPEN_REQUEST
    return status == wanted.upper()


def matches(request: RemoteHandsRequest, query: str) -> bool:
    status, location, words = _split(query)
    if status and not _status_matches(request, status):
        return False
    if location and request.location.lower() != location:
        return False
    text = " ".join(
        (
            request.ticket,
            str(request.id),
            request.server_name,
            str(request.server_id or ""),
            request.location,
            request.type,
            request.status,
            request.priority,
            request.assignee,
            request.request,
        )
    ).lower()
    return all(word in text for word in words)


def filtered(requests: Sequence[RemoteHandsRequest], query: str) -> list[RemoteHandsRequest]:
    return [r for r in requests if matches(r, query)] if query.strip() else list(requests)


def _with_word(query: str, prefixes: tuple[str, ...], value: str) -> str:
    kept = [w for w in query.split() if not w.lower().startswith(prefixes)]
    return " ".join([f"{prefixes[0]}{value}", *kept] if value else kept)


def next_status(query: str, requests: Sequence[RemoteHandsRequest]) -> str:
    """The filter with its status word moved on: open, closed, then each status listed, then
    none."""
    listed = sorted({r.status.lower() for r in requests if r.status})
    order = ["", "open", "closed", *(s for s in listed if s not in ("open", "closed"))]
    current = _split(query)[0]
    following = order[(order.index(current) + 1) % len(order)] if current in order else ""
    return _with_word(query, _STATUS_WORDS, following)


def next_location(query: str, requests: Sequence[RemoteHandsRequest]) -> str:
    """The filter with its location word moved on through the locations listed, then none."""
    order = ["", *sorted({r.location.lower() for r in requests if r.location})]
    current = _split(query)[1]
    following = order[(order.index(current) + 1) % len(order)] if current in order else ""
    return _with_word(query, _LOCATION_WORDS, following.upper())


def empty_list(query: str, held: Sequence[RemoteHandsRequest] | None, read_only: bool) -> str:
    """What the request list says in its body when it shows no row."""
    if held is None:
        return ""
    if held and query.strip():
        return nothing_matches(query.strip())
    return "No remote-hands requests" + ("" if read_only else " · n asks the datacentre")


# -- one request -----------------------------------------------------------------------------


def _field(label: str, value: str, style: str = "") -> Content:
    return line((f"{label:<10}", "dim"), (value or "—", style))


def request_detail(request: RemoteHandsRequest, server: str) -> Content:
    """The request's own fields, every text invapi's (shown literally, never as markup)."""
    status_style = "bold yellow" if request.status in OPEN_REQUEST else ""
    parts = [
        line(
            (f"{request.type or 'Request'} {request.ticket or request.id}", "bold"),
            (f"  request {request.id}", "dim"),
        ),
        literal(""),
        _field("Server", server),
        _field("Status", request.status, status_style),
        _field("Priority", request.priority, "bold red" if request.priority == "HIGH" else ""),
        _field("Assignee", request.assignee or "nobody yet"),
        _field("Ticket", request.ticket),
        _field("Origin", request.origin),
        _field("Created", when(request.created)),
        _field("Updated", when(request.updated)),
        literal(""),
        literal("Request", "bold"),
        literal(request.request or "(no text)"),
    ]
    return literal("\n").join(parts)


def conversation(request: RemoteHandsRequest, read_only: bool) -> Content:
    """Its conversation, oldest first, each entry under who wrote it and when; or why none is
    shown (invapi may send it only in the reply to a comment)."""
    title = literal("Conversation", "bold")
    history = request.history
    add = "" if read_only else " · c adds a comment"
    if history is None:
        return literal("\n").join(
            [
                title,
                literal(
                    "invapi sent no conversation with the list: it comes with the reply to a "
                    f"comment (rhr/chat){add}.",
                    "dim",
                ),
            ]
        )
    if not history:
        return literal("\n").join([title, literal(f"No comments yet{add}.", "dim")])
    ordered = sorted(history, key=lambda c: (c.when is None, c.when.timestamp() if c.when else 0))
    parts = [
        line(title, (f"  {len(history)} entr{'y' if len(history) == 1 else 'ies'}{add}", "dim"))
    ]
    for entry in ordered:
        parts.append(literal(""))
        parts.append(
            line(
                (entry.author or "someone", "bold"),
                (f"  {when(entry.when)}" if entry.when else "", "dim"),
            )
        )
        parts.append(literal(entry.text or "(empty)"))
    return literal("\n").join(parts)
