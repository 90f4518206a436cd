"""Defining the app's frozen records: `hostkey_tui.records` against the standard `dataclasses`.

    .venv/bin/python -m bench.records            # on the venv's Python
    .venv-3.13/bin/python -m bench.records       # on another (CI makes .venv-3.12, .venv-3.13)

Each run imports every module that defines records (no Textual screen is made) in a fresh
process, once with `hostkey_tui.records.dataclass` as it is and once with it replaced by
`dataclasses.dataclass`; everything else they import is loaded first, so the difference is the
cost of defining the records. Bytecode is compiled beforehand (into a temporary cache), as an
installed app has it. `records.py` earns its place on a Python where it is clearly faster.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ROUNDS = 9
#: What the record modules import besides each other, loaded before the clock starts.
DEPENDENCIES = ("httpx", "platformdirs", "tomli_w", "textual.app", "textual.widgets")

PROBE = """
import dataclasses, importlib, sys, time
import hostkey_tui.records
for name in {dependencies!r}:
    importlib.import_module(name)
if sys.argv[1] == "stdlib":
    hostkey_tui.records.dataclass = dataclasses.dataclass
modules = [line for line in sys.stdin.read().split() if line]
start = time.perf_counter()
for name in modules:
    importlib.import_module(name)
print(time.perf_counter() - start)
"""


def record_modules() -> list[str]:
    found = []
    for path in sorted((ROOT / "hostkey_tui").rglob("*.py")):
        if "from hostkey_tui.records import dataclass" in path.read_text():
            found.append(".".join(path.relative_to(ROOT).with_suffix("").parts))
    return found


def once(mode: str, modules: list[str], environment: dict[str, str]) -> float:
    probe = PROBE.format(dependencies=DEPENDENCIES)
    done = subprocess.run(
        [sys.executable, "-c", probe, mode],
        input="\n".join(modules),
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=environment,
        check=True,
    )
    return float(done.stdout.strip()) * 1000


def main() -> None:
    modules = record_modules()
    with tempfile.TemporaryDirectory() as cache:
        environment = {**os.environ, "PYTHONPYCACHEPREFIX": cache}
        environment.pop("PYTHONDONTWRITEBYTECODE", None)
        once("records", modules, environment)  # writes the bytecode
        times: dict[str, list[float]] = {"records": [], "stdlib": []}
        for _ in range(ROUNDS):
            for mode in times:
                times[mode].append(once(mode, modules, environment))
    fast, slow = (statistics.median(times[m]) for m in ("records", "stdlib"))
    version = sys.version.split()[0]
    print(f"records: {len(modules)} modules that define records, Python {version}")
    print(
        f"records: hostkey_tui.records {fast:.1f} ms, dataclasses {slow:.1f} ms "
        f"(median of {ROUNDS}): {slow / fast:.2f}x"
    )


if __name__ == "__main__":
    main()
