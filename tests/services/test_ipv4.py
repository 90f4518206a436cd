"""Extra IPv4 addresses: the client against the simulator, then the service (sent once, read
back, journaled; a lost reply is unknown and never resent; the main address never removed)."""

from __future__ import annotations

import asyncio

import pytest

from hostkey_tui.api import ApiError, InvapiClient, ReadOnlyRefused
from hostkey_tui.clock import ManualClock
from hostkey_tui.models.errors import MalformedReply
from hostkey_tui.models.ipv4 import added_ipv4_from_json, free_ipv4_from_json
from hostkey_tui.models.server import Server
from hostkey_tui.models.tasks import TaskState
from hostkey_tui.services import ipv4
from hostkey_tui.services.context import Services
from hostkey_tui.services.jobs import UNKNOWN_OUTCOME
from hostkey_tui.services.session import run_session
from hostkey_tui.simulator.world import World
from hostkey_tui.state.state import Job
from hostkey_tui.state.store import Store
from tests.conftest import make_client
from tests.services.test_network import BM, services  # noqa: F401 - the fixture

#: BM (de-db-02) holds a main address and one extra.


def held(world: World, server_id: int = BM) -> list[str]:
    return [str(e["IP"]) for e in world.servers[server_id].ips]


def main_of(world: World, server_id: int = BM) -> str:
    return next(str(e["IP"]) for e in world.servers[server_id].ips if e.get("main_ip"))


def extra_of(world: World, server_id: int = BM) -> str:
    return next(str(e["IP"]) for e in world.servers[server_id].ips if not e.get("main_ip"))


def server(made: Services, server_id: int = BM) -> Server:
    return made.store.state.servers[server_id]


def outcomes(made: Services, action: str) -> list[str]:
    journal = made.journal.entries() if made.journal else []
    return [e.outcome for e in journal if e.action == action]


# -- the client against the simulator -----------------------------------------------------------


async def test_free_addresses_are_none_of_any_server(client: InvapiClient, world: World) -> None:
    free = await client.net.show_ipv4_free(BM, "eth0")
    taken = {str(e["IP"]) for s in world.servers.values() for e in s.ips}
    assert free and not {e.ip for e in free} & taken
    sent = world.logged("net", "show_ipv4_free")[0]
    assert (sent.field("id"), sent.field("port")) == (str(BM), "eth0")


async def test_added_addresses_are_the_servers_and_no_longer_free(
    client: InvapiClient, world: World
) -> None:
    before = [e.ip for e in await client.net.show_ipv4_free(BM, "eth0")]
    added = await client.net.add_ipv4(BM, "eth0", 2)
    assert [e.ip for e in added] == before[:2]
    assert set(before[:2]) <= set(held(world))
    shown = await client.eq.show(BM)  # eq/show lists them as the server's
    assert set(before[:2]) <= {a.ip for a in shown.ips}
    assert [e.ip for e in await client.net.show_ipv4_free(BM, "eth0")] == before[2:]
    assert world.count("net", "add_ipv4") == 1


async def test_a_chosen_free_address_is_sent_as_ips_and_assigned(
    client: InvapiClient, world: World
) -> None:
    wanted = (await client.net.show_ipv4_free(BM, "eth0"))[-1].ip
    added = await client.net.add_ipv4(BM, "eth0", 1, ips=(wanted,))
    assert [e.ip for e in added] == [wanted]
    assert world.logged("net", "add_ipv4")[0].form["ips[]"] == [wanted]


async def test_removing_an_extra_address_clears_its_ptr_and_frees_it(
    client: InvapiClient, world: World
) -> None:
    added = (await client.net.add_ipv4(BM, "eth0", 1))[0].ip
    world.servers[BM].ptr[added] = ["mail.example.com"]
    await client.net.remove_ipv4(BM, added)
    assert added not in held(world) and added not in world.servers[BM].ptr
    assert added in {e.ip for e in await client.net.show_ipv4_free(BM, "eth0")}
    assert "remove_all" not in world.logged("net", "remove_ipv4")[0].form


async def test_invapi_refuses_to_remove_the_main_address(
    client: InvapiClient, world: World
) -> None:
    main = main_of(world)
    with pytest.raises(ApiError, match="main IP"):
        await client.net.remove_ipv4(BM, main)
    assert main in held(world)


