"""A dialog keeps what it is about in sight: the screen behind it shows through, dimmed."""

from __future__ import annotations

from typing import Any

from textual.screen import ModalScreen

from hostkey_tui.ui.kit.modals.confirm import ConfirmModal
from hostkey_tui.ui.kit.modals.grace import GraceCountdown
from hostkey_tui.ui.kit.modals.help import HelpScreen
from hostkey_tui.ui.kit.modals.pin import PinModal
from tests.ui.driver import Driver


def assert_dimmed(ui: Driver, kind: type[ModalScreen[Any]]) -> None:
    screen = ui.screen
    assert isinstance(screen, kind)
    alpha = screen.styles.background.a
    assert 0 < alpha < 1, (kind.__name__, alpha)  # neither blank nor undimmed
    # The screen behind is drawn: its header (above every dialog) is there.
    assert "john@example.com" in ui.app.export_screenshot()


async def test_every_dialog_of_a_change_dims_the_screen_behind(ui: Driver) -> None:
    """The question, the PIN and the grace countdown, and the help: the list stays in sight."""
    async with ui.run():
        await ui.key("app.help")
        assert_dimmed(ui, HelpScreen)
        await ui.press("escape")
        await ui.choose_power("reboot")
        assert_dimmed(ui, ConfirmModal)
        await ui.confirm()
        assert_dimmed(ui, PinModal)
        await ui.pin("1234")
        assert_dimmed(ui, GraceCountdown)


async def test_the_palette_dims_the_screen_behind(ui: Driver) -> None:
    async with ui.run():
        await ui.press("ctrl+p")
        assert 0 < ui.screen.styles.background.a < 1
        assert "Attention" in ui.app.export_screenshot()  # the key bar, below the palette
