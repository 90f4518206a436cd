"""The server list says which orders are no server yet, and `r` picks up a deploy started in
the panel: it becomes a job, followed once, and the server joins the list."""

from __future__ import annotations

from hostkey_tui.models.common import Secret
from hostkey_tui.models.orders import InstallOptions, OrderRequest
from hostkey_tui.simulator.world import World
from tests.conftest import make_client
from tests.ui.driver import Driver


def _order(hostname: str) -> OrderRequest:
    options = InstallOptions(os_id=187, root_pass=Secret("Secret-Pass1"), hostname=hostname)
    return OrderRequest("vm.nano", "NL", 25, "monthly", options)


async def test_an_order_made_in_the_panel_is_listed_followed_and_joins_the_list(
    ui: Driver, ui_world: World
) -> None:
    async with ui.run() as app:
        assert not app.screen.query_one("#pending").display
        assert ui.clock is not None
        async with make_client(ui_world, ui.clock) as panel:
            ui_world.credit = ui_world.credit - ui_world.credit
            unpaid = await panel.eq.order_instance(_order("unpaid-01"), Secret("1234"))
            ui_world.credit = ui_world.credit + 100
            await panel.eq.order_instance(_order("panel-01"), Secret("1234"))
        await ui.key("servers.refresh")
        await ui.settle()
        line = ui.text("#pending")
        assert app.screen.query_one("#pending").display
        assert f"{unpaid.server_id} unpaid-01 awaiting payment" in line
        await ui.until(lambda: any(j.kind == "deploy" for j in app.state.jobs.values()))
        await ui.until(lambda: app.state.jobs_running == 0, step=5)
        deploys = [j for j in app.state.jobs.values() if j.kind == "deploy"]
        assert len(deploys) == 1 and deploys[0].state.value == "done"
        await ui.until(lambda: "panel-01" in ui.hostnames(), step=5)
        assert "panel-01" not in ui.text("#pending")
        assert ui_world.count("eq", "order_instance") == 2  # the app ordered nothing
