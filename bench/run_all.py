"""Run every benchmark, one after the other (each in its own process), and print their figures.

.venv/bin/python -m bench.run_all            # 10,000 servers where a benchmark takes a size
.venv/bin/python -m bench.run_all 2000       # a quicker pass

`fanout` and `responsive` measure one run each here (they take a count of runs on their own):
run this three times for the median and spread that bench/README.md reports.
"""

from __future__ import annotations

import subprocess
import sys

SIZED = ("filter", "scroll", "memory")
#: Their size and one run (on their own they measure three).
ONE_RUN = {"fanout": ["1000", "1"], "responsive": ["10000", "1"]}
ALL = (
    "startup",
    "cli_start",
    "warm_start",
    "filter",
    "scroll",
    "memory",
    "fleet",
    "fanout",
    "responsive",
    "requests",
    "records",
)


def main() -> None:
    size = sys.argv[1] if len(sys.argv) > 1 else "10000"
    for name in ALL:
        arguments = [sys.executable, "-m", f"bench.{name}"]
        if name in SIZED:
            arguments.append(size)
        arguments += ONE_RUN.get(name, [])
        print(f"== {name}", flush=True)
        done = subprocess.run(arguments, capture_output=True, text=True, check=False)
        lines = (done.stdout or done.stderr).strip().splitlines()
        print("\n".join(lines[-16:]), flush=True)


if __name__ == "__main__":
    main()
