"""Flows are written against the `Host` protocol, not the App: a scripted host drives one
without Textual running, answering its dialogs and keeping what it says."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Coroutine, Sequence
from typing import Any, TypeVar, cast

import pytest
from textual.screen import Screen

from hostkey_tui.api import InvapiClient
from hostkey_tui.clock import ManualClock
from hostkey_tui.services.context import Services
from hostkey_tui.services.power import Target
from hostkey_tui.services.session import run_session
from hostkey_tui.simulator.world import World
from hostkey_tui.state.state import AppState
from hostkey_tui.state.store import Store
from hostkey_tui.ui.flows import tags as tag_flows
from hostkey_tui.ui.host import Host
from hostkey_tui.ui.kit.modals.confirm import ConfirmModal
from hostkey_tui.ui.kit.modals.form import FormModal

T = TypeVar("T")
SERVER = 34533


class ScriptedHost:
    """Answers each dialog from a script, in order; says nothing to a terminal."""

    def __init__(self, services: Services, answers: Sequence[object]) -> None:
        self.services: Services | None = services
        self.answers = deque(answers)
        self.dialogs: list[Screen[Any]] = []
        self.said: list[tuple[str, str]] = []
        self.errors: list[BaseException] = []
        self.flow_running = False

    @property
    def state(self) -> AppState:
        assert self.services is not None
        return self.services.store.state

    @property
    def starting(self) -> bool:
        return False

    def say(self, message: str, *, title: str = "", **_: object) -> None:
        self.said.append((title, message))

    def report_error(self, error: BaseException) -> None:
        self.errors.append(error)

    async def push_screen_wait(self, screen: Screen[T]) -> T:
        self.dialogs.append(screen)
        return cast(T, self.answers.popleft())

    def push_screen(self, screen: Screen[T], callback: Callable[[T | None], None] | None) -> None:
        raise AssertionError("the flow should wait on its dialogs")

    def run_job(self, work: Coroutine[Any, Any, object]) -> None:
        raise AssertionError("tagging is no job")


def host(services: Services, *answers: object) -> tuple[ScriptedHost, Host]:
    scripted = ScriptedHost(services, answers)
    # Only what the flow uses is scripted; the cast says it stands for the whole protocol.
    return scripted, cast(Host, scripted)


@pytest.fixture
async def services(client: InvapiClient, clock: ManualClock) -> Services:
    made = Services(client, Store(), clock)
    await run_session(made)
    return made


def target(services: Services) -> Target:
    server = services.store.state.servers[SERVER]
    return Target(server.id, server.hostname, server.main_ip)


async def test_a_tag_flow_runs_on_a_scripted_host(services: Services, world: World) -> None:
    scripted, as_host = host(services, {"name": "team", "value": "payments"})
    await tag_flows.set_tag(as_host, [target(services)])
    assert [type(d) for d in scripted.dialogs] == [FormModal]
    assert len(world.logged("tags", "add")) == 1
    assert scripted.said == [("Tagged", f"team=payments on {target(services).hostname}")]
    assert scripted.errors == []


async def test_a_declined_confirmation_sends_nothing(services: Services, world: World) -> None:
    await tag_flows.set_tag(host(services, {"name": "team", "value": "a"})[1], [target(services)])
    tag = next(t for t in services.store.state.tags[SERVER] if t.name == "team")
    scripted, as_host = host(services, False)
    await tag_flows.remove_tag(as_host, target(services), tag)
    assert [type(d) for d in scripted.dialogs] == [ConfirmModal]
    assert world.logged("tags", "remove") == []
    assert scripted.said == []
    # and the same flow, answered yes, does remove it: the empty log above is not vacuous
    await tag_flows.remove_tag(host(services, True)[1], target(services), tag)
    assert len(world.logged("tags", "remove")) == 1
