"""Renaming a server (eq/rename_server): checked before sending, sent once, read back; a lost
reply is read back and said, never resent."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from hostkey_tui.api import ApiError, InvapiClient, InvapiError, ReadOnlyRefused
from hostkey_tui.clock import ManualClock
from hostkey_tui.models.tags import check_tag
from hostkey_tui.services.audit import Journal
from hostkey_tui.services.context import Services
from hostkey_tui.services.rename import hostname_problem, rename_server
from hostkey_tui.services.session import run_session
from hostkey_tui.simulator.world import World
from hostkey_tui.state.store import Store
from tests.conftest import make_client

VM = 34533


@pytest.fixture
async def services(client: InvapiClient, clock: ManualClock, tmp_path: Path) -> Services:
    made = Services(
        client, Store(), clock, journal=Journal(tmp_path / "journal.jsonl"), profile="test"
    )
    await run_session(made)
    return made


@pytest.mark.parametrize(
    ("name", "why"),
    [
        ("", "needed"),
        ("web 01", "Letters a-z"),
        ("web_01", "Letters a-z"),
        ("wéb", "Letters a-z"),
        ("-web", "begin or end with '-'"),
        ("web-", "begin or end with '-'"),
        ("web..example", "empty part"),
        ("web.", "No dot at the end"),
        ("a" * 64, "63 characters"),
        (".".join(["a" * 63] * 4), "At most 253"),
    ],
)
def test_a_name_that_is_no_hostname_is_said_why(name: str, why: str) -> None:
    problem = hostname_problem(name)
    assert problem is not None and why in problem


@pytest.mark.parametrize("name", ["web-01", "WEB01", "web-01.example.com", "a" * 63, "1"])
def test_hostnames_by_rfc_1123_pass(name: str) -> None:
    assert hostname_problem(name) is None


async def test_a_rename_is_sent_once_and_read_back_everywhere(
    services: Services, world: World
) -> None:
    renamed = await rename_server(services, VM, "  web-01.example.com ")
    sent = world.logged("eq", "rename_server")
    assert len(sent) == 1
    assert sent[0].field("id") == str(VM) and sent[0].field("hostname") == "web-01.example.com"
    assert "pin" not in sent[0].form  # Terraform sends none, and invapi asks for none
    assert renamed.outcome == "done" and renamed.confirmed
    assert renamed.message == "nl-vmmini is now web-01.example.com."
    state = services.store.state
    assert state.servers[VM].hostname == "web-01.example.com"  # the list and the header
    hostname_tags = [t.value for t in state.tags[VM] if t.name == "hostname"]
    assert hostname_tags == ["web-01.example.com"]  # the Tags tab (tags/list read again)
    assert world.servers[VM].hostname == "web-01.example.com"
    journal = services.journal.entries() if services.journal else []
    assert any(e.action == "rename" and e.outcome == "done" for e in journal)
    assert services.journal is not None and services.journal.unfinished() == []


@pytest.mark.parametrize("name", ["bad name", "nl-vmmini", ""])
async def test_a_bad_or_unchanged_name_is_not_sent(
    services: Services, world: World, name: str
) -> None:
    with pytest.raises(ApiError, match="Nothing was sent"):
        await rename_server(services, VM, name)
    assert world.count("eq", "rename_server") == 0


async def test_a_refusal_is_said_and_journaled(services: Services, world: World) -> None:
    with pytest.raises(InvapiError, match="No server with ID 999999"):
        await rename_server(services, 999999, "web-01")
    assert world.count("eq", "rename_server") == 1
    journal = services.journal.entries() if services.journal else []
    assert [e.outcome for e in journal if e.action == "rename"] == ["failed"]


async def test_a_lost_reply_is_read_back_said_and_never_resent(
    services: Services, world: World
) -> None:
    world.faults.add("drop_reply", "eq/rename_server", times=1)
    renamed = await rename_server(services, VM, "web-01")
    assert world.count("eq", "rename_server") == 1
    assert renamed.outcome == "unknown" and renamed.shown == "web-01"
    assert "reply was lost" in renamed.message and "the rename happened" in renamed.message
    assert services.store.state.servers[VM].hostname == "web-01"
    await asyncio.gather(*services.changes.tasks)
    assert not services.store.state.unsettled
    assert world.count("eq", "rename_server") == 1
    journal = services.journal.entries() if services.journal else []
    reconciled = [e for e in journal if e.outcome == "reconciled"]
    assert reconciled and "it happened: eq/show gives web-01" in reconciled[0].message


async def test_a_lost_rename_is_not_sent_again_until_invapi_was_asked(
    services: Services, world: World
) -> None:
    world.faults.add("drop_reply", "eq/rename_server", times=1)
    world.faults.add("status", "eq/show", value=503)  # invapi cannot be asked yet
    renamed = await rename_server(services, VM, "web-01")
    assert renamed.outcome == "unknown" and renamed.shown == ""
    assert "could not be read back" in renamed.message and "not sent again" in renamed.message
    await asyncio.gather(*services.changes.tasks)
    assert services.store.state.unsettled[f"eq/rename_server:{VM}"].status == "unknown"
    with pytest.raises(ApiError, match="was lost"):
        await rename_server(services, VM, "web-02")
    assert world.count("eq", "rename_server") == 1
    world.faults.clear()
    services.changes.recheck()
    await asyncio.gather(*services.changes.tasks)
    assert not services.store.state.unsettled
    assert services.store.state.servers[VM].hostname == "web-01"


async def test_a_lost_reply_of_a_rename_that_did_not_happen_says_so(
    services: Services, world: World
) -> None:
    # the request never reached invapi's work, and its reply is unreadable
    world.faults.add("malformed", "eq/rename_server", times=1)
    renamed = await rename_server(services, VM, "web-01")
    assert renamed.outcome == "unknown"
    assert renamed.shown == "nl-vmmini" and "still gives nl-vmmini" in renamed.message
    assert world.count("eq", "rename_server") == 1


async def test_read_only_sends_nothing(world: World, clock: ManualClock) -> None:
    async with make_client(world, clock, read_only=True) as api:
        services = Services(api, Store(), clock)
        with pytest.raises(ReadOnlyRefused):
            await rename_server(services, VM, "web-01")
    assert world.count("eq", "rename_server") == 0


def test_the_hostname_tag_is_still_not_set_as_a_tag_and_says_rename() -> None:
    problem = check_tag("hostname", "web-01")
    assert problem is not None and "rename the server" in problem
