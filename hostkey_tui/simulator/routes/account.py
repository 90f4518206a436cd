"""`api_keys.php`, `ssh_keys.php`, `tags.php`, `rhr.php`, `jira.php`."""

from __future__ import annotations

import json
import re

from hostkey_tui.simulator.routes import Ctx, SimError, fail, ok, refuse, route, server_arg
from hostkey_tui.simulator.routes.auth import visible_servers
from hostkey_tui.simulator.world import JSON, Form, SimApiKey, World

_TAG_NAME = re.compile(r"[A-Za-z0-9-]{1,32}")
_SYSTEM_TAGS = {
    "hostname",
    "os",
    "password",
    "root_pass",
    "rootpassword",
    "user_name",
    "order_origin",
    "webpanel",
}


def _key_json(key: SimApiKey) -> dict[str, JSON]:
    return {
        "id": key.id,
        "name": key.name,
        "active": key.active,
        "ip": key.ip,
        "server_id": key.server_id,
        "token_view": key.secret[:4],
        "login_notify_method": key.notify_method,
        "login_notify_address": key.notify_address,
    }


def _keys_reply(ctx: Ctx, data: JSON) -> dict[str, JSON]:
    return {"result": "OK", "module": "api_keys", "action": ctx.action, "data": data}


def _api_key(world: World, form: Form) -> SimApiKey:
    key = world.api_keys.get(form.int("id") or -1)
    if key is None:
        raise refuse("API key not found")
    return key


def _history(world: World, key_id: int, message: str) -> None:
    world.key_history.append(
        {"key_id": key_id, "date": world.stamp(), "message": message, "type": "action"}
    )


@route("api_keys", "list")
def keys_list(world: World, form: Form, ctx: Ctx) -> JSON:
    return _keys_reply(ctx, [_key_json(k) for k in world.api_keys.values()])


@route("api_keys", "list_for_server")
def keys_for_server(world: World, form: Form, ctx: Ctx) -> JSON:
    server = server_arg(world, form, ctx, name="server_id")
    return _keys_reply(
        ctx, [_key_json(k) for k in world.api_keys.values() if k.server_id == server.id]
    )


@route("api_keys", "view")
def keys_view(world: World, form: Form, ctx: Ctx) -> JSON:
    return _keys_reply(ctx, _key_json(_api_key(world, form)))


def _validate_key_fields(form: Form) -> None:
    if not form.get("name").strip():
        raise fail("name is required")
    if form.get("login_notify_method") not in ("none", "email", "webhook"):
        raise fail("login_notify_method must be none, email or webhook")
    if form.get("active") not in ("0", "1"):
        raise fail("active must be 1 or 0")


@route("api_keys", "add")
def keys_add(world: World, form: Form, ctx: Ctx) -> JSON:
    _validate_key_fields(form)
    server_id = form.int("server_id") or 0
    if server_id and server_id not in world.servers:
        raise refuse(f"No server with ID {server_id} was found")
    secret = world.secret(f"{world.new_key()[:16]}-{world.new_key()[:16]}")
    key = SimApiKey(
        id=world.next_id(),
        name=form.get("name"),
        secret=secret,
        server_id=server_id,
        active=int(form.get("active")),
        ip=" ".join(p.strip() for p in form.get("ip").split(",") if p.strip()),
        notify_method=form.get("login_notify_method"),
        notify_address=form.get("login_notify_address") or None,
    )
    world.api_keys[key.id] = key
    _history(world, key.id, f"Created new api_key {key.id}.")
    return _keys_reply(ctx, {**_key_json(key), "api_key": secret})


@route("api_keys", "edit")
def keys_edit(world: World, form: Form, ctx: Ctx) -> JSON:
    key = _api_key(world, form)
    _validate_key_fields(form)
    key.name = form.get("name")
    key.ip = form.get("ip")
    key.notify_method = form.get("login_notify_method")
    key.notify_address = form.get("login_notify_address") or None
    key.active = int(form.get("active"))
    _history(world, key.id, f"Changed api_key {key.id}.")
    return _keys_reply(ctx, _key_json(key))


