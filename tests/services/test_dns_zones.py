"""DNS beyond records at the service layer: renames in one call, the SOA serial asked up with
every change, SRV, zones and subdomains; each change sent once, journaled, read-only honoured."""

from __future__ import annotations

from pathlib import Path

import pytest

from hostkey_tui.api import ApiError, InvapiClient, ReadOnlyRefused, ReplyLost
from hostkey_tui.clock import ManualClock
from hostkey_tui.models.dns import DnsRecord, Zone, to_bind
from hostkey_tui.models.dns_zones import (
    ZoneSpec,
    srv_owner,
    srv_parts,
    subdomains_from_json,
    zones_from_json,
)
from hostkey_tui.models.errors import MalformedReply
from hostkey_tui.services import dns, dns_zones
from hostkey_tui.services.audit import Journal
from hostkey_tui.services.context import Services
from hostkey_tui.simulator.world import World
from hostkey_tui.state.store import Store
from tests.conftest import make_client

ZONE = "example-shop.com"
SERVER = 34533


@pytest.fixture
async def services(client: InvapiClient, clock: ManualClock, tmp_path: Path) -> Services:
    made = Services(client, Store(), clock, journal=Journal(tmp_path / "journal.jsonl"))
    await dns.load_domains(made)
    await dns.read_zone(made, ZONE)
    return made


def names(services: Services, kind: str) -> list[str]:
    zone = services.store.state.dns.zones[ZONE]
    return sorted(r.relative_name(ZONE) for r in zone.records if r.type == kind)


def outcomes(services: Services, action: str) -> list[str]:
    assert services.journal is not None
    return [e.outcome for e in services.journal.entries() if e.action == action]


def serial(services: Services) -> int:
    soa = next(r for r in services.store.state.dns.zones[ZONE].records if r.type == "SOA")
    return int(soa.content.split()[2])


# -- rename and the SOA serial -----------------------------------------------------------------


async def test_a_rename_is_one_add_dns_with_old_name(services: Services, world: World) -> None:
    before = serial(services)
    await dns.save_record(services, ZONE, "shop", "CNAME", [ZONE], replace_set=True, old_name="www")
    sent = world.logged("pdns", "add_dns")
    assert len(sent) == 1 and world.count("pdns", "delete_dns") == 0
    assert sent[0].form["params[old_name]"] == ["www"]
    assert sent[0].form["params[increase_soa_serial]"] == ["1"]
    assert "shop" in names(services, "CNAME") and "www" not in names(services, "CNAME")
    assert serial(services) == before + 1
    assert outcomes(services, "rename_dns") == ["done"]


async def test_every_record_change_asks_for_a_new_serial(services: Services, world: World) -> None:
    await dns.save_record(services, ZONE, "app", "A", ["192.0.2.10"])
    assert world.logged("pdns", "add_dns")[0].form["params[increase_soa_serial]"] == ["1"]
    assert "params[old_name]" not in world.logged("pdns", "add_dns")[0].form


async def test_a_rename_onto_a_name_with_that_type_is_refused_unsent(
    services: Services, world: World
) -> None:
    await dns.save_record(services, ZONE, "shop", "CNAME", [ZONE])
    with pytest.raises(ApiError, match="already has CNAME"):
        await dns.save_record(services, ZONE, "shop", "CNAME", [ZONE], old_name="www")
    assert world.count("pdns", "add_dns") == 1


async def test_a_lost_rename_is_not_retried_and_the_zone_says_what_happened(
    services: Services, world: World
) -> None:
    world.faults.add("drop_reply", "pdns/add_dns", times=1)
    with pytest.raises(ReplyLost, match="so it was renamed"):
        await dns.save_record(services, ZONE, "shop", "CNAME", [ZONE], old_name="www")
    assert world.count("pdns", "add_dns") == 1
    assert outcomes(services, "rename_dns") == ["unknown"]


# -- SRV ---------------------------------------------------------------------------------------


def test_an_srv_owner_carries_its_protocol() -> None:
    assert srv_owner("_sip", "udp") == "_sip._udp"
    assert srv_owner("_sip._tcp.office", "tcp") == "_sip._tcp.office"
    assert srv_owner("_xmpp-server.chat", "tcp") == "_xmpp-server._tcp.chat"
    for name, proto in (("_sip._udp", "tcp"), ("sip", "tcp"), ("_tcp", "tcp"), ("_sip", "sctp")):
        with pytest.raises(ValueError):
            srv_owner(name, proto)


def test_srv_parts_read_either_content() -> None:
    assert srv_parts("5 5060 sip.example.com.", 10) == (10, "5", "5060", "sip.example.com.")
    assert srv_parts("20 5 5060 sip.example.com.", None) == (20, "5", "5060", "sip.example.com.")


async def test_an_srv_record_is_sent_with_proto_and_exported(
    services: Services, world: World
) -> None:
    await dns.save_record(
        services,
        ZONE,
        "_xmpp._tcp",
        "SRV",
        [],
        priority=5,
        srv=(10, 5222, "chat.example.org", "tcp"),
    )
    form = world.logged("pdns", "add_dns")[0].form
    assert form["params[proto]"] == ["tcp"] and form["params[port]"] == ["5222"]
    bind = to_bind(services.store.state.dns.zones[ZONE])
    assert "_xmpp._tcp\t3600\tIN\tSRV\t5 10 5222 chat.example.org." in bind


def test_a_port_outside_1_to_65535_is_refused() -> None:
    from hostkey_tui.models.dns import check_record

    for port in (0, 65536):
        assert check_record(
            "SRV", "_sip._tcp", [], priority=1, weight=1, port=port, target="sip.example.com"
        )


