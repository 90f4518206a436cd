"""httpx without its command-line client, which hostkey-tui never runs.

httpx's `__init__` imports `httpx._main` (the `httpx` command: click, pygments, rich.syntax,
rich.progress) whenever click is installed, as it is beside import-linter and in many shared
environments: about 70 ms of every command line's start, and of the app's work right after its
first frame (bench/README.md). A stand-in takes its place; should anything call `httpx.main`
or read another name of the module, the real one is imported then.
"""

from __future__ import annotations

import importlib
import importlib.machinery
import sys
import types
from typing import Any

_NAME = "httpx._main"
#: What httpx itself says when its command line cannot be imported (httpx/__init__.py).
_MISSING = (
    "The httpx command line client could not run because the required dependencies were not "
    "installed.\nMake sure you've installed everything with: pip install 'httpx[cli]'\n"
)


def defer_httpx_cli() -> None:
    """Call before httpx is first imported (the entry point does); later it changes nothing."""
    if "httpx" in sys.modules or _NAME in sys.modules:
        return
    stand_in = types.ModuleType(_NAME, "A stand-in: hostkey_tui.httpx_cli")
    stand_in.__spec__ = importlib.machinery.ModuleSpec(_NAME, None)

    def real() -> types.ModuleType:
        if sys.modules.get(_NAME) is stand_in:
            del sys.modules[_NAME]
        return importlib.import_module(_NAME)

    def main(*args: Any, **kwargs: Any) -> Any:
        try:
            command = real().main
        except ImportError:  # click or pygments missing: as httpx says then
            print(_MISSING)
            sys.exit(1)
        return command(*args, **kwargs)

    def __getattr__(name: str) -> Any:
        if name.startswith("__"):  # the import system asks for `__path__` and the like
            raise AttributeError(name)
        return getattr(real(), name)

    stand_in.main = main  # type: ignore[attr-defined]
    stand_in.__getattr__ = __getattr__  # type: ignore[method-assign]
    sys.modules[_NAME] = stand_in
