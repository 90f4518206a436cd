"""The DNS section as a person uses it, against the simulator."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import DataTable, Static

from hostkey_tui.config.model import Config
from hostkey_tui.simulator.world import World
from hostkey_tui.ui.dns.flows import record_problems, srv_proto
from hostkey_tui.ui.dns.screen import DnsScreen
from hostkey_tui.ui.kit.modals.confirm import ConfirmModal
from hostkey_tui.ui.kit.modals.form import FormModal
from hostkey_tui.ui.kit.widgets.chrome import StatusLine
from tests.ui.driver import Driver

ZONE = "example-shop.com"


async def open_dns(ui: Driver) -> DnsScreen:
    screen = await ui.section("dns")
    assert isinstance(screen, DnsScreen)
    return screen


async def test_the_zone_is_listed_with_the_apex_as_at_and_filters(ui: Driver) -> None:
    async with ui.run():
        await open_dns(ui)
        shown = ui.rows("#records")
        assert shown[0].startswith("@ A") and any(r.startswith("www CNAME") for r in shown)
        await ui.key("dns.filter")
        await ui.type("type:mx")
        assert [r.split()[1] for r in ui.rows("#records")] == ["MX", "MX"]
        await ui.key("dns.clear")
        assert len(ui.rows("#records")) == len(shown)


async def test_a_record_is_checked_then_added_and_read_back(ui: Driver) -> None:
    async with ui.run() as app:
        await open_dns(ui)
        await ui.key("dns.new")
        await ui.fill(type="MX", name="@", content="mx3.example-shop.com")
        form = app.screen
        assert isinstance(form, FormModal)  # no priority: asked again, nothing sent
        assert "priority" in str(form.query_one("#problem-priority", Static).render())
        assert ui.count("pdns", "add_dns") == 0
        await ui.fill(priority="30")
        assert ui.count("pdns", "add_dns") == 1
        assert any("mx3.example-shop.com" in r for r in ui.rows("#records"))


async def test_delete_sends_the_content_of_that_record_only(ui: Driver, ui_world: World) -> None:
    async with ui.run():
        screen = await open_dns(ui)
        screen.query_one("#records", DataTable).focus()
        await ui.key("dns.filter")
        await ui.press(*"type:mx", "enter")
        first = ui.rows("#records")[0].split()[2]
        await ui.key("dns.delete")
        await ui.confirm()
        await ui.until_idle()
        sent = ui_world.logged("pdns", "delete_dns")
        assert len(sent) == 1 and sent[0].form["params[content][]"] == [first]
        assert len(ui.rows("#records")) == 1


async def test_deleting_a_domain_needs_its_name_typed(ui: Driver) -> None:
    async with ui.run() as app:
        await open_dns(ui)
        await ui.key("dns.delete_domain")
        modal = app.screen
        assert isinstance(modal, ConfirmModal) and modal.typed == ZONE
        assert modal.query_one("#confirm").disabled
        await ui.confirm(typed=ZONE)
        await ui.until_idle()
        assert ui.count("pdns", "delete_domain") == 1
        assert ZONE not in [d.name for d in app.state.dns.domains or ()]


async def test_read_only_offers_no_change(ui: Driver) -> None:
    async with ui.run(Config(read_only=True)) as app:
        screen = await open_dns(ui)
        offered = {b.binding.action for b in screen.active_bindings.values()}
        for action in ("new_record", "edit_record", "delete_record", "add_domain", "delete_domain"):
            assert action not in offered
        assert {"export", "cycle_sort", "focus_filter"} <= offered
        before = len(ui.requests)
        for key in ("dns.new", "dns.edit", "dns.delete", "dns.add_domain", "dns.delete_domain"):
            await ui.key(key)
            assert isinstance(app.screen, DnsScreen)
        assert len(ui.requests) == before


@pytest.mark.parametrize(
    ("name", "sent"),
    [("_sip._udp", "udp"), ("_xmpp._tcp", "tcp"), ("_x._UDP.sub", "udp"), ("@", "tcp")],
)
def test_srv_protocol_comes_from_the_name(name: str, sent: str) -> None:
    assert srv_proto(name) == sent


def rename_zone(world: World, old: str, new: str) -> int:
    """The domain `old` listed as `new` (invapi's text), its zone found under it."""
    domain_id = next(i for i, n in world.domains.items() if n == old)
    world.domains[domain_id] = new
    zone = world.zones.pop(old)
    zone["name"] = new
    world.zones[new.rstrip(".").lower()] = zone
    return domain_id


async def test_an_export_named_by_invapi_stays_in_the_download_folder(
    ui: Driver, ui_world: World, tmp_path: Path
) -> None:
    rename_zone(ui_world, ZONE, "../../x/evil")
    async with ui.run(notifications=True):
        screen = await open_dns(ui)
        assert screen.zone_name == "../../x/evil" and ui.rows("#records")
        await ui.key("dns.export")
        await ui.key("dns.export")  # again: the first file is kept, the second numbered
        said = ui.toasts
    downloads = (tmp_path / "downloads").resolve()
    written = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*.zone"))
    assert written == [Path("downloads/x_evil (2).zone"), Path("downloads/x_evil.zone")]
    assert not (tmp_path / "x").exists()
    assert f"Saved {downloads / 'x_evil.zone'}" in said[0]
    assert (
        f"Saved {downloads / 'x_evil (2).zone'}" in said[1] and "x_evil.zone was there" in said[1]
    )


async def test_a_zone_reply_with_a_trailing_dot_is_shown_not_left_reading(
    ui: Driver, ui_world: World
) -> None:
    ui_world.zones[ZONE]["name"] = ZONE + "."  # as PowerDNS writes it
    async with ui.run() as app:
        await open_dns(ui)
        title = ui.text("#zone-title")
        assert "reading" not in title and title.startswith(ZONE)
        assert ui.rows("#records") and ZONE in app.state.dns.zones
        assert ui.count("pdns", "view_zone") == 1  # read once, found under its name


async def test_a_domain_listed_twice_is_shown_once_and_said(ui: Driver, ui_world: World) -> None:
    ui_world.domains[ui_world.next_id()] = ZONE.upper() + "."  # the same domain, written again
    async with ui.run(notifications=True):
        screen = await open_dns(ui)
        table = screen.query_one("#domains", DataTable)
        names = [str(table.get_row_at(i)[0]) for i in range(table.row_count)]
        assert names.count(ZONE) == 1 and ZONE.upper() + "." not in names
        assert "1 listed twice" in screen.query_one(StatusLine).right
        assert any(f"invapi lists {ZONE} more than once" in s for s in ui.toasts)
        await ui.key("dns.refresh")  # read again: the same list is not said again
        await ui.settle()
        assert sum("more than once" in s for s in ui.toasts) == 1


async def test_a_domain_without_a_name_is_deleted_by_typing_its_id(
    ui: Driver, ui_world: World
) -> None:
    nameless = rename_zone(ui_world, ZONE, " ")
    async with ui.run() as app:
        await open_dns(ui)
        await ui.key("dns.delete_domain")
        modal = app.screen
        assert isinstance(modal, ConfirmModal) and modal.typed == str(nameless)
        assert f"type {nameless} instead" in modal.warning
        assert f"{nameless} (no name)" in modal.action_text
        assert modal.query_one("#confirm").disabled
        await ui.confirm(typed=str(nameless))
        await ui.until_idle()
        assert [r.field("id") for r in ui_world.logged("pdns", "delete_domain")] == [str(nameless)]


async def test_a_record_problem_is_said_under_its_field_which_takes_the_focus(ui: Driver) -> None:
    """Typed as a person does: the form opens on Type; after a problem the focus is on the
    field in error (not back on Type), so the correction lands there."""
    async with ui.run() as app:
        await open_dns(ui)
        await ui.key("dns.new")
        form = app.screen
        assert isinstance(form, FormModal) and form.focused is form.query_one("#field-type")
        await ui.press(*"MX", "tab", "tab", *"mx3.example-shop.com", "enter")  # A replaced
        assert app.screen is form and ui.count("pdns", "add_dns") == 0
        assert form.focused is form.query_one("#field-priority")
        assert "MX needs a priority" in ui.said("#problem-priority")
        assert ui.said("#problem-content") == "" and ui.said("#form-problem") == ""
        await ui.press(*"30", "enter")
        await ui.until_idle()
        assert ui.count("pdns", "add_dns") == 1


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"name": "bad name!"}, "name"),
        ({"ttl": "5"}, "ttl"),
        ({"content": "not-an-ip"}, "content"),
        ({"type": "CNAME", "content": "a.example, b.example"}, "content"),
        ({"type": "MX", "content": "mx.example", "priority": "70000"}, "priority"),
        ({"type": "SRV", "priority": "1", "weight": "1", "target": "sip.example"}, "port"),
        ({"type": "SRV", "priority": "1", "port": "5060", "target": "x.example"}, "weight"),
        ({"type": "SRV", "priority": "1", "weight": "1", "port": "70000"}, "target"),
        ({"type": "SRV", "priority": "1", "weight": "1", "port": "0", "target": "x"}, "port"),
        ({"type": "SRV", "priority": "1", "weight": "1", "port": "1", "target": "-"}, "target"),
    ],
)
def test_each_record_problem_names_its_field(values: dict[str, str], field: str) -> None:
    form = {"type": "A", "name": "www", "content": "192.0.2.1", "ttl": "3600"}
    form |= {"priority": "", "weight": "", "port": "", "target": ""}
    found = record_problems(form | values)
    assert list(found) == [field], found


