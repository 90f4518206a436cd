"""`?` shows every key with all of what it does: long descriptions wrap, nothing is cut."""

from __future__ import annotations

import pytest

from hostkey_tui.ui.keys import BY_ID
from hostkey_tui.ui.kit.modals.help import HelpScreen, KeysTable
from hostkey_tui.ui.server.screen import TABS
from hostkey_tui.ui.servers.screen import FILTER_HELP
from tests.ui.driver import SIZES, Driver


def shown_rows(help_screen: HelpScreen) -> list[list[str]]:
    """Each group's keys as drawn now: lines of text."""
    return [str(table.render()).splitlines() for table in help_screen.query(KeysTable)]


def words(text: str) -> list[str]:
    return text.replace(",", " ").replace(":", " ").split()


@pytest.mark.parametrize("size", SIZES)
async def test_every_description_is_shown_whole(ui: Driver, size: tuple[int, int]) -> None:
    """The filter's grammar included: every word of every row is drawn, none ends in `…`."""
    async with ui.run(size=size):
        await ui.key("app.help")
        help_screen = ui.screen
        assert isinstance(help_screen, HelpScreen)
        drawn = shown_rows(help_screen)
        assert len(drawn) == len(help_screen.groups)
        wrapped = 0
        for (_heading, rows), lines in zip(help_screen.groups, drawn, strict=True):
            text = "\n".join(lines)
            written = "".join(f"{row.keys}{row.description}{row.detail}" for row in rows)
            assert text.count("…") == written.count("…")  # none added by cutting
            drawn_words = words(text)
            for row in rows:
                for word in words(f"{row.keys} {row.description} {row.detail}"):
                    assert word in drawn_words, (word, row)
            wrapped += len(lines) - len(rows)
        if size[0] == 80:
            assert wrapped > 0  # at 80 columns some descriptions take a second line


async def test_a_wrapped_description_hangs_under_itself(ui: Driver) -> None:
    """The second line of a description starts in its own column, not under the key."""
    async with ui.run(size=(80, 24)):
        await ui.key("app.help")
        help_screen = ui.screen
        assert isinstance(help_screen, HelpScreen)
        lines = shown_rows(help_screen)[-1]  # the filter's terms
        first = next(line for line in lines if "hostname, IP" in line)
        column = first.index("hostname, IP")
        after = lines[lines.index(first) + 1]
        assert after[:column].strip() == "" and after[column:].strip()
        assert len(FILTER_HELP) < len(lines)


def test_the_tab_key_names_every_tab_of_a_servers_detail() -> None:
    help_text = BY_ID["detail.tab"].help.lower()
    for title, *_ in TABS:
        assert title.lower() in help_text
