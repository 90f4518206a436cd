"""A clipboard beside OSC 52: the desktop's own copy command, where there is one.

OSC 52 (Textual's `copy_to_clipboard`) reaches the clipboard of the terminal the user sits at,
over SSH too, but only where the terminal (and tmux) allows it; many do not by default. On a
desktop, `pbcopy`, `wl-copy` or `xclip` put the text on the clipboard whatever the terminal
allows. The first found is given the text on its standard input: no shell, a short timeout,
and a failure is ignored quietly (OSC 52 was sent anyway). The text may be a password: it is
never logged, never an argument, never in a message.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable, Mapping, Sequence

#: Runs a command with `text` on its standard input (seconds of timeout); raises on failure.
Runner = Callable[[Sequence[str], bytes, float], object]
#: Finds a program on a PATH (`shutil.which`'s shape).
Which = Callable[[str, str], str | None]

#: Seconds a copy command may take: it reads its input and returns (xclip and wl-copy leave a
#: child behind to serve the selection, which does not hold our pipes: see `run`).
TIMEOUT = 2.0


def run(command: Sequence[str], text: bytes, timeout: float) -> object:
    # stdout/stderr go nowhere: xclip and wl-copy fork a child that keeps serving the
    # clipboard, and a pipe it inherited would keep `run` waiting until the timeout.
    return subprocess.run(  # noqa: S603 - a fixed program from COMMANDS, found on PATH
        list(command),
        input=text,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        timeout=timeout,
        check=True,
        close_fds=True,
    )


def which(program: str, path: str) -> str | None:
    return shutil.which(program, path=path)


class Clipboard:
    """The desktop copy command to use besides OSC 52, found once."""

    def __init__(
        self,
        environ: Mapping[str, str] | None = None,
        *,
        runner: Runner = run,
        find: Which = which,
    ) -> None:
        self.environ = os.environ if environ is None else environ
        self.runner = runner
        self.find = find
        self._command: tuple[str, ...] | None = None
        self._looked = False

    @property
    def command(self) -> tuple[str, ...] | None:
        """`pbcopy`; `wl-copy` under Wayland; `xclip -selection clipboard` under X; or None."""
        if not self._looked:
            self._looked = True
            self._command = self._find()
        return self._command

    def _find(self) -> tuple[str, ...] | None:
        path = self.environ.get("PATH", "")
        if not path:
            return None
        candidates: list[tuple[str, ...]] = [("pbcopy",)]
        if self.environ.get("WAYLAND_DISPLAY"):
            candidates.append(("wl-copy",))
        if self.environ.get("DISPLAY"):
            candidates.append(("xclip", "-selection", "clipboard"))
        for candidate in candidates:
            found = self.find(candidate[0], path)
            if found:
                return (found, *candidate[1:])
        return None

    def copy(self, text: str) -> bool:
        """Give the text to the copy command, if any; False when there is none or it failed.

        Never raises: the copy was also sent as OSC 52, and a missing or broken helper is not
        worth a message (and its error could quote what it was given).
        """
        command = self.command
        if command is None:
            return False
        try:
            self.runner(command, text.encode("utf-8"), TIMEOUT)
        except Exception:  # any failure of a helper is ignored, quietly
            return False
        return True
