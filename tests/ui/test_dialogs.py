"""Every dialog answers once, whatever reaches it after its first answer; it opens on the field
to fill in, and a problem is said under the field it is about."""

from __future__ import annotations

from typing import Any

from textual.app import App
from textual.color import Color
from textual.widgets import Button, Static

from hostkey_tui.ui.kit.modals.base import Dialog
from hostkey_tui.ui.kit.modals.confirm import ConfirmModal, ConfirmTarget
from hostkey_tui.ui.kit.modals.form import Field, FormModal
from hostkey_tui.ui.kit.widgets.inputs import Check, TextInput


def focused(screen: Dialog[Any]) -> object:
    """What has the focus (a call: mypy keeps no narrowing of it across key presses)."""
    return screen.focused


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


async def test_a_check_says_its_state_in_characters_not_only_in_colour() -> None:
    app = Bare()
    async with app.run_test() as pilot:
        form = FormModal("Key", [Field("active", "Active", "1", toggle=True)])
        app.push_screen(form)
        await pilot.pause()
        check = form.query_one("#field-active", Check)
        assert app.screen.focused is check  # the first field, a toggle, has the focus
        assert str(check.render()).startswith("[x] Active")
        await pilot.press("space")
        assert not check.value and str(check.render()).startswith("[ ] Active")
        assert form.values() == {"active": ""}


async def test_a_form_opens_on_its_first_field_and_a_problem_takes_the_focus_to_its_field() -> None:
    app = Bare()
    answers: list[dict[str, str] | None] = []

    def port_of_b(values: dict[str, str]) -> dict[str, str]:
        return {} if values["b"] == "ok" else {"b": "b is not ok"}

    async with app.run_test() as pilot:
        form = FormModal(
            "Two fields", [Field("a", "A", "1"), Field("b", "B", "")], check_all=port_of_b
        )
        app.push_screen(form, answers.append)
        await pilot.pause()
        first, second = form.query_one("#field-a"), form.query_one("#field-b", TextInput)
        problem = form.query_one("#problem-b", Static)
        assert app.screen.focused is first and not problem.display
        await pilot.press("enter")  # sent from the first field: b is in error
        assert app.screen is form and answers == []
        assert app.screen.focused is second  # the correction is typed where it belongs
        assert problem.display and str(problem.render()) == "b is not ok"
        error = Color.parse(app.get_css_variables()["error"])
        assert problem.styles.color.rgb == error.rgb  # in the error colour, right under b
        assert problem.region.y == second.region.y + 1
        await pilot.press(*"ok")
        assert not problem.display  # what was said of the old value is gone
        await pilot.press("enter")
        assert answers == [{"a": "1", "b": "ok"}]


async def test_a_problem_of_no_field_is_said_above_the_buttons() -> None:
    app = Bare()
    async with app.run_test() as pilot:
        form = FormModal("One", [Field("a", "A", "x")], check_all=lambda _v: {"": "not now"})
        app.push_screen(form)
        await pilot.pause()
        await pilot.press("enter")
        said = form.query_one("#form-problem", Static)
        assert said.display and str(said.render()) == "not now"
        assert said.region.bottom <= form.query_one("#form-submit").region.y


async def test_a_typed_confirmation_starts_in_its_field_and_tabs_to_confirm_then_cancel() -> None:
    app = Bare()
    answers: list[bool | None] = []
    async with app.run_test() as pilot:
        modal = ConfirmModal(
            "Reinstall web-1?", [ConfirmTarget(1, "web-1")], button="Reinstall", typed="web-1"
        )
        app.push_screen(modal, answers.append)
        await pilot.pause()
        typed = modal.query_one("#confirm-typed", TextInput)
        confirm, cancel = modal.query_one("#confirm", Button), modal.query_one("#cancel", Button)
        assert focused(modal) is typed
        await pilot.press("tab")  # nothing typed yet: the confirm button is off, Cancel is next
        assert focused(modal) is cancel
        await pilot.press("tab", *"web-1")
        assert focused(modal) is typed and not confirm.disabled
        await pilot.press("tab")
        assert focused(modal) is confirm
        await pilot.press("tab")
        assert focused(modal) is cancel
        await pilot.press("shift+tab")
        assert focused(modal) is confirm
        await pilot.press("shift+tab", "enter")  # enter in the field, the word right: confirm
        assert focused(modal) is confirm and answers == []
        await pilot.press("enter")
        assert answers == [True]


async def test_a_confirmation_with_nothing_to_type_starts_on_cancel() -> None:
    app = Bare()
    answers: list[bool | None] = []
    async with app.run_test() as pilot:
        modal = ConfirmModal("Reboot x?", [ConfirmTarget(1, "x")], button="Reboot")
        app.push_screen(modal, answers.append)
        await pilot.pause()
        assert modal.focused is modal.query_one("#cancel")
        await pilot.press("enter")
        assert answers == [False]
