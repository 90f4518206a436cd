"""Every request the client can send keeps the documented contract.

Each public method of the client's resource families is called once (or once per variant) with
the arguments the app passes, against the simulator behind a transport that records what was
sent. Every request is checked with `hostkey_tui.simulator.spec.check_request`: only fields the
documentation (or the sourced overlay) knows, nested as documented, every required parameter,
values of the documented type. The simulator's answer does not matter here: a refusal is fine,
a request that breaks the contract is not.
"""

from __future__ import annotations

import contextlib
import dataclasses
import inspect
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from urllib.parse import parse_qsl

import httpx
import pytest

from hostkey_tui.api import InvapiClient
from hostkey_tui.api.errors import InvapiError
from hostkey_tui.api.resources.base import Resource
from hostkey_tui.clock import ManualClock
from hostkey_tui.models.account import ApiKey
from hostkey_tui.models.common import Secret
from hostkey_tui.models.dns import DnsRecord
from hostkey_tui.models.order_options import OrderOptions
from hostkey_tui.models.orders import InstallOptions, OrderRequest
from hostkey_tui.simulator.spec import check_request
from hostkey_tui.simulator.transport import SimulatorTransport
from hostkey_tui.simulator.world import World
from tests.conftest import PIN, SIM_URL

#: The client's resource families, by attribute.
FAMILIES = (
    "eq",
    "whmcs",
    "net",
    "ip",
    "nat",
    "iso",
    "pdns",
    "api_keys",
    "ssh_keys",
    "tags",
    "rhr",
    "jira",
    "auth",
    "catalog",
    "callback",
    "vm",
    "jenkins",
)
VM, BM, GPU = 34533, 40021, 40022
BM_IP = "31.207.44.25"
SSH_KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFakeKeyForTheContract ops@example.com"


@dataclass(frozen=True, slots=True)
class Sent:
    resource: str
    action: str
    pairs: tuple[tuple[str, str], ...]

    @property
    def token_sent(self) -> bool:
        return any(name == "token" for name, _ in self.pairs)


class RecordingTransport(SimulatorTransport):
    """The simulator, keeping every request's form pairs in order (repeats included)."""

    def __init__(self, world: World) -> None:
        super().__init__(world)
        self.sent: list[Sent] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        body = (await request.aread()).decode()
        pairs = tuple(parse_qsl(body, keep_blank_values=True))
        resource = request.url.path.rsplit("/", 1)[-1].removesuffix(".php")
        action = next((value for name, value in pairs if name == "action"), "")
        self.sent.append(Sent(resource, action, pairs))
        return await super().handle_async_request(request)


def fit(method: Callable[..., Any], **candidates: Any) -> dict[str, Any]:
    """The candidates `method` takes by name: a case keeps working while a signature grows
    (another engineer's fix may add `server_id` to getcredits, or require the PIN)."""
    names = inspect.signature(method).parameters
    return {name: value for name, value in candidates.items() if name in names}


def pin_unless_optional(method: Callable[..., Any]) -> dict[str, Any]:
    """The PIN if `method` requires one; a method where it is optional is called the way the
    app calls it, without it (the documentation may still require it)."""
    param = inspect.signature(method).parameters.get("pin")
    if param is None or param.default is not inspect.Parameter.empty:
        return {}
    return {"pin": Secret(PIN)}


Run = Callable[[InvapiClient, World], Awaitable[None]]


@dataclass(frozen=True, slots=True)
class Case:
    method: str  # "family.method"
    endpoints: frozenset[str]  # what the call must reach ("resource/action")
    run: Run
    variant: str = ""

    @property
    def id(self) -> str:
        return f"{self.method}[{self.variant}]" if self.variant else self.method


CASES: list[Case] = []


def case(method: str, *endpoints: str, variant: str = "") -> Callable[[Run], Run]:
    def register(run: Run) -> Run:
        CASES.append(Case(method, frozenset(endpoints), run, variant))
        return run

    return register


def install(hostname: str = "") -> InstallOptions:
    return InstallOptions(
        os_id=219, root_pass=Secret("Str0ng-pass"), hostname=hostname, root_size=80
    )


