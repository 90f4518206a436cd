"""httpx's command-line client is not imported with hostkey-tui, and still runs if asked."""

from __future__ import annotations

import importlib.util
import subprocess
import sys

import pytest

DEFERRED = """
import importlib.util, sys
import hostkey_tui.__main__
import httpx
loaded = sorted(m for m in ("click", "pygments", "rich.syntax") if m in sys.modules)
print("loaded:", ",".join(loaded))
print("spec:", importlib.util.find_spec("httpx._main").name)
"""

CALLED = (
    DEFERRED
    + """
httpx.main(["--help"])
"""
)

NAMED = (
    DEFERRED
    + """
print("named:", sys.modules["httpx._main"].Client is httpx.Client)
"""
)

WITHOUT_CLICK = """
import sys
sys.modules["click"] = None  # as where click is not installed
import hostkey_tui.__main__
import httpx
httpx.main()
"""

needs_click = pytest.mark.skipif(
    importlib.util.find_spec("click") is None, reason="without click httpx loads no CLI anyway"
)


def run(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )


@needs_click
def test_httpx_loads_without_its_command_line_which_still_runs_when_called() -> None:
    done = run(CALLED)
    assert done.returncode == 0, done.stderr
    assert "loaded: \n" in done.stdout  # click, pygments and rich.syntax stayed out
    assert "spec: httpx._main\n" in done.stdout  # find_spec answers for the stand-in
    assert "Usage: httpx" in done.stdout  # the real command, imported when called


@needs_click
def test_any_other_name_of_the_module_is_the_real_ones() -> None:
    done = run(NAMED)
    assert done.returncode == 0, done.stderr
    assert "loaded: \n" in done.stdout and "named: True" in done.stdout


def test_without_click_the_command_says_what_httpx_says() -> None:
    done = run(WITHOUT_CLICK)
    assert done.returncode == 1
    assert "pip install 'httpx[cli]'" in done.stdout and "Traceback" not in done.stderr


def test_after_httpx_it_changes_nothing() -> None:
    import httpx  # noqa: F401 - imported already in the test process; it must stay so

    from hostkey_tui.httpx_cli import defer_httpx_cli

    before = dict(sys.modules)
    defer_httpx_cli()
    assert sys.modules == before
