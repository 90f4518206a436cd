"""httpx's command-line client is not imported with hostkey-tui, and still runs if asked."""

from __future__ import annotations

import importlib.util
import subprocess
import sys

import pytest

CHECK = """
import sys
import hostkey_tui.__main__
import httpx
loaded = sorted(m for m in ("click", "pygments", "rich.syntax") if m in sys.modules)
print("loaded:", ",".join(loaded))
httpx.main(["--help"])
"""


@pytest.mark.skipif(
    importlib.util.find_spec("click") is None, reason="without click httpx loads no CLI anyway"
)
def test_httpx_loads_without_its_command_line_which_still_runs_when_called() -> None:
    done = subprocess.run(
        [sys.executable, "-c", CHECK], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    assert "loaded: \n" in done.stdout  # click, pygments and rich.syntax stayed out
    assert "Usage: httpx" in done.stdout  # the real command, imported when called


def test_after_httpx_it_changes_nothing() -> None:
    import httpx  # noqa: F401 - imported already in the test process; it must stay so

    from hostkey_tui.httpx_cli import defer_httpx_cli

    before = dict(sys.modules)
    defer_httpx_cli()
    assert sys.modules == before
