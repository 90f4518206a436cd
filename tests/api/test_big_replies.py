"""A large reply is decoded and parsed in a worker thread, so that the event loop (the screen)
is not held: 27 MB of invoices held it for seconds. Which thread did the work is recorded by
patched parsers; nothing here is timed.
"""

from __future__ import annotations

import json
import threading

import httpx
import pytest

from hostkey_tui.api import InvapiClient, MalformedReply
from hostkey_tui.api import transport as transport_module
from hostkey_tui.api.resources import billing as billing_module
from hostkey_tui.api.transport import LARGE_REPLY, Reply
from hostkey_tui.clock import ManualClock
from hostkey_tui.models.billing import InvoicePage, invoice_page_from_json

KEY = "k" * 16 + "-" + "k" * 16


def invoice(number: int) -> dict[str, object]:
    return {
        "id": number,
        "invoicenum": f"INV-{number}",
        "date": "2024-01-15",
        "duedate": "2024-01-22",
        "datepaid": "2024-01-16 10:11:12",
        "subtotal": "123.45",
        "credit": "0.00",
        "tax": "0.00",
        "total": "123.45",
        "status": "Paid",
        "paymentmethod": "paypal",
        "notes": f"monthly renewal of server {number}: " + "x" * 300,
        "currencycode": "EUR",
    }


def invoices_reply(count: int) -> bytes:
    rows = [invoice(n) for n in range(1, count + 1)]
    return json.dumps(
        {
            "result": "success",
            "totalresults": count,
            "numreturned": count,
            "invoices": {"invoice": rows},
        }
    ).encode()


BIG = invoices_reply(4000)
SMALL = invoices_reply(5)


def client(body: bytes) -> InvapiClient:
    def answer(request: httpx.Request) -> httpx.Response:
        if b"action=login" in request.content:
            return httpx.Response(200, json={"result": {"token": "tok", "servers": [1]}})
        return httpx.Response(200, content=body, headers={"content-type": "application/json"})

    return InvapiClient(
        "https://invapi.hostkey.com",
        api_key=KEY,
        transport=httpx.MockTransport(answer),
        clock=ManualClock(autoadvance=True),
    )


class Threads:
    """Records the thread each patched step ran on."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.seen: dict[str, list[threading.Thread]] = {"json": [], "parse": []}
        decode = Reply.json
        parse = invoice_page_from_json

        def json_here(reply: Reply, where: str) -> object:
            self.seen["json"].append(threading.current_thread())
            return decode(reply, where)

        def parse_here(data: object, currency: str = "") -> InvoicePage:
            self.seen["parse"].append(threading.current_thread())
            return parse(data, currency)

        monkeypatch.setattr(transport_module.Reply, "json", json_here)
        monkeypatch.setattr(billing_module, "invoice_page_from_json", parse_here)  # as used


def test_the_replies_are_on_either_side_of_the_threshold() -> None:
    assert len(BIG) > LARGE_REPLY > len(SMALL)


async def test_a_large_invoice_page_is_decoded_and_parsed_off_the_event_loop(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    threads = Threads(monkeypatch)
    loop_thread = threading.current_thread()
    async with client(BIG) as api:
        await api.auth.login()
        threads.seen["json"].clear()
        page = await api.whmcs.get_invoices_page(0)
    assert len(page.invoices) == 4000 and page.total == 4000
    assert page.invoices[-1].number == "INV-4000"
    assert threads.seen["json"] and threads.seen["parse"]
    assert all(thread is not loop_thread for thread in threads.seen["json"])
    assert all(thread is not loop_thread for thread in threads.seen["parse"])


async def test_a_small_invoice_page_is_parsed_where_it_came(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    threads = Threads(monkeypatch)
    loop_thread = threading.current_thread()
    async with client(SMALL) as api:
        page = await api.whmcs.get_invoices_page(0)
    assert len(page.invoices) == 5
    assert threads.seen["json"] and threads.seen["parse"]
    assert all(thread is loop_thread for thread in threads.seen["json"] + threads.seen["parse"])


async def test_any_large_reply_is_decoded_off_the_event_loop(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    threads = Threads(monkeypatch)
    loop_thread = threading.current_thread()
    async with client(BIG) as api:
        data = await api.call("eq", "list", {}, token=False)
    assert isinstance(data, dict) and data["totalresults"] == 4000
    assert threads.seen["json"] and threads.seen["json"][-1] is not loop_thread


async def test_a_large_reply_that_is_not_the_documented_shape_is_said_as_such() -> None:
    broken = json.dumps({"result": "success", "invoices": {"invoice": [{"x": "y" * 100}] * 9000}})
    async with client(broken.encode()) as api:
        with pytest.raises(MalformedReply):
            await api.whmcs.get_invoices_page(0)


async def test_a_large_reply_that_is_not_json_is_said_as_such() -> None:
    async with client(b"<html>" + b"x" * (LARGE_REPLY + 10)) as api:
        with pytest.raises(MalformedReply, match="not JSON"):
            await api.call("eq", "list", {}, token=False)