# --- auth -------------------------------------------------------------------------------------


@case("auth.login", "auth/login")
async def _login(api: InvapiClient, world: World) -> None:
    api.authenticator.forget()
    await api.auth.login()


@case("auth.whmcslogin", "auth/whmcslogin")
async def _whmcslogin(api: InvapiClient, world: World) -> None:
    await api.auth.whmcslogin(world.email, Secret("Demo-pass-2026"))


@case("auth.check_2fa", "auth/2fa_check")
async def _check_2fa(api: InvapiClient, world: World) -> None:
    world.client["twofaenabled"] = True
    session = await api.auth.whmcslogin(world.email, Secret("Demo-pass-2026"))
    assert session.second_factor
    assert not (await api.auth.check_2fa(Secret(world.two_factor_code))).second_factor


@case("auth.info", "auth/info")
async def _info(api: InvapiClient, world: World) -> None:
    await api.auth.info()


@case("auth.logout", "auth/logout")
async def _logout(api: InvapiClient, world: World) -> None:
    await api.auth.logout()


# --- eq ---------------------------------------------------------------------------------------


@case("eq.list", "eq/list")
async def _eq_list(api: InvapiClient, world: World) -> None:
    await api.eq.list(location="NL,FI", status="rent")


@case("eq.show", "eq/show")
async def _eq_show(api: InvapiClient, world: World) -> None:
    await api.eq.show(VM)


@case("eq.update_servers", "eq/update_servers")
async def _update_servers(api: InvapiClient, world: World) -> None:
    await api.eq.update_servers()


@case("eq.status", "eq/status")
async def _status(api: InvapiClient, world: World) -> None:
    await api.eq.status(BM)


for _action in ("on", "off", "reboot", "hard_off"):

    @case("eq.power", f"eq/{_action}", variant=_action)
    async def _power(api: InvapiClient, world: World, action: str = _action) -> None:
        await api.eq.power(BM, action, Secret(PIN))


@case("eq.sensors", "eq/sensors")
async def _sensors(api: InvapiClient, world: World) -> None:
    await api.eq.sensors(BM)


@case("eq.check_pin", "eq/check_pin")
async def _check_pin(api: InvapiClient, world: World) -> None:
    await api.eq.check_pin(Secret(PIN))


@case("eq.set_pin", "eq/set_pin")
async def _set_pin(api: InvapiClient, world: World) -> None:
    await api.eq.set_pin(Secret("4321"), Secret(PIN))


@case("eq.order_instance", "eq/order_instance")
async def _order(api: InvapiClient, world: World) -> None:
    order = OrderRequest("vm.pico", "NL", 25, "monthly", install("nl-web-02"))
    await api.eq.order_instance(order, Secret(PIN))


@case("eq.order_instance", "eq/order_instance", variant="options")
async def _order_with_options(api: InvapiClient, world: World) -> None:
    options = OrderOptions(ipv4_amount=2, ipv6=True, vlan=410, custom_domain="example.com")
    options = dataclasses.replace(options, disk_mirror="raid1", no_lvm=True)
    order = OrderRequest("44717", "NL", 40, "monthly", install("nl-bm-09"), options=options)
    await api.eq.order_instance(order, Secret(PIN))


@case("eq.reinstall_instance", "eq/order_instance")
async def _reinstall_instance(api: InvapiClient, world: World) -> None:
    await api.eq.reinstall_instance(VM, install("nl-vmmini"), Secret(PIN))


@case("eq.reinstall", "eq/reinstall")
async def _reinstall(api: InvapiClient, world: World) -> None:
    await api.eq.reinstall(GPU)


@case("eq.create_pxe", "eq/create_pxe")
async def _create_pxe(api: InvapiClient, world: World) -> None:
    await api.eq.create_pxe(
        GPU,
        install("nl-gpu-01"),
        Secret(PIN),
        reinstall_key="aa719bfc59c3626c059950c1dcb4dbfa",
        partitioning="LVM_RAID1",
    )


@case("eq.boot_dev", "eq/boot_dev")
async def _boot_dev(api: InvapiClient, world: World) -> None:
    await api.eq.boot_dev(GPU, "pxe", Secret(PIN))


