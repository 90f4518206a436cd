"""Internationalised names at the service layer: typed in Unicode, sent as invapi takes them."""

from __future__ import annotations

from pathlib import Path

import pytest

from hostkey_tui.api import ApiError, InvapiClient
from hostkey_tui.clock import ManualClock
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


@pytest.mark.parametrize(
    ("typed", "sent"),
    [
        ("münchen.de", "xn--mnchen-3ya.de"),
        ("  München.DE. ", "xn--mnchen-3ya.de"),
        ("пример.рф", "xn--e1afmkfd.xn--p1ai"),
        ("xn--mnchen-3ya.de", "xn--mnchen-3ya.de"),
    ],
)
async def test_an_idn_domain_is_sent_in_its_ascii_form(
    services: Services, world: World, typed: str, sent: str
) -> None:
    await dns.add_domain(services, typed)
    assert [r.field("name") for r in world.logged("pdns", "add_domain")] == [sent]
    assert sent in [d.name for d in services.store.state.dns.domains or ()]


@pytest.mark.parametrize("typed", ["-münchen.de", "münchen..de", "xn--zz.de", "mün chen.de"])
async def test_an_invalid_idn_is_refused_before_sending(
    services: Services, world: World, typed: str
) -> None:
    with pytest.raises(ApiError, match="Nothing was sent"):
        await dns.add_domain(services, typed)
    assert world.count("pdns", "add_domain") == 0


async def test_idn_record_names_and_targets_are_sent_in_ascii(
    services: Services, world: World
) -> None:
    await dns.save_record(services, ZONE, "bücher", "CNAME", ["münchen.de"])
    await dns.save_record(services, ZONE, "@", "MX", ["mx.münchen.de"], priority=5)
    cname, mx = world.logged("pdns", "add_dns")
    assert cname.field("name") == "xn--bcher-kva" and cname.field("content") == "xn--mnchen-3ya.de"
    assert mx.form["params[content][]"] == ["mx.xn--mnchen-3ya.de"]
    zone = services.store.state.dns.zones[ZONE]
    assert any(r.relative_name(ZONE) == "xn--bcher-kva" for r in zone.records)


async def test_a_txt_record_keeps_its_unicode_text(services: Services, world: World) -> None:
    # Only names are converted: text content is text.
    await dns.save_record(services, ZONE, "bücher", "TXT", ["grüße"])
    assert world.logged("pdns", "add_dns")[0].field("content") == "grüße"