def test_bind_does_not_write_a_held_priority_twice() -> None:
    zone = Zone(1, "x.org", (DnsRecord("_sip._udp.x.org", "SRV", "10 5 5060 sip.x.org", 3600, 10),))
    assert "SRV\t10 5 5060 sip.x.org." in to_bind(zone)


# -- zones ---------------------------------------------------------------------------------------


async def test_a_zone_is_added_once_with_its_soa_and_deleted(
    services: Services, world: World
) -> None:
    spec = ZoneSpec(
        "new-zone.example",
        dnssec=True,
        mname="ns1.hostkey.com",
        rname="admin.new-zone.example",
        refresh=7200,
        retry=900,
        nameservers=("ns1.hostkey.com", "ns3.example.net"),
    )
    zones = await dns_zones.add_zone(services, spec)
    assert "new-zone.example" in [z.name for z in zones]
    form = world.logged("pdns", "add_zone")[0].form
    assert form["params[dns][refresh]"] == ["7200"] and form["params[dnssec]"] == ["1"]
    assert form["params[nameservers][]"] == ["ns1.hostkey.com", "ns3.example.net"]
    assert "params[masters][]" not in form
    zones = await dns_zones.delete_zone(services, "new-zone.example")
    assert "new-zone.example" not in [z.name for z in zones]
    assert outcomes(services, "add_zone") == ["done"] and outcomes(services, "delete_zone") == [
        "done"
    ]


@pytest.mark.parametrize(
    ("spec", "why"),
    [
        (ZoneSpec("nodot"), "domain name"),
        (ZoneSpec("a.example", kind="Slave"), "masters"),
        (ZoneSpec("a.example", kind="Native"), "Master or Slave"),
        (ZoneSpec("a.example", refresh=600, retry=900), "shorter"),
        (ZoneSpec("a.example", mname="not a host"), "name server"),
    ],
)
async def test_a_zone_that_cannot_be_is_refused_unsent(
    services: Services, world: World, spec: ZoneSpec, why: str
) -> None:
    with pytest.raises(ApiError, match=why):
        await dns_zones.add_zone(services, spec)
    assert world.count("pdns", "add_zone") == 0


async def test_a_lost_add_zone_is_not_retried_and_the_zones_are_read(
    services: Services, world: World
) -> None:
    world.faults.add("drop_reply", "pdns/add_zone", times=1)
    with pytest.raises(ReplyLost, match=r"lost\.example is listed"):
        await dns_zones.add_zone(services, ZoneSpec("lost.example"))
    assert world.count("pdns", "add_zone") == 1
    assert outcomes(services, "add_zone") == ["unknown"]


def test_list_zones_is_read_leniently() -> None:
    zones = zones_from_json({"data": [{"name": "a.org.", "kind": "Native", "dnssec": 1}, "b.org"]})
    assert [(z.name, z.kind, z.dnssec) for z in zones] == [
        ("a.org", "Native", True),
        ("b.org", "", None),
    ]
    assert zones_from_json({"data": {"zones": [{"id": "c.org."}]}})[0].name == "c.org"
    assert zones_from_json({"data": None}) == ()
    with pytest.raises(MalformedReply):
        zones_from_json("nonsense")


def test_list_subdomains_leaves_out_rows_without_id_or_name() -> None:
    rows = subdomains_from_json(
        {"data": [{"id": 1, "name": "a.x.org", "server_id": 5}, {"name": "b"}, {"id": 3}]}
    )
    assert [(r.id, r.name, r.server_id) for r in rows] == [(1, "a.x.org", 5)]


# -- subdomains ----------------------------------------------------------------------------------


async def test_subdomains_added_moved_and_deleted(services: Services, world: World) -> None:
    rows = await dns_zones.add_subdomain(services, SERVER, 1001, ZONE, "api")
    new = next(r for r in rows if r.name == f"api.{ZONE}")
    rows = await dns_zones.move_subdomain(services, new, SERVER, 40021)
    assert new.id not in [r.id for r in rows]
    moved = next(r for r in await dns_zones.load_subdomains(services, 40021) if r.id == new.id)
    rows = await dns_zones.delete_subdomain(services, 40021, moved)
    assert world.count("pdns", "add_subdomain") == 1
    assert world.logged("pdns", "edit_subdomain")[0].form["params[server_id]"] == ["40021"]
    assert world.logged("pdns", "delete_subdomain")[0].form["params[id]"] == [str(new.id)]
    for action in ("add_subdomain", "edit_subdomain", "delete_subdomain"):
        assert outcomes(services, action) == ["done"]


async def test_a_lost_subdomain_add_is_not_retried(services: Services, world: World) -> None:
    world.faults.add("drop_reply", "pdns/add_subdomain", times=1)
    with pytest.raises(ReplyLost, match="read again"):
        await dns_zones.add_subdomain(services, SERVER, 1001, ZONE, "lost")
    assert world.count("pdns", "add_subdomain") == 1


async def test_read_only_sends_no_zone_or_subdomain_change(
    world: World, clock: ManualClock
) -> None:
    async with make_client(world, clock, read_only=True) as client:
        made = Services(client, Store(), clock)
        row = (await dns_zones.load_subdomains(made, min(world.servers)))[0]
        reads = len(world.requests)
        for call in (
            dns_zones.add_zone(made, ZoneSpec("ro.example")),
            dns_zones.delete_zone(made, ZONE),
            dns_zones.add_subdomain(made, SERVER, 1001, ZONE, "x"),
            dns_zones.move_subdomain(made, row, SERVER, 40021),
            dns_zones.delete_subdomain(made, SERVER, row),
            dns.save_record(made, ZONE, "shop", "CNAME", [ZONE], old_name="www"),
        ):
            with pytest.raises(ReadOnlyRefused):
                await call
        assert len(world.requests) == reads
