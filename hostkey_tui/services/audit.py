"""The audit journal: every change the app made or tried, one JSON line each, never rewritten.

Kept in the app's state folder (0600 in 0700), secrets masked by the same rules as the log.
Each request that changes something is written *before* it is sent ("sending", with a change
id), and its outcome after, under the same id: a change cut off by `q` or `kill -9` leaves its
"sending" line, and the next start asks invapi what became of it.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from hostkey_tui.api.redact import redact_json
from hostkey_tui.config.paths import private_dir, write_private
from hostkey_tui.records import dataclass


@dataclass(frozen=True, slots=True)
class Entry:
    at: float
    profile: str
    action: str
    targets: tuple[str, ...]
    outcome: str
    message: str = ""
    #: Links a "sending" line to its outcome lines ("" for lines that stand alone).
    change: str = ""
    #: The request (`eq/reboot`), and what identifies its target (`id`, `zone`, ...).
    endpoint: str = ""
    about: tuple[tuple[str, str], ...] = ()


#: Outcomes that leave a change open: the next start asks invapi what became of it.
OPEN_OUTCOMES = frozenset({"sending", "unknown"})


class Journal:
    def __init__(self, path: Path) -> None:
        self.path = path
        #: Lines of the last read that could not be read (a torn write, a bad byte).
        self.skipped = 0

    def record(self, entry: Entry) -> None:
        """Append one line.

        Raises:
            OSError: it could not be written (a full disk, a read-only home).
        """
        line = json.dumps(redact_json(_as_dict(entry)), ensure_ascii=False) + "\n"
        private_dir(self.path.parent)
        descriptor = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            os.write(descriptor, line.encode())
        finally:
            os.close(descriptor)

    def entries(self, limit: int = 2000) -> list[Entry]:
        """The newest `limit` entries, newest first; unreadable lines are skipped and counted
        (`skipped`), never the end of the journal."""
        self.skipped = 0
        try:
            raw = self.path.read_bytes().splitlines()[-limit:]
        except OSError:
            return []
        found = []
        for line in reversed(raw):
            entry = _entry(line)
            if entry is None:
                self.skipped += bool(line.strip())
                continue
            found.append(entry)
        return found

    def unfinished(self, limit: int = 20000) -> list[Entry]:
        """Changes whose last line leaves them open ("sending", "unknown"), oldest first: their
        outcome was never learnt (the app was stopped, or the reply was lost)."""
        last: dict[str, Entry] = {}
        first: dict[str, Entry] = {}
        for entry in reversed(self.entries(limit)):
            if not entry.change:
                continue
            first.setdefault(entry.change, entry)
            last[entry.change] = entry
        return [first[c] for c, e in last.items() if e.outcome in OPEN_OUTCOMES]

    def export(self, destination: Path) -> Path:
        """A copy of the journal (mode 0600) for sending on; returns where it went."""
        try:
            data = self.path.read_bytes()
        except FileNotFoundError:
            data = b""
        write_private(destination, data)
        return destination


def _as_dict(entry: Entry) -> dict[str, Any]:
    data: dict[str, Any] = {
        "at": entry.at,
        "profile": entry.profile,
        "action": entry.action,
        "targets": list(entry.targets),
        "outcome": entry.outcome,
        "message": entry.message,
    }
    if entry.change:
        data["change"] = entry.change
    if entry.endpoint:
        data["endpoint"] = entry.endpoint
    if entry.about:
        data["about"] = dict(entry.about)
    return data


def _entry(line: bytes) -> Entry | None:
    try:
        data = json.loads(line.decode("utf-8"))
        about = data.get("about") or {}
        return Entry(
            at=float(data["at"]),
            profile=str(data.get("profile", "")),
            action=str(data["action"]),
            targets=tuple(str(t) for t in data.get("targets", [])),
            outcome=str(data.get("outcome", "")),
            message=str(data.get("message", "")),
            change=str(data.get("change", "")),
            endpoint=str(data.get("endpoint", "")),
            about=tuple((str(k), str(v)) for k, v in dict(about).items()),
        )
    except (ValueError, KeyError, TypeError, AttributeError):
        return None


def describe(targets: Sequence[tuple[int, str]]) -> tuple[str, ...]:
    return tuple(f"{hostname} ({server_id})" for server_id, hostname in targets)