@route("api_keys", "delete")
def keys_delete(world: World, form: Form, ctx: Ctx) -> JSON:
    key = _api_key(world, form)
    del world.api_keys[key.id]
    world.tokens = {t: s for t, s in world.tokens.items() if s.key_id != key.id}
    _history(world, key.id, f"Deleted api_key {key.id}. json:{json.dumps({'id': str(key.id)})}")
    return _keys_reply(ctx, {"id": key.id})


@route("api_keys", "history")
def keys_history(world: World, form: Form, ctx: Ctx) -> JSON:
    key_id = form.int("id")
    start, end = form.get("period_from"), form.get("period_to")
    rows = [
        {
            "id": n + 1,
            "date": h["date"],
            "message": h["message"],
            "type": h["type"],
            "login": world.email,
        }
        for n, h in enumerate(world.key_history)
        if h["key_id"] == key_id
        and (not start or h["date"][:10] >= start)
        and (not end or h["date"][:10] <= end)
    ]
    return _keys_reply(ctx, list(reversed(rows)))


def _ssh_reply(ctx: Ctx, **fields: JSON) -> dict[str, JSON]:
    return {"result": "OK", "module": "ssh_keys", "action": ctx.action, **fields}


@route("ssh_keys", "list")
def ssh_list(world: World, form: Form, ctx: Ctx) -> JSON:
    return _ssh_reply(ctx, sshkeys=list(world.ssh_keys.values()))


@route("ssh_keys", "add")
def ssh_add(world: World, form: Form, ctx: Ctx) -> JSON:
    key = form.get("key").strip()
    if not re.match(r"(ssh-(rsa|ed25519|dss)|ecdsa-sha2-nistp\d+) [A-Za-z0-9+/=]{16,}", key):
        raise fail("key is not an OpenSSH public key")
    if not form.get("name").strip():
        raise fail("name is required")
    key_id = world.next_id()
    entry: dict[str, JSON] = {
        "id": key_id,
        "customer_id": world.customer_id,
        "name": form.get("name"),
        "key": key,
        "default": int(form.get("default") == "1"),
        "created": world.stamp(),
    }
    world.ssh_keys[key_id] = entry
    return _ssh_reply(ctx, sshkey=entry)


@route("ssh_keys", "delete")
def ssh_delete(world: World, form: Form, ctx: Ctx) -> JSON:
    if world.ssh_keys.pop(form.int("id") or -1, None) is None:
        raise fail("SSH key not found")
    return _ssh_reply(ctx)


def _tag_targets(world: World, form: Form, ctx: Ctx) -> list[int]:
    if form.get("id_list"):
        assert ctx.token is not None
        mine = set(visible_servers(world, ctx.token))
        ids = [int(p) for p in form.get("id_list").split(",") if p.strip().isdigit()]
        if not ids or any(i not in mine for i in ids):
            raise refuse("tag/add: invalid server id in id_list")
        return ids
    return [server_arg(world, form, ctx).id]


@route("tags", "list")
def tags_list(world: World, form: Form, ctx: Ctx) -> JSON:
    server = server_arg(world, form, ctx)
    internal = form.get("internal") == "1"
    return ok(tags=[t for t in server.tags if internal or not t.get("internal")])


@route("tags", "add")
def tags_add(world: World, form: Form, ctx: Ctx) -> JSON:
    name, value, extra = form.get("tag"), form.get("value"), form.get("extra")
    if not _TAG_NAME.fullmatch(name) or len(value) > 256 or len(extra) > 16384:
        raise SimError(
            {
                "code": -1,
                "message": "tag/add: invalid token data, too long",
                "description": "tag: letters, digits and '-', 32 characters; value: 256",
            }
        )
    if name.lower() in _SYSTEM_TAGS:
        raise refuse(f"tag/add: '{name}' is a system tag")
    last: dict[str, JSON] = {}
    for server_id in _tag_targets(world, form, ctx):
        server = world.servers[server_id]
        existing = next((t for t in server.tags if t["tag"] == name), None)
        if existing is None:
            existing = {
                "id": world.next_id(),
                "component": "eq",
                "component_id": server_id,
                "tag": name,
                "value": value,
                "extra": extra,
                "internal": 0,
            }
            server.tags.append(existing)
        existing.update(value=value, extra=extra)
        last = existing
    return {"result": "OK", "action": "add", **last}


