"""Issue 22, what a form shows and where it starts: the typed hostname of a reinstall is typed
in a focused field, and every yes/no choice says its state in characters (NO_COLOR)."""

from __future__ import annotations

from hostkey_tui.state.views import COLUMNS, DEFAULT_COLUMNS
from hostkey_tui.ui.kit.modals.confirm import ConfirmModal
from hostkey_tui.ui.kit.modals.form import FormModal
from hostkey_tui.ui.kit.modals.pin import PinModal
from hostkey_tui.ui.kit.widgets.inputs import Check, CheckList
from hostkey_tui.ui.servers.columns import ColumnChooser
from tests.conftest import PIN
from tests.ui.driver import BM, PASSWORD, Driver


async def test_the_reinstall_asks_the_hostname_in_a_focused_field_then_tab_reaches_confirm(
    ui: Driver,
) -> None:
    async with ui.run():
        await ui.open_tab(BM, "reinstall")
        hostname = ui.app.state.servers[BM].hostname
        await ui.press("i")
        await ui.until_idle()
        await ui.press("enter")  # the first OS
        await ui.until_idle()
        await ui.press("enter")  # no software
        await ui.until_idle()
        form = ui.screen
        assert isinstance(form, FormModal) and form.focused is form.query_one("#field-root_pass")
        await ui.type(PASSWORD)
        await ui.press("enter")
        await ui.until_idle()
        confirm = ui.screen
        assert isinstance(confirm, ConfirmModal) and confirm.typed == hostname
        assert confirm.focused is confirm.query_one("#confirm-typed")  # not Cancel
        await ui.type(hostname)
        await ui.press("tab")
        assert confirm.focused is confirm.query_one("#confirm")
        since = len(ui.requests)
        await ui.press("enter")
        await ui.until_idle()
        pin = ui.screen
        assert isinstance(pin, PinModal) and pin.focused is pin.query_one("#pin")
        assert ui.mutations(since) == []  # nothing sent before the PIN
        await ui.pin(PIN)
        await ui.until(lambda: "eq/order_instance" in ui.mutations(since))


async def test_the_column_chooser_says_each_column_in_or_out_in_characters(ui: Driver) -> None:
    async with ui.run():
        await ui.key("servers.columns")
        chooser = ui.screen
        assert isinstance(chooser, ColumnChooser)
        boxes = chooser.query_one(CheckList)
        assert chooser.focused is boxes

        def lines() -> list[str]:
            return [boxes.render_line(y).text for y in range(len(DEFAULT_COLUMNS))]

        shown = set(chooser.current)
        for key, text in zip(DEFAULT_COLUMNS, lines(), strict=True):
            mark = "[x]" if key in shown else "[ ]"
            assert text.startswith(f"{mark} {COLUMNS[key].title}"), text
        first = DEFAULT_COLUMNS[0]
        await ui.press("space")  # the first column, in or out
        assert lines()[0].startswith("[ ]" if first in shown else "[x]")
        await ui.key("columns.done")
        kept = ui.app.ui_state.columns or ()
        assert (first in kept) is (first not in shown)


async def test_the_order_own_os_choice_reads_yes_or_no_without_colour(ui: Driver) -> None:
    """The order's details go through the shared form: its own-OS box is a `Check`."""
    async with ui.run():
        await ui.open_order()
        for label in ("NL", "vm.nano", "Ubuntu 22.04", "none", "3Tb traffic (1Gbps) VM"):
            await ui.pick(label)
        await ui.press("enter")
        form = ui.screen
        assert isinstance(form, FormModal)
        assert form.focused is form.query_one(f"#field-{form.fields[0].name}")
        box = form.query_one("#field-own_os", Check)
        assert str(box.render()).startswith("[ ] Own OS")
        box.focus()
        await ui.press("space")
        assert str(box.render()).startswith("[x] Own OS")


async def test_the_cancellation_dialog_opens_on_its_first_choice(ui: Driver) -> None:
    from textual.widgets import RadioSet

    from hostkey_tui.ui.server.cancel import CancelModal

    async with ui.run():
        await ui.jump("server nl-vmmini")
        await ui.key("detail.tab_back")
        await ui.pause(6)
        await ui.key("detail.cancel")
        await ui.pause(6)
        dialog = ui.screen
        assert isinstance(dialog, CancelModal)
        assert dialog.focused is dialog.query_one("#when", RadioSet)
        # The choice is written in characters, not only in colour (NO_COLOR, monochrome).
        assert str(dialog.query_one("#at-end").render()).startswith("(•) At the end")
        assert str(dialog.query_one("#now").render()).startswith("( ) Now")
        await ui.press("down", "space")
        assert str(dialog.query_one("#now").render()).startswith("(•) Now")
        assert str(dialog.query_one("#at-end").render()).startswith("( ) At the end")
