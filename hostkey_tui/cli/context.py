"""What a command runs with: its streams, the terminal (or none), the environment, and the
wiring tests replace (the simulator's world, a manual clock, temporary folders).

Commands never read `sys` or `os.environ` themselves, so a test drives them whole.
"""

from __future__ import annotations

import getpass
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Collection, Mapping
from dataclasses import field
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from hostkey_tui.clock import Clock, SystemClock
from hostkey_tui.config.keys import Runner
from hostkey_tui.records import dataclass

if TYPE_CHECKING:
    import httpx

    from hostkey_tui.simulator.world import World

#: Exit codes (said in `--help` and the README).
OK = 0
FAILED = 1
USAGE = 2
UNKNOWN = 3


class CommandError(Exception):
    """A command that cannot go on, said in one line with its exit code (nothing was sent)."""

    def __init__(self, message: str, code: int = FAILED) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


def _ask(prompt: str) -> str:
    """A line typed at the terminal (the controlling one, even with stdin redirected)."""
    try:
        with open("/dev/tty", "r+", encoding="utf-8") as tty:
            tty.write(prompt)
            tty.flush()
            return tty.readline().rstrip("\n")
    except OSError:
        sys.stderr.write(prompt)
        sys.stderr.flush()
        return sys.stdin.readline().rstrip("\n")


def _ask_secret(prompt: str) -> str:
    """Typed without echo (getpass reads /dev/tty when there is one)."""
    return getpass.getpass(prompt, stream=sys.stderr)


def _has_terminal() -> bool:
    """Whether a person can be asked: stdin is a terminal (a script piping in is not one)."""
    try:
        return sys.stdin is not None and sys.stdin.isatty()
    except (ValueError, OSError):
        return False


@dataclass
class Context:
    out: TextIO = field(default_factory=lambda: sys.stdout)
    err: TextIO = field(default_factory=lambda: sys.stderr)
    environ: Mapping[str, str] = field(default_factory=lambda: os.environ)
    #: A person at a terminal who can answer a question.
    interactive: bool = field(default_factory=_has_terminal)
    #: stdout is a terminal: tables by default, cut to its width.
    out_is_terminal: bool = field(default_factory=lambda: sys.stdout.isatty())
    #: stderr is a terminal: progress is said there (never into a pipe or a file).
    err_is_terminal: bool = field(default_factory=lambda: sys.stderr.isatty())
    #: The terminal's columns (asked each time: a window may be resized between commands).
    columns: Callable[[], int] = lambda: shutil.get_terminal_size((100, 24)).columns
    ask: Callable[[str], str] = _ask
    ask_secret: Callable[[str], str] = _ask_secret
    run_command: Runner = subprocess.run
    clock: Clock = field(default_factory=SystemClock)
    #: Tests: the simulator's transport for a real profile, a world for the demo, folders.
    transport: httpx.AsyncBaseTransport | None = None
    world: World | None = None
    state_dir: Path | None = None
    cache_dir: Path | None = None
    #: The ids `[keymap]` may name, and the theme names (from the app: `config check` checks
    #: them without the command line importing the UI for every command).
    binding_ids: Callable[[], Collection[str]] | None = None
    themes: Callable[[], Collection[str]] | None = None
    #: Set once a change may have left: an interruption from then on leaves its outcome
    #: unknown (exit 3), not merely "interrupted".
    change_sent: bool = False

    def width(self) -> int | None:
        """The terminal's width for tables, None when stdout is not a terminal (never cut)."""
        if not self.out_is_terminal:
            return None
        return self.columns()

    def progress(self, text: str) -> None:
        """Said on stderr while waiting, only to a person (a script's stderr stays clean)."""
        if self.err_is_terminal:
            self.err.write(f"\r\x1b[2K{text}")
            self.err.flush()

    def progress_done(self) -> None:
        if self.err_is_terminal:
            self.err.write("\r\x1b[2K")
            self.err.flush()

    def say(self, text: str) -> None:
        """A note for the person (stderr): never part of the output a script reads."""
        self.err.write(text + "\n")