@case("eq.clear_pxe", "eq/clear_pxe")
async def _clear_pxe(api: InvapiClient, world: World) -> None:
    await api.eq.clear_pxe(GPU, "nl-gpu-01")


@case("eq.add_ipmi_user", "eq/add_ipmi_user")
async def _add_ipmi_user(api: InvapiClient, world: World) -> None:
    await api.eq.add_ipmi_user(BM)


@case("eq.remove_ipmi_user", "eq/remove_ipmi_user")
async def _remove_ipmi_user(api: InvapiClient, world: World) -> None:
    await api.eq.remove_ipmi_user(BM)


@case("eq.unit_reset", "eq/unit_reset")
async def _unit_reset(api: InvapiClient, world: World) -> None:
    await api.eq.unit_reset(BM, Secret(PIN))


@case("eq.console", "eq/console")
async def _console(api: InvapiClient, world: World) -> None:
    await api.eq.console(VM, Secret(PIN))


@case("eq.novnc", "eq/novnc")
async def _novnc(api: InvapiClient, world: World) -> None:
    await api.eq.novnc(VM, "185.130.215.70")


@case("eq.rename_server", "eq/rename_server")
async def _rename_server(api: InvapiClient, world: World) -> None:
    await api.eq.rename_server(VM, "web-01.example.com")


# --- async keys -------------------------------------------------------------------------------


@case("callback.check", "eq_callback/check", variant="key")
async def _check_key(api: InvapiClient, world: World) -> None:
    await api.callback.check("f685eaa0f06e47faa2e6bb5002828b00")


@case("callback.check", "eq_callback/check", variant="reinstall_key")
async def _check_reinstall_key(api: InvapiClient, world: World) -> None:
    await api.callback.check("aa719bfc59c3626c059950c1dcb4dbfa", reinstall_key=True)


# --- network ----------------------------------------------------------------------------------


@case("net.get_status", "net/get_status")
async def _get_status(api: InvapiClient, world: World) -> None:
    await api.net.get_status(VM, **pin_unless_optional(api.net.get_status))


@case("net.port", "net/port_off", variant="off")
async def _port_off(api: InvapiClient, world: World) -> None:
    await api.net.port(BM, "eth0", False, Secret(PIN), reason="abuse report 4411")


@case("net.port", "net/port_on", variant="on")
async def _port_on(api: InvapiClient, world: World) -> None:
    await api.net.port(BM, "eth0", True, Secret(PIN))


@case("net.show_cacti", "net/show_cacti")
async def _show_cacti(api: InvapiClient, world: World) -> None:
    await api.net.show_cacti(BM, "eth0", "day", **pin_unless_optional(api.net.show_cacti))


@case("net.block_ip", "net/block_ip")
async def _block_ip(api: InvapiClient, world: World) -> None:
    await api.net.block_ip(BM, BM_IP, "scanning", four_hours=True)


@case("net.unblock_ip", "net/unblock_ip")
async def _unblock_ip(api: InvapiClient, world: World) -> None:
    await api.net.unblock_ip(BM, BM_IP)


@case("net.show_ipv4_free", "net/show_ipv4_free")
async def _show_ipv4_free(api: InvapiClient, world: World) -> None:
    await api.net.show_ipv4_free(BM, "eth0", 421)


@case("net.add_ipv4", "net/add_ipv4", variant="amount")
async def _add_ipv4(api: InvapiClient, world: World) -> None:
    await api.net.add_ipv4(BM, "eth0", 2)


@case("net.add_ipv4", "net/add_ipv4", variant="ips")
async def _add_ipv4_chosen(api: InvapiClient, world: World) -> None:
    await api.net.add_ipv4(BM, "eth0", 1, ips=("5.39.222.3",))


@case("net.remove_ipv4", "net/remove_ipv4")
async def _remove_ipv4(api: InvapiClient, world: World) -> None:
    await api.net.remove_ipv4(BM, BM_IP)


@case("vm.get_snapshot", "vm/get_snapshot")
async def _get_snapshot(api: InvapiClient, world: World) -> None:
    await api.vm.get_snapshot(VM)


