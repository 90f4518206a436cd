"""Every list of the app moves the same way: j/k, g/G, Home/End (`ui.kit.widgets.table.ROWS`),
and, under a filter that hides every row, says so in its body with the way back (esc)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from hostkey_tui.ui.kit.widgets.table import ROWS, Table
from tests.ui.driver import BM, Driver


async def billing(ui: Driver) -> str:
    await ui.section("billing")
    return "#invoices"


async def dns(ui: Driver) -> str:
    await ui.section("dns")
    await ui.press("enter")  # the first domain's records
    await ui.settle()
    return "#records"


async def jobs(ui: Driver) -> str:
    # Two jobs to move between: the power status of two servers, asked from the list.
    await ui.settle()
    await ui.key("servers.mark", "servers.mark")
    await ui.choose_power("status")
    await ui.settle()
    await ui.section("jobs")
    return "#jobs"


async def account(ui: Driver) -> str:
    await ui.section("account")
    return "#api-keys"


async def order(ui: Driver) -> str:
    await ui.open_order()
    return "#choices"


async def network(ui: Driver) -> str:
    await ui.open_tab(BM, "network")
    return "#net-ips"


LISTS: list[Callable[[Driver], Awaitable[str]]] = [billing, dns, jobs, account, order, network]


@pytest.mark.parametrize("opened", LISTS, ids=lambda f: f.__name__)
async def test_every_list_moves_with_the_same_keys(ui: Driver, opened: Any) -> None:
    async with ui.run(size=(120, 40)):
        selector = await opened(ui)
        table = ui.screen.query_one(selector, Table)
        table.focus()
        await ui.pause()
        rows = table.row_count
        assert rows >= 2, f"{selector} needs two rows to show moving"
        await ui.key("table.last")
        assert table.cursor_row == rows - 1
        await ui.key("table.up")
        assert table.cursor_row == rows - 2
        await ui.key("table.first")
        assert table.cursor_row == 0
        await ui.key("table.down")
        assert table.cursor_row == 1
        await ui.press("k", "G")
        assert table.cursor_row == rows - 1
        await ui.press("home")
        assert table.cursor_row == 0


def test_the_moving_keys_are_one_table_for_every_list() -> None:
    from hostkey_tui.ui.servers.keys import TABLE

    assert set(ROWS) <= set(TABLE)  # the server list binds the same ids and keys
    keys = {key.id: key.key for key in ROWS}
    assert keys["table.first"] == "home,g" and keys["table.last"] == "end,G"
    assert keys["table.up"] == "up,k" and keys["table.down"] == "down,j"


async def test_dns_records_say_when_the_filter_hides_every_one(ui: Driver) -> None:
    async with ui.run():
        await dns(ui)
        await ui.key("dns.filter")
        await ui.type("zzz-none")
        await ui.pause(2)
        table = ui.screen.query_one("#records", Table)
        assert table.row_count == 0 and "Nothing matches “zzz-none”" in table.empty
        assert ui.text("#zone-info").startswith("0 of ")
        await ui.key("dns.clear")
        await ui.pause(2)
        assert table.row_count > 0 and table.empty == ""


@pytest.mark.parametrize("section", ["billing", "dns", "account"])
async def test_the_status_line_time_moves_on_by_itself(ui: Driver, section: str) -> None:
    from hostkey_tui.ui.kit.widgets.chrome import StatusLine

    async with ui.run():
        await ui.section(section)
        before = ui.screen.query_one(StatusLine).left
        assert "ago" in before
        await ui.until(lambda: "min ago" in ui.screen.query_one(StatusLine).left, limit=180)
        assert "min ago" in ui.screen.query_one(StatusLine).left  # moved on with no key pressed


async def test_an_empty_jobs_list_says_what_would_be_in_it(ui: Driver) -> None:
    async with ui.run():
        await ui.section("jobs")
        jobs = ui.screen.query_one("#jobs", Table)
        assert jobs.row_count == 0 and jobs.empty
        assert jobs.empty in jobs.render_line(1).text


async def test_the_order_presets_say_when_the_filter_hides_every_one(ui: Driver) -> None:
    async with ui.run():
        screen = await ui.open_order()
        await ui.press("enter")  # the first location: its presets
        await ui.settle()
        assert screen.step == "server"
        await ui.key("order.filter")
        await ui.type("zzz-none")
        await ui.press("enter")  # back on the (empty) rows
        await ui.pause(2)
        assert "Nothing matches “zzz-none”" in str(ui.screen.query_one("#step-note").render())
        await ui.key("order.back")  # esc clears the filter first, as in every list
        await ui.pause(2)
        assert screen.step == "server" and screen.query_one("#choices", Table).row_count > 0
        await ui.key("order.back")  # then goes back a step
        await ui.pause(2)
        assert screen.step == "location"
