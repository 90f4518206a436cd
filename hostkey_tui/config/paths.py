"""Where things live: the user's config, and the app's own state and cache folders.

Folders the app creates are mode 0700 and files 0600: the state and cache describe a fleet.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path

import platformdirs

APP = "hostkey-tui"


def config_path(environ: Mapping[str, str] = os.environ) -> Path:
    """`$HOSTKEY_TUI_CONFIG`, else `<user config dir>/hostkey-tui/config.toml`."""
    override = environ.get("HOSTKEY_TUI_CONFIG")
    if override:
        return Path(override).expanduser()
    return Path(platformdirs.user_config_dir(APP)) / "config.toml"


def state_dir() -> Path:
    return Path(platformdirs.user_state_dir(APP))


def cache_dir() -> Path:
    return Path(platformdirs.user_cache_dir(APP))


def downloads_dir() -> Path:
    return Path(platformdirs.user_downloads_dir())


def private_dir(path: Path) -> Path:
    """Create `path` (and parents) as 0700 if missing; tighten it if the app created it."""
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    with contextlib.suppress(OSError):
        path.chmod(0o700)
    return path


def write_private(path: Path, data: bytes | Iterable[bytes]) -> None:
    """Write atomically (temp file + rename) with mode 0600 in a 0700 folder.

    `data` may come in pieces, so that a large file is never whole in memory.
    """
    private_dir(path.parent)
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as file:
            os.fchmod(file.fileno(), 0o600)
            if isinstance(data, bytes):
                file.write(data)
            else:
                for piece in data:
                    file.write(piece)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise


def create_private(path: Path, data: bytes) -> None:
    """Create a new file 0600; refuse (FileExistsError) if it already exists."""
    private_dir(path.parent)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as file:
        file.write(data)
