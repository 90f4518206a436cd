"""The documentation replay itself: every example file is an answer, everything else a refusal."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from hostkey_tui.api import InvapiClient
from tests.docreplay import (
    ASYNC_KEY_NOT_FOUND,
    DOC_DIR,
    PIN,
    TOKEN,
    WRONG_PIN,
    DocReplayTransport,
    doc_example,
)

URL = "https://invapi.docreplay.invalid"

#: How to ask for each example file: (resource, action, fields besides action and token).
ASKED: dict[str, tuple[str, str, dict[str, str]]] = {
    "auth.login": ("auth", "login", {"key": "any-key"}),
    "auth.whmcslogin": ("auth", "whmcslogin", {"user": "u", "password": "p"}),
    "auth.info": ("auth", "info", {}),
    "api_keys.list": ("api_keys", "list", {}),
    "api_keys.add": ("api_keys", "add", {"params[name]": "test key"}),
    "api_keys.history": ("api_keys", "history", {"params[id]": "506"}),
    "eq.show": ("eq", "show", {"id": "34533"}),
    "eq.check_pin.failure": ("eq", "check_pin", {"pin": WRONG_PIN}),
    "eq.order_instance.incompatible": ("eq", "order_instance", {"pin": PIN}),
    "eq_callback.check.sensors": ("eq", "sensors", {"id": "34533"}),
    "eq_callback.check.console": ("eq", "console", {"id": "34533", "pin": PIN}),
    "eq_callback.check.add_ipmi_user": ("eq", "add_ipmi_user", {"id": "34533"}),
    "eq_callback.check.net_get_status": ("net", "get_status", {"id": "34533", "pin": PIN}),
    "eq_callback.check.stage": (
        "eq_callback",
        "check",
        {"key": doc_example("eq_callback.check.stage")["key"]},
    ),
    "whmcs.get_client": ("whmcs", "get_client", {}),
    "whmcs.get_contacts": ("whmcs", "get_contacts", {}),
    "whmcs.getpaymentgw": ("whmcs", "getpaymentgw", {"invoice_id": "23455"}),
    "whmcs.get_billing_data": ("whmcs", "get_billing_data", {"id": "34533"}),
    "whmcs.getcredits": ("whmcs", "getcredits", {}),
    "whmcs.get_related_invoices": ("whmcs", "get_related_invoices", {"id": "34533"}),
    "whmcs.get_invoice": ("whmcs", "get_invoice", {"invoice_id": "23455"}),
    "whmcs.get_invoices": ("whmcs", "get_invoices", {}),
    "presets.list": ("presets", "list", {"location": "NL"}),
    "os.list": ("os", "list", {}),
    "software.list": ("software", "list", {}),
    "traffic_plans.list": ("traffic_plans", "list", {"location": "NL"}),
    "stocks.list": ("stocks", "list", {"location": "NL", "group": "ALL"}),
    "stocks.show": ("stocks", "show", {"id": "44717"}),
    "jenkins.get_tasks": ("jenkins", "get_tasks", {}),
}


async def ask(
    replay: DocReplayTransport,
    resource: str,
    action: str,
    fields: dict[str, str] | None = None,
    *,
    token: str | None = TOKEN,
) -> Any:
    form = {"action": action, **(fields or {})}
    if token is not None:
        form["token"] = token
    async with httpx.AsyncClient(transport=replay, base_url=URL) as http:
        reply = await http.post(f"/{resource}.php", data=form)
    assert reply.status_code == 200  # invapi answers refusals with 200 too
    return reply.json()


def test_every_documented_example_has_a_way_to_be_asked() -> None:
    assert set(ASKED) == {path.stem for path in DOC_DIR.glob("*.json")}


@pytest.mark.parametrize("name", sorted(ASKED))
async def test_every_documented_example_is_answered_as_printed(name: str) -> None:
    replay = DocReplayTransport()
    resource, action, fields = ASKED[name]
    reply = await ask(replay, resource, action, fields)
    assert reply == json.loads((DOC_DIR / f"{name}.json").read_text(encoding="utf-8"))
    assert [(r.resource, r.action) for r in replay.requests] == [(resource, action)]
    assert replay.requests[0].reply == reply


@pytest.mark.parametrize(
    ("resource", "action"),
    [
        ("eq", "update_servers"),  # documented, with no example reply
        ("eq", "list"),
        ("eq", "status"),
        ("whmcs", "transactions"),
        ("whmcs", "get_cancellation_requests"),
        ("pdns", "list_domains"),
        ("ssh_keys", "list"),
        ("rhr", "list"),
        ("tags", "list"),
        ("eq", "no_such_action"),
        ("nowhere", "list"),
    ],
)
async def test_anything_undocumented_is_refused_as_an_unknown_action(
    resource: str, action: str
) -> None:
    replay = DocReplayTransport()
    reply = await ask(replay, resource, action, {"id": "34533"})
    assert reply == {"code": -1, "message": f"Unknown action '{action}' of {resource}"}
    assert [r.refused for r in replay.requests] == [True]


async def test_the_login_is_the_documented_one() -> None:
    replay = DocReplayTransport()
    async with InvapiClient(URL, api_key="0cab-anything", transport=replay) as client:
        session = await client.auth.login()
    assert session.token.reveal() == TOKEN
    assert session.server_ids == (34533, 32645, 17405)
    assert "eq/reboot" in session.permissions
    assert replay.logged("auth", "login")[0].field("key") == "0cab-anything"


async def test_eq_show_answers_the_one_documented_server_for_any_id() -> None:
    replay = DocReplayTransport()
    for asked in ("34533", "32645", "17405", "1"):
        reply = await ask(replay, "eq", "show", {"id": asked})
        assert reply["server_data"]["id"] == 34533


async def test_a_call_that_takes_a_token_is_refused_without_the_documented_one() -> None:
    replay = DocReplayTransport()
    for token in (None, "stale"):
        reply = await ask(replay, "whmcs", "get_invoices", token=token)
        assert reply == {"code": -2, "message": "Invalid hash"}
    # The catalog and eq_callback/check take no token (documented / as HOSTKEY's clients poll).
    assert (await ask(replay, "presets", "list", {"location": "NL"}, token=None))["presets"]
    assert (await ask(replay, "eq_callback", "check", {"key": "x"}, token=None))["code"] == -1


@pytest.mark.parametrize(
    ("resource", "action", "name"),
    [
        ("eq", "sensors", "eq_callback.check.sensors"),
        ("eq", "console", "eq_callback.check.console"),
        ("eq", "add_ipmi_user", "eq_callback.check.add_ipmi_user"),
        ("net", "get_status", "eq_callback.check.net_get_status"),
        ("eq", "check_pin", "eq.check_pin.failure"),
    ],
)
async def test_a_direct_reply_is_final_and_its_key_is_then_gone(
    resource: str, action: str, name: str
) -> None:
    replay = DocReplayTransport()
    reply = await ask(replay, resource, action, {"id": "34533", "pin": PIN})
    assert reply["result"] == "OK" and reply["key"] == doc_example(name)["key"]
    assert "callback" not in reply  # nothing to poll: scope is the result
    gone = await ask(replay, "eq_callback", "check", {"key": reply["key"]}, token=None)
    assert gone == {"code": -1, "message": ASYNC_KEY_NOT_FOUND, "key": reply["key"]}


async def test_the_install_stage_key_stays_at_its_documented_stage() -> None:
    replay = DocReplayTransport()
    stage = doc_example("eq_callback.check.stage")
    for _ in range(2):
        reply = await ask(replay, "eq_callback", "check", {"reinstall_key": stage["key"]})
        assert reply == stage


@pytest.mark.parametrize("given", [WRONG_PIN, "", None])
async def test_a_wrong_or_missing_pin_gets_exactly_the_documented_failure(
    given: str | None,
) -> None:
    replay = DocReplayTransport()
    failure = doc_example("eq.check_pin.failure")
    fields = {} if given is None else {"pin": given}
    assert await ask(replay, "eq", "check_pin", fields) == failure
    assert failure["scope"] == "Invalid pin code"
    assert failure["debug"] == "Blocked For Security Purposes"
    # Every action documented with `pin` refuses the same way, before anything else.
    for resource, action in (("eq", "reboot"), ("eq", "console"), ("net", "get_status")):
        assert await ask(replay, resource, action, {"id": "34533", **fields}) == failure


async def test_the_right_pin_is_accepted_in_the_same_envelope() -> None:
    replay = DocReplayTransport()
    reply = await ask(replay, "eq", "check_pin", {"pin": PIN})
    assert reply == {**doc_example("eq.check_pin.failure"), "scope": "OK", "debug": ""}
    # The documentation's table calls the field old_pin: read too.
    assert (await ask(replay, "eq", "check_pin", {"old_pin": PIN}))["scope"] == "OK"


async def test_a_pin_action_without_an_example_is_refused_once_the_pin_is_right() -> None:
    replay = DocReplayTransport()
    for action in ("on", "off", "reboot"):
        reply = await ask(replay, "eq", action, {"id": "34533", "pin": PIN})
        assert reply == {"code": -1, "message": f"Unknown action '{action}' of eq"}
    assert replay.count("eq") == 3 and replay.count("eq", "reboot") == 1
    assert len(replay.refusals()) == 3


async def test_the_replay_can_have_another_pin() -> None:
    replay = DocReplayTransport(pin="20240101")
    assert (await ask(replay, "eq", "check_pin", {"pin": "20240101"}))["scope"] == "OK"
    assert (await ask(replay, "eq", "check_pin", {"pin": PIN}))["scope"] == "Invalid pin code"