@route("tags", "remove")
def tags_remove(world: World, form: Form, ctx: Ctx) -> JSON:
    name = form.get("tag")
    if name.lower() in _SYSTEM_TAGS:
        raise refuse(f"tag/remove: '{name}' is a system tag")
    for server_id in _tag_targets(world, form, ctx):
        server = world.servers[server_id]
        server.tags = [t for t in server.tags if t["tag"] != name]
    return ok(action="remove")


@route("tags", "user_search")
def tags_search(world: World, form: Form, ctx: Ctx) -> JSON:
    assert ctx.token is not None
    pattern = form.get("value").lower()
    if not pattern:
        raise fail("value is required")
    found = [
        s
        for s in visible_servers(world, ctx.token)
        if any(
            pattern in str(t["value"]).lower()
            for t in world.servers[s].tags
            if not t.get("internal") and t["tag"] not in ("password",)
        )
    ]
    # assumed: no source shows the reply; the ids under "servers".
    return ok(servers=found)


def _request_json(world: World, request: dict[str, JSON]) -> dict[str, JSON]:
    return request


@route("rhr", "add")
def rhr_add(world: World, form: Form, ctx: Ctx) -> JSON:
    kind = form.get("type")
    server_id = form.int("eq_id")
    if kind not in ("KVM", "UNBLOCK", "SERVICE") or server_id is None:
        raise SimError(
            {
                "code": 400,
                "message": (
                    "Please provide equipment ID, request type and origin to create a request"
                ),
            }
        )
    server = world.servers.get(server_id)
    if server is None:
        raise refuse(f"No server with ID {server_id} was found")
    try:
        message = json.loads(form.get("order_data") or "{}").get("message", "")
    except (ValueError, AttributeError):
        message = form.get("order_data")
    request = {
        "id": world.next_id(),
        "eq_id": server_id,
        "type": kind,
        "status": "PENDING",
        "request_origin": "CLIENT",
        "priority": "NORMAL",
        "created_at": world.stamp().replace(" ", "T") + "Z",
        "updated_at": world.stamp().replace(" ", "T") + "Z",
        "eq_location": server.location,
        "eq_name": server.hostname,
        "request": message,
        "assignee": "",
        "ticket": f"RH-{world.next_id() % 100000}",
    }
    world.rhr[request["id"]] = request
    return {"result": "OK", "module": "rhr", "action": "add", "requests": [request]}


@route("rhr", "list")
def rhr_list(world: World, form: Form, ctx: Ctx) -> JSON:
    status, location = form.get("status"), form.get("location")
    found = [
        r
        for r in world.rhr.values()
        if (not status or r["status"] == status) and (not location or r["eq_location"] == location)
    ]
    # assumed: a request's conversation (kept by routes/rhr_chat.py) comes with it here too;
    # S9 shows `history` only in rhr/chat's reply.
    return {"result": "OK", "module": "rhr", "action": "list", "requests": found}


@route("rhr", "discard")
def rhr_discard(world: World, form: Form, ctx: Ctx) -> JSON:
    request = world.rhr.get(form.int("id") or -1)
    if request is None:
        raise SimError({"code": 400, "message": "Request not found"})
    request["status"] = "DISCARDED"
    return {"result": "OK", "module": "rhr", "action": "discard", "requests": [request]}


@route(
    "jira",
    "request_pon",
    "request_poff",
    "request_reboot",
    "request_PXEboot",
    "request_kvm",
    "request_check",
)
def jira_request(world: World, form: Form, ctx: Ctx) -> JSON:
    server = server_arg(world, form, ctx)
    ticket = f"DC-{world.next_id() % 100000}"
    world.jira.append(
        {"ticket": ticket, "action": ctx.action, "id": server.id, "date": world.stamp()}
    )
    # assumed: no source shows the reply.
    return ok(action=ctx.action, ticket=ticket)