def test_a_record_that_can_be_sent_has_no_problem() -> None:
    form = {"type": "A", "name": "www", "content": "192.0.2.1", "ttl": "3600"}
    assert record_problems(form | {"priority": "", "weight": "", "port": "", "target": ""}) == {}


async def test_an_idn_typed_in_the_add_domain_form_is_sent_as_punycode_and_shown_both_ways(
    ui: Driver, ui_world: World
) -> None:
    async with ui.run(notifications=True) as app:
        screen = await open_dns(ui)
        await ui.key("dns.add_domain")
        await ui.type_in(name="münchen.de")  # typed key by key, as a person does
        await ui.until_idle()
        sent = ui_world.logged("pdns", "add_domain")
        assert [r.field("name") for r in sent] == ["xn--mnchen-3ya.de"]
        assert "xn--mnchen-3ya.de" in ui_world.zones
        assert "xn--mnchen-3ya.de (münchen.de) added." in ui.told
        table = screen.query_one("#domains", DataTable)
        row = screen.domain_names.index("xn--mnchen-3ya.de")
        assert str(table.get_row_at(row)[0]) == "xn--mnchen-3ya.de\nmünchen.de"
        table.move_cursor(row=row)
        await ui.until_idle()
        assert ui.text("#zone-title").startswith("xn--mnchen-3ya.de (münchen.de)")
        assert app.state.dns.zones["xn--mnchen-3ya.de"].records


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        ("-münchen.de", "must not start or end with a hyphen"),
        ("xn--zz.de", "not a valid xn-- (punycode) label"),
        ("mün chen.de", "' ' (U+0020) cannot be part of a domain name"),
        ("münchen..de", "two dots follow each other"),
    ],
)
async def test_an_invalid_idn_is_said_and_nothing_is_sent(
    ui: Driver, ui_world: World, typed: str, said: str
) -> None:
    async with ui.run() as app:
        await open_dns(ui)
        await ui.key("dns.add_domain")
        await ui.fill(name=typed, wait=False)
        assert isinstance(app.screen, FormModal)  # still open: the problem is under the field
        assert said in ui.said("#problem-name")
        assert ui.count("pdns", "add_domain") == 0


async def test_a_domain_invapi_lists_in_punycode_shows_its_unicode_form(
    ui: Driver, ui_world: World
) -> None:
    rename_zone(ui_world, ZONE, "xn--e1afmkfd.xn--p1ai")  # пример.рф
    rename_zone(ui_world, "hostkey-demo.net", "xn--[b]-hostile.de")  # not valid: shown as it is
    async with ui.run():
        screen = await open_dns(ui)
        table = screen.query_one("#domains", DataTable)
        shown = [str(table.get_row_at(i)[0]) for i in range(table.row_count)]
        assert "xn--e1afmkfd.xn--p1ai\nпример.рф" in shown and "xn--[b]-hostile.de" in shown
        assert ui.text("#zone-title").startswith("xn--e1afmkfd.xn--p1ai (пример.рф)")
