"""`hostkey-tui servers --demo -o json`: a script's wait, from spawn to exit, in a new process.

The goal is under 0.5 s on the build machine. Measured against the interpreter's own start and
a bare `import httpx` (what every command needs at least), each the median of RUNS with their
spread. The dev venv holds `click` (from the dev tools), which makes a bare `import httpx` load
its own command line (click, pygments, rich.syntax: ~70 ms); hostkey-tui's entry point defers
that (`hostkey_tui.httpx_cli`), so the bare import is the slower of the two here. An install
from the wheel has no click: when `.venv-wheel` exists (`.ci/run` makes it), the same command is
measured from there too.

    .venv/bin/python -m bench.cli_start
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUNS = 9
GOAL = 0.5


def compile_bytecode() -> None:
    """What `pip install` does (these machines set PYTHONDONTWRITEBYTECODE)."""
    import compileall

    compileall.compile_dir(str(ROOT / "hostkey_tui"), quiet=1)


def timed(argv: list[str], home: Path) -> float:
    environ = {**os.environ, "HOME": str(home)}
    environ.pop("PYTHONDONTWRITEBYTECODE", None)
    start = time.perf_counter()
    done = subprocess.run(argv, capture_output=True, env=environ, check=False)
    took = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{argv} failed: {done.stderr.decode(errors='replace')[-500:]}")
    return took


def figure(name: str, argv: list[str], home: Path) -> float:
    timed(argv, home)  # warm the file cache
    times = sorted(timed(argv, home) for _ in range(RUNS))
    median = statistics.median(times)
    print(
        f"{name:<44} median {median * 1000:6.0f} ms  "
        f"(min {times[0] * 1000:.0f}, max {times[-1] * 1000:.0f}, {RUNS} runs)",
        flush=True,
    )
    return median


def main() -> None:
    compile_bytecode()
    python = sys.executable
    with tempfile.TemporaryDirectory() as folder:
        home = Path(folder)
        floor = figure("python -c pass", [python, "-c", "pass"], home)
        figure("python -c 'import httpx'", [python, "-c", "import httpx"], home)
        command = figure(
            "hostkey-tui servers --demo -o json (dev venv)",
            [python, "-m", "hostkey_tui", "servers", "--demo", "-o", "json"],
            home,
        )
        wheel = ROOT / ".venv-wheel" / "bin" / "hostkey-tui"
        if wheel.exists():
            command = figure(
                "hostkey-tui servers --demo -o json (wheel)",
                [str(wheel), "servers", "--demo", "-o", "json"],
                home,
            )
    verdict = "met" if command < GOAL else "MISSED"
    print(
        f"servers --demo -o json: {command:.2f} s (interpreter alone {floor:.2f} s); "
        f"goal < {GOAL} s: {verdict}"
    )


if __name__ == "__main__":
    main()
