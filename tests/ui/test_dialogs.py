"""Every dialog answers once, whatever reaches it after its first answer."""

from __future__ import annotations

from textual.app import App
from textual.widgets import Static

from hostkey_tui.ui.kit.modals.base import Dialog
from hostkey_tui.ui.kit.modals.confirm import ConfirmModal, ConfirmTarget
from hostkey_tui.ui.kit.modals.form import Field, FormModal


class Bare(App[None]):
    def compose(self):  # type: ignore[no-untyped-def]
        yield Static("base")


async def test_a_second_answer_closes_nothing_else() -> None:
    app = Bare()
    answers: list[bool | None] = []
    async with app.run_test() as pilot:
        first = ConfirmModal("Reboot x?", [ConfirmTarget(1, "x", "192.0.2.1")], button="Reboot")
        app.push_screen(first, answers.append)
        await pilot.pause()
        after: Dialog[None] = Dialog()
        button = first.query_one("#confirm")
        for _ in range(3):  # three presses queued before the first is handled
            button.press()  # type: ignore[attr-defined]
        await pilot.pause()
        app.push_screen(after)  # what the first answer opens next (the PIN question)
        await pilot.pause()
        first.dismiss(True)  # a straggler
        await pilot.pause()
        assert answers == [True]
        assert app.screen is after  # still open: not closed by the straggler


async def test_a_dialog_answered_from_beneath_closes_what_is_above_it() -> None:
    app = Bare()
    answers: list[bool | None] = []
    async with app.run_test() as pilot:
        countdown: Dialog[bool] = Dialog()
        app.push_screen(countdown, answers.append)
        app.push_screen(Dialog())  # the help screen, opened during the countdown
        await pilot.pause()
        countdown.dismiss(True)  # the countdown ends
        await pilot.pause()
        assert answers == [True]
        assert len(app.screen_stack) == 1


async def test_a_long_form_keeps_its_buttons_on_a_small_terminal() -> None:
    app = Bare()
    fields = [Field(f"f{i}", f"Field {i}", "", check=lambda _v: "too short") for i in range(9)]
    async with app.run_test(size=(80, 24)) as pilot:
        form = FormModal("Details", fields, intro="Nine fields, each with a problem below it.")
        app.push_screen(form)
        await pilot.pause()
        form.query_one("#form-submit").press()  # type: ignore[attr-defined]
        for _ in range(3):
            await pilot.pause()
        assert app.screen is form  # every field has a problem: not dismissed
        box = form.query_one("Vertical").region  # the dialog's frame, clipped to the screen
        for button in ("#form-submit", "#form-cancel"):
            region = form.query_one(button).region
            assert region.height and region.bottom < box.bottom <= 24, (button, region, box)
        await pilot.resize_terminal(60, 16)
        for _ in range(3):
            await pilot.pause()
        box = form.query_one("Vertical").region
        assert form.query_one("#form-submit").region.bottom < box.bottom <= 16
