"""Any JSON at all, given to any parser, gives a model or `MalformedReply`: never another error.

A light profile runs here; the reliability suite runs the long one.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from hostkey_tui.models import account, billing, catalog, dns, network, server, tasks
from hostkey_tui.models.errors import MalformedReply

DOC = Path(__file__).parent.parent / "data" / "doc_examples"

PARSERS: list[Callable[[Any], object]] = [
    server.server_from_show,
    tasks.callback_from_json,
    tasks.task_start_from_json,
    account.session_from_login,
    account.account_info_from_json,
    account.inventory_from_json,
    account.api_keys_from_json,
    account.api_key_history_from_json,
    account.ssh_keys_from_json,
    account.remote_hands_from_json,
    billing.client_from_json,
    billing.invoices_from_json,
    billing.invoice_detail_from_json,
    billing.transactions_from_json,
    billing.credits_from_json,
    billing.contacts_from_json,
    billing.billing_data_from_json,
    billing.payment_methods_from_json,
    billing.cancellations_from_json,
    billing.new_invoice_id_from_json,
    catalog.presets_from_json,
    catalog.os_list_from_json,
    catalog.software_from_json,
    catalog.traffic_plans_from_json,
    catalog.stocks_from_json,
    catalog.stock_from_json,
    catalog.jenkins_tasks_from_json,
    dns.domains_from_json,
    dns.zone_from_json,
    network.port_status_from_scope,
    network.ip_info_from_json,
    network.isos_from_json,
]

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=40),
    st.sampled_from(
        [
            "0000-00-00 00:00:00",
            "2.5.00",
            "OK",
            "Not ready",
            "Stage",
            "(3/5) x",
            "[bold]x",
            "\x1b]52;c;x\x07",
            "34533",
        ]
    ),
)
json_values = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=5),
        st.dictionaries(
            st.sampled_from(
                [
                    "id",
                    "result",
                    "data",
                    "server_data",
                    "tags",
                    "IP",
                    "invoices",
                    "invoice",
                    "scope",
                    "value",
                    "tag",
                    "hardware",
                    "name",
                    "records",
                    "presets",
                    "os_list",
                    "client",
                    "credits",
                    "credit",
                    "methods",
                    "items",
                    "transactions",
                    "key",
                    "callback",
                    "status",
                ]
            )
            | st.text(max_size=8),
            children,
            max_size=6,
        ),
    ),
    max_leaves=30,
)


def _mutations(document: Any) -> st.SearchStrategy[Any]:
    """The documented replies with one value somewhere replaced by anything."""

    def replace(doc: Any, path: list[int], value: Any) -> Any:
        if not path or not isinstance(doc, dict | list) or not doc:
            return value
        keys = list(doc) if isinstance(doc, dict) else list(range(len(doc)))
        key = keys[path[0] % len(keys)]
        copy = dict(doc) if isinstance(doc, dict) else list(doc)
        copy[key] = replace(doc[key], path[1:], value)
        return copy

    return st.builds(
        replace, st.just(document), st.lists(st.integers(0, 50), max_size=6), json_values
    )


DOCUMENTS = [json.loads(p.read_text()) for p in sorted(DOC.glob("*.json"))]


def _only_malformed(data: Any) -> None:
    for parse in PARSERS:
        with contextlib.suppress(MalformedReply):
            parse(data)


@settings(max_examples=300, deadline=None)
@given(json_values)
def test_arbitrary_json_never_raises_anything_but_malformed_reply(data: Any) -> None:
    _only_malformed(data)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(range(len(DOCUMENTS))).flatmap(lambda i: _mutations(DOCUMENTS[i])))
def test_documented_replies_with_a_value_changed_never_raise_anything_else(data: Any) -> None:
    _only_malformed(data)