@case("vm.load_stats", "vm/load_stats")
async def _load_stats(api: InvapiClient, world: World) -> None:
    await api.vm.load_stats(VM)


for _snap in ("create_snapshot", "restore_snapshot", "remove_snapshot"):

    @case("vm.snapshot_change", f"vm/{_snap}", variant=_snap)
    async def _snapshot_change(api: InvapiClient, world: World, action: str = _snap) -> None:
        await api.vm.snapshot_change(action, VM, "before-upgrade")


@case("ip.get_ip", "ip/get_ip")
async def _get_ip(api: InvapiClient, world: World) -> None:
    await api.ip.get_ip(BM_IP)


@case("ip.get_ptr", "ip/get_ptr")
async def _get_ptr(api: InvapiClient, world: World) -> None:
    await api.ip.get_ptr(BM, BM_IP)


@case("ip.update_ptr", "ip/update_ptr")
async def _update_ptr(api: InvapiClient, world: World) -> None:
    await api.ip.update_ptr(BM, BM_IP, ["db.example.com", "db2.example.com"])


@case("ip.set_main", "ip/set_main")
async def _set_main(api: InvapiClient, world: World) -> None:
    await api.ip.set_main(BM, BM_IP)


@case("ip.get_client_ip", "ip/get_client_ip")
async def _get_client_ip(api: InvapiClient, world: World) -> None:
    await api.ip.get_client_ip()


@case("nat.add_static_nat", "nat/add_static_nat")
async def _add_nat(api: InvapiClient, world: World) -> None:
    await api.nat.add_static_nat(BM, Secret(PIN), "185.130.215.70", 2)


@case("nat.remove_static_nat", "nat/remove_static_nat")
async def _remove_nat(api: InvapiClient, world: World) -> None:
    await api.nat.remove_static_nat(BM, "185.130.215.70")


@case("iso.list_iso", "iso/list_iso")
async def _list_iso(api: InvapiClient, world: World) -> None:
    await api.iso.list_iso(VM)


@case("iso.mount_iso", "iso/mount_iso")
async def _mount_iso(api: InvapiClient, world: World) -> None:
    await api.iso.mount_iso(VM, 3)


@case("iso.unmount_iso", "iso/unmount_iso")
async def _unmount_iso(api: InvapiClient, world: World) -> None:
    await api.iso.unmount_iso(VM)


@case("iso.upload", "iso/upload")
async def _upload_iso(api: InvapiClient, world: World) -> None:
    await api.iso.upload("https://example.com/isos/alpine.iso", "alpine.iso")


@case("iso.uploaded", "iso/uploaded")
async def _uploaded_isos(api: InvapiClient, world: World) -> None:
    await api.iso.uploaded()


@case("jenkins.call", "jenkins/call")
async def _jenkins_call(api: InvapiClient, world: World) -> None:
    await api.jenkins.call(GPU, 1)


# --- catalog ----------------------------------------------------------------------------------


@case("catalog.presets", "presets/list")
async def _presets(api: InvapiClient, world: World) -> None:
    await api.catalog.presets("NL")


@case("catalog.os_list", "os/list")
async def _os_list(api: InvapiClient, world: World) -> None:
    await api.catalog.os_list(108)


@case("catalog.software", "software/list")
async def _software(api: InvapiClient, world: World) -> None:
    await api.catalog.software("NL", 108)


@case("catalog.traffic_plans", "traffic_plans/list")
async def _traffic_plans(api: InvapiClient, world: World) -> None:
    await api.catalog.traffic_plans("NL", 108)


@case("catalog.stocks", "stocks/list")
async def _stocks(api: InvapiClient, world: World) -> None:
    await api.catalog.stocks("FI", "ALL")


@case("catalog.stock", "stocks/show")
async def _stock(api: InvapiClient, world: World) -> None:
    await api.catalog.stock(44717)


@case("catalog.jenkins_tasks", "jenkins/get_tasks")
async def _jenkins(api: InvapiClient, world: World) -> None:
    await api.catalog.jenkins_tasks()


# --- billing ----------------------------------------------------------------------------------


