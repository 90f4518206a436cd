"""`rhr/chat` (a comment on a remote-hands request) and `jira/request_assistance` (a ticket to
sales).

What is known: `rhr/chat` takes the request's `id` and a `message` and answers with the
request's `"history":[...]` (beyond-the-docs.md §4 b) [S9]; the reference's example entry
shows `id` and a field cut off after "compo"). `jira/request_assistance` takes `id` (the
server, optional), `subject` and `message` and opens a sales ticket (§4 a) [S5 `remote.ts`]).
The rest is assumed, and said so where it is.

Each request keeps its conversation in its own record (`world.rhr[id]["history"]`), so a
comment added is there for the next chat and the next list.
"""

from __future__ import annotations

from hostkey_tui.simulator.routes import Ctx, SimError, ok, route, server_arg
from hostkey_tui.simulator.world import JSON, Form, World


def _iso(world: World) -> str:
    return world.stamp().replace(" ", "T") + "Z"


def comment(world: World, request: dict[str, JSON], author: str, text: str) -> dict[str, JSON]:
    """One entry of a request's conversation, kept with the request.

    # assumed: S9 shows an entry's `id` and a field beginning "compo" (taken here as
    # `component`, with `component_id`, as tags.php names what a tag is on); the author, the
    # text and the time under `author`, `message`, `created_at` are invented.
    """
    entry: dict[str, JSON] = {
        "id": world.next_id(),
        "component": "rhr",
        "component_id": request["id"],
        "author": author,
        "message": text,
        "created_at": _iso(world),
    }
    history = request.setdefault("history", [])
    assert isinstance(history, list)
    history.append(entry)
    request["updated_at"] = entry["created_at"]
    return entry


@route("rhr", "chat")
def rhr_chat(world: World, form: Form, ctx: Ctx) -> JSON:
    request = world.rhr.get(form.int("id") or -1)
    message = form.get("message").strip()
    if request is None:
        # assumed: worded as rhr/discard's refusal of an unknown request (S9's 400 envelope).
        raise SimError({"code": 400, "message": "Request not found"})
    if not message:
        # assumed: S9 shows chat's parameters, not its refusal; the 400 envelope of rhr/add.
        raise SimError({"code": 400, "message": "Please provide request ID and message"})
    comment(world, request, world.email, message)
    return {
        "result": "OK",
        "module": "rhr",
        "action": "chat",
        "history": list(request.get("history") or []),
    }


@route("jira", "request_assistance")
def jira_request_assistance(world: World, form: Form, ctx: Ctx) -> JSON:
    server_id = server_arg(world, form, ctx).id if form.get("id") else None
    message = form.get("message").strip()
    if not message:
        # assumed: no source shows a refusal; invapi's usual envelope naming what is missing.
        raise SimError({"code": -1, "message": "jira/request_assistance: message is required"})
    ticket = f"SALES-{world.next_id() % 100000}"
    world.jira.append(
        {
            "ticket": ticket,
            "action": ctx.action,
            "id": server_id,
            "subject": form.get("subject"),
            "message": message,
            "date": world.stamp(),
        }
    )
    # assumed: no source shows the reply (beyond-the-docs.md §10); as the one-click requests'.
    return ok(action=ctx.action, ticket=ticket)
