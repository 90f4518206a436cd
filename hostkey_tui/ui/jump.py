"""The jump line's grammar (`:`), pure: what a typed command means, or why it means nothing.

`:servers` (or any word of a section), `:server <id or hostname>`, `:invoice <number>`, `:fleet`,
`:quit`.
"""

from __future__ import annotations

from collections.abc import Callable

from hostkey_tui.records import dataclass
from hostkey_tui.ui.sections import SECTION_WORDS, SECTIONS


@dataclass(frozen=True, slots=True)
class Jump:
    #: "quit", "fleet", "server", "invoice" or "section".
    verb: str
    #: The server id, the invoice number or the section's mode.
    target: str | int = ""


def hint() -> str:
    """The jump line's own help, under it."""
    words = "  ".join(f":{s.mode}" for s in SECTIONS)
    return f"jump: {words}  :server <id|hostname>  :invoice <number>  :fleet  :quit"


def words() -> list[str]:
    """What the jump line completes (hostnames are added by the caller)."""
    return [s.mode for s in SECTIONS] + ["fleet"]


def parse(text: str, find_server: Callable[[str], int | None]) -> Jump | str:
    """The command `text` means, or why it cannot be done (a sentence to show)."""
    verb, _, rest = text.partition(" ")
    verb = verb.lower()
    rest = rest.strip()
    if verb in ("q", "quit") and not rest:
        return Jump("quit")
    if verb == "fleet" and not rest:
        return Jump("fleet")
    if verb == "server" and rest:
        server_id = find_server(rest)
        if server_id is None:
            return f"No server {rest!r}: give an id, a hostname, or a unique start of one."
        return Jump("server", server_id)
    if verb == "invoice" and rest:
        # Any number: invapi says whether it is one of this account's invoices.
        return Jump("invoice", int(rest)) if rest.isdigit() else "An invoice number is all digits."
    if verb in SECTION_WORDS and not rest:
        return Jump("section", SECTION_WORDS[verb])
    known = ", ".join(f":{s.mode}" for s in SECTIONS)
    return (
        f"Unknown: {text!r}. Try {known}, :server <id or hostname>, :invoice <number>, "
        ":fleet, :quit."
    )
