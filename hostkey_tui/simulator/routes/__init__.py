"""`(resource, action) → handler(world, form, ctx)`: the simulator's invapi, endpoint by endpoint.

`dispatch` does what every real endpoint does before its own work: find the session (an unknown
token is `Invalid hash`, an expired one `Token expired`), check the role's permission list, keep
a per-server key to its server, and check the PIN where the call takes one, as documented:
a wrong PIN is answered with exactly the documented failure (`"result": "OK"`, `scope`
`Invalid pin code`, `debug` `Blocked For Security Purposes`, even on the first one); three wrong
ones in a row make it refuse every PIN, the right one too, for a while that each try extends.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from hostkey_tui.simulator import spec
from hostkey_tui.simulator.world import (
    JSON,
    PIN_BLOCK_SECONDS,
    Form,
    Reply,
    SimServer,
    SimToken,
    World,
)

log = logging.getLogger(__name__)


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


#: Where the documentation shows an async action answered directly (the final `scope` with its
#: `key` in the first reply): `check_pin`, `net/get_status`, `sensors`, `console`,
#: `add_ipmi_user` (api-documentation.txt, their "Positive response"/"Failure response").
DOCUMENTED_DIRECT = frozenset(
    {
        ("eq", "check_pin"),
        ("net", "get_status"),
        ("eq", "sensors"),
        ("eq", "console"),
        ("eq", "add_ipmi_user"),
    }
)


def _answers_directly(world: World, ctx: Ctx, schedule: list[tuple[float, JSON]]) -> bool:
    if world.defer_async or len(schedule) != 1:
        return False  # a fault needs a key to act on; staged work can only be followed
    if world.async_form == "direct":
        return True
    return world.async_form == "documented" and (ctx.resource, ctx.action) in DOCUMENTED_DIRECT


def callback(
    world: World,
    ctx: Ctx,
    server_id: int | None,
    schedule: list[tuple[float, JSON]],
    effect: Callable[[], None] | None = None,
) -> dict[str, JSON]:
    """Start async work, answered in one of the two forms invapi uses (`world.async_form`).

    The envelope `{"result":"OK","action":...,"callback":KEY}` hands back a key to poll; the
    direct form is the final reply itself, with a key that is already gone (invapi deletes a
    key once its outcome was given).
    """
    if _answers_directly(world, ctx, schedule):
        if effect is not None:
            effect()
        final = schedule[-1][1]
        body = dict(final) if isinstance(final, dict) else {"result": "OK", "scope": final}
        return {**body, "key": world.new_key()}
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


#: What a billing login's token may do before its 2FA code is given.
_BEFORE_SECOND_FACTOR = frozenset({("auth", "2fa_check"), ("auth", "logout")})


def _check_permission(world: World, resource: str, action: str, token: SimToken) -> None:
    if token.second_factor and (resource, action) not in _BEFORE_SECOND_FACTOR:
        # assumed: the wording is not documented (see auth/whmcslogin's route).
        raise refuse("2FA code required: send it with auth/2fa_check first", code=-1)
    name = f"{PERMISSION_ALIASES.get(resource, resource)}/{action}"
    if name in world.full_permissions and name not in token.permissions:
        raise refuse("Permission denied", code=-2)


def _pin_reply(ctx: Ctx, form: Form) -> SimError:
    """The documentation's failure reply, word for word (its `debug` included)."""
    server_id = form.get("id") or "0"
    return SimError(
        {
            "result": "OK",
            "scope": "Invalid pin code",
            "context": {"action": ctx.action, "id": server_id},
            "debug": "Blocked For Security Purposes",
            "key": ctx.world.new_key(),
        },
    )


def check_pin(world: World, form: Form, ctx: Ctx, field: str = "pin") -> None:
    """Raise the documented rejection unless the PIN is right (and count the failure)."""
    now = world.now()
    if world.pin_blocked_until is not None:
        if now < world.pin_blocked_until:
            world.pin_blocked_until = now + PIN_BLOCK_SECONDS
            raise _pin_reply(ctx, form)
        world.pin_blocked_until = None
        world.pin_failures = 0
    if world.pin is None:
        raise fail("PIN is not set. Set it with eq/set_pin first.")
    if form.get(field) != world.pin:
        world.pin_failures += 1
        if world.pin_failures >= 3:
            world.pin_blocked_until = now + PIN_BLOCK_SECONDS
        raise _pin_reply(ctx, form)
    world.pin_failures = 0


def contract_refusal(resource: str, action: str, form: Form) -> Reply | None:
    """A request the documentation (and its overlay) does not allow, refused before any work.

    assumed: invapi's wording for a bad parameter is not documented; it refuses in its usual
    envelope, naming what is wrong, as a validating server would.
    """
    problems = spec.check_request(resource, action, form.pairs, token_sent=False)
    if not problems:
        return None
    return Reply({"result": -1, "error": f"{resource}/{action}: " + "; ".join(problems)})


def dispatch(world: World, resource: str, action: str, form: Form) -> Reply:
    """Answer one request (faults are applied around this, by the adapters)."""
    world.tick()
    found = ROUTES.get((resource, action))
    if found is None:
        return Reply({"code": -1, "message": f"Unknown action '{action}' of {resource}"})
    if world.strict:
        refused = contract_refusal(resource, action, form)
        if refused is not None:
            world.contract_refusals.append(str(refused.body))
            # Values of PINs, passwords and keys are never part of the problems' words.
            log.warning("simulator: refused against the documentation: %s", refused.body)
            return refused
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
        dns_zones,
        eq,
        install,
        ipv4,
        iso_upload,
        network,
        post_install,
        rhr_chat,
        vm,
    )


load_all()