@case("whmcs.get_client", "whmcs/get_client")
async def _get_client(api: InvapiClient, world: World) -> None:
    await api.whmcs.get_client()


@case("whmcs.update_client", "whmcs/update_client")
async def _update_client(api: InvapiClient, world: World) -> None:
    await api.whmcs.update_client({"billing_city": "Utrecht", "co_smsnum": "310695005645"})


@case("whmcs.update_client", "whmcs/update_client", variant="settings")
async def _update_client_settings(api: InvapiClient, world: World) -> None:
    await api.whmcs.update_client(
        {"co_autopayment": "on", "co_payfirstday": "off", "billing_twofaenabled": "false"}
    )


@case("whmcs.reset_password", "whmcs/reset_password")
async def _reset_password(api: InvapiClient, world: World) -> None:
    await api.whmcs.reset_password(world.email)


@case("whmcs.get_contacts", "whmcs/get_contacts")
async def _get_contacts(api: InvapiClient, world: World) -> None:
    await api.whmcs.get_contacts()


@case("whmcs.add_contact", "whmcs/add_contact")
async def _add_contact(api: InvapiClient, world: World) -> None:
    # names only where the method still takes them (services.billing passed these)
    method = api.whmcs.add_contact
    await method(**fit(method, fields={"firstname": "Ops", "lastname": "Team"}))


@case("whmcs.update_contact", "whmcs/update_contact")
async def _update_contact(api: InvapiClient, world: World) -> None:
    await api.whmcs.update_contact(
        121, "ops@example.com", phone="+310695005645", password=Secret("N3w-pass!")
    )


@case("whmcs.delete_contact", "whmcs/delete_contact")
async def _delete_contact(api: InvapiClient, world: World) -> None:
    await api.whmcs.delete_contact(121)


@case("whmcs.create_addfunds", "whmcs/create_addfunds")
async def _create_addfunds(api: InvapiClient, world: World) -> None:
    await api.whmcs.create_addfunds(Decimal("20.00"))


@case("whmcs.getpaymentgw", "whmcs/getpaymentgw")
async def _getpaymentgw(api: InvapiClient, world: World) -> None:
    await api.whmcs.getpaymentgw(23451)


@case("whmcs.get_billing_data", "whmcs/get_billing_data")
async def _get_billing_data(api: InvapiClient, world: World) -> None:
    await api.whmcs.get_billing_data(VM)


@case("whmcs.getcredits", "whmcs/getcredits")
async def _getcredits(api: InvapiClient, world: World) -> None:
    method = api.whmcs.getcredits
    await method(**fit(method, server_id=VM, currency="EUR"))


@case("whmcs.generate_due_invoice", "whmcs/generate_due_invoice")
async def _generate_due_invoice(api: InvapiClient, world: World) -> None:
    await api.whmcs.generate_due_invoice(VM)


@case("whmcs.transactions", "whmcs/transactions")
async def _transactions(api: InvapiClient, world: World) -> None:
    await api.whmcs.transactions(23449, "EUR")


@case("whmcs.mass_pay", "whmcs/mass_pay")
async def _mass_pay(api: InvapiClient, world: World) -> None:
    await api.whmcs.mass_pay([23450, 23451])


@case("whmcs.download_invoice", "whmcs/download_invoice")
async def _download_invoice(api: InvapiClient, world: World) -> None:
    await api.whmcs.download_invoice(23451)


@case("whmcs.get_related_invoices", "whmcs/get_related_invoices")
async def _get_related_invoices(api: InvapiClient, world: World) -> None:
    await api.whmcs.get_related_invoices(VM)


@case("whmcs.apply_credit", "whmcs/apply_credit")
async def _apply_credit(api: InvapiClient, world: World) -> None:
    # an unpaid invoice's balance, as the billing screen offers it
    await api.whmcs.apply_credit(23451, Decimal("5.00"))


@case("whmcs.get_invoice", "whmcs/get_invoice")
async def _get_invoice(api: InvapiClient, world: World) -> None:
    await api.whmcs.get_invoice(23451, "EUR")


@case("whmcs.get_invoices", "whmcs/get_invoices")
async def _get_invoices(api: InvapiClient, world: World) -> None:
    await api.whmcs.get_invoices()


