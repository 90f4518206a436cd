"""The simulated account changes as the real one would, and its faults do what they say."""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal

import httpx
import pytest

from hostkey_tui.api import InvapiClient, TransportError, watch
from hostkey_tui.api.tasks import TaskHandle
from hostkey_tui.clock import ManualClock
from hostkey_tui.models.common import Secret
from hostkey_tui.models.orders import InstallOptions, OrderRequest
from hostkey_tui.models.tasks import TaskState
from hostkey_tui.simulator.world import World
from tests.conftest import PIN


async def finish(api: InvapiClient, handle: TaskHandle, clock: ManualClock) -> TaskState:
    events = [event async for event in watch(api.callback, handle, clock=clock)]
    return events[-1].state


async def test_power_off_turns_the_status_off(client: InvapiClient, clock: ManualClock) -> None:
    assert (
        await finish(client, await client.eq.power(34533, "off", Secret(PIN)), clock)
        is TaskState.DONE
    )
    status = await client.eq.status(34533)
    events = [e async for e in watch(client.callback, status, clock=clock)]
    assert events[-1].message == "VM is down"


async def test_a_ptr_set_is_read_back(client: InvapiClient) -> None:
    ip = (await client.eq.show(34533)).main_ip
    await client.ip.update_ptr(34533, ip, ["mail.example.com", "www.example.com"])
    assert (await client.ip.get_ptr(34533, ip)).values == ("mail.example.com", "www.example.com")


async def test_paying_from_credit_lowers_the_balance(client: InvapiClient) -> None:
    before = (await client.whmcs.get_client()).credit.amount
    invoice = next(i for i in await client.whmcs.get_invoices() if i.unpaid)
    assert invoice.total.amount is not None

    await client.whmcs.apply_credit(invoice.id, invoice.total.amount)

    after = (await client.whmcs.get_client()).credit.amount
    assert before is not None and after == before - invoice.total.amount
    paid = (await client.whmcs.get_invoice(invoice.id)).invoice
    assert paid.status == "Paid" and paid.paid is not None


async def test_a_tag_added_is_listed_and_bulk_tagging_is_one_request(
    client: InvapiClient, world: World
) -> None:
    await client.tags.add([34533], "team", "payments")
    assert ("team", "payments") in {(t.name, t.value) for t in await client.tags.list(34533)}

    await client.tags.add([34533, 32645, 17405], "rack", "A7")

    assert world.count("tags", "add") == 2
    for server_id in (34533, 32645, 17405):
        assert "A7" in {t.value for t in await client.tags.list(server_id)}
    assert await client.tags.user_search("payments") == (34533,)


async def test_async_keys_progress_with_the_clock(client: InvapiClient, world: World) -> None:
    world.clock = manual = ManualClock()
    handle = await client.eq.power(34533, "reboot", Secret(PIN))
    assert (await client.callback.check(handle.key)).state is TaskState.PENDING
    manual.advance(5)
    assert (await client.callback.check(handle.key)).state is TaskState.DONE


async def test_sensors_drift_and_a_degraded_server_shows_it(
    client: InvapiClient, clock: ManualClock
) -> None:
    async def cpu_reading(server_id: int) -> str:
        handle = await client.eq.sensors(server_id)
        events = [e async for e in watch(client.callback, handle, clock=clock)]
        return next(line for line in events[-1].message.splitlines() if line.startswith("CPU Temp"))

    first = await cpu_reading(40021)
    clock.advance(60)
    second = await cpu_reading(40021)
    assert first != second and first.endswith("| ok")
    assert not (await cpu_reading(40041)).endswith("| ok")  # fi-build-01 runs hot


async def test_sensors_are_for_bare_metal_only(client: InvapiClient) -> None:
    with pytest.raises(Exception, match="bare-metal"):
        await client.eq.sensors(34533)


async def test_tokens_expire_after_their_ttl(world: World, clock: ManualClock) -> None:
    transport_world = world
    from tests.conftest import make_client

    async with make_client(transport_world, clock, ttl=120) as api:
        await api.eq.show(34533)
        token = next(iter(world.tokens))
        clock.advance(121)
        reply = await api.call(
            "eq", "show", {"id": 34533, "token": token}, token=False, check=False
        )
    assert reply == {"code": -2, "message": "Token expired"}


async def test_an_order_appears_in_the_account_when_deployed(
    client: InvapiClient, world: World, clock: ManualClock
) -> None:
    credit = world.credit
    order = OrderRequest(
        preset="vm.nano",
        location="FI",
        traffic_plan=25,
        deploy_period="monthly",
        install=InstallOptions(os_id=219, root_pass=Secret("Str0ng-pass"), hostname="fi-new-01"),
    )
    result = await client.eq.order_instance(order, Secret(PIN))
    assert result.handle is not None and result.invoice_id is not None
    assert world.credit == credit - Decimal(5)
    assert result.server_id not in (await client.eq.update_servers()).server_ids

    assert await finish(client, result.handle, clock) is TaskState.DONE

    inventory = await client.eq.update_servers()
    assert result.server_id in inventory.server_ids
    assert (await client.eq.show(result.server_id or 0)).hostname == "fi-new-01"


async def test_an_order_without_enough_credit_waits_for_its_invoice(
    client: InvapiClient, world: World, clock: ManualClock
) -> None:
    world.credit = Decimal("1.00")
    order = OrderRequest(
        "vm.large", "NL", 25, "annually", InstallOptions(os_id=219, root_pass=Secret("Str0ng-pass"))
    )
    result = await client.eq.order_instance(order, Secret(PIN))
    assert result.handle is None and result.status == "awaiting_payment"

    world.credit = Decimal(1000)
    invoice = await client.whmcs.get_invoice(result.invoice_id or 0)
    await client.whmcs.apply_credit(invoice.invoice.id, invoice.invoice.total.amount or Decimal(0))

    deploy_keys = dict((await client.eq.update_servers()).deploy_keys)
    assert str(result.invoice_id) in deploy_keys


