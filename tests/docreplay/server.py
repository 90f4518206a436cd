"""The replay itself: `(resource, action)` → the documentation's example reply, or a refusal.

Every reply body is read from `tests/data/doc_examples` (see its README); the only bodies
written here are invapi's refusals (unknown action, invalid session, async key not found) and
the right-PIN answer to `eq/check_pin`, which the documentation does not show (said below).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

import httpx

DOC_DIR = Path(__file__).resolve().parent.parent / "data" / "doc_examples"

#: The right PIN of the replayed account (the documentation never shows one).
PIN = "1234"
#: A PIN that is not the right one.
WRONG_PIN = "9999"

#: Invapi's refusal of a call it has no handler for: the simulator's `dispatch` wording (the
#: documentation shows none of its own).
UNKNOWN_ACTION = "Unknown action '{action}' of {resource}"
#: What invapi says of an async key it does not hold (any more): the newer eq_callback reference
#: [beyond-the-docs §1, S1]. It deletes a key once its result was given.
ASYNC_KEY_NOT_FOUND = "AsyncKey not found"
#: What a stale or foreign session token gets [beyond-the-docs §9.4: "Invalid hash" is what a
#: stale session produced in practice].
INVALID_HASH = "Invalid hash"

JSON = Any


@cache
def _load(name: str) -> str:
    return (DOC_DIR / f"{name}.json").read_text(encoding="utf-8")


def doc_example(name: str) -> JSON:
    """A fresh copy of one example reply (`"eq.show"` for `eq.show.json`)."""
    return json.loads(_load(name))


#: The documented login token: every call that takes a token must carry this one.
TOKEN: str = doc_example("auth.login")["result"]["token"]

#: Calls whose documentation gives an example reply: they answer with it, whatever they are
#: asked. `eq/show` answers the one server the documentation shows (34533) for every id: it is
#: the only server whose details the documentation prints. The same goes for the one invoice
#: (`get_invoice`: 23455), the one stock server (`stocks/show`: 44717), the one key history and
#: the one new key (`api_keys/add`).
EXAMPLES: dict[tuple[str, str], str] = {
    ("auth", "login"): "auth.login",
    ("auth", "whmcslogin"): "auth.whmcslogin",
    ("auth", "info"): "auth.info",
    ("api_keys", "list"): "api_keys.list",
    ("api_keys", "add"): "api_keys.add",
    ("api_keys", "history"): "api_keys.history",
    ("eq", "show"): "eq.show",
    # The only reply the documentation shows under order_instance is this refusal.
    ("eq", "order_instance"): "eq.order_instance.incompatible",
    ("whmcs", "get_client"): "whmcs.get_client",
    ("whmcs", "get_contacts"): "whmcs.get_contacts",
    ("whmcs", "getpaymentgw"): "whmcs.getpaymentgw",
    ("whmcs", "get_billing_data"): "whmcs.get_billing_data",
    ("whmcs", "getcredits"): "whmcs.getcredits",
    ("whmcs", "get_related_invoices"): "whmcs.get_related_invoices",
    ("whmcs", "get_invoice"): "whmcs.get_invoice",
    ("whmcs", "get_invoices"): "whmcs.get_invoices",
    ("presets", "list"): "presets.list",
    ("os", "list"): "os.list",
    ("software", "list"): "software.list",
    ("traffic_plans", "list"): "traffic_plans.list",
    ("stocks", "list"): "stocks.list",
    ("stocks", "show"): "stocks.show",
    ("jenkins", "get_tasks"): "jenkins.get_tasks",
    # Async actions the documentation shows with their final reply (scope and key) right under
    # the call: that reply is the answer, final as it stands.
    ("eq", "sensors"): "eq_callback.check.sensors",
    ("eq", "console"): "eq_callback.check.console",
    ("eq", "add_ipmi_user"): "eq_callback.check.add_ipmi_user",
    ("net", "get_status"): "eq_callback.check.net_get_status",
}

#: `eq/check_pin` is answered by `_check_pin` (the documented failure, or its success).
CHECK_PIN = ("eq", "check_pin")
#: `eq_callback/check` is answered by `_check_key`.
CALLBACK_CHECK = ("eq_callback", "check")

#: Actions documented with a `pin` parameter: a wrong or missing PIN gets the documented failure
#: before anything else. With the right PIN, those without an example reply are still refused
#: as unknown (the documentation shows nothing they could answer).
PIN_ACTIONS = frozenset(
    {
        ("eq", "on"),
        ("eq", "off"),
        ("eq", "reboot"),
        ("eq", "order_instance"),
        ("eq", "create_pxe"),
        ("eq", "boot_dev"),
        ("eq", "unit_reset"),
        ("eq", "console"),
        ("nat", "add_static_nat"),
        ("net", "get_status"),
        ("net", "port_off"),
        ("net", "port_on"),
        ("net", "show_cacti"),
    }
)

#: Calls the documentation says need no session token (or, for eq_callback/check, polls that
#: HOSTKEY's own client sends without one).
NO_TOKEN = frozenset(
    {
        ("auth", "login"),
        ("auth", "whmcslogin"),
        ("presets", "list"),
        ("os", "list"),
        ("software", "list"),
        ("traffic_plans", "list"),
        ("stocks", "list"),
        ("stocks", "show"),
        ("jenkins", "get_tasks"),
        CALLBACK_CHECK,
    }
)

#: The one key eq_callback/check answers for: the reinstall key of the documented install stage
#: (`eq_callback.check.stage.json`); it stays at that stage (the documentation shows no other).
STAGE_KEY: str = doc_example("eq_callback.check.stage")["key"]

#: Calls with an answer other than a refusal, for `answers()`.
ANSWERED = frozenset({*EXAMPLES, CHECK_PIN, CALLBACK_CHECK})


@dataclass
class Logged:
    """One request the replay received, and what it answered."""

    resource: str
    action: str
    form: dict[str, list[str]]
    reply: JSON = None

    def field(self, name: str) -> str:
        values = self.form.get(name) or self.form.get(f"params[{name}]") or []
        return values[0] if values else ""

    @property
    def refused(self) -> bool:
        """Refused as unknown, or for its session (not an async key no longer held)."""
        message = self.reply.get("message", "") if isinstance(self.reply, dict) else ""
        return message == INVALID_HASH or message.startswith("Unknown action")


def unknown(resource: str, action: str) -> dict[str, JSON]:
    """Invapi's refusal of an action it does not know."""
    return {"code": -1, "message": UNKNOWN_ACTION.format(action=action, resource=resource)}


