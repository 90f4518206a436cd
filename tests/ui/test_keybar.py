"""The key bar shows whole keys only: the least important are dropped, `?` and `q` stay."""

from __future__ import annotations

import pytest

from hostkey_tui.ui.kit.widgets.chrome import KeyBar, KeyRow, ShownKey, arrange
from tests.ui.driver import Driver

HELP = ShownKey("question_mark", "?", "Help")
QUIT = ShownKey("q", "q", "Quit")
PALETTE = ShownKey("ctrl+p", "^p", "Commands")
OWN = tuple(ShownKey(k, k, f"Action {k}") for k in "abcdefgh")  # 11 cells each


def test_keys_are_dropped_whole_from_the_least_important() -> None:
    row = KeyRow(OWN, (HELP, QUIT), PALETTE)
    right = HELP.width + QUIT.width + PALETTE.width
    left, pinned, palette = arrange(row, right + 3 * 11 + 10)
    assert left == list(OWN[:3])  # the fourth would need 11 cells: not 10 of it
    assert pinned == [HELP, QUIT] and palette == PALETTE


def test_help_and_quit_stay_when_nothing_else_fits() -> None:
    row = KeyRow(OWN, (HELP, QUIT), PALETTE)
    left, pinned, palette = arrange(row, HELP.width + QUIT.width + 3)
    assert left == [] and pinned == [HELP, QUIT] and palette is None


def test_a_long_key_is_not_passed_over_for_a_shorter_later_one() -> None:
    """Strictly by importance: a less important key never shows where a more important one
    was left out."""
    long = ShownKey("c", "c", "Pay from credit now")
    row = KeyRow((OWN[0], long, OWN[1]), (HELP, QUIT))
    left, _, _ = arrange(row, HELP.width + QUIT.width + OWN[0].width + 15)
    assert left == [OWN[0]]


def bar_text(ui: Driver) -> tuple[str, KeyRow]:
    bar = ui.screen.query_one(KeyBar)
    return bar.render().plain, bar.key_row()


def assert_whole(plain: str, row: KeyRow, width: int) -> None:
    """What is drawn is the first keys of the row, whole, then `? Help q Quit`, then the
    palette's key: no key cut, and the next key would not have fitted."""
    assert len(plain) == width
    left, pinned, palette = arrange(row, width)
    drawn = "".join(f" {k.shown} {k.description} " for k in left)
    assert plain.startswith(drawn)
    right = "".join(f" {k.shown} {k.description} " for k in pinned)
    if palette is not None:
        right += f"▏{palette.shown} {palette.description} "
    assert plain.endswith(right) and plain[len(drawn) : width - len(right)].strip() == ""
    assert " ? Help " in right and " q Quit " in right
    rest = row.keys[len(left) :]
    assert not rest or rest[0].width > width - len(drawn) - len(right)


SIZES = [pytest.param((60, 20), id="60"), pytest.param((80, 24), id="80")]
SIZES.append(pytest.param((120, 40), id="120"))


@pytest.mark.parametrize("size", SIZES)
async def test_no_key_is_cut_and_help_and_quit_stay_everywhere(
    ui: Driver, size: tuple[int, int]
) -> None:
    width = size[0]
    async with ui.run(size=size):
        plain, row = bar_text(ui)
        assert_whole(plain, row, width)
        assert plain.startswith(" / Filter ")  # the list's own keys first
        await ui.open_tab(40053, "network")
        plain, row = bar_text(ui)
        assert_whole(plain, row, width)
        assert plain.startswith(" s Port status ")  # the open tab's keys before the screen's
        await ui.section("billing")
        plain, row = bar_text(ui)
        assert_whole(plain, row, width)
        await ui.section("dns")
        assert_whole(*bar_text(ui), width)
        await ui.section("account")
        assert_whole(*bar_text(ui), width)


async def test_keys_that_only_move_come_after_what_the_screen_does(ui: Driver) -> None:
    """On a server's tab: its own keys, the detail's (refresh, power…), then back, tab, jump."""
    async with ui.run(size=(200, 40)):
        await ui.open_tab(40053, "tags")
        plain, row = bar_text(ui)
        names = [k.description for k in row.keys]
        assert names[:3] == ["Set tag", "Change tag", "Remove tag"]
        assert names[-3:] == ["Back", "Tab", "Jump"]
        assert "Quit" not in names and "Help" not in names  # pinned, at the right end
        assert plain.rstrip().endswith("? Help  q Quit ▏^p Commands")


async def test_a_click_on_help_in_the_bar_opens_the_help(ui: Driver) -> None:
    async with ui.run(size=(80, 24)):
        plain, _ = bar_text(ui)
        x = plain.index("? Help") + 1
        await ui.pilot.click(KeyBar, offset=(x, 0))
        await ui.pause()
        assert type(ui.screen).__name__ == "HelpScreen"
