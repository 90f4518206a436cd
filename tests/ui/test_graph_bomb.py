"""A traffic graph whose header declares more pixels than a terminal could ever want: said, not
decoded (Pillow would take 900 MB, or end the app with DecompressionBombError)."""

from __future__ import annotations

import io
import struct
import zlib
from dataclasses import replace
from pathlib import Path

import pytest
from PIL import Image

from hostkey_tui.clock import ManualClock
from hostkey_tui.config.model import Config, UiSettings
from hostkey_tui.simulator.routes import ROUTES, Ctx
from hostkey_tui.simulator.world import Form, Reply, World
from hostkey_tui.ui.kit.modals.graph import GraphModal, draw, header_size
from tests.ui.conftest import Build
from tests.ui.driver import BM, Driver


def png_declaring(width: int, height: int) -> bytes:
    """A tiny real PNG whose IHDR says `width` x `height` (its CRC mended, so it parses)."""
    out = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(out, "PNG")
    data = bytearray(out.getvalue())
    ihdr = data[12:29]  # the chunk type and its 13 bytes of data
    ihdr[4:12] = struct.pack(">II", width, height)
    data[12:29] = ihdr
    data[29:33] = struct.pack(">I", zlib.crc32(bytes(ihdr)))
    return bytes(data)


def jpeg_declaring(width: int, height: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(out, "JPEG")
    data = bytearray(out.getvalue())
    at = data.index(b"\xff\xc0")
    data[at + 5 : at + 9] = struct.pack(">HH", height, width)
    return bytes(data)


@pytest.mark.parametrize(
    ("make", "size"),
    [
        (png_declaring, (15000, 15000)),
        (png_declaring, (10000, 10000)),
        (png_declaring, (60000, 2)),
        (jpeg_declaring, (15000, 15000)),
    ],
)
def test_a_huge_declared_size_is_said_without_decoding(
    tmp_path: Path, make: object, size: tuple[int, int]
) -> None:
    path = tmp_path / "graph"
    path.write_bytes(make(*size))  # type: ignore[operator]
    assert header_size(path) == size
    drawn = draw(path, 100, 30)
    assert isinstance(drawn, str)
    assert f"too large to draw ({size[0]} x {size[1]})" in drawn and "saved to" in drawn


def test_a_graph_of_sensible_size_is_still_drawn(tmp_path: Path) -> None:
    path = tmp_path / "graph.png"
    Image.new("RGB", (600, 200), "blue").save(path, "PNG")
    assert header_size(path) == (600, 200)
    assert not isinstance(draw(path, 100, 30), str)


async def test_a_bomb_from_show_cacti_is_saved_and_said_not_fatal(
    build: Build,
    ui_world: World,
    ui_clock: ManualClock,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    bomb = png_declaring(15000, 15000)
    route = ROUTES[("net", "show_cacti")]

    def huge(world: World, form: Form, ctx: Ctx) -> Reply:
        route.handler(world, form, ctx)  # the same checks (PIN, port, graph)
        return Reply(raw=bomb, content_type="image/png")

    monkeypatch.setitem(ROUTES, ("net", "show_cacti"), replace(route, handler=huge))
    app = build(Config(ui=replace(UiSettings(), download_dir=tmp_path / "downloads")))
    async with app.run_test(size=(120, 40)) as pilot:
        ui = Driver.on(pilot, ui_clock, ui_world)
        await ui.open_tab(BM, "network")
        await ui.key("detail.graph")
        await ui.press("down", "enter")
        await ui.pin("1234")
        await ui.until(lambda: isinstance(app.screen, GraphModal))
        shown = ui.text("#graph-image")
        assert "too large to draw (15000 x 15000)" in shown
        path = tmp_path / "downloads" / f"traffic-{BM}-month.png"
        assert path.read_bytes() == bomb and "saved to" in shown
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, GraphModal)
        assert ui_world.count("net", "show_cacti") == 1


# 10,000 pixels: over twice the limit is Pillow's error, over it its warning.
@pytest.mark.parametrize("limit", [1000, 6000])
def test_pillows_own_bomb_check_is_caught_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, limit: int
) -> None:
    monkeypatch.setattr("hostkey_tui.ui.kit.modals.graph.MAX_PIXELS", 10**12)
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", limit)
    path = tmp_path / "graph.png"
    Image.new("RGB", (100, 100), "blue").save(path, "PNG")
    drawn = draw(path, 100, 30)
    assert isinstance(drawn, str) and "too large to draw" in drawn