@dataclass
class DocReplayTransport(httpx.AsyncBaseTransport):
    """An httpx transport answering every request from the documentation's examples.

    Args:
        pin: the right PIN.
    """

    pin: str = PIN
    requests: list[Logged] = field(default_factory=list)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        body = await request.aread()
        pairs = parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True)
        pairs += parse_qsl(request.url.query.decode("utf-8", "replace"), keep_blank_values=True)
        form: dict[str, list[str]] = {}
        for key, value in pairs:
            form.setdefault(key, []).append(value)
        path = request.url.path
        resource = path.rsplit("/", 1)[-1].removesuffix(".php")
        action = (form.get("action") or [""])[0]
        logged = Logged(resource, action, form)
        self.requests.append(logged)
        if not path.endswith(".php"):
            logged.reply = {"error": "not found"}
            return httpx.Response(404, json=logged.reply, request=request)
        logged.reply = self.answer(resource, action, logged)
        content = json.dumps(logged.reply, ensure_ascii=False).encode()
        headers = {"content-type": "application/json"}
        return httpx.Response(200, headers=headers, content=content, request=request)

    def answer(self, resource: str, action: str, asked: Logged) -> JSON:
        """The reply to one call (HTTP 200 always, as invapi answers)."""
        call = (resource, action)
        if call not in ANSWERED and call not in PIN_ACTIONS:
            return unknown(resource, action)
        if call not in NO_TOKEN and asked.field("token") != TOKEN:
            return {"code": -2, "message": INVALID_HASH}
        if call == CHECK_PIN:
            return self._check_pin(asked)
        if call == CALLBACK_CHECK:
            return _check_key(asked.field("key") or asked.field("reinstall_key"))
        if call in PIN_ACTIONS and asked.field("pin") != self.pin:
            # The documented failure as printed (its context names check_pin: the
            # documentation shows no other wording for a refused PIN).
            return doc_example("eq.check_pin.failure")
        if call in EXAMPLES:
            return doc_example(EXAMPLES[call])
        return unknown(resource, action)

    def _check_pin(self, asked: Logged) -> JSON:
        # The documentation's parameter table names the PIN `old_pin`; invapi's clients send
        # `pin` [beyond-the-docs §9 PIN]. Either is read.
        given = asked.field("pin") or asked.field("old_pin")
        reply = doc_example("eq.check_pin.failure")
        if given == self.pin:
            # assumed: the documentation shows only the failure; a right PIN gets the same
            # envelope with an OK scope and no debug text.
            reply["scope"] = "OK"
            reply["debug"] = ""
        return reply

    # The request log.

    def count(self, resource: str, action: str | None = None) -> int:
        """How many requests for `resource` (and `action`) arrived."""
        return len(self.logged(resource, action))

    def logged(self, resource: str, action: str | None = None) -> list[Logged]:
        return [
            r
            for r in self.requests
            if r.resource == resource and (action is None or r.action == action)
        ]

    def refusals(self) -> list[Logged]:
        """The requests the replay refused (unknown action, invalid session)."""
        return [r for r in self.requests if r.refused]


def _check_key(key: str) -> JSON:
    """`eq_callback/check`: the documented install stage for its key; for any other key, invapi
    no longer holds it (a direct reply's key was deleted when the reply was given)."""
    if key == STAGE_KEY:
        return doc_example("eq_callback.check.stage")
    return {"code": -1, "message": ASYNC_KEY_NOT_FOUND, "key": key}
