"""Fixtures shared by every test: a manual clock, a seeded simulated world, clients on it.

Deterministic by construction: environment variables that change how the app or Textual behave
are cleared, time only moves when a test (or an auto-advancing sleep) moves it, and the world
is built from a fixed seed.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any, cast

import pytest

from hostkey_tui import logs
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
#: The tests a `-k` or `-m` left out of this run (tests/ui/test_snapshot_files.py needs them).
DESELECTED = pytest.StashKey[list[pytest.Item]]()
PIN = "1234"


@pytest.fixture(scope="session", autouse=True)
def _a_home_of_its_own(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Each test process has its own home: no test reaches the real ~ (config, state, cache,
    downloads) or another worker's, and what is written there is audited for secrets."""
    home = tmp_path_factory.mktemp("home")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("HOME", str(home))
        for name in ("XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME", "XDG_DATA_HOME"):
            patch.delenv(name, raising=False)
        patch.delenv("XDG_DOWNLOAD_DIR", raising=False)
        yield home


@pytest.fixture(autouse=True)
def _no_log_left_behind() -> Iterator[None]:
    """A log a test starts (the app's default one, a `--log FILE`) is closed after it: the
    crash message names the current log, so one left open changes what later tests read."""
    yield
    logs.stop_log()


@pytest.fixture
def clock() -> ManualClock:
    """Time that jumps forward whenever something sleeps: poll loops finish without waiting."""
    return ManualClock(autoadvance=True)


@pytest.fixture
def world(clock: ManualClock) -> Iterator[World]:
    built = build_world(clock, pin=PIN)
    yield built
    assert_kept_the_contract(built)


def assert_kept_the_contract(world: World) -> None:
    """Every request the app sent was one the documentation allows (the simulator is strict).

    A test that sends a bad request on purpose empties `world.contract_refusals` itself.
    """
    assert not world.contract_refusals, "\n".join(world.contract_refusals)


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


#: A test that takes one of these runs the app: it is marked `ui` (`pytest -m "not ui"` for
#: the fast inner loop of the core layers).
UI_FIXTURES = frozenset({"build", "snap_compare"})


#: The forms invapi answers async actions in (DESIGN.md "Async keys"): directly where the
#: documentation shows it, or always with a callback key. The simulator uses one per run, chosen
#: by the run's seed, so the whole suite meets both over runs. "direct" for every one-step
#: action is met by the tests that parametrize `world.async_form` (the contract tour, the PIN);
#: tests that follow a task through its pending states would see none there.
ASYNC_FORMS = ("documented", "callback")


@pytest.hookimpl(trylast=True)  # after pytest-randomly has drawn this run's seed
def pytest_configure(config: pytest.Config) -> None:
    if "HOSTKEY_SIM_ASYNC" in os.environ:
        return
    seed = getattr(config.option, "randomly_seed", None)
    form = ASYNC_FORMS[seed % len(ASYNC_FORMS)] if isinstance(seed, int) else "documented"
    os.environ["HOSTKEY_SIM_ASYNC"] = form


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if UI_FIXTURES.intersection(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.ui)


def pytest_deselected(items: list[pytest.Item]) -> None:
    if items:
        config = items[0].config
        config.stash[DESELECTED] = [*config.stash.get(DESELECTED, []), *items]


def _audit_this_process(session: pytest.Session) -> dict[str, object]:
    """The secrets audit (tests/secret_audit.py) over what this process's tests wrote.

    Each pytest-xdist worker has its own simulated worlds (so its own secrets) and its own
    temporary folder: it audits those, and the snapshots and screenshots, and hands the
    figures and the paths it read (never a secret) to the controller.
    """
    from hostkey_tui.simulator.world import SECRETS_SEEN, auditable_secrets
    from tests.secret_audit import audit

    if not SECRETS_SEEN:
        return {"secrets": 0, "left_out": 0, "paths": [], "leaks": []}
    root = Path(__file__).parent.parent
    roots = [*root.glob("tests/**/__snapshots__"), root / "screenshots"]
    factory = getattr(session.config, "_tmp_path_factory", None)
    if factory is not None and getattr(factory, "_basetemp", None) is not None:
        roots.append(factory.getbasetemp())
    secrets = auditable_secrets()
    result = audit(roots, secrets)
    return {
        "secrets": result.secrets,
        "left_out": len(SECRETS_SEEN) - len(secrets),
        "paths": sorted(result.paths),
        "leaks": result.leaks,
    }


