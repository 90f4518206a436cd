"""Issue 24: hourly billing, as HOSTKEY's Terraform provider orders it (the documentation calls it
"coming soon" and publishes no hourly price). Offered for instant presets only; the summary and
the confirmation claim no price; invapi refusing it brings the period step back."""

from __future__ import annotations

from dataclasses import replace

from textual.widgets import Static

from hostkey_tui.models.catalog import HOURLY
from hostkey_tui.models.orders import Draft, refused_step
from hostkey_tui.simulator.world import World
from hostkey_tui.ui.kit.modals.confirm import ConfirmModal
from hostkey_tui.ui.order import steps
from tests.ui.driver import Driver
from tests.ui.test_order_ui import through_details


async def test_hourly_has_no_total_and_is_offered_for_presets_only(ui: Driver) -> None:
    async with ui.run():
        screen = await through_details(ui)
        draft = screen.draft
    assert draft.preset is not None and draft.plan is not None
    assert replace(draft, period="monthly").total() is not None  # a price where there is one
    assert replace(draft, period=HOURLY).total() is None
    assert HOURLY in steps.periods(draft).items
    assert refused_step("deploy_period hourly is not offered") == "period"
    assert Draft(location="NL", period=HOURLY).refused("period").period == ""


async def test_an_hourly_order_says_it_has_no_price_and_sends_hourly(
    ui: Driver, ui_world: World
) -> None:
    async with ui.run():
        screen = await through_details(ui)
        await ui.pick("hourly")
        assert screen.step == "summary"
        summary = str(screen.query_one("#summary", Static).render())
        assert "no hourly price" in summary and "coming soon" in summary
        assert "Total for" not in summary and "Next payment" not in summary
        await ui.press("o")
        dialog = ui.screen
        assert isinstance(dialog, ConfirmModal)
        assert "billed by the hour" in dialog.action_text and "no hourly price" in dialog.warning
        await ui.confirm()
        await ui.pin("1234")
        await ui.until(lambda: ui_world.count("eq", "order_instance") == 1)
        assert ui_world.logged("eq", "order_instance")[0].field("deploy_period") == "hourly"
        invoice = max(ui_world.invoices.values(), key=lambda i: i.id)
        assert "hourly" in str(invoice.items[0]["description"])


async def test_invapi_refusing_hourly_brings_back_the_period_step(
    ui: Driver, ui_world: World
) -> None:
    ui_world.hourly_billing = False  # the documentation's "coming soon"
    async with ui.run():
        screen = await through_details(ui)
        await ui.pick("hourly")
        await ui.press("o")
        await ui.confirm()
        await ui.pin("1234")
        await ui.until(lambda: screen.step == "period")
        note = str(screen.query_one("#step-note", Static).render())
        assert "not available yet" in note and screen.draft.period == ""
        assert screen.draft.plan is not None  # the other choices are kept
        assert ui_world.count("eq", "order_instance") == 1


async def test_a_stock_server_is_not_offered_hourly_and_a_draft_moved_to_one_says_so(
    ui: Driver,
) -> None:
    async with ui.run():
        screen = await ui.open_order()
        await ui.pick("FI")
        await ui.pilot.press("t")
        await ui.settle()
        await ui.pick("44717 2U")
        for label in ("Ubuntu 22.04", "none", "10Tb traffic (1Gbps) BM"):
            await ui.pick(label)
        await ui.order_details()
        assert screen.step == "period"
        assert HOURLY not in steps.periods(screen.draft).items
        hourly, said = replace(screen.draft, period=HOURLY).fitted()
        assert hourly.period == "" and "for instant servers" in said[0]
