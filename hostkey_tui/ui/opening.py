"""Starting from the disk cache: the top of the cached list in the very first frame, the rest
after it a part per turn of the event loop (the screens draw and take keys in between), then
the client (issue 9)."""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import Callable, Iterator
from typing import Any

from textual.app import App

from hostkey_tui.config.ui_state import UiState
from hostkey_tui.services.cache import ORDER as CACHE_ORDER
from hostkey_tui.services.cache import Cached
from hostkey_tui.services.context import Services
from hostkey_tui.services.servers import restore_rest
from hostkey_tui.ui.setup import Opening

#: Servers of the disk cache read before the first frame, at least (the rest after it).
FIRST_ROWS = 100
#: Seconds between two parts of the rest of the cache: the screens draw and take keys then.
OPENING_PAUSE = 0.005


def first_rows(ui: UiState) -> int | None:
    """How much of the cache goes into the first frame: the top of the list when the list is
    shown in the cache's own order, else all of it (sorted otherwise, any row may be first)."""
    if ui.sort_column == CACHE_ORDER and not ui.sort_reverse:
        return max(FIRST_ROWS, shutil.get_terminal_size().lines)
    return None


class CacheOpening:
    """The rest of the cached list once the first frame is out, then the client."""

    def __init__(
        self,
        app: App[Any],
        opening: Opening,
        unread: Cached | None,
        signed_in: Callable[[Services], None],
        failed: Callable[[BaseException], None],
    ) -> None:
        self.app = app
        self.opening = opening
        self.unread = unread
        self.signed_in = signed_in
        self.failed = failed
        self.done = False
        self._steps: Iterator[int] | None = None

    def frame_written(self) -> None:
        """Textual's Ready comes before its first frame is written; this is after it."""
        if self._steps is None and not self.done:
            unread, self.unread = self.unread, None
            self._steps = restore_rest(self.opening.store, unread)
            self.app.call_later(self._next)

    def _next(self) -> None:
        if self.done or self._steps is None:
            return
        if next(self._steps, None) is not None:
            # A timer, not call_later: the app's queue would run the next part at once, and
            # the screens would neither draw nor take keys until the last.
            self.app.set_timer(OPENING_PAUSE, self._next)
            return
        self.done = True
        self.app.run_worker(self._connect(), name="connect", group="opening")

    async def _connect(self) -> None:
        # Only the making runs in a worker thread: the client's first making imports httpx and
        # loads the system's certificates (~150 ms at 10,000 cached servers), and the list
        # takes keys meanwhile. What follows it runs on the loop, as before.
        try:
            services = await asyncio.to_thread(self.opening.connect, self.opening.store)
        except Exception as error:  # the cached list stays; said, never a traceback
            self.failed(error)
            return
        if self.app._exit or not self.app.is_running:
            await services.client.aclose()  # quit meanwhile: nothing starts on a closing app
            return
        self.signed_in(services)
