"""The simulator keeps the documentation's contract.

A tour calls every route the simulator has; every reply goes through the client's parsers (a
reply that did not parse would fail the tour), and where the documentation shows a reply, the
simulator's has every key path the documented one has.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
import pytest

from hostkey_tui.api import InvapiClient, watch
from hostkey_tui.api.tasks import TaskHandle
from hostkey_tui.clock import ManualClock
from hostkey_tui.models.common import Secret
from hostkey_tui.models.dns import DnsRecord
from hostkey_tui.models.network import (
    console_from_scope,
    ipmi_user_from_context,
    port_status_from_scope,
)
from hostkey_tui.models.orders import InstallOptions, OrderRequest
from hostkey_tui.models.sensors import parse_sensor_table
from hostkey_tui.models.tasks import TaskState
from hostkey_tui.models.vm import VmStats, snapshots_from_json
from hostkey_tui.simulator.routes import ROUTES
from hostkey_tui.simulator.transport import SimulatorTransport
from hostkey_tui.simulator.world import World
from tests.conftest import PIN, SIM_URL

DOC = Path(__file__).parent.parent / "data" / "doc_examples"


class RecordingTransport(SimulatorTransport):
    """Keeps the last JSON reply of every route (async results under their task's action)."""

    def __init__(self, world: World) -> None:
        super().__init__(world)
        self.replies: dict[str, Any] = {}

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await super().handle_async_request(request)
        if "json" not in response.headers.get("content-type", ""):
            return response
        body = json.loads(response.content)
        resource = request.url.path.rsplit("/", 1)[-1].removesuffix(".php")
        action = dict(httpx.QueryParams(request.content.decode())).get("action", "")
        name = f"{resource}.{action}"
        direct = isinstance(body, dict) and "scope" in body and "callback" not in body
        if (resource == "eq_callback" or direct) and isinstance(body, dict):
            # A direct reply is the same final reply a check would give: filed as one too.
            context = body.get("context") or {}
            result = str(body.get("result", ""))
            self.replies.setdefault(name, body)
            name = f"eq_callback.{context.get('action', '')}.{result.lower().replace(' ', '_')}"
        self.replies.setdefault(name, body)
        return response


async def _finish(api: InvapiClient, handle: TaskHandle, clock: ManualClock) -> Any:
    events = [event async for event in watch(api.callback, handle, clock=clock)]
    assert events[-1].state is TaskState.DONE, events[-1].message
    return events[-1].reply


@pytest.fixture(params=["documented", "callback", "direct"])
async def toured(
    world: World, clock: ManualClock, request: pytest.FixtureRequest
) -> RecordingTransport:
    world.async_form = request.param  # every reply shape must hold in each form invapi uses
    transport = RecordingTransport(world)
    pin = Secret(PIN)
    async with InvapiClient(
        SIM_URL, api_key=world.account_key, transport=transport, clock=clock
    ) as api:
        await api.auth.login()
        await api.auth.info()
        await api.eq.list(location="NL,FI")
        await api.eq.update_servers()
        await api.eq.show(34533)
        for action in ("off", "on", "reboot", "hard_off", "on"):
            await _finish(api, await api.eq.power(40021, action, pin), clock)
        await api.eq.rename_server(40022, "gpu-renamed.example.com")
        await _finish(api, await api.eq.status(40021), clock)
        sensors = await _finish(api, await api.eq.sensors(40021), clock)
        assert parse_sensor_table(sensors.message)
        await _finish(api, await api.eq.check_pin(pin), clock)
        await _finish(api, await api.eq.set_pin(Secret("4321"), pin), clock)
        pin = Secret("4321")
        ipmi = await _finish(api, await api.eq.add_ipmi_user(40021), clock)
        ipmi_user_from_context(dict(ipmi.context))
        await _finish(api, await api.eq.remove_ipmi_user(40021), clock)
        await _finish(api, await api.eq.unit_reset(40021, pin), clock)
        console = await _finish(api, await api.eq.console(34533, pin), clock)
        console_from_scope(console.scope)
        await api.eq.novnc(34533)
        master = await api.eq.reinstall(40022)
        options = InstallOptions(os_id=219, root_pass=Secret("Str0ng-pass"), hostname="nl-gpu-01")
        await _finish(
            api, await api.eq.create_pxe(40022, options, pin, reinstall_key=master.key), clock
        )
        await _finish(api, await api.eq.boot_dev(40022, "pxe", pin), clock)
        await _finish(api, await api.eq.power(40022, "reboot", pin), clock)
        await _finish(api, master, clock)
        await _finish(api, await api.eq.boot_dev(40022, "disk", pin), clock)
        gpu_task = await api.jenkins.call(40022, 1)  # the post-install task: GPU drivers
        assert gpu_task is not None
        await _finish(api, gpu_task, clock)
        await _finish(api, await api.eq.clear_pxe(40022, "nl-gpu-01"), clock)
        reinstall = await api.eq.reinstall_instance(
            34533, InstallOptions(219, Secret("Str0ng-pass")), pin
        )
        assert reinstall.handle is not None
        await _finish(api, reinstall.handle, clock)
        order = OrderRequest(
            "vm.pico", "IS", 25, "monthly", InstallOptions(219, Secret("Str0ng-pass"))
        )
        ordered = await api.eq.order_instance(order, pin)
        assert ordered.handle is not None
        await _finish(api, ordered.handle, clock)

        status = await _finish(api, await api.net.get_status(34533, pin), clock)
        port_status_from_scope(status.scope)
        await _finish(api, await api.net.port(40021, "eth0", False, pin), clock)
        await _finish(api, await api.net.port(40021, "eth0", True, pin), clock)
        assert (await api.net.show_cacti(40021, "eth0", "day", pin))[:4] == b"\x89PNG"
        ip = (await api.eq.show(40021)).main_ip
        await api.net.block_ip(40021, ip, "scanning", four_hours=True)
        await api.net.unblock_ip(40021, ip)
        await api.ip.get_ip(ip)
        await api.ip.update_ptr(40021, ip, ["db.example.com"])
        await api.ip.get_ptr(40021, ip)
        await api.ip.set_main(40021, ip)
        free = await api.net.show_ipv4_free(40021, "eth0")
        extra = (await api.net.add_ipv4(40021, "eth0", 1))[0].ip
        assert extra == free[0].ip
        await api.net.remove_ipv4(40021, extra)
        # a VM's snapshots: the list through the callback; each change followed to its end
        snaps = await _finish(api, await api.vm.get_snapshot(40052), clock)
        assert [s.name for s in snapshots_from_json(snaps.scope)] == ["before-upgrade"]
        for change in ("create_snapshot", "restore_snapshot"):
            await _finish(api, await api.vm.snapshot_change(change, 40052, "tour-1"), clock)
        await _finish(api, await api.eq.power(40052, "off", pin), clock)  # removal wants it off
        await _finish(api, await api.vm.snapshot_change("remove_snapshot", 40052, "tour-1"), clock)
        await _finish(api, await api.eq.power(40052, "on", pin), clock)
        assert isinstance(await api.vm.load_stats(40052), VmStats)
        client_ip = await api.ip.get_client_ip()
        await _finish(api, await api.nat.add_static_nat(40021, pin, client_ip, 2), clock)
        await _finish(api, await api.nat.remove_static_nat(40021), clock)
        isos = await api.iso.list_iso(34533)
        await _finish(api, await api.iso.mount_iso(34533, isos[0].id), clock)
        await _finish(api, await api.iso.unmount_iso(34533), clock)
        mine = await api.iso.upload("https://example.com/isos/tour.iso", "tour.iso")
        assert mine is not None and mine.status == "Pending"
        clock.advance(600)  # downloaded meanwhile
        ready = next(i for i in await api.iso.uploaded() if i.id == mine.id)
        await _finish(api, await api.iso.mount_iso(34533, ready.id), clock)
        await _finish(api, await api.iso.unmount_iso(34533), clock)

        for location in ("NL", "FI"):
            presets = await api.catalog.presets(location)
            await api.catalog.os_list(presets[0].id)
            await api.catalog.software(location, presets[0].id)
            await api.catalog.traffic_plans(location, presets[0].id)
            stocks = await api.catalog.stocks(location, "ALL")
            await api.catalog.stock(stocks[0].id)
        await api.catalog.jenkins_tasks()

        client = await api.whmcs.get_client()
        await api.whmcs.update_client({"billing_city": "Utrecht"})
        await api.whmcs.update_client({"co_autopayment": "on", "billing_twofaenabled": "true"})
        await api.whmcs.reset_password(client.email)
        contact = await api.whmcs.add_contact()
        await api.whmcs.update_contact(contact, "ops@example.com")
        await api.whmcs.get_contacts()
        await api.whmcs.delete_contact(contact)
        funds = await api.whmcs.create_addfunds(Decimal(20))
        await api.whmcs.getpaymentgw(funds)
        await api.whmcs.get_billing_data(34533)
        await api.whmcs.getcredits(34533, "EUR")
        await api.whmcs.transactions()
        invoices = [i for i in await api.whmcs.get_invoices() if i.unpaid]
        group = await api.whmcs.mass_pay([i.id for i in invoices[:2]])
        await api.whmcs.get_invoice(group)
        assert (await api.whmcs.download_invoice(group))[:5] == b"%PDF-"
        await api.whmcs.get_related_invoices(17405)
        await api.whmcs.apply_credit(invoices[-1].id, Decimal("1.00"))
        await api.whmcs.generate_due_invoice(34533)
        await api.whmcs.request_cancellation(34533, immediate=False, reason="testing")
        await api.whmcs.get_cancellation_requests()
        await api.whmcs.delete_cancellation_request(34533)

        domain = await api.pdns.add_domain("tour.example", 34533)
        await api.pdns.list_domains()
        await api.pdns.add_dns("tour.example", "www", "A", ["1.2.3.4", "5.6.7.8"], ttl=300)
        await api.pdns.view_zone("tour.example")
        await api.pdns.delete_dns("tour.example", DnsRecord("www.tour.example", "A", "1.2.3.4"))
        await api.pdns.add_dns(
            "tour.example", "web", "A", ["5.6.7.8"], old_name="www", increase_soa_serial=True
        )
        await api.pdns.add_dns(
            "tour.example",
            "_sip._udp",
            "SRV",
            [],
            priority=10,
            srv=(5, 5060, "sip.tour.example", "udp"),
        )
        subs = await api.pdns.list_subdomains(34533)
        await api.pdns.add_subdomain(34533, domain, "shop")
        shop = next(
            s for s in await api.pdns.list_subdomains(34533) if s.name == "shop.tour.example"
        )
        await api.pdns.edit_subdomain(shop.id, 34533)
        await api.pdns.delete_subdomain(34533, shop.id)
        assert len(await api.pdns.list_subdomains(34533)) == len(subs)
        await api.pdns.delete_domain(domain, "tour.example")
        from hostkey_tui.models.dns_zones import ZoneSpec

        await api.pdns.add_zone(ZoneSpec("zone-tour.example", dnssec=True, mname="ns1.hostkey.com"))
        assert "zone-tour.example" in [z.name for z in await api.pdns.list_zones()]
        await api.pdns.delete_zone("zone-tour.example")

        await api.tags.add([34533], "team", "ops")
        await api.tags.list(34533)
        await api.tags.user_search("ops")
        await api.tags.remove([34533], "team")
        key = await api.api_keys.add("tour", notify_method="none")
        await api.api_keys.list()
        await api.api_keys.list_for_server(34533)
        await api.api_keys.view(key.id)
        await api.api_keys.edit(key)
        await api.api_keys.history(key.id)
        await api.api_keys.delete(key.id)
        ssh = await api.ssh_keys.add(
            "tour", "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFakeKeyForTheTour tour"
        )
        await api.ssh_keys.list()
        await api.ssh_keys.delete(ssh.id)
        requests = await api.rhr.add(34533, "KVM", "attach a KVM please")
        await api.rhr.list()
        history = await api.rhr.chat(requests[0].id, "after 14:00 UTC please")
        assert history is not None
        assert [c.text for c in history] == ["after 14:00 UTC please"]
        await api.rhr.discard(requests[0].id)
        await api.jira.request_assistance("Cancel", "cancel it at the end of the term", 40021)
        for action in (
            "request_pon",
            "request_poff",
            "request_reboot",
            "request_PXEboot",
            "request_kvm",
            "request_check",
        ):
            await api.jira.request(40021, action)
        await api.auth.logout()
        await api.auth.whmcslogin(world.email, Secret("Demo-pass-2026"))
        await api.auth.check_2fa(Secret(world.two_factor_code))  # the account has 2FA on
    return transport


async def test_the_tour_calls_every_route(toured: RecordingTransport, world: World) -> None:
    called = {(r.resource, r.action) for r in world.requests}
    assert set(ROUTES) - called == set()
    assert all(r.status == 200 for r in world.requests)


def key_paths(value: Any, prefix: str = "", depth: int = 4) -> set[str]:
    """Every key path of a JSON value, lists flattened as `[]`."""
    if depth == 0:
        return set()
    paths: set[str] = set()
    if isinstance(value, dict):
        for key, item in value.items():
            path = f"{prefix}.{key}" if prefix else str(key)
            paths.add(path)
            paths |= key_paths(item, path, depth - 1)
    elif isinstance(value, list):
        for item in value:
            paths |= key_paths(item, f"{prefix}[]", depth)
    return paths


# Documented example → the tour's recording of the same call.
DOCUMENTED = {
    "api_keys.list": "api_keys.list",
    "api_keys.add": "api_keys.add",
    "api_keys.history": "api_keys.history",
    "auth.login": "auth.login",
    "auth.info": "auth.info",
    "eq.show": "eq.show",
    "whmcs.get_client": "whmcs.get_client",
    "whmcs.get_contacts": "whmcs.get_contacts",
    "whmcs.getpaymentgw": "whmcs.getpaymentgw",
    "whmcs.get_billing_data": "whmcs.get_billing_data",
    "whmcs.getcredits": "whmcs.getcredits",
    "whmcs.get_related_invoices": "whmcs.get_related_invoices",
    "whmcs.get_invoice": "whmcs.get_invoice",
    "whmcs.get_invoices": "whmcs.get_invoices",
    "presets.list": "presets.list",
    "os.list": "os.list",
    "software.list": "software.list",
    "traffic_plans.list": "traffic_plans.list",
    "stocks.list": "stocks.list",
    "stocks.show": "stocks.show",
    "jenkins.get_tasks": "jenkins.get_tasks",
    "eq_callback.check.sensors": "eq_callback.get_sensors.ok",
    "eq_callback.check.console": "eq_callback.console.ok",
    "eq_callback.check.add_ipmi_user": "eq_callback.add_ipmi_user.ok",
    "eq_callback.check.net_get_status": "eq_callback.get_status.ok",
    "eq_callback.check.stage": "eq_callback.reinstall.stage",
}

# Parts of documented replies the simulator leaves out, each for a reason.
NOT_SIMULATED = {
    # the many WHMCS account settings and internal records the app never reads
    "whmcs.get_client": ("client.", "internal", "groupdata.s", "groupdata.separateinvoices"),
    # eq/show's per-component hardware tag arrays: inventory internals, not shown anywhere
    "eq.show": ("hardware.tags.",),
    # whmcslogin's timing trace and account flags
    "auth.info": (
        "result.show_",
        "result.manage_",
        "result.sumsub",
        "result.tags",
        "result.billing_options",
        "result.timing",
    ),
    "auth.login": ("result.whmcs_location",),
    "presets.list": ("presets[].tags[].",),
    "os.list": ("os_list[].tags[].",),
    "software.list": ("software[].tags[].",),
    # a stock server's tags are its own (ipmi, hwraid, no_autodeploy): which ones varies
    "stocks.show": ("server_data.tags.",),
    "stocks.list": ("servers[].tags.",),
}


@pytest.mark.parametrize("documented", sorted(DOCUMENTED))
async def test_replies_have_the_documented_shape(
    toured: RecordingTransport, documented: str
) -> None:
    expected = key_paths(json.loads((DOC / f"{documented}.json").read_text()))
    actual = key_paths(toured.replies[DOCUMENTED[documented]])
    skipped = NOT_SIMULATED.get(documented, ())
    missing = sorted(p for p in expected - actual if not any(p.startswith(s) for s in skipped))
    assert missing == []