@case("whmcs.get_invoices_page", "whmcs/get_invoices")
async def _get_invoices_page(api: InvapiClient, world: World) -> None:
    await api.whmcs.get_invoices_page(5, 5)


@case("whmcs.invoice_pages", "whmcs/get_invoices")
async def _invoice_pages(api: InvapiClient, world: World) -> None:
    async for _page in api.whmcs.invoice_pages(5):
        pass


@case("whmcs.request_cancellation", "whmcs/request_cancellation")
async def _request_cancellation(api: InvapiClient, world: World) -> None:
    await api.whmcs.request_cancellation(VM, immediate=False, reason="moving to a bigger box")


@case("whmcs.delete_cancellation_request", "whmcs/delete_cancellation_request")
async def _delete_cancellation(api: InvapiClient, world: World) -> None:
    await api.whmcs.delete_cancellation_request(VM)


@case("whmcs.get_cancellation_requests", "whmcs/get_cancellation_requests")
async def _get_cancellations(api: InvapiClient, world: World) -> None:
    await api.whmcs.get_cancellation_requests(VM)


# --- DNS --------------------------------------------------------------------------------------


@case("pdns.list_domains", "pdns/list_domains")
async def _list_domains(api: InvapiClient, world: World) -> None:
    await api.pdns.list_domains()


@case("pdns.view_zone", "pdns/view_zone")
async def _view_zone(api: InvapiClient, world: World) -> None:
    await api.pdns.view_zone("example-shop.com")


@case("pdns.add_domain", "pdns/add_domain")
async def _add_domain(api: InvapiClient, world: World) -> None:
    await api.pdns.add_domain("contract.example", VM)


@case("pdns.delete_domain", "pdns/delete_domain")
async def _delete_domain(api: InvapiClient, world: World) -> None:
    await api.pdns.delete_domain(1002, "hostkey-demo.net")


@case("pdns.add_dns", "pdns/add_dns", variant="A")
async def _add_a(api: InvapiClient, world: World) -> None:
    await api.pdns.add_dns(
        "example-shop.com", "www", "A", ["31.207.44.105", "31.207.44.106"], ttl=300
    )


@case("pdns.add_dns", "pdns/add_dns", variant="MX")
async def _add_mx(api: InvapiClient, world: World) -> None:
    await api.pdns.add_dns("example-shop.com", "@", "MX", ["mail.example-shop.com"], priority=10)


@case("pdns.add_dns", "pdns/add_dns", variant="TXT replace")
async def _replace_txt(api: InvapiClient, world: World) -> None:
    await api.pdns.add_dns("example-shop.com", "@", "TXT", ["v=spf1 mx -all"], changetype="update")


@case("pdns.add_dns", "pdns/add_dns", variant="SRV")
async def _add_srv(api: InvapiClient, world: World) -> None:
    await api.pdns.add_dns(
        "example-shop.com",
        "_sip._udp",
        "SRV",
        [],
        ttl=3600,
        priority=10,
        srv=(5, 5060, "sip.example-shop.com", "udp"),
    )


@case("pdns.delete_dns", "pdns/delete_dns")
async def _delete_dns(api: InvapiClient, world: World) -> None:
    record = DnsRecord("www.example-shop.com", "A", "31.207.44.105", ttl=300)
    await api.pdns.delete_dns("example-shop.com", record)


@case("pdns.add_dns", "pdns/add_dns", variant="rename")
async def _rename_dns(api: InvapiClient, world: World) -> None:
    await api.pdns.add_dns(
        "example-shop.com",
        "web",
        "CNAME",
        ["example-shop.com"],
        changetype="update",
        old_name="www",
        increase_soa_serial=True,
    )


@case("pdns.list_zones", "pdns/list_zones")
async def _list_zones(api: InvapiClient, world: World) -> None:
    await api.pdns.list_zones()


