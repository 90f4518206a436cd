"""Every reply family the client parses, fuzzed: a model or `MalformedReply`, never another error.

Each family starts from its documented reply (or the simulator's, where the documentation has
none) and is broken the ways a real API breaks: a key missing, a value of the wrong type, null,
empty, numbers as strings and strings as numbers, huge strings, deep nesting, unicode, JSON
inside a string, HTML in text. Arbitrary JSON is tried too. 500 examples per family here;
`HOSTKEY_FUZZ=long` runs 10,000 (see REPORT.md).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hostkey_tui.api.errors import error_from_reply
from hostkey_tui.models import account, billing, catalog, dns, network, sensors, server, tasks
from hostkey_tui.models.common import Obj
from hostkey_tui.models.errors import MalformedReply
from hostkey_tui.models.tags import tag_from_json, tags_from_json
from tests.reliability.conftest import FUZZ_PROFILE
from tests.reliability.matrix import Matrix

DOC = Path(__file__).parent.parent / "data" / "doc_examples"


def _doc(name: str) -> Any:
    return json.loads((DOC / f"{name}.json").read_text())


def _sim(resource: str, action: str, **fields: str) -> Any:
    """The simulator's reply, for families the documentation gives no example of."""
    import asyncio
    from urllib.parse import urlencode

    from hostkey_tui.clock import ManualClock
    from hostkey_tui.simulator.app import handle
    from hostkey_tui.simulator.scenarios import build_world

    world = build_world(ManualClock(1_795_000_000), pin="1234")

    def ask(resource: str, form: dict[str, str]) -> Any:
        reply = asyncio.run(handle(world, f"/{resource}.php", urlencode(form).encode()))
        return reply.body

    token = ask("auth", {"action": "login", "key": world.account_key})["result"]["token"]
    return ask(resource, {"action": action, "token": token, **fields})


@dataclass(frozen=True)
class Family:
    name: str
    parse: Callable[[Any], object]
    seed: Callable[[], Any]


FAMILIES = [
    Family("auth/login", account.session_from_login, lambda: _doc("auth.login")),
    Family("auth/info", account.account_info_from_json, lambda: _doc("auth.info")),
    Family("eq/update_servers", account.inventory_from_json, lambda: _sim("eq", "update_servers")),
    Family("eq/show", server.server_from_show, lambda: _doc("eq.show")),
    Family("async start", tasks.task_start_from_json, lambda: _sim("eq", "status", id="40053")),
    Family("eq_callback/check", tasks.callback_from_json, lambda: _doc("eq_callback.check.stage")),
    Family("sensors text", lambda d: sensors.parse_sensor_table(d), lambda: _sensor_text()),
    Family(
        "port status scope",
        network.port_status_from_scope,
        lambda: _doc("eq_callback.check.net_get_status")["scope"],
    ),
    Family("ip/get_ip", network.ip_info_from_json, lambda: _sim("ip", "get_ip", ip="31.207.44.25")),
    Family(
        "ip/get_ptr",
        lambda d: network.ptr_from_json(d, "31.207.44.25"),
        lambda: _sim("ip", "get_ptr", ip="31.207.44.25"),
    ),
    Family(
        "iso/list_iso", network.isos_from_json, lambda: _sim("iso", "list_iso", server_id="40053")
    ),
    Family(
        "eq/console scope",
        network.console_from_scope,
        lambda: _doc("eq_callback.check.console")["scope"],
    ),
    Family("tags", lambda d: tags_from_json(d if isinstance(d, list) else [d]), lambda: _tags()),
    Family("tag", lambda d: tag_from_json(Obj(d, "tag")), lambda: _tags()[0]),
    Family("api_keys/list", account.api_keys_from_json, lambda: _doc("api_keys.list")),
    Family("api_keys/add", account.api_key_from_json, lambda: _doc("api_keys.add")),
    Family("api_keys/history", account.api_key_history_from_json, lambda: _doc("api_keys.history")),
    Family("ssh_keys/list", account.ssh_keys_from_json, lambda: _sim("ssh_keys", "list")),
    Family("rhr/list", account.remote_hands_from_json, lambda: _sim("rhr", "list")),
    Family("whmcs/get_client", billing.client_from_json, lambda: _doc("whmcs.get_client")),
    Family("whmcs/get_invoices", billing.invoices_from_json, lambda: _doc("whmcs.get_invoices")),
    Family(
        "whmcs/get_invoice", billing.invoice_detail_from_json, lambda: _doc("whmcs.get_invoice")
    ),
    Family(
        "whmcs/get_transactions",
        billing.transactions_from_json,
        lambda: _sim("whmcs", "transactions"),
    ),
    Family("whmcs/getcredits", billing.credits_from_json, lambda: _doc("whmcs.getcredits")),
    Family("whmcs/get_contacts", billing.contacts_from_json, lambda: _doc("whmcs.get_contacts")),
    Family(
        "whmcs/get_billing_data",
        billing.billing_data_from_json,
        lambda: _doc("whmcs.get_billing_data"),
    ),
    Family(
        "whmcs/getpaymentgw",
        billing.payment_methods_from_json,
        lambda: _doc("whmcs.getpaymentgw"),
    ),
    Family(
        "whmcs/get_cancellation_requests",
        billing.cancellations_from_json,
        lambda: _sim("whmcs", "get_cancellation_requests"),
    ),
    Family(
        "new invoice id",
        billing.new_invoice_id_from_json,
        lambda: {"result": "OK", "invoiceid": "1234"},
    ),
    Family("presets/list", catalog.presets_from_json, lambda: _doc("presets.list")),
    Family("os/list", catalog.os_list_from_json, lambda: _doc("os.list")),
    Family("software/list", catalog.software_from_json, lambda: _doc("software.list")),
    Family(
        "traffic_plans/list", catalog.traffic_plans_from_json, lambda: _doc("traffic_plans.list")
    ),
    Family("stocks/list", catalog.stocks_from_json, lambda: _doc("stocks.list")),
    Family("stocks/show", catalog.stock_from_json, lambda: _doc("stocks.show")),
    Family("jenkins/get_tasks", catalog.jenkins_tasks_from_json, lambda: _doc("jenkins.get_tasks")),
    Family("dns/domains", dns.domains_from_json, lambda: _sim("pdns", "list_domains")),
    Family("dns/zone", dns.zone_from_json, lambda: _zone()),
    # The client asks only of a JSON object whether it carries an error.
    Family(
        "error replies",
        lambda d: error_from_reply(d, "fuzz") if isinstance(d, dict) else None,
        lambda: _doc("eq.check_pin.failure"),
    ),
]


