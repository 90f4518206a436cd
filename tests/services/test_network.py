"""Network and remote access at the service layer: sent once, read back, secrets kept out."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from hostkey_tui.api import ApiError, InvapiClient, PinRejected, ReadOnlyRefused
from hostkey_tui.api.transport import FieldValue
from hostkey_tui.clock import ManualClock
from hostkey_tui.models.common import Secret
from hostkey_tui.models.network import IsoImage
from hostkey_tui.models.tasks import TaskState
from hostkey_tui.services import network, remote
from hostkey_tui.services.audit import Journal
from hostkey_tui.services.context import Services
from hostkey_tui.services.ledger import Ledger
from hostkey_tui.services.session import run_session
from hostkey_tui.simulator.routes import ROUTES, Ctx, Route, refuse
from hostkey_tui.simulator.world import JSON, Form, World
from hostkey_tui.state.store import Store
from tests.conftest import PIN, make_client

VM, BM, STAFF_BLOCKED = 34533, 40053, 40044
STAFF_IP = "193.124.19.111"  # blocked by staff in the demo world


@pytest.fixture
async def services(
    client: InvapiClient, clock: ManualClock, world: World, tmp_path: Path
) -> Services:
    async def resolve(name: str) -> tuple[str, ...]:
        return tuple(world.resolve(name))

    made = Services(
        client,
        Store(),
        clock,
        journal=Journal(tmp_path / "journal.jsonl"),
        profile="test",
        ledger=Ledger(tmp_path / "state" / "ledger.json"),
        resolve=resolve,
    )
    await run_session(made)
    return made


def server_ip(services: Services, server_id: int, main: bool = True) -> str:
    return next(a.ip for a in services.store.state.servers[server_id].ips if a.main == main)


def refused(monkeypatch: pytest.MonkeyPatch, resource: str, action: str, message: str) -> None:
    """Make the simulator refuse `resource/action` as invapi refuses: `{"code":-1,"message":...}`
    (after the session check, as every endpoint does); undone when the test ends."""

    def refuse_it(world: World, form: Form, ctx: Ctx) -> JSON:
        raise refuse(message)

    monkeypatch.setitem(ROUTES, (resource, action), Route(refuse_it, auth=True, pin=False))


async def test_port_status_is_parsed_from_the_json_inside_scope(services: Services) -> None:
    job = await network.read_port_status(services, BM, "de-db-02", Secret(PIN))
    port = services.store.state.net_of(BM).port
    assert job.state is TaskState.DONE
    assert port is not None and port.connected and port.port.startswith("ge-0/0/")
    assert port.switch and port.vlan and port.macs


async def test_port_off_is_sent_once_with_the_switch_port_and_read_back(
    services: Services, world: World
) -> None:
    await network.read_port_status(services, BM, "de-db-02", Secret(PIN))
    port = services.store.state.net_of(BM).port
    assert port is not None
    job = await network.set_port(services, BM, "de-db-02", port.port, False, Secret(PIN), "test")
    assert job.state is TaskState.DONE
    assert world.count("net", "port_off") == 1
    assert world.logged("net", "port_off")[0].field("port") == port.port
    after = services.store.state.net_of(BM).port
    assert after is not None and not after.connected


async def test_ptr_edit_is_read_back_with_its_forward_check(services: Services) -> None:
    ip = server_ip(services, BM)
    record = await network.update_ptr(
        services, BM, "de-db-02", ip, ["mail.example.com", "db.example.com."]
    )
    assert record.values == ("mail.example.com", "db.example.com")
    held = services.store.state.net_of(BM)
    assert held.ptr[ip].values == record.values
    # Names the simulator's DNS does not know do not resolve: shown, never required.
    assert held.forward[f"{ip} mail.example.com"] == "does not resolve from here"


async def test_the_default_ptr_is_forward_confirmed(services: Services) -> None:
    ip = server_ip(services, BM)
    record = await network.read_ptr(services, BM, ip)
    assert services.store.state.net_of(BM).forward[f"{ip} {record.values[0]}"] == network.FORWARD_OK


async def test_a_bad_ptr_name_is_refused_before_sending(services: Services, world: World) -> None:
    with pytest.raises(ApiError, match="Nothing was sent"):
        await network.update_ptr(services, BM, "de-db-02", server_ip(services, BM), ["-bad-.x"])
    assert world.count("ip", "update_ptr") == 0


async def test_block_with_expiry_then_unblock(
    services: Services, world: World, clock: ManualClock
) -> None:
    ip = server_ip(services, BM, main=False)
    await network.block_ip(services, BM, "de-db-02", ip, "scan from here", four_hours=True)
    assert world.logged("net", "block_ip")[0].field("four_hours") == "1"
    address = next(a for a in services.store.state.servers[BM].ips if a.ip == ip)
    assert address.locked
    until = services.store.state.net_of(BM).block_until[ip]
    assert until == pytest.approx(clock.now() + 4 * 3600, abs=5)
    await network.unblock_ip(services, BM, "de-db-02", ip)
    address = next(a for a in services.store.state.servers[BM].ips if a.ip == ip)
    assert not address.locked and ip not in services.store.state.net_of(BM).block_until


async def test_a_staff_block_is_explained_when_unblock_is_refused(services: Services) -> None:
    assert next(
        a for a in services.store.state.servers[STAFF_BLOCKED].ips if a.ip == STAFF_IP
    ).locked
    with pytest.raises(ApiError, match="set by HOSTKEY staff"):
        await network.unblock_ip(services, STAFF_BLOCKED, "fi-backup-01", STAFF_IP)


async def test_traffic_graph_is_saved_private(services: Services, tmp_path: Path) -> None:
    path = await network.traffic_graph(
        services, BM, "ge-0/0/13", "month", tmp_path / "dl", Secret(PIN)
    )
    assert path.read_bytes().startswith(b"\x89PNG")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert services.store.state.net_of(BM).graphs["month"] == str(path)


async def test_nat_is_kept_across_runs_without_secrets(
    services: Services, world: World, tmp_path: Path
) -> None:
    ip = await remote.read_client_ip(services)
    job = await remote.open_nat(services, BM, "de-db-02", Secret(PIN), ip, 3)
    assert job.state is TaskState.DONE
    grant = services.store.state.net_of(BM).nat
    assert grant is not None and grant.acl == ip and grant.ttl_hours == 3
    kept = json.loads((tmp_path / "state" / "ledger.json").read_text())
    assert kept["nat:test"][str(BM)]["public_ip"] == grant.public_ip
    assert PIN not in json.dumps(kept)
    again = Services(
        services.client, Store(), services.clock, profile="test", ledger=services.ledger
    )
    remote.restore_nats(again)
    assert again.store.state.net_of(BM).nat == grant
    await remote.close_nat(services, BM, "de-db-02")
    assert services.store.state.net_of(BM).nat is None
    assert "nat:test" not in json.loads((tmp_path / "state" / "ledger.json").read_text())


async def test_a_bad_nat_source_is_refused_before_sending(services: Services, world: World) -> None:
    with pytest.raises(ApiError):
        await remote.open_nat(services, BM, "de-db-02", Secret(PIN), "0.0.0.0/0", 2)
    assert world.count("nat", "add_static_nat") == 0


async def test_ipmi_password_stays_out_of_jobs_and_journal(
    services: Services, tmp_path: Path
) -> None:
    job = await remote.add_ipmi_user(services, BM, "de-db-02")
    user = services.store.state.net_of(BM).ipmi_user
    assert job.state is TaskState.DONE and user is not None
    password = user.password.reveal()
    assert password not in job.message and password not in repr(services.store.state)
    assert password not in (tmp_path / "journal.jsonl").read_text()


async def test_console_file_is_0600_and_its_password_never_in_the_job(
    services: Services, tmp_path: Path
) -> None:
    job, path = await remote.console(services, VM, "nl-vmmini", Secret(PIN), tmp_path / "dl")
    assert job.state is TaskState.DONE and path is not None
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert "[virt-viewer]" in path.read_text()
    assert "password" not in job.message
    console = services.store.state.net_of(VM).console
    assert console is not None and console.valid_until == pytest.approx(
        services.clock.now() + 120, abs=5
    )


async def test_iso_mount_then_boot_from_cd_then_unmount(services: Services, world: World) -> None:
    isos = await remote.list_isos(services, BM)
    assert isos
    job = await remote.mount_iso(services, BM, "de-db-02", isos[0])
    assert job.state is TaskState.DONE and world.count("iso", "mount_iso") == 1
    boot = await remote.boot_device(services, BM, "de-db-02", "cd", Secret(PIN))
    assert boot.state is TaskState.DONE and services.store.state.net_of(BM).boot == "cd"
    await remote.unmount_iso(services, BM, "de-db-02")
    held = services.store.state.net_of(BM)
    assert held.mounted == "" and held.boot == "disk"


async def test_boot_from_cd_without_an_iso_fails_plainly(services: Services) -> None:
    job = await remote.boot_device(services, BM, "de-db-02", "cd", Secret(PIN))
    assert job.state is TaskState.FAILED and "No ISO is mounted" in job.message


async def test_read_only_refuses_every_change_before_sending(
    world: World, clock: ManualClock
) -> None:
    async with make_client(world, clock, read_only=True) as client:
        made = Services(client, Store(), clock)
        await run_session(made)
        before = len(world.requests)
        iso = IsoImage(1, "x")
        for call in (
            network.set_port(made, BM, "h", "ge-0/0/1", False, Secret(PIN)),
            network.update_ptr(made, BM, "h", "1.2.3.4", ["a.example.com"]),
            network.set_main_ip(made, BM, "h", "1.2.3.4"),
            network.block_ip(made, BM, "h", "1.2.3.4", "r", four_hours=False),
            network.unblock_ip(made, BM, "h", "1.2.3.4"),
            remote.open_nat(made, BM, "h", Secret(PIN), "203.0.113.7", 2),
            remote.close_nat(made, BM, "h"),
            remote.add_ipmi_user(made, BM, "h"),
            remote.remove_ipmi_user(made, BM, "h"),
            remote.reset_ipmi(made, BM, "h", Secret(PIN)),
            remote.console(made, VM, "h", Secret(PIN), Path("/nonexistent")),
            remote.mount_iso(made, BM, "h", iso),
            remote.unmount_iso(made, BM, "h"),
            remote.boot_device(made, BM, "h", "cd", Secret(PIN)),
        ):
            with pytest.raises(ReadOnlyRefused):
                await call
        assert len(world.requests) == before


async def test_unblocking_an_address_that_is_not_blocked_is_not_called_a_staff_block(
    services: Services,
) -> None:
    with pytest.raises(ApiError) as raised:
        await network.unblock_ip(services, BM, "de-db-02", server_ip(services, BM))
    assert "staff" not in raised.value.message


async def test_get_status_is_sent_with_the_pin_and_answered_directly_as_documented(
    services: Services, world: World
) -> None:
    world.async_form = "documented"  # whatever HOSTKEY_SIM_ASYNC says: the documented reply
    job = await network.read_port_status(services, BM, "de-db-02", Secret(PIN))
    assert job.state is TaskState.DONE
    sent = world.logged("net", "get_status")
    assert len(sent) == 1 and sent[0].field("pin") == PIN
    assert world.count("eq_callback", "check") == 0  # the first reply was the final one
    # The documented reply itself: result OK, the status as JSON text in scope, context,
    # debug and key (api-documentation.txt, "net/get_status").
    reply = await services.client.call("net", "get_status", {"id": BM, "pin": Secret(PIN)})
    assert isinstance(reply, dict)
    assert reply["result"] == "OK" and isinstance(reply["scope"], str)
    assert {"switch", "port", "vlan", "speed", "status", "mac"} <= set(json.loads(reply["scope"]))
    assert reply["context"]["action"] == "get_status" and reply["debug"] and reply["key"]


@pytest.mark.parametrize("action", ["get_status", "show_cacti"])
async def test_the_simulator_refuses_get_status_and_show_cacti_without_the_pin(
    services: Services, world: World, action: str
) -> None:
    fields: dict[str, FieldValue] = {"id": BM}
    if action == "show_cacti":
        fields.update(port="ge-0/0/13", graph=1)
    # The route itself, as a lenient invapi would answer: the documented wrong-PIN failure.
    world.strict = False
    with pytest.raises(PinRejected):
        await services.client.call("net", action, fields)
    assert world.pin_failures == 1  # as a wrong PIN: it counts toward the block
    # Strict (the default), the documentation's check in front of it refuses it first.
    world.strict = True
    with pytest.raises(ApiError, match="required parameter pin"):
        await services.client.call("net", action, fields)
    world.contract_refusals.clear()  # sent without the PIN on purpose


async def test_a_wrong_pin_leaves_the_port_status_not_read_and_says_why(
    services: Services, world: World
) -> None:
    job = await network.read_port_status(services, BM, "de-db-02", Secret("9999"))
    held = services.store.state.net_of(BM)
    assert job.state is TaskState.FAILED and held.port is None
    assert "PIN is not correct" in held.port_error
    assert services.store.state.pin.rejections == 1
    job = await network.read_port_status(services, BM, "de-db-02", Secret(PIN))
    held = services.store.state.net_of(BM)
    assert job.state is TaskState.DONE and held.port is not None and held.port_error == ""


async def test_a_refused_ptr_is_kept_for_its_ip_and_cleared_when_read(
    services: Services, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    ips = [a.ip for a in services.store.state.servers[BM].ips]
    with monkeypatch.context() as patch:
        refused(patch, "ip", "get_ptr", "PTR service unavailable")
        problems = await network.read_ptrs(services, BM, ips)
    assert len(problems) == len(ips)
    held = services.store.state.net_of(BM)
    assert set(held.ptr_error) == set(ips) and not held.ptr
    assert "PTR service unavailable" in held.ptr_error[ips[0]]
    await network.read_ptr(services, BM, ips[0])
    held = services.store.state.net_of(BM)
    assert ips[0] in held.ptr and ips[0] not in held.ptr_error
    assert set(held.ptr_error) == set(ips[1:])
