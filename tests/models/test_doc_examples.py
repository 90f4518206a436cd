"""Every example reply in the invapi documentation parses into the models, with its facts kept."""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from hostkey_tui.api.errors import ApiError, PinRejected, error_from_reply
from hostkey_tui.models.account import (
    account_info_from_json,
    api_key_from_json,
    api_key_history_from_json,
    api_keys_from_json,
    session_from_login,
)
from hostkey_tui.models.billing import (
    billing_data_from_json,
    client_from_json,
    contacts_from_json,
    credits_from_json,
    invoice_detail_from_json,
    invoices_from_json,
    payment_methods_from_json,
)
from hostkey_tui.models.catalog import (
    jenkins_tasks_from_json,
    os_list_from_json,
    presets_from_json,
    software_from_json,
    stock_from_json,
    stocks_from_json,
    traffic_plans_from_json,
)
from hostkey_tui.models.network import (
    console_from_scope,
    ipmi_user_from_context,
    port_status_from_scope,
)
from hostkey_tui.models.sensors import SensorGroup, parse_sensor_table
from hostkey_tui.models.server import ServerKind, server_from_show
from hostkey_tui.models.tasks import (
    CallbackReply,
    TaskState,
    callback_from_json,
    task_start_from_json,
)

EXAMPLES = Path(__file__).parent.parent / "data" / "doc_examples"


def load(name: str) -> Any:
    return json.loads((EXAMPLES / f"{name}.json").read_text())


def test_every_example_file_is_covered_below() -> None:
    names = {path.stem for path in EXAMPLES.glob("*.json")}
    assert names == set(CHECKS), "a documented example without a check (or a check without a file)"


def check_api_keys_list(data: Any) -> None:
    keys = api_keys_from_json(data)
    assert [k.id for k in keys] == [484, 237]
    assert keys[1].server_id == 39601 and keys[1].for_server


def check_api_keys_add(data: Any) -> None:
    key = api_key_from_json(data)
    assert key.id == 501 and key.key is not None
    assert key.key.reveal() == "d9815703f6f41d3f-5d52f141ff7ac755"
    assert "d981" not in repr(key.key)


def check_api_keys_history(data: Any) -> None:
    events = api_key_history_from_json(data)
    assert len(events) == 4 and events[0].message.startswith("Deleted api_key 506")
    assert events[0].when is not None and events[0].when.year == 2024


def check_auth_login(data: Any) -> None:
    session = session_from_login(data)
    assert session.token.reveal() == "c92e48c4506320873286b84440e74sfd"
    assert session.server_ids == (34533, 32645, 17405)
    assert "eq/reboot" in session.permissions and session.expires_at == 1702895140


def check_auth_whmcslogin(data: Any) -> None:
    session = session_from_login(data)
    assert session.role == "Customer Billing" and session.expires_at == 1703059226


def check_auth_info(data: Any) -> None:
    info = account_info_from_json(data)
    assert info.server_ids == (34533, 32645, 17405)  # ids as an object of strings
    assert info.client_ip == "185.130.215.70" and info.deploy_keys == ()


def check_pin_failure(data: Any) -> None:
    error = error_from_reply(data, "eq/check_pin")
    # One wrong PIN, whatever debug adds; invapi's words are shown, nothing is locked for good.
    assert isinstance(error, PinRejected) and "not correct" in error.message
    assert error.said == "Blocked For Security Purposes" and error.blocked
    reply = callback_from_json(data)
    assert reply.state is TaskState.FAILED and reply.pin == "rejected"
    start = task_start_from_json(data)
    assert start.final is not None and start.final.state is TaskState.FAILED


def check_incompatible(data: Any) -> None:
    error = error_from_reply(data, "eq/order_instance")
    assert isinstance(error, ApiError)
    assert "Odoo (#49) is not compatible with Ubuntu 22.04" in error.message


def check_eq_show(data: Any) -> None:
    server = server_from_show(data)
    assert (server.id, server.hostname, server.location) == (34533, "nl-vmmini", "NL")
    assert server.kind is ServerKind.VM and server.main_ip == "31.207.44.105"
    assert server.os_name == "Ubuntu 22.04" and server.preset == "vm.mini"
    assert server.due_date is not None and server.days_left == 18
    assert [c.type for c in server.hardware.components] == ["Platform", "CPU", "RAM", "HDD"]
    assert server.licenses[0].name.startswith("ISPmanager")
    password = [t for t in server.tags if t.name == "password"]
    assert password and password[0].value == "" and password[0].secret is not None
    assert password[0].secret.reveal() == "wK5Vjwx_BC"
    assert "wK5Vjwx_BC" not in repr(server)
    assert {t.name for t in server.public_tags} == set()  # all six are the platform's
    assert server.traffic.out_limit_tb == Decimal(3)


