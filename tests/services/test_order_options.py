"""An order with Terraform's options: sent once with them, and the server that appears holds
the addresses asked for; a choice the server cannot take is refused (nothing ordered)."""

from __future__ import annotations

from pathlib import Path

import pytest

from hostkey_tui.api import ApiError, InvapiClient
from hostkey_tui.clock import ManualClock
from hostkey_tui.models.common import Secret
from hostkey_tui.models.order_options import OrderOptions
from hostkey_tui.models.orders import InstallOptions, OrderRequest
from hostkey_tui.models.tasks import TaskState
from hostkey_tui.services import install
from hostkey_tui.services.context import Services
from hostkey_tui.services.ledger import Ledger
from hostkey_tui.services.session import run_session
from hostkey_tui.simulator.world import World
from hostkey_tui.state.store import Store

PIN = Secret("1234")


@pytest.fixture
async def services(client: InvapiClient, clock: ManualClock, tmp_path: Path) -> Services:
    made = Services(client, Store(), clock, ledger=Ledger(tmp_path / "ledger.json"))
    await run_session(made)
    return made


def _order(preset: str, options: OrderOptions) -> OrderRequest:
    details = InstallOptions(os_id=187, root_pass=Secret("Secret-Pass1"), hostname="opt-01")
    return OrderRequest(preset, "NL", 25, "monthly", details, options=options)


async def test_the_options_go_with_the_order_and_the_server_holds_its_addresses(
    services: Services, world: World
) -> None:
    options = OrderOptions(ipv4_amount=3, vlan=410, custom_domain="example.com")
    job, result = await install.order_server(services, _order("vm.nano", options), PIN, "Order")
    assert job.state is TaskState.DONE and result is not None and result.server_id
    (sent,) = world.logged("eq", "order_instance")
    assert (sent.field("ipv4_amount"), sent.field("vlan"), sent.field("custom_domain")) == (
        "3",
        "410",
        "example.com",
    )
    assert "ipv6" not in sent.form and "disk_mirror" not in sent.form  # not chosen
    server = services.store.state.servers[result.server_id]
    assert len(server.ips) == 3 and sum(1 for a in server.ips if a.main) == 1


async def test_an_option_the_server_cannot_take_is_refused_and_nothing_is_ordered(
    services: Services, world: World
) -> None:
    before = set(world.servers)
    with pytest.raises(ApiError, match="dedicated servers in NL and US"):
        await install.order_server(
            services, _order("vm.nano", OrderOptions(ipv6=True)), PIN, "Order"
        )
    assert set(world.servers) == before and not world.pending_orders