def _sensor_text() -> str:
    return str(_doc("eq_callback.check.sensors")["scope"])


def _tags() -> list[Any]:
    tags = _doc("eq.show")["tags"]
    assert isinstance(tags, list) and tags
    return tags


def _zone() -> Any:
    domains = _sim("pdns", "list_domains")
    return _sim("pdns", "view_zone", zone=str(domains["data"][0]["name"]))


HOSTILE_TEXT = [
    "",
    " ",
    "0000-00-00 00:00:00",
    "NaN",
    "-1",
    "1e309",
    "99999999999999999999999999999999",
    "[bold]x[/bold]",
    "[@click=app.quit]x[/]",
    "<script>alert(1)</script>",
    "<b>bold</b>&nbsp;&amp;",
    "\x1b[2J\x1b]0;title\x07",
    "\x1b]52;c;aGk=\x07",
    "\u202etxt.exe",
    "\x00\x01\x9b",
    '{"result": "OK", "scope": "{}"}',
    "x" * 100_000,
    "日本語テキスト 🚀",
]
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.sampled_from(HOSTILE_TEXT),
)
json_values = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(st.text(max_size=10), children, max_size=4),
    ),
    max_leaves=20,
)


def _deep(depth: int) -> Any:
    value: Any = "bottom"
    for _ in range(depth):
        value = {"data": [value]}
    return value


def _paths(document: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every place in a document a value sits (dict keys and list indexes)."""
    found = [prefix]
    if isinstance(document, dict):
        for key, value in document.items():
            found += _paths(value, (*prefix, key))
    elif isinstance(document, list):
        for index, value in enumerate(document[:5]):
            found += _paths(value, (*prefix, index))
    return found


def _replaced(document: Any, path: tuple[Any, ...], change: Callable[[Any], Any]) -> Any:
    if not path:
        return change(document)
    head, rest = path[0], path[1:]
    copy: Any = dict(document) if isinstance(document, dict) else list(document)
    copy[head] = _replaced(document[head], rest, change)
    return copy


def _swap(value: Any) -> Any:
    """Numbers as strings, strings as numbers, lists as objects: invapi's own habits."""
    if isinstance(value, bool):
        return str(int(value))
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            return len(value)
    if isinstance(value, list):
        return dict(enumerate(value))
    if isinstance(value, dict):
        return list(value.values())
    return value


def _dropped(document: Any, path: tuple[Any, ...]) -> Any:
    """The key at `path` missing (or the list item gone)."""
    if not path:
        return None
    parent = path[:-1]

    def drop(container: Any) -> Any:
        copy: Any = dict(container) if isinstance(container, dict) else list(container)
        del copy[path[-1]]
        return copy

    return _replaced(document, parent, drop)


def mutations(seed: Any) -> st.SearchStrategy[Any]:
    places = _paths(seed)
    place = st.sampled_from(places)
    return st.one_of(
        st.builds(lambda p, v: _replaced(seed, p, lambda _old: v), place, json_values),
        st.builds(lambda p: _replaced(seed, p, _swap), place),
        st.builds(lambda p: _dropped(seed, p), place),
        st.builds(lambda p: _replaced(seed, p, lambda _old: None), place),
        st.builds(
            lambda p, d: _replaced(seed, p, lambda _old: _deep(d)), place, st.integers(1, 3000)
        ),
        st.builds(
            lambda p: _replaced(seed, p, lambda old: json.dumps(old)), place
        ),  # JSON inside a string
        json_values,
    )


@pytest.mark.parametrize("family", FAMILIES, ids=[f.name for f in FAMILIES])
def test_a_fuzzed_reply_parses_or_is_malformed_never_anything_else(
    family: Family, matrix: Matrix
) -> None:
    seed = family.seed()
    family.parse(seed)  # the unbroken reply parses
    examples = 0

    @settings(settings.get_profile(FUZZ_PROFILE))
    @given(mutations(seed))
    def fuzzed(reply: Any) -> None:
        nonlocal examples
        examples += 1
        try:
            family.parse(reply)
        except MalformedReply as error:
            said = error.message  # in words, for the status line
            if not said:
                raise AssertionError("a MalformedReply without words") from error

    fuzzed()
    matrix.record("fuzz", family.name, "examples", examples)