_AUDITS: list[dict[str, object]] = []
#: Workers that ended without handing in their audit (a crash): their files went unread.
_UNAUDITED: list[str] = []


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: Any, error: object) -> None:
    """On the xdist controller: a worker finished and brought its audit, or did not."""
    audit = getattr(node, "workeroutput", {}).get("secrets_audit")
    if audit is None or error is not None:
        _UNAUDITED.append(str(getattr(getattr(node, "gateway", None), "id", "a worker")))
    if audit is not None:
        _AUDITS.append(audit)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    mine = _audit_this_process(session)
    workeroutput = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:  # an xdist worker: the controller says it
        workeroutput["secrets_audit"] = mine
        return
    audits = [*_AUDITS, mine]
    secrets = sum(cast("int", a["secrets"]) for a in audits)
    if not secrets and not _UNAUDITED:
        return
    leaks = sorted({str(leak) for a in audits for leak in cast("list[str]", a["leaks"])})
    paths = {path for a in audits for path in cast("list[str]", a["paths"])}
    left_out = sum(cast("int", a["left_out"]) for a in audits)
    processes = len(_AUDITS) or 1
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None:
        reporter.write_line(
            f"secrets audit ({processes} test process{'es' if processes > 1 else ''}): "
            f"{secrets} secrets issued by the simulator "
            f"({left_out} left out: also drawn as an async key), "
            f"{len(paths)} files written by the run, snapshots and screenshots read: "
            f"{len(leaks)} leaks"
        )
        for leak in leaks[:20]:
            reporter.write_line(f"  LEAK {leak}", red=True)
        for worker in _UNAUDITED:
            reporter.write_line(
                f"  worker {worker} ended without its audit: its files were not read", red=True
            )
    if leaks or _UNAUDITED:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: pytest.Config) -> None:
    """The seed of this run's order (pytest-randomly says it only without -q)."""
    seed = getattr(config.option, "randomly_seed", None)
    if isinstance(seed, int) and config.pluginmanager.has_plugin("randomly"):
        terminalreporter.write_line(
            f"test order: shuffled with --randomly-seed={seed} "
            "(with -n 0 it runs that order in one process)"
        )
    terminalreporter.write_line(
        f"async replies: {os.environ.get('HOSTKEY_SIM_ASYNC', 'documented')} form "
        "(HOSTKEY_SIM_ASYNC=documented|callback|direct picks one)"
    )


def _install_quiet_waits() -> None:
    """Nothing in a test waits on, or ends by, real time (tests/quiet.py).

    Textual's pilot waits on the event loop being quiet, not on CPU time; animations, a
    clicked button's pause and a toast's timeout are Textual's own real-time timers.
    """
    import asyncio

    import textual.app
    import textual.constants
    import textual.pilot
    from textual.widgets import Button

    from tests.quiet import counted_to_thread, until_quiet

    textual.app.wait_for_idle = until_quiet  # type: ignore[attr-defined]
    textual.pilot.wait_for_idle = until_quiet  # type: ignore[attr-defined]
    asyncio.to_thread = counted_to_thread  # the loop is not quiet while a thread works for it
    # Animations run on real time; their end state is what the tests look at.
    textual.constants.TEXTUAL_ANIMATIONS = "none"  # type: ignore[misc]
    # A clicked button ignores clicks for 0.2 s of real time (its "pressed" look): a person
    # never clicks twice that fast, a test always does. `Button.press()` was never held back.
    Button._start_active_affect = lambda self: None  # type: ignore[method-assign]
    # A toast leaves after its timeout of real time, taking its notification with it: on a
    # busy machine a test would miss what the app said. In tests a toast stays its hour.
    notify = textual.app.App.notify

    def notify_for_an_hour(self: textual.app.App[object], message: str, **options: Any) -> None:
        notify(self, message, **{**options, "timeout": 3600})

    textual.app.App.notify = notify_for_an_hour  # type: ignore[method-assign,assignment]


_install_quiet_waits()