def direct(data: Any) -> CallbackReply:
    """The documented reply read as the FIRST reply of its call: final, nothing to poll."""
    start = task_start_from_json(data)
    assert start.final is not None and start.final.state is TaskState.DONE
    assert start.final == callback_from_json(data)
    return start.final


def check_ipmi_user(data: Any) -> None:
    reply = direct(data)
    assert reply.state is TaskState.DONE
    credentials = ipmi_user_from_context(dict(reply.context))
    assert credentials.user == "uHFxxxxx" and credentials.password.reveal() == "4Djxxxxx"


def check_console(data: Any) -> None:
    reply = direct(data)
    console = console_from_scope(reply.scope)
    assert console.host == "146.0.78.94" and console.valid_seconds == 120
    assert "HY14U9qL" in console.content.reveal() and "HY14U9qL" not in repr(console)


def check_port_status(data: Any) -> None:
    reply = direct(data)
    status = port_status_from_scope(reply.scope)
    assert (status.switch, status.vlan, status.speed) == ("virtual", "v415", "1000")
    assert status.connected and status.macs == ("56:6f:ff:5b:08:7b",)


def check_sensors(data: Any) -> None:
    reply = direct(data)
    readings = parse_sensor_table(reply.message)
    assert len(readings) == 25
    cpu = readings[0]
    assert (cpu.name, cpu.value, cpu.unit, cpu.state) == ("CPU Temp", Decimal(36), "°C", "ok")
    absent = [r for r in readings if r.no_reading]
    assert [r.name for r in absent] == ["P1-DIMMC1 Temp", "P1-DIMMD1 Temp"]
    assert {r.group for r in readings} >= {
        SensorGroup.TEMPERATURE,
        SensorGroup.FAN,
        SensorGroup.VOLTAGE,
    }
    assert readings[-1].name == "PS Status" and readings[-1].group is SensorGroup.POWER


def check_stage(data: Any) -> None:
    reply = callback_from_json(data)
    assert reply.state is TaskState.PENDING
    assert reply.stage is not None and reply.stage.number == 1 and reply.stage.total == 5
    assert reply.context_value("id") == "42253"


def check_jenkins(data: Any) -> None:
    tasks = jenkins_tasks_from_json(data)
    assert [t.id for t in tasks] == [-1, 1, 2, 3] and "gpu" in tasks[1].tags


def check_os_list(data: Any) -> None:
    images = os_list_from_json(data)
    windows = images[1]
    assert windows.is_windows and windows.min_ram_gb == 4 and windows.min_disk_gb == 32
    assert windows.licence_price(3) == Decimal(6) and windows.licence_price(8) == Decimal(24)
    assert ServerKind.BARE_METAL in images[0].kinds


def check_presets(data: Any) -> None:
    presets = presets_from_json(data)
    assert [p.name for p in presets] == ["vm.pico", "bm.v1-mini", "vgpu.v1-mini"]
    assert presets[0].price("NL") == Decimal(3) and presets[0].price("NL", "USD") is None
    assert [p.kind for p in presets] == [ServerKind.VM, ServerKind.BARE_METAL, ServerKind.VGPU]


def check_software(data: Any) -> None:
    software = software_from_json(data)
    assert software[0].os_ids >= {160, 183, 187} and software[0].min_ram_gb == 1
    assert software[1].name.startswith("Minecraft")


def check_traffic(data: Any) -> None:
    plans = traffic_plans_from_json(data)
    assert [p.id for p in plans] == [25, 37] and plans[0].bandwidth_mbps == 1000


def check_stocks(data: Any) -> None:
    stocks = stocks_from_json(data)
    assert stocks[0].price(12) == Decimal("1214.4") and not stocks[0].manual_deploy
    assert stocks[1].manual_deploy  # hwraid


def check_stock_show(data: Any) -> None:
    stock = stock_from_json(data)
    assert stock.location == "FI" and stock.cpu_score == 12615 and stock.manual_deploy


def check_billing_data(data: Any) -> None:
    billing = billing_data_from_json(data)
    assert billing.status == "Active" and billing.cycle == "Monthly" and billing.days_left == 23
    assert billing.recurring.amount == Decimal("5.00") and billing.recurring.display() == "5.00 EUR"


