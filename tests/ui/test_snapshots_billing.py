"""What billing looks like, at 80x24 and 120x40: invoices, account, credit, paying, cancelling."""

from __future__ import annotations

from typing import Any

import pytest

from hostkey_tui.config.model import Config
from hostkey_tui.simulator.routes import ROUTES, Ctx, SimError
from hostkey_tui.simulator.world import JSON, Form, World
from tests.services.test_billing import many_invoices, page_route, refuse
from tests.ui.conftest import Build, settle
from tests.ui.driver import SIZES, steps

CASES = {
    "invoices": steps(),
    "invoices_filtered": steps("slash", *"status:unpaid", "enter"),
    "invoices_marked": steps("space", "down", "space"),
    # a filter that hides every invoice says so in the list, with the way back
    "invoices_nothing_matches": steps("slash", *"zzz", "enter"),
    # a paid invoice under the cursor: nothing to pay is offered in the key bar
    "invoice_paid_keys": steps("slash", *"status:paid", "enter"),
    "account": steps("t"),
    "account_settings": steps("t", "S"),
    "credit": steps("t", "t"),
    "transactions": steps("t", "t", "t"),
    "contacts": steps("T"),
    "invoice_detail": steps("enter"),
    "payment_methods": steps("w"),
    "pay_from_credit": steps("c"),
    "add_funds": steps("a"),
    "mass_pay_confirm": steps("space", "down", "space", "m"),
    "server_billing": steps("T", "T", server="nl-vmmini"),
    "cancel_server": steps("T", "T", "C", server="nl-vmmini"),
}


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("case", list(CASES))
def test_billing(snap_compare: Any, build: Build, case: str, size: tuple[int, int]) -> None:
    assert snap_compare(build(), terminal_size=size, run_before=CASES[case])


@pytest.mark.parametrize("size", SIZES)
def test_billing_read_only(snap_compare: Any, build: Build, size: tuple[int, int]) -> None:
    """Read-only: the invoices are all there, the paying keys are not offered."""
    assert snap_compare(build(Config(read_only=True)), terminal_size=size, run_before=steps())


#: A part of billing refused by invapi, and the keys that open its tab.
REFUSED = {
    "invoices_refused": ("get_invoices", ()),
    "transactions_refused": ("transactions", ("t", "t", "t")),
}


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("case", list(REFUSED))
def test_billing_part_refused(
    snap_compare: Any, build: Build, ui_world: World, case: str, size: tuple[int, int]
) -> None:
    """One read refused: its tab says what and why in place; the others show their data."""
    action, keys = REFUSED[case]

    async def run(pilot: Any) -> None:
        await settle(pilot.app, pilot)
        refuse(ui_world, action)
        await steps(*keys)(pilot)

    assert snap_compare(build(), terminal_size=size, run_before=run)


@pytest.mark.parametrize("size", SIZES)
def test_billing_invoices_partial(
    snap_compare: Any,
    build: Build,
    ui_world: World,
    monkeypatch: pytest.MonkeyPatch,
    size: tuple[int, int],
) -> None:
    """612 invoices, the third page refused: what was read shows, said partial."""
    many_invoices(ui_world, 612)
    held = ROUTES[("whmcs", "get_invoices")].handler

    def third_page_fails(world: World, form: Form, ctx: Ctx) -> JSON:
        if form.get("limitstart") == "200":
            raise SimError({"result": "error", "message": "Database busy"})
        return held(world, form, ctx)

    page_route(monkeypatch, third_page_fails)
    assert snap_compare(build(), terminal_size=size, run_before=steps())
