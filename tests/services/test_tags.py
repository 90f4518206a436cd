"""Tags at the service layer: one request for several servers; system tags refused unsent."""

from __future__ import annotations

import pytest

from hostkey_tui.api import ApiError, InvapiClient
from hostkey_tui.clock import ManualClock
from hostkey_tui.models.tags import Tag
from hostkey_tui.services import tags
from hostkey_tui.services.context import Services
from hostkey_tui.services.session import run_session
from hostkey_tui.simulator.world import World
from hostkey_tui.state.store import Store

THREE = [34533, 32645, 17405]


@pytest.fixture
async def services(client: InvapiClient, clock: ManualClock) -> Services:
    made = Services(client, Store(), clock)
    await run_session(made)
    return made


def value(services: Services, server_id: int, name: str) -> str:
    return next(
        (t.value for t in services.store.state.servers[server_id].tags if t.name == name), ""
    )


async def test_three_servers_are_tagged_in_one_request(services: Services, world: World) -> None:
    await tags.set_tag(services, THREE, "team", "payments")
    sent = world.logged("tags", "add")
    assert len(sent) == 1 and sent[0].field("id_list") == ",".join(map(str, THREE))
    assert all(value(services, i, "team") == "payments" for i in THREE)
    assert all(
        any(t.name == "team" for t in services.store.state.tags[i]) for i in THREE
    )  # read back through tags/list too


async def test_a_tag_is_changed_then_removed(services: Services, world: World) -> None:
    await tags.set_tag(services, [34533], "team", "a")
    await tags.set_tag(services, [34533], "team", "b")
    assert value(services, 34533, "team") == "b"
    tag = next(t for t in services.store.state.tags[34533] if t.name == "team")
    await tags.remove_tag(services, [34533], tag)
    assert value(services, 34533, "team") == ""


@pytest.mark.parametrize(
    ("name", "tag_value", "why"),
    [
        ("hostname", "x", "system tag"),
        ("bad name", "x", "letters, digits"),
        ("n" * 33, "x", "1 to 32"),
        ("ok", "v" * 257, "at most 256"),
    ],
)
async def test_limits_and_system_tags_are_refused_before_sending(
    services: Services, world: World, name: str, tag_value: str, why: str
) -> None:
    with pytest.raises(ApiError, match=why):
        await tags.set_tag(services, [34533], name, tag_value)
    assert world.count("tags", "add") == 0


async def test_a_system_tag_is_never_removed(services: Services, world: World) -> None:
    with pytest.raises(ApiError, match="set by the platform"):
        await tags.remove_tag(services, [34533], Tag("hostname", "nl-vmmini"))
    assert world.count("tags", "remove") == 0
