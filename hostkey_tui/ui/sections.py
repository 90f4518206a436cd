"""The sections of the app, one row each: adding a section is a feature package and a row here.

Everything that lists sections reads this table: the app's modes, the number keys, the section
bar, the jump line's words and the help. A section's screen is imported when it is first
opened, so that start-up pays for the server list only (issue 9).
"""

from __future__ import annotations

import importlib
from typing import Any

from textual.screen import Screen

from hostkey_tui.records import dataclass
from hostkey_tui.ui.kit.keys import Key


@dataclass(frozen=True, slots=True)
class Section:
    #: The number key that opens it.
    key: str
    #: Its mode name, also its id in `[keymap]` (`app.<mode>`) and on the jump line (`:<mode>`).
    mode: str
    #: In the section bar and the help.
    title: str
    #: What its number key does, in the help and the palette.
    goes_to: str
    #: Other words the jump line takes for it.
    words: tuple[str, ...]
    #: `module:Class` of its first screen.
    screen: str

    def make_screen(self) -> Screen[Any]:
        module, _, name = self.screen.partition(":")
        screen: type[Screen[Any]] = getattr(importlib.import_module(module), name)
        return screen()

    def key_row(self) -> Key:
        return Key(
            id=f"app.{self.mode}",
            key=self.key,
            action=f"section({self.mode!r})",
            description=self.title,
            help=self.goes_to,
            show=False,
        )


SECTIONS: tuple[Section, ...] = (
    Section(
        key="1",
        mode="servers",
        title="Servers",
        goes_to="Go to the server list",
        words=("list",),
        screen="hostkey_tui.ui.servers.screen:ServersScreen",
    ),
    Section(
        key="2",
        mode="billing",
        title="Billing",
        goes_to="Go to the account, invoices and payments",
        words=("invoices",),
        screen="hostkey_tui.ui.billing.screen:BillingScreen",
    ),
    Section(
        key="3",
        mode="dns",
        title="DNS",
        goes_to="Go to the DNS zones and records",
        words=("zones",),
        screen="hostkey_tui.ui.dns.screen:DnsScreen",
    ),
    Section(
        key="4",
        mode="order",
        title="Order",
        goes_to="Go to ordering a server",
        words=(),
        screen="hostkey_tui.ui.order.screen:OrderScreen",
    ),
    Section(
        key="5",
        mode="jobs",
        title="Jobs",
        goes_to="Go to the jobs and the audit journal",
        words=(),
        screen="hostkey_tui.ui.jobs.screen:JobsScreen",
    ),
    Section(
        key="6",
        mode="account",
        title="Account",
        goes_to="Go to the API keys, SSH keys, PIN and remote hands",
        words=("keys", "pin"),
        screen="hostkey_tui.ui.account.screen:AccountScreen",
    ),
)

BY_MODE = {section.mode: section for section in SECTIONS}

#: Every word the jump line takes for a section, and the section's mode.
SECTION_WORDS = {
    word: section.mode for section in SECTIONS for word in (section.mode, *section.words)
}


def section_titles() -> tuple[tuple[str, str, str], ...]:
    """(key, mode, title) of each section, for the section bar."""
    return tuple((s.key, s.mode, s.title) for s in SECTIONS)
