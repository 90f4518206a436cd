"""DNS at the service layer: round trips read back, checks before sending, never retried."""

from __future__ import annotations

from pathlib import Path

import pytest

from hostkey_tui.api import ApiError, InvapiClient, MalformedReply, ReplyLost
from hostkey_tui.clock import ManualClock
from hostkey_tui.models.dns import DnsRecord, Zone
from hostkey_tui.services import dns
from hostkey_tui.services.audit import Journal
from hostkey_tui.services.context import Services
from hostkey_tui.simulator.world import World
from hostkey_tui.state.store import Store

ZONE = "example-shop.com"


@pytest.fixture
async def services(client: InvapiClient, clock: ManualClock, tmp_path: Path) -> Services:
    made = Services(client, Store(), clock, journal=Journal(tmp_path / "journal.jsonl"))
    await dns.load_domains(made)
    return made


def records(services: Services, name: str, kind: str) -> list[str]:
    zone = services.store.state.dns.zones[ZONE]
    return sorted(
        r.content for r in zone.records if r.type == kind and r.relative_name(ZONE) == name
    )


async def test_add_then_replace_then_delete_are_read_back(services: Services, world: World) -> None:
    await dns.save_record(services, ZONE, "app", "A", ["192.0.2.10", "192.0.2.11"], ttl=600)
    assert records(services, "app", "A") == ["192.0.2.10", "192.0.2.11"]
    await dns.save_record(services, ZONE, "app", "A", ["192.0.2.12"], replace_set=True)
    assert records(services, "app", "A") == ["192.0.2.12"]
    record = next(
        r for r in services.store.state.dns.zones[ZONE].records if r.content == "192.0.2.12"
    )
    await dns.delete_record(services, ZONE, record)
    assert records(services, "app", "A") == []
    assert world.count("pdns", "add_dns") == 2 and world.count("pdns", "delete_dns") == 1


async def test_a_delete_always_carries_the_content(services: Services, world: World) -> None:
    zone = await dns.read_zone(services, ZONE)
    mx = next(r for r in zone.records if r.type == "MX")
    await dns.delete_record(services, ZONE, mx)
    sent = world.logged("pdns", "delete_dns")[0]
    assert mx.content in sent.form["params[content][]"]
    # The other MX of the apex is still there: only the one record went.
    assert len(records(services, "@", "MX")) == 1


async def test_a_record_without_content_is_never_deleted(services: Services, world: World) -> None:
    with pytest.raises(ApiError, match="nothing was sent"):
        await dns.delete_record(services, ZONE, DnsRecord("@", "MX", ""))
    assert world.count("pdns", "delete_dns") == 0


@pytest.mark.parametrize(
    ("kind", "contents", "options", "why"),
    [
        ("A", ["2a0f::1"], {}, "IPv4"),
        ("AAAA", ["192.0.2.1"], {}, "IPv6"),
        ("CNAME", ["not a host"], {}, "host name"),
        ("MX", ["mail.example.com"], {}, "priority"),
        ("SRV", [], {"priority": 10}, "weight"),
        ("TXT", ["a", "b"], {}, "one content"),
        ("A", ["192.0.2.1"], {"ttl": 5}, "TTL"),
    ],
)
async def test_each_type_is_checked_before_sending(
    services: Services,
    world: World,
    kind: str,
    contents: list[str],
    options: dict[str, int],
    why: str,
) -> None:
    with pytest.raises(ApiError, match=why):
        await dns.save_record(services, ZONE, "x", kind, contents, **options)  # type: ignore[arg-type]
    assert world.count("pdns", "add_dns") == 0


async def test_srv_is_sent_with_its_parts(services: Services, world: World) -> None:
    await dns.save_record(
        services,
        ZONE,
        "_xmpp._tcp",
        "SRV",
        [],
        priority=5,
        srv=(10, 5222, "chat.example.com", "tcp"),
    )
    sent = world.logged("pdns", "add_dns")[0]
    assert (
        sent.field("params[port]") == "5222" and sent.field("params[target]") == "chat.example.com"
    )
    assert sent.field("params[proto]") == "tcp"  # invapi's tcp or udp, not the name's _tcp
    assert records(services, "_xmpp._tcp", "SRV") == ["10 5222 chat.example.com"]


