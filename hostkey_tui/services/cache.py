"""The disk cache of public server details: the next start paints the list at once from it.

It holds what `eq/show` says minus credentials (the `password` tag and the like are never
written), in the app's cache folder, 0600 in 0700.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import threading
from collections.abc import Iterable, Iterator
from dataclasses import field
from itertools import islice
from pathlib import Path

from hostkey_tui.config.paths import write_private
from hostkey_tui.models.errors import MalformedReply
from hostkey_tui.models.server import Server, server_from_show, server_to_show
from hostkey_tui.records import dataclass
from hostkey_tui.state.views import sort_key

#: The list's sort the file is kept in (its default): a start with it paints the file's head.
ORDER = "hostname"
#: 2: a header line, then one server per line (read and written one at a time: 10,000 servers
#: are never one JSON document in memory). A file of another format is ignored.
FORMAT = 2


@dataclass(frozen=True, slots=True)
class Cached:
    servers: tuple[Server, ...]
    saved_at: float
    #: What follows the first servers when `load` was asked for a head only: `rest` reads it.
    unread: bytes = field(default=b"", repr=False, compare=False)

    @property
    def pending(self) -> int:
        """How many servers (lines) are still unread."""
        return self.unread.count(b"\n") + (1 if self.unread and self.unread[-1:] != b"\n" else 0)

    def rest(self, chunk: int) -> Iterator[tuple[Server, ...]]:
        """The servers after the head, `chunk` lines at a time."""
        lines = iter(self.unread.splitlines())
        while batch := list(islice(lines, chunk)):
            yield tuple(_servers(batch))


class ServerCache:
    def __init__(self, path: Path, base_url: str) -> None:
        self.path = path
        self.base_url = base_url
        # Saved from worker threads: one at a time, and never an older list over a newer one
        # (in the order the event loop asked, not by the wall clock, which may step back).
        self._saving = threading.Lock()
        self._tickets = itertools.count()
        self._written = -1

    def ticket(self) -> int:
        """Taken on the event loop when a save is asked for: the later ticket wins."""
        return next(self._tickets)

    def load(self, head: int | None = None) -> Cached | None:
        """What was saved for this base URL, or None (missing, damaged or another API).

        `head`: parse only the first `head` servers (the top of the list, as the file is in the
        list's default order) and keep the rest unread, for the first frame (issue 9).
        """
        try:
            with self.path.open("rb") as file:
                header = _json_line(file.readline())
                if (
                    not isinstance(header, dict)
                    or header.get("format") != FORMAT
                    or header.get("base_url") != self.base_url
                    or not isinstance(header.get("saved_at"), int | float)
                    or isinstance(header.get("saved_at"), bool)
                ):
                    return None
                lines = file if head is None else islice(file, head)
                servers = tuple(_servers(lines))
                unread = b"" if head is None else file.read()
        except OSError:
            return None
        return Cached(servers, float(header["saved_at"]), unread)

    def save(self, servers: list[Server], saved_at: float, ticket: int | None = None) -> None:
        header = {"format": FORMAT, "base_url": self.base_url, "saved_at": saved_at}

        def lines() -> Iterator[bytes]:
            yield _dump(header)
            # In the list's own order, so that the first lines are the rows a start paints.
            for server in sorted(servers, key=sort_key(ORDER)):
                yield _dump(server_to_show(server.without_secrets()))

        ticket = self.ticket() if ticket is None else ticket
        with self._saving:
            if ticket <= self._written:
                return
            write_private(self.path, lines())
            self._written = ticket


def _servers(lines: Iterable[bytes]) -> Iterator[Server]:
    """The servers of the lines that parse (a damaged line is skipped, not the file)."""
    for line in lines:
        item = _json_line(line)
        if isinstance(item, dict):
            with contextlib.suppress(MalformedReply):
                yield server_from_show(item)


def _dump(document: object) -> bytes:
    return json.dumps(document, separators=(",", ":")).encode() + b"\n"


def _json_line(line: bytes) -> object:
    try:
        return json.loads(line)
    except (ValueError, UnicodeDecodeError, RecursionError):
        return None
