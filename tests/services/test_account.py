"""API keys, SSH keys, the PIN and remote hands at the service layer, against the simulator."""

from __future__ import annotations

import os
import stat
import tomllib
from pathlib import Path

import pytest

from hostkey_tui.api import ApiError, InvapiClient
from hostkey_tui.api.redact import redact_text
from hostkey_tui.clock import ManualClock
from hostkey_tui.config.model import ConfigError
from hostkey_tui.config.write import append_profile
from hostkey_tui.models.common import Secret
from hostkey_tui.models.tasks import TaskState
from hostkey_tui.services import account, tags
from hostkey_tui.services.account import KeyRequest
from hostkey_tui.services.context import Services
from hostkey_tui.services.session import run_session
from hostkey_tui.simulator.world import World
from hostkey_tui.state.store import Store
from tests.services.test_network import refused

PUBLIC = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIB0v2Yc8mWq3nQ1x7Hk5t9Jp4sLd6Fg2Rb0Zc3Va8Xe1 me@box"


@pytest.fixture
async def services(client: InvapiClient, clock: ManualClock) -> Services:
    made = Services(client, Store(), clock)
    await run_session(made)
    return made


async def test_a_new_key_comes_back_once_and_is_listed_without_its_secret(
    services: Services, world: World
) -> None:
    made = await account.add_api_key(services, KeyRequest("ci-bot", ips="10.0.0.2, 10.4.6.0/24"))
    assert made.key is not None
    secret = made.key.reveal()
    assert world.api_keys[made.id].secret == secret
    listed = services.store.state.keys.api_keys or ()
    assert any(k.name == "ci-bot" and k.key is None for k in listed)
    assert secret not in repr(services.store.state)
    # Registered with the redactor the moment it arrived: no message can carry it.
    assert secret not in redact_text(f"something about {secret}")
    sent = world.logged("api_keys", "add")
    assert len(sent) == 1 and sent[0].field("params[ip]") == "10.0.0.2, 10.4.6.0/24"


@pytest.mark.parametrize(
    ("request_", "why"),
    [
        (KeyRequest(""), "name"),
        (KeyRequest("x", ips="10.0.0.300"), "not an IP"),
        (KeyRequest("x", server_id=34533, notify_method="email", notify_address="a@b.cd"), "none"),
        (KeyRequest("x", notify_method="webhook", notify_address="http://x"), "https"),
    ],
)
async def test_a_wrong_key_request_is_refused_before_sending(
    services: Services, world: World, request_: KeyRequest, why: str
) -> None:
    with pytest.raises(ApiError, match=why):
        await account.add_api_key(services, request_)
    assert world.count("api_keys", "add") == 0


async def test_the_key_in_use_is_recognised(services: Services) -> None:
    await account.load_api_keys(services)
    keys = {k.id: k for k in services.store.state.keys.api_keys or ()}
    assert account.key_in_use(services, keys[484])
    assert not account.key_in_use(services, keys[237])


async def test_keys_of_one_server_and_a_history_range(services: Services, world: World) -> None:
    keys = await account.load_api_keys(services, 34533)
    assert [k.id for k in keys] == [237] and services.store.state.keys.for_server == 34533
    history = await account.key_history(services, 484, "2020-01-01", "2030-01-01")
    assert "Created new api_key 484." in [e.message for e in history.events]
    empty = await account.key_history(services, 484, "2030-01-02", "")
    assert empty.events == ()
    sent = world.logged("api_keys", "history")[-1]
    assert sent.field("params[period_from]") == "2030-01-02"


async def test_a_lost_reply_to_a_new_key_is_never_resent(services: Services, world: World) -> None:
    world.faults.add("drop_reply", "api_keys/add", times=1)
    with pytest.raises(ApiError, match="lost"):
        await account.add_api_key(services, KeyRequest("lost-one"))
    assert world.count("api_keys", "add") == 1


async def test_a_key_is_edited_then_deleted(services: Services, world: World) -> None:
    made = await account.add_api_key(services, KeyRequest("temp"))
    await account.edit_api_key(services, made, KeyRequest("temp2", active=False))
    assert world.api_keys[made.id].name == "temp2" and not world.api_keys[made.id].active
    changed = next(k for k in services.store.state.keys.api_keys or () if k.id == made.id)
    await account.delete_api_key(services, changed)
    assert made.id not in world.api_keys
    assert all(k.id != made.id for k in services.store.state.keys.api_keys or ())


async def test_ssh_keys_are_checked_added_and_deleted(services: Services, world: World) -> None:
    with pytest.raises(ApiError, match="private key"):
        await account.add_ssh_key(services, "oops", "-----BEGIN OPENSSH PRIVATE KEY-----\nabc")
    with pytest.raises(ApiError, match="OpenSSH public key"):
        await account.add_ssh_key(services, "bad", "ssh-ed25519 short")
    assert world.count("ssh_keys", "add") == 0
    added = await account.add_ssh_key(services, "box", PUBLIC)
    assert any(k.id == added.id for k in services.store.state.keys.ssh_keys or ())
    await account.delete_ssh_key(services, added)
    assert added.id not in world.ssh_keys


