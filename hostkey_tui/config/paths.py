"""Where things live: the user's config, and the app's own state and cache folders.

Folders the app creates are mode 0700 and files 0600: the state and cache describe a fleet.
"""

from __future__ import annotations

import contextlib
import os
import stat
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
    """Create `path`, and the parents it lacks, as 0700; a folder that was there keeps its mode.

    An existing ~/Downloads (or any folder the user chose) is theirs: only what the app creates
    is made private.
    """
    missing: list[Path] = []
    folder = path
    while not folder.is_dir() and folder != folder.parent:
        missing.append(folder)
        folder = folder.parent
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=0o700)
        except FileExistsError:
            continue  # made meanwhile by someone else: not ours to change
        with contextlib.suppress(OSError):
            folder.chmod(0o700)  # the umask may have taken bits mkdir's mode asked for
    if not path.is_dir():
        raise NotADirectoryError(f"{path} is not a folder")
    return path


class NotRegularFile(OSError):
    """The path is a FIFO, a device, a folder...: reading it could hang or never end."""

    def __init__(self, path: Path, kind: str) -> None:
        super().__init__(f"{path} is {kind}, not a regular file")
        self.kind = kind


class TooLarge(OSError):
    """The file holds more than the limit given."""


def read_regular(path: Path, limit: int) -> bytes:
    """At most `limit` bytes of a regular file, refusing anything else before reading.

    Opened without blocking (a FIFO would wait for a writer), checked with fstat (so the check
    and the read are of the same file), read with a cap (so /dev/zero cannot go on for ever).

    Raises:
        FileNotFoundError: no such file.
        NotRegularFile: a FIFO, a device, a folder, a socket.
        TooLarge: more than `limit` bytes.
        OSError: it cannot be opened or read.
    """
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOCTTY", 0)
    descriptor = os.open(path, flags)
    try:
        mode = os.fstat(descriptor).st_mode
    except OSError:
        os.close(descriptor)
        raise
    if not stat.S_ISREG(mode):
        os.close(descriptor)
        raise NotRegularFile(path, _kind(mode))
    with os.fdopen(descriptor, "rb", buffering=0) as file:
        chunks: list[bytes] = []
        size = 0
        while size <= limit:
            chunk = file.read(min(64 * 1024, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    if size > limit:
        raise TooLarge(f"{path} is larger than {limit // 1024} KB")
    return b"".join(chunks)


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a plain file"


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
