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
