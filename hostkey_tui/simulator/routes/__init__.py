"""`(resource, action) → handler(world, form, ctx)`: the simulator's invapi, endpoint by endpoint.

`dispatch` does what every real endpoint does before its own work: find the session (an unknown
token is `Invalid hash`, an expired one `Token expired`), check the role's permission list, keep
a per-server key to its server, and check the PIN where the call takes one, as documented:
a wrong PIN is answered with `"result": "OK"` and `scope` `Invalid pin code`, and the third
wrong one in a row blocks the PIN (`debug` `Blocked For Security Purposes`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from hostkey_tui.simulator.world import JSON, Form, Reply, SimServer, SimToken, World


class SimError(Exception):
    """A handler's refusal: the JSON body to answer with (HTTP 200, as invapi does)."""

    def __init__(self, body: JSON, status: int = 200) -> None:
        super().__init__(str(body))
        self.body = body
        self.status = status


@dataclass
class Ctx:
    world: World
    resource: str
    action: str
    token: SimToken | None


Handler = Callable[[World, Form, Ctx], "JSON | Reply"]


@dataclass(frozen=True)
class Route:
    handler: Handler
    auth: bool
    pin: bool


ROUTES: dict[tuple[str, str], Route] = {}

#: Resource names in permission lists that differ from the file name.
PERMISSION_ALIASES = {"tags": "tag", "software": "soft"}


def route(
    resource: str, *actions: str, auth: bool = True, pin: bool = False
) -> Callable[[Handler], Handler]:
    def register(handler: Handler) -> Handler:
        for action in actions:
            ROUTES[(resource, action)] = Route(handler, auth, pin)
        return handler

    return register


def ok(**fields: JSON) -> dict[str, JSON]:
    return {"result": "OK", **fields}


def fail(message: str, code: str | None = None) -> SimError:
    body: dict[str, JSON] = {"result": -1, "error": message}
    if code:
        body["code"] = code
    return SimError(body)


def refuse(message: str, code: int = -1) -> SimError:
    return SimError({"code": code, "message": message})


def callback(
    world: World,
    ctx: Ctx,
    server_id: int | None,
    schedule: list[tuple[float, JSON]],
    effect: Callable[[], None] | None = None,
) -> dict[str, JSON]:
    """Start async work: answer `{"result":"OK","action":...,"callback":KEY}`."""
    key = world.add_task(ctx.action, server_id, schedule, effect)
    return {"result": "OK", "action": ctx.action, "callback": key}


def context(ctx: Ctx, server: SimServer | None, **extra: JSON) -> dict[str, JSON]:
    body: dict[str, JSON] = {"action": ctx.action, "id": str(server.id) if server else "0"}
    if server is not None:
        body["location"] = server.location
    body.update(extra)
    return body


def server_arg(world: World, form: Form, ctx: Ctx, name: str = "id") -> SimServer:
    """The server a call names, if this session may see it."""
    server_id = form.int(name)
    if server_id is None:
        raise refuse(f"{ctx.resource}/{ctx.action}: invalid server id")
    server = world.servers.get(server_id)
    scope = ctx.token.server_scope if ctx.token else None
    if server is None or (scope is not None and scope != server_id):
        # invapi's wording when a server is not (yet) on the session's list.
        raise refuse(f"No server with ID {server_id} was found. Try eq/update_servers.")
    return server


def _session(world: World, form: Form) -> SimToken:
    token = world.tokens.get(form.get("token"))
    if token is None:
        raise refuse("Invalid hash", code=-2)
    if world.now() >= token.expires:
        del world.tokens[token.token]
        raise refuse("Token expired", code=-2)
    return token


def _check_permission(world: World, resource: str, action: str, token: SimToken) -> None:
    name = f"{PERMISSION_ALIASES.get(resource, resource)}/{action}"
    if name in world.full_permissions and name not in token.permissions:
        raise refuse("Permission denied", code=-2)


def _pin_reply(ctx: Ctx, form: Form, blocked: bool) -> SimError:
    server_id = form.get("id") or "0"
    return SimError(
        {
            "result": "OK",
            "scope": "Invalid pin code",
            "context": {"action": ctx.action, "id": server_id},
            "debug": "Blocked For Security Purposes" if blocked else "",
            "key": ctx.world.new_key(),
        },
    )


def check_pin(world: World, form: Form, ctx: Ctx, field: str = "pin") -> None:
    """Raise the documented rejection unless the PIN is right (and count the failure)."""
    if world.pin_locked:
        raise _pin_reply(ctx, form, blocked=True)
    if world.pin is None:
        raise fail("PIN is not set. Set it with eq/set_pin first.")
    if form.get(field) != world.pin:
        world.pin_failures += 1
        if world.pin_failures >= 3:
            world.pin_locked = True
        raise _pin_reply(ctx, form, blocked=world.pin_locked)
    world.pin_failures = 0


def dispatch(world: World, resource: str, action: str, form: Form) -> Reply:
    """Answer one request (faults are applied around this, by the adapters)."""
    world.tick()
    found = ROUTES.get((resource, action))
    if found is None:
        return Reply({"code": -1, "message": f"Unknown action '{action}' of {resource}"})
    ctx = Ctx(world, resource, action, None)
    try:
        if found.auth:
            ctx.token = _session(world, form)
            _check_permission(world, resource, action, ctx.token)
        if found.pin:
            check_pin(world, form, ctx)
        result = found.handler(world, form, ctx)
    except SimError as error:
        return Reply(error.body, status=error.status)
    return result if isinstance(result, Reply) else Reply(result)


def load_all() -> None:
    """Import every route module so that its handlers register."""
    from hostkey_tui.simulator.routes import (  # noqa: F401
        account,
        auth,
        billing,
        catalog,
        dns,
        eq,
        install,
        network,
    )


load_all()
