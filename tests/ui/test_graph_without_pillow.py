"""Pillow and rich-pixels are the optional `graphs` extra: without them a traffic graph is saved
and the modal says how to get the drawing, never a traceback."""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

import pytest

from hostkey_tui.clock import ManualClock
from hostkey_tui.config.model import Config, UiSettings
from hostkey_tui.simulator.world import World
from hostkey_tui.ui.kit.modals.graph import GraphModal, draw
from tests.ui.conftest import Build
from tests.ui.driver import BM, Driver


@pytest.fixture
def no_graphs_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    # None in sys.modules makes `import PIL` raise ImportError, as in an install without them
    # (whether or not another test imported them first).
    for name in ("PIL", "PIL.Image", "rich_pixels"):
        monkeypatch.setitem(sys.modules, name, None)


@pytest.mark.usefixtures("no_graphs_extra")
def test_draw_says_how_to_get_graphs(tmp_path: Path) -> None:
    path = tmp_path / "graph.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n")
    drawn = draw(path, 100, 30)
    assert isinstance(drawn, str)
    assert "pipx install 'hostkey-tui[graphs]'" in drawn and "graph.png" in drawn


@pytest.mark.usefixtures("no_graphs_extra")
async def test_the_graph_modal_falls_back_to_words(
    build: Build, ui_world: World, ui_clock: ManualClock, tmp_path: Path
) -> None:
    app = build(Config(ui=replace(UiSettings(), download_dir=tmp_path / "downloads")))
    async with app.run_test(size=(120, 40)) as pilot:
        ui = Driver.on(pilot, ui_clock, ui_world)
        await ui.open_tab(BM, "network")
        await ui.key("detail.graph")
        await ui.press("down", "enter")
        await ui.pin("1234")
        await ui.until(lambda: isinstance(app.screen, GraphModal))
        shown = ui.text("#graph-image")
        assert "needs the graphs extra" in shown and "hostkey-tui[graphs]" in shown
        path = tmp_path / "downloads" / f"traffic-{BM}-month.png"
        assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"  # saved all the same
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, GraphModal)
