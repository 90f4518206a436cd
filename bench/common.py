"""What the benchmarks share: figures, a big demo app, and where its files go."""

from __future__ import annotations

import contextlib
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from hostkey_tui.clock import SystemClock
from hostkey_tui.config.model import Config
from hostkey_tui.factory import make_app
from hostkey_tui.simulator.scenarios import build_world
from hostkey_tui.ui.app import HostkeyApp


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def summary(name: str, values: list[float]) -> str:
    median = ms(statistics.median(values))
    return f"{name}: median {median}, p95 {ms(p95(values))} ({len(values)} samples)"


def big_app(servers: int | None, **options: Any) -> HostkeyApp:
    """The demo app over a generated fleet (None: the demo's own), its files in a fresh
    temporary folder; the simulated world is `app.bench_world`."""
    folder = options.pop("folder", None) or Path(tempfile.mkdtemp(prefix="hostkey-bench-"))
    world = options.pop("world", None) or build_world(SystemClock(), servers=servers)
    config = options.pop("config", None) or Config()
    arguments: dict[str, Any] = {
        "config_path": folder / "config.toml",
        "demo": True,
        "world": world,
        "environ": {},
        "state_dir": folder / "state",
        "cache_dir": folder / "cache",
        "timers": False,
        "blink": False,
    }
    arguments.update(options)
    app = make_app(config, **arguments)
    app.bench_world = world  # type: ignore[attr-defined]
    app.bench_folder = folder  # type: ignore[attr-defined]
    return app


async def until_loaded(app: HostkeyApp, pilot: Any, servers: int, limit: float = 600) -> float:
    """Seconds until every server's details are in (the demo reads them all)."""
    import time

    start = time.perf_counter()
    while len(app.state.servers) < servers:
        if time.perf_counter() - start > limit:
            raise TimeoutError(f"{len(app.state.servers)} of {servers} loaded")
        await pilot.pause(0.2)
    await pilot.pause()
    return time.perf_counter() - start


@contextlib.contextmanager
def simulator_process(servers: int, latency: float = 0.0) -> Iterator[tuple[str, str]]:
    """The simulator's real HTTP server in its own process (so that neither its memory nor its
    CPU is counted with the app's): yields its base URL and the account's API key."""
    command = [sys.executable, "-m", "hostkey_tui.simulator", "--port", "0"]
    command += ["--servers", str(servers), "--latency", str(latency)]
    simulator = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    try:
        url = key = ""
        assert simulator.stdout is not None
        for line in simulator.stdout:
            if "http://127.0.0.1:" in line and not url:
                address = line.split("http://", 1)[1].split()[0].rstrip("/")
                url = "http://" + address.removesuffix("/auth.php")
            if line.startswith("API key:"):
                key = line.split(":", 1)[1].strip()
            if url and key:
                break
        yield url, key
    finally:
        simulator.terminate()
        simulator.wait(10)