async def test_the_pin_is_changed_and_a_wrong_current_one_counts(
    services: Services, world: World
) -> None:
    job = await account.set_pin(services, Secret("5678"), Secret("0000"))
    assert job.state is TaskState.FAILED and services.store.state.pin.rejections == 1
    assert world.pin == "1234"
    job = await account.set_pin(services, Secret("5678"), Secret("1234"))
    assert job.state is TaskState.DONE and world.pin == "5678"
    with pytest.raises(ApiError, match="4 to 8 digits"):
        await account.set_pin(services, Secret("12"), Secret("5678"))
    assert world.count("eq", "set_pin") == 2


async def test_remote_hands_are_requested_listed_and_discarded(
    services: Services, world: World
) -> None:
    made = await account.request_remote_hands(services, 34533, "nl-vmmini", "KVM", "KVM at 14:00")
    assert made is not None and made.type == "KVM" and made.status == "PENDING"
    listed = services.store.state.keys.remote_hands or ()
    assert any(r.id == made.id and r.request == "KVM at 14:00" for r in listed)
    with pytest.raises(ApiError, match="Say what"):
        await account.request_remote_hands(services, 34533, "nl-vmmini", "KVM", "  ")
    await account.discard_remote_hands(services, made)
    assert world.rhr[made.id]["status"] == "DISCARDED"
    assert world.count("rhr", "add") == 1


async def test_a_one_click_request_goes_once(services: Services, world: World) -> None:
    await account.one_click_request(services, 34533, "nl-vmmini", "request_reboot")
    assert [j["action"] for j in world.jira] == ["request_reboot"]
    with pytest.raises(ApiError, match="not a one-click"):
        await account.one_click_request(services, 34533, "nl-vmmini", "request_format")


async def test_tag_search_finds_servers_by_a_tag_value(services: Services, world: World) -> None:
    world.servers[34533].tags.append(
        {"id": 1, "component": "eq", "component_id": 34533, "tag": "team", "value": "zebra-ops"}
    )
    found = await tags.search_by_tag(services, "zebra")
    assert found == (34533,)
    assert services.store.state.tag_search is not None
    assert services.store.state.tag_search.server_ids == (34533,)


async def test_over_a_real_socket_the_keys_are_listed(socket_client: InvapiClient) -> None:
    keys = await socket_client.api_keys.list()
    assert {k.id for k in keys} == {484, 237}
    assert all(k.key is None for k in keys)


def test_a_profile_is_appended_only_to_a_private_file(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    append_profile(path, "ci", "https://invapi.hostkey.com", Secret("k" * 33))
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    append_profile(path, "ci2", "https://invapi.hostkey.com", Secret("q" * 33))
    profiles = tomllib.loads(path.read_text())["profiles"]
    assert profiles["ci"]["api_key"] == "k" * 33 and profiles["ci2"]["api_key"] == "q" * 33
    with pytest.raises(ConfigError, match="already"):
        append_profile(path, "ci", "https://invapi.hostkey.com", Secret("z" * 33))
    os.chmod(path, 0o644)
    before = path.read_text()
    with pytest.raises(ConfigError, match="readable by others"):
        append_profile(path, "ci3", "https://invapi.hostkey.com", Secret("z" * 33))
    assert path.read_text() == before


async def test_a_refused_view_is_said_on_its_own_and_the_history_still_read(
    services: Services, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    await account.load_api_keys(services)
    refused(monkeypatch, "api_keys", "view", "view is not for you")
    with pytest.raises(ApiError):
        await account.view_key(services, 484)
    history = await account.key_history(services, 484, "2020-01-01", "")
    keys = services.store.state.keys
    assert history.events and keys.history == history
    assert "view is not for you" in keys.errors["view"]
    assert keys.api_keys is not None and "api_keys" not in keys.errors


async def test_each_account_part_keeps_its_own_failure(
    services: Services, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    with monkeypatch.context() as patch:
        refused(patch, "ssh_keys", "list", "no SSH keys for this role")
        with pytest.raises(ApiError):
            await account.load_ssh_keys(services)
        await account.load_remote_hands(services)  # read after it: does not hide it
        await account.load_api_keys(services)
    keys = services.store.state.keys
    assert keys.ssh_keys is None and "no SSH keys" in keys.errors["ssh_keys"]
    assert set(keys.errors) == {"ssh_keys"} and keys.remote_hands is not None
    await account.load_ssh_keys(services)
    assert services.store.state.keys.errors == {}


async def test_view_and_list_for_server_are_nested_as_every_api_keys_action(
    services: Services, world: World
) -> None:
    await account.load_api_keys(services, 34533)
    await account.view_key(services, 484)
    assert world.logged("api_keys", "list_for_server")[0].form.get("params[server_id]") == ["34533"]
    assert world.logged("api_keys", "view")[0].form.get("params[id]") == ["484"]
    server_key = next(k for k in services.store.state.keys.api_keys or () if k.id == 237)
    await account.edit_api_key(services, server_key, KeyRequest("renamed", server_id=34533))
    edited = world.logged("api_keys", "edit")[0].form
    assert edited["params[id]"] == ["237"] and "params[server_id]" not in edited
    made = await account.add_ssh_key(services, "box", PUBLIC)
    await account.delete_ssh_key(services, made)
    assert world.logged("ssh_keys", "delete")[0].form.get("id") == [str(made.id)]
