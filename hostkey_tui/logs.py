"""The app's log: warnings and errors by default, in the state folder; `--log FILE` for debug.

Secrets are masked by the same rules as error messages (`api.redact`). The default log rotates
(three files of 1 MB) and every file of it is created 0600: it may name servers and addresses.
A log that cannot be written never stops the app: it runs without one.
"""

from __future__ import annotations

import io
import logging
import logging.handlers
import os
from pathlib import Path

#: The default log's name in the state folder.
LOG_NAME = "hostkey-tui.log"
MAX_BYTES = 1024 * 1024
BACKUPS = 3
_FORMAT = "%(asctime)s %(levelname)s %(name)s %(message)s"

_current: Path | None = None


def current_log() -> Path | None:
    """The file the log goes to now (said in the crash message), None when there is none."""
    return _current


class RedactingFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        from hostkey_tui.api.redact import redact_text

        return redact_text(super().format(record))


class _PrivateRotatingHandler(logging.handlers.RotatingFileHandler):
    """Rotates as its parent does, each new file created 0600 whatever the umask."""

    def _open(self) -> io.TextIOWrapper:
        descriptor = os.open(
            self.baseFilename, os.O_WRONLY | os.O_CREAT | os.O_APPEND | os.O_CLOEXEC, 0o600
        )
        return io.TextIOWrapper(io.FileIO(descriptor, "a"), encoding="utf-8")


def start_default_log(folder: Path) -> Path | None:
    """Warnings and errors to `folder/hostkey-tui.log`; its path, or None when it cannot be
    written (a read-only home: the app runs on without a log)."""
    from hostkey_tui.config.paths import private_dir

    path = folder / LOG_NAME
    try:
        private_dir(folder)
        handler = _PrivateRotatingHandler(path, maxBytes=MAX_BYTES, backupCount=BACKUPS)
    except OSError:
        return None
    _attach(handler, logging.WARNING, path)
    return path


def start_debug_log(path: Path) -> None:
    """Everything, requests and replies included, to `path` (`--log FILE`). A new file is
    created 0600; one that exists (even /dev/null) is the user's, and keeps its mode.

    Raises:
        OSError: it cannot be opened.
    """
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND | os.O_CLOEXEC, 0o600)
    _attach(
        logging.StreamHandler(os.fdopen(descriptor, "a", encoding="utf-8")), logging.DEBUG, path
    )


def stop_log() -> None:
    """Closes the log this module started, if any; the app runs on without one."""
    global _current
    root = logging.getLogger("hostkey_tui")
    for old in list(root.handlers):
        if getattr(old, "_hostkey_log", False):
            root.removeHandler(old)
            old.close()
    _current = None


def _attach(handler: logging.Handler, level: int, path: Path) -> None:
    global _current
    handler.setFormatter(RedactingFormatter(_FORMAT))
    stop_log()
    root = logging.getLogger("hostkey_tui")
    handler._hostkey_log = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(level)
    _current = path
