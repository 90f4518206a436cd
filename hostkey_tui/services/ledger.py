"""What must outlive the app between runs: open IPMI pass-throughs, a PXE reinstall under way.

One small JSON file in the state folder (0600 in 0700), by section. Nothing secret goes in: a
NAT grant is an address and an expiry time; a reinstall keeps its step, never its password.
A file that cannot be read is set aside (renamed `.bad`) and the app carries on without it.
"""

from __future__ import annotations

import contextlib
import json
from pathlib import Path
from typing import Any

from hostkey_tui.config.paths import write_private


class Ledger:
    def __init__(self, path: Path) -> None:
        self.path = path
        #: Why the file could not be read, said once to the user ("" when it could).
        self.problem = ""

    def _load(self) -> dict[str, Any]:
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return {}
        except OSError as error:
            self.problem = f"{self.path} could not be read: {error.strerror}"
            return {}
        try:
            data = json.loads(text)
        except ValueError:
            data = None
        if not isinstance(data, dict):
            self.problem = f"{self.path} was not readable and was set aside as .bad"
            with contextlib.suppress(OSError):
                self.path.replace(self.path.with_suffix(".bad"))
            return {}
        return data

    def read(self, section: str) -> dict[str, Any]:
        value = self._load().get(section)
        return value if isinstance(value, dict) else {}

    def write(self, section: str, value: dict[str, Any]) -> None:
        """Replace one section (atomically); an empty one is removed.

        Raises:
            OSError: the file could not be written.
        """
        data = self._load()
        if value:
            data[section] = value
        else:
            data.pop(section, None)
        write_private(self.path, (json.dumps(data, indent=1, sort_keys=True) + "\n").encode())
