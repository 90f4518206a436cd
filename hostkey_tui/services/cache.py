"""The disk cache of public server details: the next start paints the list at once from it.

It holds what `eq/show` says minus credentials (the `password` tag and the like are never
written), in the app's cache folder, 0600 in 0700.
"""

from __future__ import annotations

import contextlib
import json
from dataclasses import dataclass
from pathlib import Path

from hostkey_tui.config.paths import write_private
from hostkey_tui.models.errors import MalformedReply
from hostkey_tui.models.server import Server, server_from_show, server_to_show

FORMAT = 1


@dataclass(frozen=True, slots=True)
class Cached:
    servers: tuple[Server, ...]
    saved_at: float


class ServerCache:
    def __init__(self, path: Path, base_url: str) -> None:
        self.path = path
        self.base_url = base_url

    def load(self) -> Cached | None:
        """What was saved for this base URL, or None (missing, damaged or another API)."""
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError, UnicodeDecodeError, RecursionError):
            return None
        if (
            not isinstance(data, dict)
            or data.get("format") != FORMAT
            or data.get("base_url") != self.base_url
        ):
            return None
        servers = []
        for item in data.get("servers", []) if isinstance(data.get("servers"), list) else []:
            with contextlib.suppress(MalformedReply):
                servers.append(server_from_show(item))
        saved_at = data.get("saved_at")
        if not isinstance(saved_at, int | float):
            return None
        return Cached(tuple(servers), float(saved_at))

    def save(self, servers: list[Server], saved_at: float) -> None:
        document = {
            "format": FORMAT,
            "base_url": self.base_url,
            "saved_at": saved_at,
            "servers": [server_to_show(s.without_secrets()) for s in servers],
        }
        write_private(self.path, json.dumps(document, separators=(",", ":")).encode())