def test_the_replies_are_read_as_terraform_reads_them() -> None:
    objects = {"result": "OK", "ips": [{"ip": "192.0.2.9", "vlan": 410}, {"ip": "x"}]}
    assert [(e.ip, e.vlan) for e in added_ipv4_from_json(objects)] == [("192.0.2.9", 410)]
    assert [e.ip for e in added_ipv4_from_json({"result": "OK", "ips": ["192.0.2.8"]})] == [
        "192.0.2.8"
    ]
    assert free_ipv4_from_json({"result": "OK", "ips": []}) == ()
    with pytest.raises(MalformedReply):  # no list at all is not "none free"
        free_ipv4_from_json({"result": "OK"})


# -- the service ---------------------------------------------------------------------------------


async def test_adding_is_sent_once_journaled_and_read_back(
    services: Services,  # noqa: F811
    world: World,
) -> None:
    free = [e.ip for e in await ipv4.free_ipv4(services, server(services))]
    job = await ipv4.add_ipv4(services, server(services), 1)
    assert job.state is TaskState.DONE and free[0] in job.message
    assert world.count("net", "add_ipv4") == 1
    assert free[0] in {a.ip for a in server(services).ips}  # read back from eq/show
    assert free[0] in services.store.state.net_of(BM).ptr  # its PTR read for the tab
    assert outcomes(services, "add_ipv4")[0] == "done"
    assert services.store.state.jobs[job.id].kind == ipv4.KIND


async def test_a_lost_add_reply_is_unknown_never_resent_and_the_server_read_back(
    services: Services,  # noqa: F811
    world: World,
) -> None:
    world.faults.add("drop_reply", "net/add_ipv4", times=1)
    shows = world.count("eq", "show")
    job = await ipv4.add_ipv4(services, server(services), 1)
    assert job.state is TaskState.UNKNOWN and job.message == UNKNOWN_OUTCOME
    assert world.count("net", "add_ipv4") == 1  # sent once, not resent
    assert world.count("eq", "show") > shows  # the server read back
    added = [ip for ip in held(world) if ip not in {main_of(world)}]
    assert set(added) <= {a.ip for a in server(services).ips}  # it did happen: shown
    assert "unknown" in outcomes(services, "add_ipv4")
    await asyncio.gather(*services.changes.tasks)  # invapi asked what became of it
    assert world.count("net", "add_ipv4") == 1


async def test_removing_an_extra_address_is_sent_once_and_read_back(
    services: Services,  # noqa: F811
    world: World,
) -> None:
    extra = extra_of(world)
    job = await ipv4.remove_ipv4(services, server(services), extra)
    assert job.state is TaskState.DONE
    assert world.count("net", "remove_ipv4") == 1
    assert extra not in {a.ip for a in server(services).ips}
    assert outcomes(services, "remove_ipv4")[0] == "done"


async def test_the_main_address_is_never_sent_for_removal(
    services: Services,  # noqa: F811
    world: World,
) -> None:
    with pytest.raises(ApiError, match="main address"):
        await ipv4.remove_ipv4(services, server(services), main_of(world))
    assert world.count("net", "remove_ipv4") == 0


async def test_a_second_change_while_one_is_under_way_is_not_sent(
    services: Services,  # noqa: F811
    world: World,
) -> None:
    from hostkey_tui.state.events import JobUpdated

    running = Job(id="j99", kind=ipv4.KIND, action="add_ipv4", title="t", server_id=BM, started=0)
    services.store.dispatch(JobUpdated(running))
    with pytest.raises(ApiError, match="under way"):
        await ipv4.add_ipv4(services, server(services), 1)
    assert world.count("net", "add_ipv4") == 0


async def test_read_only_refuses_both_before_sending(world: World, clock: ManualClock) -> None:
    async with make_client(world, clock, read_only=True) as client:
        made = Services(client, Store(), clock)
        await run_session(made)
        before = len(world.requests)
        target = made.store.state.servers[BM]
        for call in (
            ipv4.add_ipv4(made, target, 1),
            ipv4.remove_ipv4(made, target, extra_of(world)),
        ):
            with pytest.raises(ReadOnlyRefused):
                await call
        assert len(world.requests) == before


async def test_a_done_change_whose_read_back_fails_stays_done(
    services: Services,  # noqa: F811
    world: World,
) -> None:
    world.faults.add("status", "eq/show", value=503)
    job = await ipv4.add_ipv4(services, server(services), 1)
    assert job.state is TaskState.DONE
    assert "could not be read back" in job.message
    assert world.count("net", "add_ipv4") == 1
    assert outcomes(services, "add_ipv4")[0] == "done"
    world.faults.clear()
    extra = next(a.ip for a in (await services.client.eq.show(BM)).ips if not a.main)
    world.faults.add("status", "eq/show", value=503)
    removed = await ipv4.remove_ipv4(services, server(services), extra)
    assert removed.state is TaskState.DONE and "could not be read back" in removed.message