async def test_srv_with_the_name_form_of_its_protocol_is_refused(
    services: Services, world: World
) -> None:
    with pytest.raises(ApiError, match="tcp, udp"):
        await dns.save_record(
            services, ZONE, "_sip._udp", "SRV", [], priority=5, srv=(1, 5060, "sip.x.org", "_udp")
        )
    assert "proto" in world.contract_refusals.pop()  # refused as the documentation says


async def test_a_lost_add_is_not_retried_and_the_zone_is_read_again(
    services: Services, world: World
) -> None:
    world.faults.add("drop_reply", "pdns/add_dns", times=1)
    with pytest.raises(ReplyLost, match="it was added"):
        await dns.save_record(services, ZONE, "lost", "A", ["192.0.2.50"])
    assert world.count("pdns", "add_dns") == 1
    assert records(services, "lost", "A") == ["192.0.2.50"]


async def test_add_and_delete_a_domain(services: Services, world: World) -> None:
    await dns.add_domain(services, "new-example.org")
    names = [d.name for d in services.store.state.dns.domains or ()]
    assert "new-example.org" in names
    domain = next(d for d in services.store.state.dns.domains or () if d.name == "new-example.org")
    await dns.delete_domain(services, domain)
    assert "new-example.org" not in [d.name for d in services.store.state.dns.domains or ()]


async def test_export_is_bind_text_0600(services: Services, tmp_path: Path) -> None:
    zone = await dns.read_zone(services, ZONE)
    path = dns.export_zone(zone, tmp_path / "out")
    text = path.read_text()
    assert text.startswith(f"$ORIGIN {ZONE}.") and "\tIN\tMX\t" in text
    assert (path.stat().st_mode & 0o777) == 0o600


async def test_an_export_named_by_invapi_stays_in_the_folder_and_replaces_nothing(
    services: Services, tmp_path: Path
) -> None:
    folder = tmp_path / "downloads"
    zone = Zone(7, "../../x/evil", ())
    first = dns.export_zone(zone, folder)
    second = dns.export_zone(zone, folder)
    assert first.parent == second.parent == folder.resolve()
    assert (first.name, second.name) == ("x_evil.zone", "x_evil (2).zone")
    assert not (tmp_path / "x").exists() and not (folder.parent.parent / "x").exists()
    assert first.read_text().startswith("$ORIGIN ../../x/evil.")  # the file's text is BIND's


async def test_a_zone_named_with_a_trailing_dot_is_the_zone_asked_for(
    services: Services, world: World
) -> None:
    world.zones[ZONE]["name"] = "Example-Shop.COM."  # as PowerDNS writes it
    zone = await dns.read_zone(services, ZONE)
    assert zone.name == ZONE and services.store.state.dns.zones[ZONE] is zone
    assert not services.store.state.dns.error


async def test_another_zone_in_the_reply_is_said_not_waited_for(
    services: Services, world: World
) -> None:
    world.zones[ZONE]["name"] = "other.example"
    with pytest.raises(MalformedReply, match=r"other\.example"):
        await dns.read_zone(services, ZONE)
    assert ZONE not in services.store.state.dns.zones
    assert "other.example" in services.store.state.dns.error


async def test_a_zone_is_kept_under_the_name_its_domain_is_listed_by(
    services: Services, world: World
) -> None:
    domain_id = next(i for i, n in world.domains.items() if n == ZONE)
    world.domains[domain_id] = "Example-Shop.com."  # listed one way, the zone says another
    listed = next(d.name for d in await dns.load_domains(services) if d.id == domain_id)
    assert listed == "Example-Shop.com."  # as invapi wrote it: it goes back in requests
    zone = await dns.read_zone(services, listed)
    assert services.store.state.dns.zones[listed] is zone and zone.name == listed
