"""A remote-hands request's conversation (rhr/chat) and a ticket to sales
(jira/request_assistance): the client against the simulator, then the services (sent once,
journaled, a lost reply unknown and never resent, nothing sent when read-only)."""

from __future__ import annotations

import asyncio

import pytest

from hostkey_tui.api import ApiError, InvapiClient, ReadOnlyRefused, ReplyLost
from hostkey_tui.clock import ManualClock
from hostkey_tui.models.account import RemoteHandsRequest, remote_hands_from_json
from hostkey_tui.models.rhr import chat_history_from_json
from hostkey_tui.services import account, rhr
from hostkey_tui.services.context import Services
from hostkey_tui.services.session import run_session
from hostkey_tui.simulator.world import World
from hostkey_tui.state.store import Store
from tests.conftest import make_client
from tests.services.test_network import BM, services  # noqa: F401 - the fixture

OPEN = 7002  # de-db-02's KVM request, in progress, one reply from the duty shift


def outcomes(made: Services, action: str) -> list[str]:
    journal = made.journal.entries() if made.journal else []
    return [e.outcome for e in journal if e.action == action]


async def request_of(made: Services, request_id: int = OPEN) -> RemoteHandsRequest:
    requests = await account.load_remote_hands(made)
    return next(r for r in requests if r.id == request_id)


# -- the models ----------------------------------------------------------------------------------


def test_a_history_entry_is_read_leniently_and_never_required() -> None:
    history = chat_history_from_json(
        {
            "result": "OK",
            "history": [
                {"id": "5", "component": "rhr", "text": "two\nlines", "user": " duty  de "},
                {"comment": "no id, no author"},
                "not an object",
            ],
        }
    )
    assert history is not None
    assert [c.text for c in history] == ["two\nlines", "no id, no author"]
    assert history[0].id == 5 and history[0].author == "duty de" and history[1].author == ""
    assert chat_history_from_json({"result": "OK"}) is None  # none sent: not "no comments"


def test_a_request_without_a_history_is_not_one_with_no_comments() -> None:
    base = {"id": 1, "eq_id": 2, "type": "KVM"}
    without, empty = remote_hands_from_json({"requests": [base, {**base, "history": []}]})
    assert without.history is None and empty.history == ()


def test_a_list_without_histories_keeps_the_ones_known() -> None:
    known = remote_hands_from_json(
        {"requests": [{"id": 1, "type": "KVM", "history": [{"id": 9, "message": "hi"}]}]}
    )
    read = remote_hands_from_json({"requests": [{"id": 1, "type": "KVM", "status": "DONE"}]})
    kept = account.keep_history(known, read)
    assert kept[0].status == "DONE" and [c.text for c in kept[0].history or ()] == ["hi"]


# -- the client against the simulator -------------------------------------------------------------


async def test_chat_sends_id_and_message_flat_and_answers_the_history(
    client: InvapiClient, world: World
) -> None:
    history = await client.rhr.chat(OPEN, "Thanks, I am on it")
    assert history is not None
    assert [c.text for c in history][-1] == "Thanks, I am on it"
    assert history[0].author == "duty-de" and history[-1].author == world.email
    sent = world.logged("rhr", "chat")[0]
    assert (sent.field("id"), sent.field("message")) == (str(OPEN), "Thanks, I am on it")
    assert len(world.rhr[OPEN]["history"]) == 2  # kept: the next chat and list carry it


async def test_request_assistance_sends_the_server_subject_and_message(
    client: InvapiClient, world: World
) -> None:
    await client.jira.request_assistance("Cancel", "Please cancel at the end of the term", BM)
    await client.jira.request_assistance("Move", "Move my account's servers to NL")
    first, second = world.jira[-2:]
    assert (first["action"], first["id"], first["subject"]) == ("request_assistance", BM, "Cancel")
    assert second["id"] is None
    assert "id" not in world.logged("jira", "request_assistance")[1].form


