"""Fixtures shared by every test: a manual clock, a seeded simulated world, clients on it.

Deterministic by construction: environment variables that change how the app or Textual behave
are cleared, time only moves when a test (or an auto-advancing sleep) moves it, and the world
is built from a fixed seed.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterator

import pytest

from hostkey_tui.api import InvapiClient, Timeouts
from hostkey_tui.clock import ManualClock
from hostkey_tui.simulator.scenarios import build_world
from hostkey_tui.simulator.server import SimulatorServer, serve_in_thread
from hostkey_tui.simulator.transport import SimulatorTransport
from hostkey_tui.simulator.world import World

for _name in (
    "NO_COLOR",
    "FORCE_COLOR",
    "TEXTUAL_THEME",
    "TEXTUAL",
    "TEXTUAL_ANIMATIONS",
    "HOSTKEY_API_KEY",
    "HOSTKEY_TUI_CONFIG",
    "COLUMNS",
    "LINES",
):
    os.environ.pop(_name, None)

SIM_URL = "https://invapi.simulator.invalid"
PIN = "1234"


@pytest.fixture
def clock() -> ManualClock:
    """Time that jumps forward whenever something sleeps: poll loops finish without waiting."""
    return ManualClock(autoadvance=True)


@pytest.fixture
def world(clock: ManualClock) -> World:
    return build_world(clock, pin=PIN)


def make_client(
    world: World, clock: ManualClock, base_url: str = SIM_URL, **kwargs: object
) -> InvapiClient:
    options: dict[str, object] = {
        "api_key": world.account_key,
        "clock": clock,
        "rand": lambda: 0.5,
        "timeouts": Timeouts(connect=2.0, read=5.0, total=5.0),
    }
    if base_url == SIM_URL:
        options["transport"] = SimulatorTransport(world)
    options.update(kwargs)
    return InvapiClient(base_url, **options)  # type: ignore[arg-type]


@pytest.fixture
async def client(world: World, clock: ManualClock) -> AsyncIterator[InvapiClient]:
    """A client talking to the simulator in-process."""
    async with make_client(world, clock) as api:
        yield api


@pytest.fixture
def live_server(world: World) -> Iterator[SimulatorServer]:
    """The simulator on a real loopback socket, in its own thread."""
    with serve_in_thread(world) as server:
        yield server


@pytest.fixture
async def socket_client(
    live_server: SimulatorServer, world: World, clock: ManualClock
) -> AsyncIterator[InvapiClient]:
    """A client talking to the simulator over TCP, through the real httpx transport."""
    async with make_client(world, clock, live_server.base_url) as api:
        yield api


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """The secrets audit (tests/secret_audit.py), over everything this run wrote."""
    from pathlib import Path

    from hostkey_tui.simulator.world import SECRETS_SEEN, auditable_secrets
    from tests.secret_audit import audit

    if not SECRETS_SEEN:
        return
    root = Path(__file__).parent.parent
    roots = [*root.glob("tests/**/__snapshots__"), root / "screenshots"]
    factory = getattr(session.config, "_tmp_path_factory", None)
    if factory is not None and getattr(factory, "_basetemp", None) is not None:
        roots.append(factory.getbasetemp())
    secrets = auditable_secrets()
    result = audit(roots, secrets)
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None:
        reporter.write_line(
            f"secrets audit: {result.secrets} secrets issued by the simulator "
            f"({len(SECRETS_SEEN) - len(secrets)} left out: also drawn as an async key), "
            f"{result.files} files written by the run, snapshots and screenshots read: "
            f"{len(result.leaks)} leaks"
        )
        for leak in result.leaks[:20]:
            reporter.write_line(f"  LEAK {leak}", red=True)
    if result.leaks:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
