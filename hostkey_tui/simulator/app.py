"""One request in, one reply out, with the faults switched on for it and a line in the log.

Both adapters (the in-process httpx transport and the loopback HTTP server) call `handle`.
"""

from __future__ import annotations

import asyncio
import json
import logging
from urllib.parse import parse_qsl

from hostkey_tui.simulator.faults import GARBLES
from hostkey_tui.simulator.routes import dispatch
from hostkey_tui.simulator.world import Form, LoggedRequest, Reply, World

log = logging.getLogger(__name__)

MALFORMED = b'{"result": "OK", "server_data": {"id": 34533, "hostname": "nl-vm'


async def handle(world: World, path: str, body: bytes) -> Reply:
    """Answer `POST path` with form `body`, as invapi would (faults included)."""
    resource = path.rsplit("/", 1)[-1].removesuffix(".php")
    pairs = parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True)
    form = Form(pairs)
    action = next((value for key, value in pairs if key == "action"), "")
    logged = LoggedRequest(world.now(), resource, action, form.as_dict())
    world.requests.append(logged)
    if not path.endswith(".php"):
        logged.status = 404
        return Reply({"error": "not found"}, status=404)

    rules = world.faults.take(resource, action)
    kinds = {rule.kind: rule for rule in rules}
    for rule in rules:
        if rule.kind == "latency" and rule.value > 0:
            await asyncio.sleep(rule.value)
        if rule.kind == "slow" and rule.value > 0:
            await world.clock.sleep(rule.value)
    if "hang" in kinds:
        return Reply(hang=True)
    if "status" in kinds:
        logged.status = int(kinds["status"].value)
        return Reply(
            {"error": "server error"},
            status=logged.status,
            raw=b"<html><body>502 Bad Gateway</body></html>",
            content_type="text/html",
        )
    if "rate_limit" in kinds:
        logged.status = 429
        wait = str(int(kinds["rate_limit"].value))
        return Reply({"error": "Too Many Requests"}, status=429, headers={"Retry-After": wait})
    if "malformed" in kinds:
        return Reply(raw=MALFORMED)
    if "expire_token" in kinds:
        world.tokens.clear()

    before = set(world.tasks)
    world.defer_async = "never_finish" in kinds or "lose_task" in kinds
    try:
        reply = dispatch(world, resource, action, form)
    except Exception:
        # assumed: invapi is PHP behind a web server; a request it fails on is answered
        # HTTP 500 with an HTML page (data the simulator cannot handle, as in the fuzzed runs).
        log.exception("simulator: %s/%s failed", resource, action)
        logged.status = 500
        return Reply(
            {"error": "server error"},
            status=500,
            raw=b"<html><body>500 Internal Server Error</body></html>",
            content_type="text/html",
        )
    finally:
        world.defer_async = False
    created = set(world.tasks) - before
    for key in created:
        if "never_finish" in kinds:
            world.tasks[key].never_finish = True
        if "lose_task" in kinds:
            del world.tasks[key]
    if "drop_reply" in kinds:
        reply.drop = True
    if "garble" in kinds:
        reply = garbled(int(kinds["garble"].value))
    logged.status = reply.status
    return reply


def garbled(form: int) -> Reply:
    """A reply that cannot be read, after the work was done (see `faults.GARBLES`)."""
    name = GARBLES[form % len(GARBLES)]
    html = b"<html><body>Service temporarily unavailable</body></html>"
    if name == "html_200":
        return Reply(raw=html, content_type="text/html")
    if name == "bad_gzip":
        return Reply(raw=b"this is not gzip at all", headers={"Content-Encoding": "gzip"})
    if name == "redirect_302":
        return Reply(status=302, raw=b"", headers={"Location": "/maintenance.php"})
    if name == "status_524":
        return Reply(status=524, raw=html, content_type="text/html")
    if name == "status_408":
        return Reply(status=408, raw=html, content_type="text/html")
    return Reply({"result": "OK"})


def encode(reply: Reply) -> tuple[bytes, str]:
    """The body bytes and content type of a reply."""
    if reply.raw is not None:
        return reply.raw, reply.content_type
    return json.dumps(reply.body, ensure_ascii=False).encode(), "application/json"
