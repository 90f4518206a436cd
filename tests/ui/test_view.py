"""`View` shows what it is given literally: text from invapi is never read as markup."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.reactive import var

from hostkey_tui.ui.kit.widgets.view import View


class Shows(App[None]):
    shown: var[str | None] = var(None, init=False)

    def compose(self) -> ComposeResult:
        yield View(id="view").data_bind(value=Shows.shown)


async def test_a_view_shows_a_string_literally_and_hides_on_none() -> None:
    app = Shows()
    async with app.run_test() as pilot:
        view = app.query_one(View)
        app.shown = "[bold red]hostile[/] [link=file:///etc]x[/link]"
        await pilot.pause()
        assert str(view.render()) == "[bold red]hostile[/] [link=file:///etc]x[/link]"
        assert view.display
        app.shown = None
        await pilot.pause()
        assert not view.display


async def test_a_view_grown_twice_around_a_layout_pass_takes_its_last_height() -> None:
    """Textual counts a change of size once while a layout is pending: a view given a second,
    longer value after the screen was laid out, before the view's own idle check, was drawn at
    the first value's height, its last line cut off (the Remote tab's ISO panel under load)."""
    app = Shows()
    async with app.run_test() as pilot:
        view = app.query_one(View)
        view.value = "one"
        await pilot.pause()
        view.value = "one\ntwo"
        # A sibling's change of size is laid out first (its idle check clears the arrangement
        # the two share): the view's box is measured for its second value and cached.
        app.screen._clear_arrangement_cache()
        app.screen._refresh_layout()
        view.value = "one\ntwo\nthree"
        await pilot.pause()
        assert view.size.height == 3
