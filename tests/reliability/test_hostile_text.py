"""Text from the API is shown literally, never interpreted.

Each hostile string is put where invapi's text reaches the screen (a hostname, a tag, a DNS
record, an invoice's notes and items and payment method, a sensor name, the account's e-mail,
an error message), then every kind of widget that shows such text is drawn: the server table,
labels, data tables, the header, modals, toasts and the terminal title. In what is drawn:

- no control character survives (C0, DEL, C1, so no ANSI/OSC sequence: colour, clear screen,
  window title, OSC 52 clipboard, hyperlinks), nor a bidirectional override;
- markup is not applied: `[bold]…`, `[link=…]`, `[@click=app.quit]` stay text, no cell carries
  a link or a click action taken from the API;
- the visible part of the string is there as text (escaped, not dropped).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from typing import Any, cast

import pytest
from rich.segment import Segment
from textual.strip import Strip

from hostkey_tui.api.errors import ApiError
from hostkey_tui.clock import ManualClock
from hostkey_tui.models.common import clean_text
from hostkey_tui.simulator import render
from hostkey_tui.simulator.world import World
from hostkey_tui.state.events import ConnectionLost
from hostkey_tui.ui.app import HostkeyApp
from tests.reliability.matrix import Matrix
from tests.ui.conftest import Build

HOSTILE = [
    # Textual / Rich markup
    "[bold]B0[/bold]",
    "[@click=app.quit]Q1[/]",
    "[link=https://evil.example/x]L2[/link]",
    "[red on white]R3",
    "[/]C4[/]",
    "[b]unclosed5",
    "\\[escaped6]",
    ":smile: E7 :rocket:",
    "$accent V8 $text",
    # ANSI and OSC escape sequences
    "\x1b[31mred9\x1b[0m",
    "\x1b[2J\x1b[Hclear10",
    "\x1b]0;title11\x07",
    "\x1b]2;title12\x1b\\",
    "\x1b]52;c;cGF5bG9hZA==\x07clip13",
    "\x1b]8;;https://evil.example\x1b\\link14\x1b]8;;\x1b\\",
    "\x1bP1$qm\x1b\\dcs15",
    "\x1b[6n\x1b[cquery16",
    # C0 / C1 control characters
    "\x00nul17",
    "\x07bell18",
    "back\x08\x08space19",
    "cr\rreturn20",
    "line\nbreak21",
    "tab\tstop22",
    "del\x7f23",
    "\x9b31mcsi24",
    "\x9d0;osc25\x9c",
    "\x85next26",
    # bidirectional overrides and invisible characters
    "\u202eevil27\u202c",
    "\u2066iso28\u2069",
    "zero\u200bwidth29",
    "\u061cALM30",
    # HTML and the rest
    "<b>html31</b>&amp;",
    "<script>alert(32)</script>",
    "wide長い文字33",
    "emoji😀34",
    "%s%n{0}35",
]
assert len(HOSTILE) >= 30

#: What must never be drawn: C0 and C1 controls, DEL, and bidirectional controls.
_BIDI = {
    "\u061c",
    "\u200e",
    "\u200f",
    "\u202a",
    "\u202b",
    "\u202c",
    "\u202d",
    "\u202e",
    "\u2066",
    "\u2067",
    "\u2068",
    "\u2069",
}


def _forbidden(text: str) -> list[str]:
    return [c for c in text if unicodedata.category(c) == "Cc" or c in _BIDI]


def _visible_marker(hostile: str) -> str:
    """The word every test string carries that must be seen (its number, a letter with it)."""
    match = re.search(r"[A-Za-z]*\d+", hostile.replace("\\[", ""))
    assert match is not None
    return match.group(0)[-2:]  # the number: never split by truncation of a short string


def _segments(app: HostkeyApp) -> Iterator[Segment]:
    for line in _rows(app):
        for part in [line] if isinstance(line, Strip) else line:
            yield from part


def _lines(app: HostkeyApp) -> list[Strip]:
    return [line if isinstance(line, Strip) else Strip.join(line) for line in _rows(app)]


def _rows(app: HostkeyApp) -> list[Strip | Iterable[Strip]]:
    """What Textual draws, a row at a time: a strip, or (typed so) the strips it is made of."""
    update = app.screen._compositor.render_full_update()
    return cast("list[Strip | Iterable[Strip]]", update.strips)


def _region_text(app: HostkeyApp, selector: str) -> str:
    """What the widgets matching `selector` show, cut from the drawn screen by their regions."""
    lines = _lines(app)
    found = []
    for widget in app.screen.query(selector):
        region = widget.region
        for y in range(region.y, min(region.bottom, len(lines))):
            found.append(lines[y].crop(region.x, region.right).text)
    assert found, f"nothing matches {selector!r} on {type(app.screen).__name__}"
    return "\n".join(found)


def _check_drawn(app: HostkeyApp, hostile: str, where: str) -> str:
    """The screen as text, after checking nothing hostile was interpreted."""
    text_parts: list[str] = []
    for segment in _segments(app):
        bad = _forbidden(segment.text)
        assert not bad, f"{where}: control characters drawn {bad!r} for {hostile!r}"
        style = segment.style
        if style is not None:
            assert not (style.link and "evil" in style.link), f"{where}: link from the API"
            meta = style.meta or {}
            assert "app.quit" not in str(meta.get("@click", "")), f"{where}: click from API"
        text_parts.append(segment.text)
    screen = "".join(text_parts)
    if hostile.startswith("[bold]"):
        assert "[bold]" in screen, f"{where}: markup applied"
    if hostile.startswith("[link="):
        assert "[link=" in screen, f"{where}: markup applied"
    if hostile.startswith("[@click"):
        assert "[@click" in screen, f"{where}: markup applied"
    return screen


def _plant(world: World, hostile: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The hostile string everywhere invapi's text reaches the screen."""
    server = world.servers[40053]  # de-db-02, bare metal: it has sensors
    server.hostname = hostile
    for tag in server.tags:
        if tag.get("tag") == "hostname":
            tag["value"] = hostile
    server.tags.append(
        {
            "id": 990001,
            "component": "Component1",
            "component_id": 40053,
            "tag": "note",
            "value": hostile,
            "extra": "",
            "internal": 0,
        }
    )
    world.email = hostile
    world.client["email"] = hostile
    zone = world.zones["example-shop.com"]
    records = zone["records"]
    assert isinstance(records, list)
    records.append(
        {
            "id": 990002,
            "name": "hostile",
            "type": "TXT",
            "content": hostile,
            "ttl": 300,
            "priority": 0,
        }
    )
    invoice = world.invoices[min(world.invoices)]
    invoice.notes = hostile
    invoice.paymentmethod = hostile
    if invoice.items:
        invoice.items[0]["description"] = hostile
    name = hostile.replace("|", "/").replace("\n", " ").replace("\r", " ") or "x"
    monkeypatch.setattr(
        render, "_SENSORS", [(name, "degrees C", 40.0, 1.0, 80.0, 90.0), *render._SENSORS]
    )


