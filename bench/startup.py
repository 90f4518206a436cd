"""`startup`: `hostkey-tui --demo` in tmux (120x40), from spawn to the server list painted with
rows, against the minimal Textual app started the same way in the same run; median of 5 each.
Target: at most 1.6x the minimal app."""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

RUNS = int(sys.argv[1]) if len(sys.argv) > 1 else 5
ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


def painted(command: str, needles: tuple[str, ...], name: str) -> list[float]:
    """Seconds from spawning `command` in a fresh tmux session until each of `needles` is on
    screen."""
    subprocess.run(["tmux", "kill-session", "-t", name], capture_output=True, check=False)
    start = time.perf_counter()
    subprocess.run(
        [
            "tmux",
            "new-session",
            "-d",
            "-s",
            name,
            "-x",
            "120",
            "-y",
            "40",
            "-c",
            str(ROOT),
            command,
        ],
        check=True,
    )
    seen: dict[str, float] = {}
    try:
        while time.perf_counter() - start < 30:
            screen = subprocess.run(
                ["tmux", "capture-pane", "-p", "-t", name], capture_output=True, text=True
            ).stdout
            now = time.perf_counter() - start
            for needle in needles:
                if needle in screen:
                    seen.setdefault(needle, now)
            if len(seen) == len(needles):
                return [seen[needle] for needle in needles]
            time.sleep(0.005)
        raise TimeoutError(f"{set(needles) - set(seen)} never appeared")
    finally:
        subprocess.run(["tmux", "kill-session", "-t", name], capture_output=True, check=False)


def compile_bytecode() -> None:
    """What `pip install` does: without it, and with PYTHONDONTWRITEBYTECODE set (as on the
    build machines), an editable install recompiles every module of the app on each start,
    which a user's installed copy never does (about 0.2 s here)."""
    import compileall

    compileall.compile_dir(str(ROOT / "hostkey_tui"), quiet=1)


def main() -> None:
    compile_bytecode()
    app = f"{PYTHON} -m hostkey_tui --demo"
    minimal = f"{PYTHON} -m bench.minimal_app"
    apps, completes, minimals = [], [], []
    for n in range(RUNS):
        minimals += painted(minimal, ("ready",), f"bench-min-{n}")
        # The list is painted with rows when the first hostname (sorted) shows; the frame is
        # whole when the status line has its counts too (Textual paints it a frame or two later).
        rows, whole = painted(app, ("de-app-01", "servers · by hostname"), f"bench-app-{n}")
        apps.append(rows)
        completes.append(whole)
    a, m = statistics.median(apps), statistics.median(minimals)
    c = statistics.median(completes)
    print(f"startup, hostkey-tui --demo to the list with rows: median {a:.2f} s ({RUNS} runs)")
    print(f"startup, hostkey-tui --demo to the whole screen: median {c:.2f} s ({RUNS} runs)")
    print(f"startup, minimal Textual app: median {m:.2f} s ({RUNS} runs)")
    print(f"startup, ratio: {a / m:.2f} (whole screen: {c / m:.2f})")


if __name__ == "__main__":
    main()
