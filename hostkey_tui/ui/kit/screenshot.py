"""The palette's Screenshot (Textual's `deliver_screenshot`): an SVG of the screen saved 0600 in
the download folder, and never taken while a secret is revealed on screen.

A screen or dialog that can reveal a secret says so with `secret_shown` (`ShowsSecrets`): the
server detail while Reveal is on, a key shown once while it is shown. A masked field (a PIN, a
password being typed) shows no secret, so it does not count.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from hostkey_tui.config.paths import write_private

if TYPE_CHECKING:
    from textual.app import App
    from textual.notifications import SeverityLevel

#: Said instead of saving: nothing is written.
REFUSED = "A secret is shown on screen: hide it first. No screenshot was saved."


@runtime_checkable
class ShowsSecrets(Protocol):
    """A screen that may show a secret in clear."""

    @property
    def secret_shown(self) -> bool: ...


def secret_on_screen(screens: Iterable[object]) -> bool:
    """Whether any of these screens (the stack that is drawn) shows a secret now.

    The whole stack counts: a dialog over the server detail leaves the detail visible under
    it, and the screenshot draws it.
    """
    return any(isinstance(screen, ShowsSecrets) and screen.secret_shown for screen in screens)


def screenshot_name(title: str, now: float, time_format: str | None = None) -> str:
    """`hostkey-tui 2026-11-18T05_46_40.svg`-like: a name no shell or file system trips on."""
    stamp = time.strftime(time_format or "%Y-%m-%dT%H:%M:%S", time.localtime(now))
    stem = f"{title} {stamp}"
    for reserved in ' <>:"/\\|?*.':
        stem = stem.replace(reserved, "_")
    return stem + ".svg"


def save_svg(svg: str, folder: Path, name: str) -> Path:
    """Write the SVG as a new file (0600, in a folder made 0700 if missing): a screenshot taken
    in the same second as another gets a number rather than replacing it.

    Raises:
        OSError: the folder cannot be made or the file written.
    """
    name = Path(name).name or "screenshot.svg"
    stem, dot, suffix = name.rpartition(".")
    if not dot:
        stem, suffix = name, "svg"
    target = folder / name
    number = 1
    while target.exists():
        number += 1
        target = folder / f"{stem}-{number}.{suffix}"
    write_private(target, svg.encode("utf-8"))
    return target


class Say(Protocol):
    def __call__(self, message: str, *, title: str = "", severity: SeverityLevel = ...) -> None: ...


def take(
    app: App[Any],
    folder: Path,
    filename: str | None,
    time_format: str | None,
    now: float,
    say: Say,
) -> Path | None:
    """Save the screen as an SVG in `folder`, and say where; refused (said, nothing written)
    while a secret is revealed on any screen of the stack, or said when it cannot be written."""
    if secret_on_screen(app.screen_stack):
        say(REFUSED, title="Screenshot", severity="warning")
        return None
    name = filename or screenshot_name(app.title, now, time_format)
    try:
        saved = save_svg(app.export_screenshot(), folder, name)
    except OSError as error:
        say(
            f"The screenshot could not be saved in {folder}: {error.strerror or error}",
            title="Screenshot",
            severity="error",
        )
        return None
    say(f"Saved {saved} (mode 0600).", title="Screenshot")
    return saved
