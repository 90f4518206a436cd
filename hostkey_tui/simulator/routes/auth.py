"""`auth.php`: login with an API key or the billing login, info, logout."""

from __future__ import annotations

import re

from hostkey_tui.simulator.routes import Ctx, fail, ok, route
from hostkey_tui.simulator.world import JSON, Form, SimApiKey, SimToken, World

_KEY_FORMAT = re.compile(r"[0-9a-f]{16}-[0-9a-f]{16}")
#: The billing password of the simulated account (for auth/whmcslogin).
DEMO_PASSWORD = "Demo-pass-2026"  # noqa: S105 - the simulated account's, public by design


def visible_servers(world: World, token: SimToken) -> list[int]:
    if token.server_scope is not None:
        return [token.server_scope] if token.server_scope in world.servers else []
    return sorted(world.servers)


def _issue(world: World, key: SimApiKey | None, ttl: int) -> SimToken:
    # assumed: asking again within the lifetime returns the same token, its expiry renewed.
    key_id = key.id if key else None
    for token in world.tokens.values():
        if token.key_id == key_id and token.expires > world.now():
            token.expires = world.now() + ttl
            return token
    permissions = list(world.full_permissions)
    if key is not None and key.permissions is not None:
        permissions = list(key.permissions)
    token = SimToken(
        token=world.secret(world.new_key()),
        expires=world.now() + ttl,
        permissions=permissions,
        key_id=key_id,
        server_scope=key.server_id if key and key.server_id else None,
    )
    world.tokens[token.token] = token
    return token


def _session_reply(world: World, token: SimToken) -> dict[str, JSON]:
    return {
        "result": {
            "token": token.token,
            "role": "Customer billing",
            "role_type": "Customer",
            "whmcs_id": world.whmcs_id,
            "whmcs_location": "whmcs_com",
            "servers": visible_servers(world, token),
            "customer_id": world.customer_id,
            "permissions": token.permissions,
            "token_expire": int(token.expires),
            "new": 1,
        },
    }


def _ttl(form: Form, default: int) -> int:
    ttl = form.int("ttl")
    return ttl if ttl and 60 <= ttl <= 86_400 else default


@route("auth", "login", auth=False)
def login(world: World, form: Form, ctx: Ctx) -> JSON:
    secret = form.get("key").strip()
    if not _KEY_FORMAT.fullmatch(secret):
        raise fail("Incorrect API key format")
    key = next((k for k in world.api_keys.values() if k.secret == secret), None)
    if key is None or not key.active:
        # assumed: the documentation shows no failure reply for an unknown key.
        raise fail("API key not found or disabled")
    if not world.servers:
        raise fail("No appropriate servers found", code="NO_APPROPRIATE_SERVERS")
    world.key_history.append(
        {
            "key_id": key.id,
            "date": world.stamp(),
            "message": f"Login with api_key {key.id}",
            "type": "login",
        },
    )
    return _session_reply(world, _issue(world, key, _ttl(form, 7200)))


#: Wrong 2FA codes a billing login's token takes before it is dropped.
SECOND_FACTOR_TRIES = 3


@route("auth", "whmcslogin", auth=False)
def whmcslogin(world: World, form: Form, ctx: Ctx) -> JSON:
    if form.get("user").lower() != world.email.lower() or form.get("password") != DEMO_PASSWORD:
        raise fail("Incorrect login or password")
    token = _issue(world, None, _ttl(form, 3600))
    reply = _session_reply(world, token)
    if world.client.get("twofaenabled"):
        # assumed: the documentation says only that with 2FA on "this call will send a request
        # to your 2FA device and you will need to enter an access code", and lists
        # auth/2fa_check among a customer's permissions. Taken here: the token comes back
        # marked "2fa": 1 and is good for auth/2fa_check (and logout) alone until the code
        # sent to the device is given there.
        token.second_factor = True
        token.second_factor_failures = 0
        world.two_factor_code = "".join(world.rng.choice("0123456789") for _ in range(6))
        if world.two_factor_device is not None:
            world.two_factor_device(world.two_factor_code)
        result = reply["result"]
        assert isinstance(result, dict)
        result["2fa"] = 1
    return reply


@route("auth", "2fa_check")
def two_factor_check(world: World, form: Form, ctx: Ctx) -> JSON:
    assert ctx.token is not None
    token = ctx.token
    if not token.second_factor:
        return ok(message="No code is awaited for this session")
    if not world.two_factor_code or form.get("code").strip() != world.two_factor_code:
        token.second_factor_failures += 1
        if token.second_factor_failures >= SECOND_FACTOR_TRIES:
            # assumed: as the panel's PIN, a few wrong codes end the attempt (sign in again).
            world.tokens.pop(token.token, None)
            raise fail("Too many wrong 2FA codes: sign in again")
        raise fail("Invalid 2FA code")
    token.second_factor = False
    world.two_factor_code = ""
    return ok()


@route("auth", "logout")
def logout(world: World, form: Form, ctx: Ctx) -> JSON:
    world.tokens.pop(form.get("token"), None)
    return ok()


@route("auth", "info")
def info(world: World, form: Form, ctx: Ctx) -> JSON:
    assert ctx.token is not None
    servers = visible_servers(world, ctx.token)
    return {
        "result": {
            "servers": {str(i): str(i) for i in servers},
            "show_products": 1,
            "manage_products": 1,
            "show_invoices": 1,
            "manage_orders": 1,
            "email": world.email,
            "token_expire": int(ctx.token.expires),
            "whmcs_id": str(world.whmcs_id),
            "whmcs_location": "whmcs_com",
            "billing_servers": [],
            "deploy_keys": dict(world.deploy_keys) or [],
            "permissions": ctx.token.permissions,
            "role_type": "Customer",
            "role_name": "Customer billing",
            "verified": None,
            "corporate": 0,
            "client_ip": world.client_ip,
        },
    }
