"""Orders that are no server yet, as `eq/update_servers` lists them (`billing_servers` beyond
`servers`): awaiting payment, then being set up; and a deploy started elsewhere (the panel, a
script) is picked up on a refresh, not only at sign-in, and followed once."""

from __future__ import annotations

from pathlib import Path

from hostkey_tui.api import InvapiClient
from hostkey_tui.clock import ManualClock
from hostkey_tui.models.account import BillingServer, ServerInventory
from hostkey_tui.models.common import Secret
from hostkey_tui.models.orders import InstallOptions, OrderRequest
from hostkey_tui.models.tasks import TaskState
from hostkey_tui.services import install, servers
from hostkey_tui.services.context import Services
from hostkey_tui.services.ledger import Ledger
from hostkey_tui.services.session import run_session
from hostkey_tui.simulator.routes.billing import pay_from_credit
from hostkey_tui.simulator.world import World
from hostkey_tui.state.store import Store
from hostkey_tui.ui.servers.attention import pending_line
from tests.conftest import make_client

PIN = Secret("1234")


def _order() -> OrderRequest:
    options = InstallOptions(os_id=187, root_pass=Secret("Secret-Pass1"), hostname="web-09")
    return OrderRequest("vm.nano", "NL", 25, "monthly", options)


def orders(services: Services) -> tuple[BillingServer, ...]:
    """The pending orders now (read afresh: each refresh replaces them)."""
    return services.store.state.pending_orders


async def _session(client: InvapiClient, clock: ManualClock, tmp_path: Path) -> Services:
    made = Services(client, Store(), clock, ledger=Ledger(tmp_path / "ledger.json"))
    await run_session(made)
    return made


async def test_an_unpaid_order_is_listed_then_being_set_up_then_a_server(
    client: InvapiClient, clock: ManualClock, world: World, tmp_path: Path
) -> None:
    services = await _session(client, clock, tmp_path)
    assert orders(services) == ()
    world.credit = world.credit - world.credit  # the order waits for its invoice
    _, result = await install.order_server(services, _order(), PIN, "Order vm.nano")
    assert result is not None and result.server_id is not None
    (pending,) = orders(services)  # read back by the order's refresh
    assert (pending.id, pending.name, pending.status) == (result.server_id, "web-09", "Pending")
    assert "awaiting payment" in pending_line(services.store.state.pending_orders)
    world.credit = world.credit + 100
    pay_from_credit(world, world.invoices[result.invoice_id or 0], world.credit)
    await servers.refresh(services)  # `r`: the deploy that began is seen without signing in
    (paid,) = orders(services)
    assert paid.status == "Active" and "being set up" in pending_line((paid,))
    assert services.store.state.deploys
    (followed,) = await install.follow_deploys(services)
    assert followed.state is TaskState.DONE
    assert services.store.state.pending_orders == ()
    assert result.server_id in services.store.state.server_ids


async def test_a_deploy_started_in_the_panel_is_followed_once_after_a_refresh(
    client: InvapiClient, clock: ManualClock, world: World, tmp_path: Path
) -> None:
    services = await _session(client, clock, tmp_path)
    async with make_client(world, clock) as panel:  # another client: the panel, a script
        await panel.eq.order_instance(_order(), PIN)
    assert services.store.state.deploys == ()
    await servers.refresh(services)
    assert len(services.store.state.deploys) == 1
    first, again = await install.follow_deploys(services), await install.follow_deploys(services)
    assert [j.state for j in first] == [TaskState.DONE] and again == []
    assert world.count("eq", "order_instance") == 1  # followed, never ordered again


def test_only_billing_entries_without_a_server_are_pending() -> None:
    inventory = ServerInventory(
        (1, 2), (BillingServer(1, "a", "Active"), BillingServer(9, "b", "Pending")), ()
    )
    store = Store()

    class Bare:
        pass

    bare = Bare()
    bare.store = store  # type: ignore[attr-defined]
    servers.list_orders(bare, inventory)  # type: ignore[arg-type]
    assert [o.id for o in store.state.pending_orders] == [9]
    assert pending_line(store.state.pending_orders).startswith("⧗ 1 order not yet a server: 9 b")