@case("pdns.add_zone", "pdns/add_zone", variant="master with SOA")
async def _add_zone(api: InvapiClient, world: World) -> None:
    from hostkey_tui.models.dns_zones import ZoneSpec

    await api.pdns.add_zone(
        ZoneSpec(
            "zone.example",
            dnssec=True,
            ttl=3600,
            mname="ns1.hostkey.com",
            rname="admin.zone.example",
            refresh=10800,
            retry=3600,
            expire=604800,
            minimum=3600,
            nameservers=("ns1.hostkey.com", "ns2.hostkey.com"),
        )
    )


@case("pdns.add_zone", "pdns/add_zone", variant="slave")
async def _add_slave_zone(api: InvapiClient, world: World) -> None:
    from hostkey_tui.models.dns_zones import ZoneSpec

    await api.pdns.add_zone(ZoneSpec("slave.example", kind="Slave", masters=("192.0.2.53",)))


@case("pdns.delete_zone", "pdns/delete_zone")
async def _delete_zone(api: InvapiClient, world: World) -> None:
    await api.pdns.delete_zone("hostkey-demo.net")


@case("pdns.list_subdomains", "pdns/list_subdomains")
async def _list_subdomains(api: InvapiClient, world: World) -> None:
    await api.pdns.list_subdomains(VM)


@case("pdns.add_subdomain", "pdns/add_subdomain")
async def _add_subdomain(api: InvapiClient, world: World) -> None:
    await api.pdns.add_subdomain(VM, 1001, "shop")


@case("pdns.edit_subdomain", "pdns/edit_subdomain")
async def _edit_subdomain(api: InvapiClient, world: World) -> None:
    await api.pdns.edit_subdomain(900_001, BM)


@case("pdns.delete_subdomain", "pdns/delete_subdomain")
async def _delete_subdomain(api: InvapiClient, world: World) -> None:
    await api.pdns.delete_subdomain(VM, 900_001)


# --- account ----------------------------------------------------------------------------------


@case("tags.list", "tags/list")
async def _tags_list(api: InvapiClient, world: World) -> None:
    await api.tags.list(VM)


@case("tags.add", "tags/add", variant="one")
async def _tags_add(api: InvapiClient, world: World) -> None:
    await api.tags.add([VM], "team", "ops", "paged at night")


@case("tags.add", "tags/add", variant="several")
async def _tags_add_many(api: InvapiClient, world: World) -> None:
    await api.tags.add([VM, BM], "team", "ops")


@case("tags.remove", "tags/remove", variant="one")
async def _tags_remove(api: InvapiClient, world: World) -> None:
    await api.tags.remove([VM], "team")


@case("tags.remove", "tags/remove", variant="several")
async def _tags_remove_many(api: InvapiClient, world: World) -> None:
    await api.tags.remove([VM, BM], "team")


@case("tags.user_search", "tags/user_search")
async def _user_search(api: InvapiClient, world: World) -> None:
    await api.tags.user_search("ops")


@case("api_keys.list", "api_keys/list")
async def _keys_list(api: InvapiClient, world: World) -> None:
    await api.api_keys.list()


@case("api_keys.list_for_server", "api_keys/list_for_server")
async def _keys_for_server(api: InvapiClient, world: World) -> None:
    await api.api_keys.list_for_server(39601)


@case("api_keys.view", "api_keys/view")
async def _keys_view(api: InvapiClient, world: World) -> None:
    await api.api_keys.view(484)


@case("api_keys.add", "api_keys/add")
async def _keys_add(api: InvapiClient, world: World) -> None:
    await api.api_keys.add("ci deploys", ip="10.0.0.2", notify_method="none")


@case("api_keys.edit", "api_keys/edit")
async def _keys_edit(api: InvapiClient, world: World) -> None:
    key = ApiKey(
        484,
        "new_api",
        active=False,
        ip="10.0.0.2",
        server_id=0,
        notify_method="email",
        notify_address="ops@example.com",
    )
    await api.api_keys.edit(key)


@case("api_keys.delete", "api_keys/delete")
async def _keys_delete(api: InvapiClient, world: World) -> None:
    await api.api_keys.delete(237)


@case("api_keys.history", "api_keys/history")
async def _keys_history(api: InvapiClient, world: World) -> None:
    await api.api_keys.history(484, "2024-02-01", "2024-02-29")


