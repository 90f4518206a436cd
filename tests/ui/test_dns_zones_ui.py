"""DNS beyond records as a person uses it, against the simulator: SRV records, renames, zones
and subdomains; asserted on the simulator's request log."""

from __future__ import annotations

from textual.widgets import Checkbox, Static

from hostkey_tui.config.model import Config
from hostkey_tui.simulator.world import World
from hostkey_tui.ui.dns.screen import DnsScreen
from hostkey_tui.ui.dns.subdomains import SubdomainsDialog
from hostkey_tui.ui.dns.zones import ZonesDialog
from hostkey_tui.ui.kit.modals.confirm import ConfirmModal
from hostkey_tui.ui.kit.modals.form import FormModal
from tests.ui.driver import Driver

ZONE = "example-shop.com"


async def open_dns(ui: Driver) -> DnsScreen:
    screen = await ui.section("dns")
    assert isinstance(screen, DnsScreen)
    return screen


async def test_an_srv_record_is_checked_then_sent_with_its_protocol(
    ui: Driver, ui_world: World
) -> None:
    async with ui.run() as app:
        await open_dns(ui)
        await ui.key("dns.new")
        await ui.fill(
            type="SRV",
            name="_xmpp",
            priority="5",
            weight="10",
            port="70000",
            target="chat.example.org",
            proto="udp",
        )
        form = app.screen
        assert isinstance(form, FormModal)
        assert "65535" in str(form.query_one("#problem-port", Static).render())
        await ui.fill(port="5222", proto="sctp")
        assert isinstance(app.screen, FormModal)
        assert ui.count("pdns", "add_dns") == 0
        await ui.fill(proto="udp")
        sent = ui_world.logged("pdns", "add_dns")
        assert len(sent) == 1
        assert sent[0].form["params[name]"] == ["_xmpp._udp"]
        assert sent[0].form["params[proto]"] == ["udp"]
        assert sent[0].form["params[port]"] == ["5222"]
        assert sent[0].form["params[increase_soa_serial]"] == ["1"]
        assert any(r.startswith("_xmpp._udp SRV") for r in ui.rows("#records"))


async def test_editing_a_name_renames_in_one_call(ui: Driver, ui_world: World) -> None:
    async with ui.run():
        await open_dns(ui)
        await ui.key("dns.filter")
        await ui.press(*"name:www", "enter")
        await ui.key("dns.edit")
        await ui.fill(name="shop")
        sent = ui_world.logged("pdns", "add_dns")
        assert len(sent) == 1 and ui.count("pdns", "delete_dns") == 0
        assert sent[0].form["params[old_name]"] == ["www"]
        assert sent[0].form["params[name]"] == ["shop"]
        await ui.key("dns.clear")
        names = [r.split()[0] for r in ui.rows("#records")]
        assert "shop" in names and "www" not in names


async def test_a_zone_is_added_with_its_soa_then_deleted_by_its_typed_name(
    ui: Driver, ui_world: World
) -> None:
    async with ui.run() as app:
        await open_dns(ui)
        await ui.key("dns.zones")
        await ui.settle()
        assert isinstance(app.screen, ZonesDialog)
        assert any(r.startswith(ZONE) for r in ui.rows("#list"))
        await ui.key("dnszones.add")
        form = app.screen
        assert isinstance(form, FormModal)
        form.query_one("#field-dnssec", Checkbox).value = True
        await ui.fill(name="fresh.example", kind="Slave", rname="admin.fresh.example")
        assert isinstance(app.screen, FormModal) and ui.count("pdns", "add_zone") == 0
        await ui.fill(masters="192.0.2.53, 192.0.2.54", refresh="7200", retry="900")
        sent = ui_world.logged("pdns", "add_zone")
        assert len(sent) == 1
        assert sent[0].form["params[kind]"] == ["Slave"]
        assert sent[0].form["params[dnssec]"] == ["1"]
        assert sent[0].form["params[masters][]"] == ["192.0.2.53", "192.0.2.54"]
        assert sent[0].form["params[dns][refresh]"] == ["7200"]
        assert sent[0].form["params[dns][rname]"] == ["admin.fresh.example"]
        rows = ui.rows("#list")
        assert any(r.startswith("fresh.example Slave signed") for r in rows), rows
        dialog = app.screen
        assert isinstance(dialog, ZonesDialog)
        dialog.query_one("#list").move_cursor(  # type: ignore[attr-defined]
            row=[z.name for z in dialog.zones].index("fresh.example")
        )
        await ui.key("dnszones.delete")
        modal = app.screen
        assert isinstance(modal, ConfirmModal) and modal.typed == "fresh.example"
        await ui.confirm(typed="fresh.example")
        await ui.until_idle()
        assert ui_world.logged("pdns", "delete_zone")[0].form["params[zone]"] == ["fresh.example"]
        assert not any(r.startswith("fresh.example") for r in ui.rows("#list"))


async def test_subdomains_are_listed_added_moved_and_deleted(ui: Driver, ui_world: World) -> None:
    async with ui.run() as app:
        await open_dns(ui)
        await ui.key("dns.subdomains")
        await ui.settle()
        assert isinstance(app.screen, SubdomainsDialog)
        server = min(ui_world.servers)
        assert [r.split()[0] for r in ui.rows("#list")] == [f"blog.{ZONE}", f"shop.{ZONE}"]
        await ui.key("dnssubs.add")
        await ui.fill(name="api")
        sent = ui_world.logged("pdns", "add_subdomain")
        assert len(sent) == 1 and sent[0].form["params[server_id]"] == [str(server)]
        assert sent[0].form["params[domain_id]"] == ["1001"]
        assert f"api.{ZONE}" in [r.split()[0] for r in ui.rows("#list")]
        await ui.key("dnssubs.edit")  # the first row: api
        await ui.fill(server="40021")
        assert ui_world.logged("pdns", "edit_subdomain")[0].form["params[server_id]"] == ["40021"]
        assert f"api.{ZONE}" not in [r.split()[0] for r in ui.rows("#list")]
        await ui.key("dnssubs.delete")
        await ui.confirm()
        await ui.until_idle()
        assert ui.count("pdns", "delete_subdomain") == 1
        assert [r.split()[0] for r in ui.rows("#list")] == [f"shop.{ZONE}"]


async def test_read_only_offers_no_zone_or_subdomain_change(ui: Driver) -> None:
    async with ui.run(Config(read_only=True)) as app:
        await open_dns(ui)
        for opener, dialog_keys in (
            ("dns.zones", ("add_zone", "delete_zone")),
            ("dns.subdomains", ("add_subdomain", "move_subdomain", "delete_subdomain")),
        ):
            await ui.key(opener)
            await ui.settle()
            offered = {a.binding.action for a in app.screen.active_bindings.values() if a.enabled}
            assert not offered.intersection(dialog_keys), offered
            await ui.press("a", "n", "e", "delete")
            await ui.press("escape")
        assert ui.mutations() == []
