"""The audit journal: every change the app made or tried, one JSON line each, never rewritten.

Kept in the app's state folder (0600 in 0700), secrets masked by the same rules as the log.
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


class Journal:
    def __init__(self, path: Path) -> None:
        self.path = path

    def record(self, entry: Entry) -> None:
        line = json.dumps(redact_json(_as_dict(entry)), ensure_ascii=False) + "\n"
        private_dir(self.path.parent)
        descriptor = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            os.write(descriptor, line.encode())
        finally:
            os.close(descriptor)

    def entries(self, limit: int = 2000) -> list[Entry]:
        """The newest `limit` entries, newest first; unreadable lines are skipped."""
        try:
            lines = self.path.read_text(encoding="utf-8").splitlines()[-limit:]
        except (OSError, UnicodeDecodeError):
            return []
        found = []
        for line in reversed(lines):
            try:
                data = json.loads(line)
                found.append(
                    Entry(
                        at=float(data["at"]),
                        profile=str(data.get("profile", "")),
                        action=str(data["action"]),
                        targets=tuple(str(t) for t in data.get("targets", [])),
                        outcome=str(data.get("outcome", "")),
                        message=str(data.get("message", "")),
                    ),
                )
            except (ValueError, KeyError, TypeError):
                continue
        return found

    def export(self, destination: Path) -> Path:
        """A copy of the journal (mode 0600) for sending on; returns where it went."""
        try:
            data = self.path.read_bytes()
        except FileNotFoundError:
            data = b""
        write_private(destination, data)
        return destination


def _as_dict(entry: Entry) -> dict[str, Any]:
    return {
        "at": entry.at,
        "profile": entry.profile,
        "action": entry.action,
        "targets": list(entry.targets),
        "outcome": entry.outcome,
        "message": entry.message,
    }


def describe(targets: Sequence[tuple[int, str]]) -> tuple[str, ...]:
    return tuple(f"{hostname} ({server_id})" for server_id, hostname in targets)