@case("ssh_keys.list", "ssh_keys/list")
async def _ssh_list(api: InvapiClient, world: World) -> None:
    await api.ssh_keys.list()


@case("ssh_keys.add", "ssh_keys/add")
async def _ssh_add(api: InvapiClient, world: World) -> None:
    await api.ssh_keys.add("laptop", SSH_KEY, default=True)


@case("ssh_keys.delete", "ssh_keys/delete")
async def _ssh_delete(api: InvapiClient, world: World) -> None:
    await api.ssh_keys.delete(11)


@case("rhr.add", "rhr/add")
async def _rhr_add(api: InvapiClient, world: World) -> None:
    await api.rhr.add(BM, "KVM", "attach a KVM, the OS does not boot")


@case("rhr.list", "rhr/list")
async def _rhr_list(api: InvapiClient, world: World) -> None:
    await api.rhr.list()


@case("rhr.discard", "rhr/discard")
async def _rhr_discard(api: InvapiClient, world: World) -> None:
    await api.rhr.discard(7001)


@case("rhr.chat", "rhr/chat")
async def _rhr_chat(api: InvapiClient, world: World) -> None:
    await api.rhr.chat(7002, "the KVM works, thanks")


@case("jira.request_assistance", "jira/request_assistance", variant="server")
async def _ask_sales(api: InvapiClient, world: World) -> None:
    await api.jira.request_assistance("Cancel", "cancel it at the end of the term", BM)


@case("jira.request_assistance", "jira/request_assistance", variant="account")
async def _ask_sales_account(api: InvapiClient, world: World) -> None:
    await api.jira.request_assistance("Move", "move my servers to NL")


for _request in (
    "request_pon",
    "request_poff",
    "request_reboot",
    "request_PXEboot",
    "request_kvm",
    "request_check",
):

    @case("jira.request", f"jira/{_request}", variant=_request)
    async def _jira(api: InvapiClient, world: World, action: str = _request) -> None:
        await api.jira.request(BM, action)


# --- the tests --------------------------------------------------------------------------------


@pytest.fixture
async def recorded(
    world: World, clock: ManualClock
) -> AsyncIterator[tuple[InvapiClient, RecordingTransport]]:
    transport = RecordingTransport(world)
    async with InvapiClient(
        SIM_URL, api_key=world.account_key, transport=transport, clock=clock
    ) as api:
        await api.auth.login()
        transport.sent.clear()
        yield api, transport


@pytest.mark.parametrize("contract", CASES, ids=lambda c: c.id)
async def test_the_request_keeps_the_documented_contract(
    contract: Case,
    recorded: tuple[InvapiClient, RecordingTransport],
    world: World,
) -> None:
    api, transport = recorded
    with contextlib.suppress(InvapiError):  # the answer is not what is tested, the request is
        await contract.run(api, world)
    reached = {f"{s.resource}/{s.action}" for s in transport.sent}
    assert contract.endpoints <= reached, f"{contract.id} never sent {contract.endpoints}"
    problems = [
        f"{s.resource}/{s.action}: {problem}"
        for s in transport.sent
        for problem in check_request(s.resource, s.action, s.pairs, token_sent=s.token_sent)
    ]
    assert problems == [], f"{contract.id} broke the documented contract:\n" + "\n".join(problems)


def public_methods(api: InvapiClient) -> set[str]:
    found: set[str] = set()
    for family in FAMILIES:
        obj = getattr(api, family)
        assert isinstance(obj, Resource)
        for name, _ in inspect.getmembers(type(obj), inspect.isfunction):
            if not name.startswith("_"):
                found.add(f"{family}.{name}")
    return found


async def test_every_public_client_method_has_a_contract_case(client: InvapiClient) -> None:
    missing = public_methods(client) - {c.method for c in CASES}
    assert missing == set(), f"public client methods without a contract case: {sorted(missing)}"


async def test_no_case_names_a_method_the_client_lacks(client: InvapiClient) -> None:
    assert {c.method for c in CASES} <= public_methods(client)


async def test_every_family_of_the_client_is_listed(client: InvapiClient) -> None:
    families = {name for name, value in vars(client).items() if isinstance(value, Resource)}
    assert families == set(FAMILIES)