async def test_the_pxe_way_installs_when_the_server_boots_from_pxe(
    client: InvapiClient, world: World, clock: ManualClock
) -> None:
    master = await client.eq.reinstall(40021)
    options = InstallOptions(os_id=205, root_pass=Secret("Str0ng-pass"), hostname="nl-db-01")
    for step in (
        await client.eq.create_pxe(
            40021, options, Secret(PIN), reinstall_key=master.key, partitioning="LVM_RAID1"
        ),
        await client.eq.boot_dev(40021, "pxe", Secret(PIN)),
    ):
        assert await finish(client, step, clock) is TaskState.DONE
    assert (await client.callback.check(master.key)).state is TaskState.PENDING  # nothing yet
    assert (
        await finish(client, await client.eq.power(40021, "reboot", Secret(PIN)), clock)
        is TaskState.DONE
    )

    stages = [
        e.stage.number
        for e in [e async for e in watch(client.callback, master, clock=clock)]
        if e.stage
    ]
    assert stages[:5] == [1, 2, 3, 4, 5]
    assert world.servers[40021].os_name == "RockyLinux 9"
    for step in (
        await client.eq.boot_dev(40021, "disk", Secret(PIN)),
        await client.eq.clear_pxe(40021, "nl-db-01"),
    ):
        assert await finish(client, step, clock) is TaskState.DONE
    assert world.servers[40021].pxe is None and world.servers[40021].boot_dev == "disk"


async def test_a_second_reinstall_while_one_runs_is_refused(client: InvapiClient) -> None:
    options = InstallOptions(os_id=219, root_pass=Secret("Str0ng-pass"))
    await client.eq.reinstall_instance(34533, options, Secret(PIN))
    with pytest.raises(Exception, match="already being reinstalled"):
        await client.eq.reinstall_instance(34533, options, Secret(PIN))


async def test_a_failing_install_reports_its_stage_and_debug(
    client: InvapiClient, world: World, clock: ManualClock
) -> None:
    world.fail_next_install = True
    order = await client.eq.reinstall_instance(
        34533, InstallOptions(219, Secret("Str0ng-pass")), Secret(PIN)
    )
    assert order.handle is not None
    events = [e async for e in watch(client.callback, order.handle, clock=clock)]
    assert events[-1].state is TaskState.FAILED and "(3/5)" in events[-1].message
    assert events[-1].reply is not None and "timeout" in events[-1].reply.debug


async def test_a_delete_without_content_removes_the_whole_set(client: InvapiClient) -> None:
    """The simulator keeps the real trap, so that the app's guard against it is tested."""
    zone = "example-shop.com"
    before = [r for r in (await client.pdns.view_zone(zone)).records if r.type == "MX"]
    assert len(before) == 2
    await client.call("pdns", "delete_dns", {"params": {"zone": zone, "name": "@", "type": "MX"}})
    assert not [r for r in (await client.pdns.view_zone(zone)).records if r.type == "MX"]


async def test_a_delete_with_content_removes_one_record(client: InvapiClient) -> None:
    zone = "example-shop.com"
    mx = [r for r in (await client.pdns.view_zone(zone)).records if r.type == "MX"]
    await client.pdns.delete_dns(zone, mx[0])
    assert [r.content for r in (await client.pdns.view_zone(zone)).records if r.type == "MX"] == [
        mx[1].content
    ]


async def test_faults_never_finish_and_lose_task(
    client: InvapiClient, world: World, clock: ManualClock
) -> None:
    world.faults.add("never_finish", "eq/status", times=1)
    stuck = await client.eq.status(34533)
    events = [e async for e in watch(client.callback, stuck, clock=clock, deadline=60)]
    assert events[-1].state is TaskState.TIMED_OUT

    world.faults.add("lose_task", "eq/status", times=1)
    lost = await client.eq.status(34533)
    assert await finish(client, lost, clock) is TaskState.GONE


async def test_a_hang_is_a_timeout_for_the_client(world: World, clock: ManualClock) -> None:
    from hostkey_tui.api import Timeouts
    from tests.conftest import make_client

    world.faults.add("hang", "eq/show")
    # The read timeout passes on the world's clock; the total (real time) only as a backstop.
    async with make_client(world, clock, timeouts=Timeouts(1, 0.2, 30)) as api:
        await api.auth.login()
        with pytest.raises(TransportError, match="no reply"):
            await api.eq.show(34533)
    assert world.count("eq", "show") == 4  # a read: retried, and bounded


def test_the_simulator_cli_answers_curl_like_the_documentation() -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "hostkey_tui.simulator", "--port", "0", "--seed", "3"],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        url = process.stdout.readline().split()[3]
        key = process.stdout.readline().split()[-1]
        reply = httpx.post(
            f"{url}/auth.php", data={"action": "login", "key": key}, timeout=10
        ).json()
        assert len(reply["result"]["token"]) == 32
        assert reply["result"]["servers"] and "eq/show" in reply["result"]["permissions"]
        presets = httpx.post(
            f"{url}/presets.php", data={"action": "list", "location": "NL"}, timeout=10
        ).json()
        assert presets["result"] == "OK" and json.dumps(presets).count('"name"') >= 5
    finally:
        process.terminate()
        process.wait(10)
