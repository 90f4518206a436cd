"""`memory`: peak RSS with 10,000 servers loaded, against the minimal Textual app.

Each is measured in a fresh process (peak RSS only grows). The app is a real session against
the simulator running in its own process (so the simulated world is not counted); the demo's
figure, with the simulator inside, is given too. Target: at most 150 MB.
"""

from __future__ import annotations

import asyncio
import resource
import subprocess
import sys

SERVERS = int(sys.argv[-1]) if sys.argv[-1].isdigit() else 10_000


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


async def app_peak(servers: int) -> None:
    from bench.common import big_app, until_loaded

    app = big_app(servers)
    async with app.run_test(size=(120, 40)) as pilot:
        await until_loaded(app, pilot, servers)
        await pilot.press("slash", *"nl")
        await pilot.pause()
    print(f"{peak_mb():.1f}")


async def session_peak(servers: int, url: str, key: str) -> None:
    import tempfile
    from pathlib import Path

    from bench.common import until_loaded
    from hostkey_tui.config.model import Config, Profile
    from hostkey_tui.factory import make_app

    folder = Path(tempfile.mkdtemp(prefix="hostkey-bench-"))
    app = make_app(
        Config(profiles={"bench": Profile("bench", base_url=url)}),
        config_path=folder / "config.toml",
        environ={"HOSTKEY_API_KEY": key},
        state_dir=folder / "state",
        cache_dir=folder / "cache",
        timers=False,
        blink=False,
    )
    async with app.run_test(size=(120, 40)) as pilot:
        await until_loaded(app, pilot, servers)
        await pilot.press("slash", *"nl")
        await pilot.pause()
    print(f"{peak_mb():.1f}")


async def minimal_peak() -> None:
    from bench.minimal_app import Minimal

    async with Minimal().run_test(size=(120, 40)) as pilot:
        await pilot.press(*"nl")
        await pilot.pause()
    print(f"{peak_mb():.1f}")


def measure(which: str) -> float:
    out = subprocess.run(
        [sys.executable, "-m", "bench.memory", which, str(SERVERS)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    return float(out[-1])


def real_session() -> float:
    """The simulator in its own process, the app signed in to it over loopback."""
    from bench.common import simulator_process

    with simulator_process(SERVERS) as (url, key):
        out = subprocess.run(
            [sys.executable, "-m", "bench.memory", "--session", url, key, str(SERVERS)],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
        return float(out[-1])


def main() -> None:
    session, app, minimal = real_session(), measure("--app"), measure("--minimal")
    print(f"servers {SERVERS}")
    print(f"memory, peak RSS, hostkey-tui signed in, the list loaded: {session:.1f} MB")
    print(f"memory, peak RSS, the demo (simulator in the same process): {app:.1f} MB")
    print(f"memory, peak RSS, minimal Textual app: {minimal:.1f} MB")
    print(f"memory, signed-in session against the minimal app: {session / minimal:.2f}x")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--app":
        asyncio.run(app_peak(int(sys.argv[2])))
    elif len(sys.argv) > 1 and sys.argv[1] == "--session":
        asyncio.run(session_peak(int(sys.argv[4]), sys.argv[2], sys.argv[3]))
    elif len(sys.argv) > 1 and sys.argv[1] == "--minimal":
        asyncio.run(minimal_peak())
    else:
        main()
