"""Every snapshot file belongs to a test: syrupy's own check is off under pytest-xdist.

syrupy fails a run that leaves a snapshot file unused, but only in a run of one process; with
workers (the README's test command) each sees a part of the tests, so it does not look. This
test looks in any process: every worker collects every test, so the session knows them all.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import DESELECTED

SNAPSHOTS = Path(__file__).parent / "__snapshots__"


def test_every_snapshot_file_belongs_to_a_collected_snapshot_test(
    request: pytest.FixtureRequest,
) -> None:
    items = [*request.session.items, *request.config.stash.get(DESELECTED, [])]
    wanted: dict[Path, set[str]] = {}
    for item in items:
        if "snap_compare" in getattr(item, "fixturenames", ()):
            folder = SNAPSHOTS / item.path.stem
            wanted.setdefault(folder, set()).add(f"{item.name}.svg")
    unused = [
        f"{folder.name}/{file.name}"
        for folder, names in wanted.items()
        for file in sorted(folder.glob("*.svg"))
        if file.name not in names
    ]
    assert not unused, f"snapshot files no test takes (delete them): {unused}"
    orphans = [
        folder.name
        for folder in sorted(SNAPSHOTS.iterdir())
        if folder.is_dir() and not (Path(__file__).parent / f"{folder.name}.py").exists()
    ]
    assert not orphans, f"snapshot folders of no test module (delete them): {orphans}"
