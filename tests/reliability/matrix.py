"""What the reliability suite covered, cell by cell, for `REPORT.md`.

A test records a cell once its assertions have passed (so a recorded cell is a passing one).
When HOSTKEY_RELIABILITY_RESULTS names a file, the cells are written there at the end of the
run (by each pytest-xdist worker to a file of its own beside it, `NAME.gw0` and so on: `cells`
adds them up); `python -m tests.reliability.report` runs the suite that way and writes the
report.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from pathlib import Path

RESULTS_ENV = "HOSTKEY_RELIABILITY_RESULTS"


class Matrix:
    def __init__(self) -> None:
        self.cells: Counter[tuple[str, str, str]] = Counter()

    def record(self, table: str, row: str, column: str, count: int = 1) -> None:
        """`count` passing checks in this cell of this table."""
        self.cells[(table, row, column)] += count

    def write(self) -> None:
        target = os.environ.get(RESULTS_ENV)
        if not target:
            return
        worker = os.environ.get("PYTEST_XDIST_WORKER")
        rows = [[t, r, c, n] for (t, r, c), n in sorted(self.cells.items())]
        Path(f"{target}.{worker}" if worker else target).write_text(json.dumps(rows, indent=0))


def cells(target: Path) -> list[list[object]]:
    """Every cell written for `target`, by one process or by each xdist worker, added up."""
    total: Counter[tuple[str, str, str]] = Counter()
    for part in [target, *sorted(target.parent.glob(f"{target.name}.gw*"))]:
        if part.exists():
            for table, row, column, count in json.loads(part.read_text()):
                total[(str(table), str(row), str(column))] += int(count)
    return [[t, r, c, n] for (t, r, c), n in sorted(total.items())]


MATRIX = Matrix()
