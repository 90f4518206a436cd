"""`O` on the order's details step: only what the chosen server takes is offered, what is
chosen shows on the details and the summary, and goes with the order (once)."""

from __future__ import annotations

from hostkey_tui.simulator.world import World
from hostkey_tui.ui.kit.modals.form import FormModal
from hostkey_tui.ui.order.screen import OrderScreen
from tests.ui.driver import Driver


async def test_options_for_a_vm_are_offered_shown_and_sent(ui: Driver, ui_world: World) -> None:
    async with ui.run() as app:
        await ui.open_order()
        for label in ("NL", "vm.nano", "Ubuntu 22.04", "none", "3Tb traffic (1Gbps) VM"):
            await ui.pick(label)
        screen = app.screen
        assert isinstance(screen, OrderScreen) and screen.step == "details"
        await ui.key("order.options")
        await ui.pause(4)
        form = ui.screen
        assert isinstance(form, FormModal)
        # A VM takes no IPv6 /64, disk layout or LVM choice: not offered.
        assert [f.name for f in form.fields] == [
            "ipv4_amount",
            "vlan",
            "private_vlan",
            "custom_domain",
        ]
        await ui.fill(ipv4_amount="2", custom_domain="Example.com")
        assert "Options (O) IPv4 addresses 2, Custom domain example.com" in ui.rows("#choices")
        await ui.order_details()
        await ui.pick("quarterly")
        assert "Custom domain  example.com" in ui.text("#summary")
        await ui.press("o")
        await ui.confirm()
        await ui.pin()
        await ui.until(lambda: ui_world.count("eq", "order_instance") == 1)
        (sent,) = ui_world.logged("eq", "order_instance")
        assert (sent.field("ipv4_amount"), sent.field("custom_domain")) == ("2", "example.com")
        assert "ipv6" not in sent.form and "no_lvm" not in sent.form