def check_client(data: Any) -> None:
    client = client_from_json(data)
    assert client.credit.amount == Decimal("998.39") and client.credit.display() == "998.39 EUR"
    assert client.client_type == "Individual" and not client.two_factor
    assert "<br>" not in client.last_login and "176.222.34.23" in client.last_login
    settings = client.settings  # the documentation's co_* custom fields, read as shown there
    assert (settings.auto_pay, settings.pay_first_day) == (False, False)
    assert (settings.marketing_emails, settings.marketing_sms) == (True, True)
    assert settings.sms_number == "310695005645" and settings.two_factor is False
    assert settings.currency_id == 2 and settings.shown("currency_id") == "EUR (number 2)"


def check_contacts(data: Any) -> None:
    (contact,) = contacts_from_json(data)
    assert contact.id == 121 and contact.name == "Dimitry Servers"
    assert "$2y$" not in repr(contact)  # the password hash is not kept


def check_invoice(data: Any) -> None:
    detail = invoice_detail_from_json(data)
    assert detail.invoice.id == 23455 and detail.invoice.paid is None
    assert [i.description for i in detail.items] == ["Invoice #23449", "Invoice #23451"]
    assert detail.balance.amount == Decimal("8.00") and detail.transactions == ()


def check_invoices(data: Any) -> None:
    invoices = invoices_from_json(data)
    assert len(invoices) == 5 and invoices[0].unpaid and invoices[0].currency == "EUR"
    odd = invoices[-1]
    assert odd.subtotal.amount is None and odd.subtotal.display() == "2.5.00 (?)"
    assert odd.total.amount == Decimal(0)


def check_related(data: Any) -> None:
    invoices = invoices_from_json(data)
    assert [i.status for i in invoices] == ["Unpaid", "Paid"]


def check_credits(data: Any) -> None:
    credits = credits_from_json(data, "EUR")
    assert [c.amount.amount for c in credits] == [Decimal("-5.00"), Decimal(-5)]


def check_payment_methods(data: Any) -> None:
    methods = {m.code: m for m in payment_methods_from_json(data)}
    assert set(methods) == {
        "paypal",
        "banktransfer",
        "roudiappstripealipay",
        "paymaster",
        "bitpaycheckout",
    }
    bank = methods["banktransfer"].instructions.text
    assert "HOSTKEY B.V." in bank and "Reference Number: 196727" in bank and "<br" not in bank
    alipay = methods["roudiappstripealipay"].instructions
    assert "stripe" not in alipay.text.lower() and "Pay Now" in alipay.text
    paypal = methods["paypal"].instructions
    assert "https://www.paypal.com/cgi-bin/webscr" in paypal.links
    assert ("Amount", "10.00") in paypal.details


CHECKS: dict[str, Callable[[Any], None]] = {
    "api_keys.list": check_api_keys_list,
    "api_keys.add": check_api_keys_add,
    "api_keys.history": check_api_keys_history,
    "auth.login": check_auth_login,
    "auth.whmcslogin": check_auth_whmcslogin,
    "auth.info": check_auth_info,
    "eq.check_pin.failure": check_pin_failure,
    "eq.order_instance.incompatible": check_incompatible,
    "eq.show": check_eq_show,
    "eq_callback.check.add_ipmi_user": check_ipmi_user,
    "eq_callback.check.console": check_console,
    "eq_callback.check.net_get_status": check_port_status,
    "eq_callback.check.sensors": check_sensors,
    "eq_callback.check.stage": check_stage,
    "jenkins.get_tasks": check_jenkins,
    "os.list": check_os_list,
    "presets.list": check_presets,
    "software.list": check_software,
    "traffic_plans.list": check_traffic,
    "stocks.list": check_stocks,
    "stocks.show": check_stock_show,
    "whmcs.get_billing_data": check_billing_data,
    "whmcs.get_client": check_client,
    "whmcs.get_contacts": check_contacts,
    "whmcs.get_invoice": check_invoice,
    "whmcs.get_invoices": check_invoices,
    "whmcs.get_related_invoices": check_related,
    "whmcs.getcredits": check_credits,
    "whmcs.getpaymentgw": check_payment_methods,
}


@pytest.mark.parametrize("name", sorted(CHECKS))
def test_documented_example_parses(name: str) -> None:
    CHECKS[name](load(name))
