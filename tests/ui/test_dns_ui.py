"""The DNS section as a person uses it, against the simulator."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.widgets import DataTable, Static

from hostkey_tui.config.model import Config
from hostkey_tui.simulator.world import World
from hostkey_tui.ui.app import HostkeyApp
from hostkey_tui.ui.dns.flows import srv_proto
from hostkey_tui.ui.dns.screen import DnsScreen
from hostkey_tui.ui.kit.modals.confirm import ConfirmModal
from hostkey_tui.ui.kit.modals.form import FormModal
from hostkey_tui.ui.kit.widgets.chrome import StatusLine
from hostkey_tui.ui.kit.widgets.inputs import TextInput
from tests.ui.conftest import Build, settle
from tests.ui.test_power_ui import confirm

ZONE = "example-shop.com"


async def open_dns(pilot: Any) -> DnsScreen:
    await settle(pilot.app, pilot)
    await pilot.press("3")
    await settle(pilot.app, pilot)
    screen = pilot.app.screen
    assert isinstance(screen, DnsScreen)
    return screen


def rows(screen: DnsScreen) -> list[str]:
    table = screen.query_one("#records", DataTable)
    return [" ".join(str(c) for c in table.get_row_at(i)) for i in range(table.row_count)]


async def fill(pilot: Any, **values: str) -> None:
    form = pilot.app.screen
    assert isinstance(form, FormModal)
    for name, value in values.items():
        form.query_one(f"#field-{name}", TextInput).value = value
    await pilot.pause()
    await pilot.click("#form-submit")
    await until_idle(pilot)


async def until_idle(pilot: Any) -> None:
    """Until the flow ends or waits on a dialog again (never a wait on a waiting flow)."""
    for _ in range(100):
        await pilot.pause()
        flows = [w for w in pilot.app.workers if w.group == "flow" and not w.is_finished]
        if not flows or isinstance(pilot.app.screen, (FormModal, ConfirmModal)):
            return
    raise AssertionError("the flow never ended")


async def test_the_zone_is_listed_with_the_apex_as_at_and_filters(build: Build) -> None:
    app = build()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_dns(pilot)
        shown = rows(screen)
        assert shown[0].startswith("@ A") and any(r.startswith("www CNAME") for r in shown)
        await pilot.press("slash", *"type:mx")
        await pilot.pause()
        assert [r.split()[1] for r in rows(screen)] == ["MX", "MX"]
        await pilot.press("escape")
        await pilot.pause()
        assert len(rows(screen)) == len(shown)


async def test_a_record_is_checked_then_added_and_read_back(build: Build, ui_world: World) -> None:
    app = build()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_dns(pilot)
        await pilot.press("n")
        await pilot.pause()
        await fill(pilot, type="MX", name="@", content="mx3.example-shop.com")
        form = app.screen
        assert isinstance(form, FormModal)  # no priority: asked again, nothing sent
        assert "priority" in str(form.query_one(".intro", Static).render())
        assert ui_world.count("pdns", "add_dns") == 0
        await fill(pilot, priority="30")
        assert ui_world.count("pdns", "add_dns") == 1
        assert any("mx3.example-shop.com" in r for r in rows(screen))


async def test_delete_sends_the_content_of_that_record_only(build: Build, ui_world: World) -> None:
    app = build()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_dns(pilot)
        screen.query_one("#records", DataTable).focus()
        await pilot.press("slash", *"type:mx", "enter")
        await pilot.pause()
        first = rows(screen)[0].split()[2]
        await pilot.press("delete")
        await pilot.pause()
        await confirm(pilot)
        await until_idle(pilot)
        sent = ui_world.logged("pdns", "delete_dns")
        assert len(sent) == 1 and sent[0].form["params[content][]"] == [first]
        assert len(rows(screen)) == 1


async def test_deleting_a_domain_needs_its_name_typed(build: Build, ui_world: World) -> None:
    app = build()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_dns(pilot)
        await pilot.press("D")
        await pilot.pause()
        modal = app.screen
        assert isinstance(modal, ConfirmModal) and modal.typed == ZONE
        assert modal.query_one("#confirm").disabled
        await confirm(pilot, typed=ZONE)
        await until_idle(pilot)
        assert ui_world.count("pdns", "delete_domain") == 1
        assert ZONE not in [d.name for d in app.state.dns.domains or ()]


async def test_read_only_offers_no_change(build: Build, ui_world: World) -> None:
    app: HostkeyApp = build(Config(read_only=True))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_dns(pilot)
        offered = {b.binding.action for b in screen.active_bindings.values()}
        for action in ("new_record", "edit_record", "delete_record", "add_domain", "delete_domain"):
            assert action not in offered
        assert {"export", "cycle_sort", "focus_filter"} <= offered
        before = len(ui_world.requests)
        for key in ("n", "e", "delete", "a", "D"):
            await pilot.press(key)
            await pilot.pause()
            assert isinstance(app.screen, DnsScreen)
        assert len(ui_world.requests) == before


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
    build: Build, ui_world: World, tmp_path: Path
) -> None:
    rename_zone(ui_world, ZONE, "../../x/evil")
    app = build()
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        screen = await open_dns(pilot)
        assert screen.zone_name == "../../x/evil" and rows(screen)
        await pilot.press("x")
        await pilot.pause()
        await pilot.press("x")  # again: the first file is kept, the second numbered
        await pilot.pause()
        said = [str(n.message) for n in app._notifications]
    downloads = (tmp_path / "downloads").resolve()
    written = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*.zone"))
    assert written == [Path("downloads/x_evil (2).zone"), Path("downloads/x_evil.zone")]
    assert not (tmp_path / "x").exists()
    assert f"Saved {downloads / 'x_evil.zone'}" in said[0]
    assert (
        f"Saved {downloads / 'x_evil (2).zone'}" in said[1] and "x_evil.zone was there" in said[1]
    )


async def test_a_zone_reply_with_a_trailing_dot_is_shown_not_left_reading(
    build: Build, ui_world: World
) -> None:
    ui_world.zones[ZONE]["name"] = ZONE + "."  # as PowerDNS writes it
    app = build()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_dns(pilot)
        title = str(screen.query_one("#zone-title", Static).render())
        assert "reading" not in title and title.startswith(ZONE)
        assert rows(screen) and ZONE in app.state.dns.zones
        assert ui_world.count("pdns", "view_zone") == 1  # read once, found under its name


async def test_a_domain_listed_twice_is_shown_once_and_said(build: Build, ui_world: World) -> None:
    ui_world.domains[ui_world.next_id()] = ZONE.upper() + "."  # the same domain, written again
    app = build()
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        screen = await open_dns(pilot)
        table = screen.query_one("#domains", DataTable)
        names = [str(table.get_row_at(i)[0]) for i in range(table.row_count)]
        assert names.count(ZONE) == 1 and ZONE.upper() + "." not in names
        assert "1 listed twice" in screen.query_one(StatusLine).right
        said = [str(n.message) for n in app._notifications]
        assert any(f"invapi lists {ZONE} more than once" in s for s in said)
        await pilot.press("r")  # read again: the same list is not said again
        await settle(app, pilot)
        said = [str(n.message) for n in app._notifications]
        assert sum("more than once" in s for s in said) == 1


async def test_a_domain_without_a_name_is_deleted_by_typing_its_id(
    build: Build, ui_world: World
) -> None:
    nameless = rename_zone(ui_world, ZONE, " ")
    app = build()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_dns(pilot)
        await pilot.press("D")
        await pilot.pause()
        modal = app.screen
        assert isinstance(modal, ConfirmModal) and modal.typed == str(nameless)
        assert f"type {nameless} instead" in modal.warning
        assert f"{nameless} (no name)" in modal.action_text
        assert modal.query_one("#confirm").disabled
        await confirm(pilot, typed=str(nameless))
        await until_idle(pilot)
        assert [r.field("id") for r in ui_world.logged("pdns", "delete_domain")] == [str(nameless)]
