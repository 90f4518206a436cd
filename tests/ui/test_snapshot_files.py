"""Every snapshot file belongs to a test: syrupy's own check is off under pytest-xdist.

syrupy fails a run that leaves a snapshot file unused, but only in a run of one process; with
workers (the README's test command) each sees a part of the tests, so it does not look. This
test looks in any process: every worker collects every test, so the session knows them all.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pytest_textual_snapshot import SVGImageExtension  # type: ignore[import-untyped]
from syrupy.location import PyTestLocation

from tests.conftest import DESELECTED

HERE = Path(__file__).parent
SNAPSHOTS = HERE / "__snapshots__"


def test_every_snapshot_file_belongs_to_a_collected_snapshot_test(
    request: pytest.FixtureRequest,
) -> None:
    items = [*request.session.items, *request.config.stash.get(DESELECTED, [])]
    collected = {item.path for item in items}
    # Named as the plugin names them (one snapshot per test: index 0).
    wanted = {
        Path(SVGImageExtension.get_location(test_location=PyTestLocation(item), index=0))
        for item in items
        if "snap_compare" in getattr(item, "fixturenames", ())
    }
    unused = [
        f"{folder.name}/{file.name}"
        for folder in sorted(SNAPSHOTS.iterdir())
        if folder.is_dir() and HERE / f"{folder.name}.py" in collected  # its module ran here
        for file in sorted(folder.glob("*.svg"))
        if file not in wanted
    ]
    assert not unused, f"snapshot files no test takes (delete them): {unused}"
    orphans = [
        folder.name
        for folder in sorted(SNAPSHOTS.iterdir())
        if folder.is_dir() and not (HERE / f"{folder.name}.py").exists()
    ]
    assert not orphans, f"snapshot folders of no test module (delete them): {orphans}"
