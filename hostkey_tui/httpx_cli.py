"""httpx without its command-line client, which hostkey-tui never runs.

httpx's `__init__` imports `httpx._main` (the `httpx` command: click, pygments, rich.syntax,
rich.progress) whenever click is installed, as it is beside import-linter and in many shared
environments: about 70 ms of every start, on the way to the first rows (bench/README.md,
startup). A stand-in takes its place; should anything call `httpx.main`, the real one is
imported then and run.
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import Any

_NAME = "httpx._main"


def defer_httpx_cli() -> None:
    """Call before httpx is first imported (the entry point does); later it changes nothing."""
    if "httpx" in sys.modules or _NAME in sys.modules:
        return
    stand_in = types.ModuleType(_NAME, "A stand-in: hostkey_tui.httpx_cli")

    def main(*args: Any, **kwargs: Any) -> Any:
        if sys.modules.get(_NAME) is stand_in:
            del sys.modules[_NAME]
        return importlib.import_module(_NAME).main(*args, **kwargs)

    setattr(stand_in, "main", main)  # noqa: B010 - a module object's attribute, made here
    sys.modules[_NAME] = stand_in
