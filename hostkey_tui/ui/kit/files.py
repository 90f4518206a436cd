"""Where the app saves files, and opening one on the desktop when there is one."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from hostkey_tui.config.paths import downloads_dir

if TYPE_CHECKING:
    from hostkey_tui.ui.host import Host


def folder(app: Host) -> Path:
    return app.setup.config.ui.download_dir or downloads_dir()


def can_open_files() -> bool:
    """A desktop to open a PDF on (not a bare SSH session)."""
    if sys.platform == "darwin":
        return shutil.which("open") is not None
    return (
        bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
        and shutil.which("xdg-open") is not None
    )


def open_file(path: Path) -> bool:
    opener = "open" if sys.platform == "darwin" else "xdg-open"
    if not can_open_files():
        return False
    with contextlib.suppress(OSError):
        subprocess.Popen([opener, str(path)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # noqa: S603
        return True
    return False
