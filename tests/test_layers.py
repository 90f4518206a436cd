"""The layers of DESIGN.md hold: the core loads without Textual, and the contracts are kept.

(Only Textual is probed at run time: with `click` installed, as the dev extra does, httpx's
optional command line imports rich by itself. The static contracts forbid rich in our core.)
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
CORE = ["models", "api", "state", "services", "config", "simulator", "clock"]

_PROBE = """
import importlib, pkgutil, sys
package = importlib.import_module("hostkey_tui.{name}")
for info in pkgutil.walk_packages(getattr(package, "__path__", []), package.__name__ + "."):
    if not info.name.endswith("__main__"):
        importlib.import_module(info.name)
loaded = sorted(m for m in sys.modules if m.split(".")[0] == "textual")
print(",".join(loaded))
"""


@pytest.mark.parametrize("name", CORE)
def test_core_package_loads_without_textual(name: str) -> None:
    result = subprocess.run(
        [sys.executable, "-c", _PROBE.format(name=name)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "", f"hostkey_tui.{name} loaded {result.stdout.strip()}"


def test_import_contracts_are_kept() -> None:
    linter = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    assert linter is not None, "import-linter is part of the dev extra"
    result = subprocess.run([linter], capture_output=True, text=True, cwd=ROOT, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "broken" in result.stdout and "0 broken" in result.stdout
