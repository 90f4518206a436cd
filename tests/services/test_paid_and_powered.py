"""What a payment and a power change leave behind (issue 22): invapi read back, so that the
triage board, the list and the detail say what invapi says."""

from __future__ import annotations

import pytest

from hostkey_tui.api import InvapiClient
from hostkey_tui.clock import ManualClock
from hostkey_tui.models.common import Secret
from hostkey_tui.services import billing
from hostkey_tui.services.context import Services
from hostkey_tui.services.power import Target, power
from hostkey_tui.services.servers import load_servers
from hostkey_tui.services.session import run_session
from hostkey_tui.simulator.world import World, add_months
from hostkey_tui.state.board import attention
from hostkey_tui.state.store import Store
from hostkey_tui.state.views import condition
from tests.conftest import PIN

SUSPENDED = 40072  # tr-legacy-01: suspended, its invoice 23452 twelve days overdue


@pytest.fixture
async def services(client: InvapiClient, clock: ManualClock) -> Services:
    made = Services(client, Store(), clock)
    await run_session(made)
    await load_servers(made)
    await billing.load_billing(made)
    return made


def reasons(services: Services, server_id: int) -> str:
    return next((a.why for a in attention(services.store.state) if a.server_id == server_id), "")


async def test_paying_the_overdue_invoice_reads_the_server_again(
    services: Services, world: World
) -> None:
    assert "overdue 12 days" in reasons(services, SUSPENDED)
    due = world.servers[SUSPENDED].due_date
    await billing.pay_from_credit(services, 23452, 35)
    # invapi renewed the service (WHMCS moves the due date on by its cycle) and the app knew.
    assert world.servers[SUSPENDED].due_date == add_months(due, 1)
    server = services.store.state.servers[SUSPENDED]
    assert server.days_left is not None and server.days_left > 0
    assert server.status == "rent"
    assert "overdue" not in reasons(services, SUSPENDED)
    assert "suspended" not in reasons(services, SUSPENDED)


async def test_a_payment_made_elsewhere_is_learnt_from_the_invoices(
    services: Services, world: World
) -> None:
    world.settle(world.invoices[23452])  # paid in a browser
    shows = world.count("eq", "show")
    await billing.load_billing(services, ("invoices",))
    assert world.count("eq", "show") > shows  # the servers the board lists for billing
    assert "overdue" not in reasons(services, SUSPENDED)


async def test_a_read_of_invoices_that_changed_nothing_reads_no_server(
    services: Services, world: World
) -> None:
    shows = world.count("eq", "show")
    await billing.load_billing(services, ("invoices",))
    assert world.count("eq", "show") == shows


async def test_a_power_change_is_read_back_and_the_list_says_what_the_power_tab_says(
    services: Services, world: World
) -> None:
    target = Target(SUSPENDED, "tr-legacy-01")
    assert condition(services.store.state.servers[SUSPENDED]) == "suspended"
    shows, statuses = world.count("eq", "show"), world.count("eq", "status")
    await power(services, [target], "on", Secret(PIN))
    assert world.count("eq", "show") == shows + 1 and world.count("eq", "status") == statuses + 1
    state = services.store.state
    assert state.power[SUSPENDED].on is True
    assert state.servers[SUSPENDED].power == "on"
    assert condition(state.servers[SUSPENDED]) == "susp, on"


@pytest.mark.parametrize(
    ("day", "months", "then"),
    [
        ("2024-01-31", 1, "2024-02-29"),
        ("2024-11-15", 3, "2025-02-15"),
        ("2024-12-01", 1, "2025-01-01"),
        ("2024-03-31", 6, "2024-09-30"),
        ("2023-02-28", 12, "2024-02-28"),
    ],
)
def test_a_billing_cycle_moves_the_due_date_by_whole_months(
    day: str, months: int, then: str
) -> None:
    assert add_months(day, months) == then