def _first_invoice(world: World) -> int:
    return min(world.invoices)


async def _calm(app: HostkeyApp, pilot: Any, clock: ManualClock) -> None:
    """Let simulated time pass until every job and read is done (the sensor poll excepted)."""
    for _ in range(300):
        await pilot.pause()
        if not app.starting and all(w.is_finished for w in app.workers if w.group != "sensors"):
            return
        clock.advance(1)
    raise AssertionError("the app never calmed down")


@pytest.mark.parametrize("hostile", HOSTILE, ids=[f"s{n}" for n in range(len(HOSTILE))])
async def test_hostile_api_text_is_shown_literally_in_every_widget_kind(
    hostile: str,
    build: Build,
    ui_world: World,
    ui_clock: ManualClock,
    monkeypatch: pytest.MonkeyPatch,
    matrix: Matrix,
) -> None:
    _plant(ui_world, hostile, monkeypatch)
    marker = _visible_marker(hostile)
    app = build()
    async with app.run_test(size=(160, 50), notifications=True) as pilot:
        await _calm(app, pilot, ui_clock)
        kinds: dict[str, str] = {}
        # The server table and the header (the e-mail).
        _check_drawn(app, hostile, "list")
        kinds["server table"] = _region_text(app, "ServerTable")
        kinds["header"] = _region_text(app, "AppHeader")
        # The status line: a connection failure in the words it came with.
        app.store.dispatch(ConnectionLost(hostile, None))
        await pilot.pause()
        _check_drawn(app, hostile, "status line")
        kinds["status line"] = _region_text(app, "StatusLine")
        # The terminal title: nothing from the API is ever put there.
        assert app.title == "hostkey-tui" and not _forbidden(app.sub_title)
        kinds["terminal title"] = app.title
        # The detail: labels (overview), the sensors panel, the tags tab.
        app.open_server(40053)
        await _calm(app, pilot, ui_clock)
        _check_drawn(app, hostile, "detail overview")
        kinds["labels"] = _region_text(app, "#overview") + _region_text(app, "#tags")
        await pilot.press("t", "t")  # sensors (polled while the tab is open: no settle)
        for _ in range(60):
            if app.state.sensors.get(40053):
                break
            await pilot.pause()
            ui_clock.advance(1)
        _check_drawn(app, hostile, "sensors")
        kinds["sensor panel"] = _region_text(app, "#sensors-panel")
        await pilot.press(*(["T"] * 5))  # tags (three back from overview)
        await _calm(app, pilot, ui_clock)
        _check_drawn(app, hostile, "tags")
        kinds["tags tab"] = _region_text(app, "#tags-table")
        # A modal: the power menu names the server.
        await pilot.press("p")
        await pilot.pause()
        _check_drawn(app, hostile, "power menu")
        kinds["modal"] = _region_text(app, "Label")
        await pilot.press("escape")
        await pilot.pause()
        # A toast: an error message as invapi words it.
        app.report_error(ApiError(hostile))
        for _ in range(5):
            await pilot.pause()
        _check_drawn(app, hostile, "toast")
        kinds["toast"] = _region_text(app, "Toast")
        # DNS: a data table of records.
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("3")
        await _calm(app, pilot, ui_clock)
        _check_drawn(app, hostile, "dns records")
        kinds["data table"] = _region_text(app, "#records")
        # Billing: an invoice's notes, items and payment method.
        app.open_invoice(_first_invoice(ui_world))
        await _calm(app, pilot, ui_clock)
        _check_drawn(app, hostile, "invoice")
        kinds["invoice detail"] = _region_text(app, "#invoice")
        assert app.is_running  # no string asked the app to quit
    start = clean_text(hostile, single_line=True).strip()[:8]
    for kind, screen in kinds.items():
        if kind != "terminal title":
            # Its number, or its start where a narrow column cut the rest off.
            shown = marker in screen or (len(start) >= 6 and start in screen)
            assert shown, f"{kind}: {hostile!r} not shown ({marker!r} missing)"
        matrix.record("hostile", kind, "strings", 1)