# -- the services ----------------------------------------------------------------------------------


async def test_a_comment_is_sent_once_and_the_conversation_shown(
    services: Services,  # noqa: F811
    world: World,
) -> None:
    request = await request_of(services)
    lists = world.count("rhr", "list")
    history = await rhr.add_comment(services, request, "  The console works, thanks  ")
    assert world.count("rhr", "chat") == 1
    assert history is not None and history[-1].text == "The console works, thanks"
    assert world.count("rhr", "list") == lists + 1  # the list read again after it
    held = next(r for r in services.store.state.keys.remote_hands or () if r.id == OPEN)
    assert held.history is not None and held.history[-1].text == "The console works, thanks"
    assert "done" in outcomes(services, "rhr_chat")
    assert sorted(outcomes(services, "rhr/chat")) == ["answered", "sending"]  # change hooks


async def test_an_empty_comment_is_not_sent(
    services: Services,  # noqa: F811
    world: World,
) -> None:
    request = await request_of(services)
    with pytest.raises(ApiError, match="Nothing was sent"):
        await rhr.add_comment(services, request, "   ")
    with pytest.raises(ApiError, match="At most"):
        await rhr.add_comment(services, request, "x" * (rhr.MOST_CHARACTERS + 1))
    assert world.count("rhr", "chat") == 0


async def test_a_lost_comment_reply_is_unknown_and_never_resent(
    services: Services,  # noqa: F811
    world: World,
) -> None:
    request = await request_of(services)
    world.faults.add("drop_reply", "rhr/chat", times=1)
    with pytest.raises(ApiError, match="may or may not") as raised:
        await rhr.add_comment(services, request, "Is it done?")
    assert raised.value.title == "Outcome unknown"
    assert world.count("rhr", "chat") == 1
    assert "unknown" in outcomes(services, "rhr_chat")
    # The same change is refused until invapi was asked what became of it.
    assert f"rhr/chat:{OPEN}" in services.store.state.unsettled
    await asyncio.gather(*services.changes.tasks)
    assert world.count("rhr", "chat") == 1


async def test_asking_sales_is_sent_once_and_journaled(
    services: Services,  # noqa: F811
    world: World,
) -> None:
    await rhr.ask_sales(services, " Cancel  de-db-02 ", "At the end of the term", (BM, "de-db-02"))
    assert world.count("jira", "request_assistance") == 1
    assert world.jira[-1]["subject"] == "Cancel de-db-02" and world.jira[-1]["id"] == BM
    assert outcomes(services, "jira_request_assistance") == ["done"]
    with pytest.raises(ApiError, match="subject"):
        await rhr.ask_sales(services, " ", "no subject")
    assert world.count("jira", "request_assistance") == 1


async def test_read_only_sends_neither(world: World, clock: ManualClock) -> None:
    async with make_client(world, clock, read_only=True) as client:
        made = Services(client, Store(), clock)
        await run_session(made)
        request = await request_of(made)
        before = len(world.requests)
        for call in (
            rhr.add_comment(made, request, "hello"),
            rhr.ask_sales(made, "Cancel", "please"),
        ):
            with pytest.raises(ReadOnlyRefused):
                await call
        assert len(world.requests) == before


async def test_a_lost_sales_reply_is_unknown_never_resent_and_said_to_look_in_the_mail(
    services: Services,  # noqa: F811
    world: World,
) -> None:
    world.faults.add("drop_reply", "jira/request_assistance", times=1)
    with pytest.raises(ReplyLost):
        await rhr.ask_sales(services, "Cancel", "at the end of the term", (BM, "de-db-02"))
    assert "unknown" in outcomes(services, "jira_request_assistance")
    await asyncio.gather(*services.changes.tasks)
    assert world.count("jira", "request_assistance") == 1
    journal = services.journal.entries() if services.journal else []
    assert any("e-mail" in e.message for e in journal if e.outcome == "reconciled")
