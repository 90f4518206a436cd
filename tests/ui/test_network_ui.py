"""The Network and Remote tabs as a person uses them, against the simulator."""

from __future__ import annotations

import re
import stat
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from textual.containers import Vertical
from textual.widgets import Checkbox, DataTable

from hostkey_tui.clock import ManualClock
from hostkey_tui.config.model import Config, UiSettings
from hostkey_tui.models.tasks import TaskState
from hostkey_tui.simulator.routes import ROUTES, Ctx, Route, SimError
from hostkey_tui.simulator.world import JSON, Form, World
from hostkey_tui.ui.kit.modals.choose import ChooseOne
from hostkey_tui.ui.kit.modals.confirm import ConfirmModal
from hostkey_tui.ui.kit.modals.form import Field, FormModal
from hostkey_tui.ui.kit.modals.grace import GraceCountdown
from hostkey_tui.ui.kit.modals.graph import GraphModal
from hostkey_tui.ui.kit.modals.pin import PinModal
from hostkey_tui.ui.kit.widgets.inputs import TextInput
from hostkey_tui.ui.server import keys
from hostkey_tui.ui.server.net_panels import PORT_PROMPT
from hostkey_tui.ui.server.screen import ServerDetailScreen
from tests.services.test_network import refused
from tests.ui.driver import BM, VM, Driver

STAFF_IP = "193.124.19.111"  # blocked by staff in the demo world


def config(tmp_path: Path, **options: Any) -> Config:
    return Config(ui=replace(UiSettings(), download_dir=tmp_path / "downloads"), **options)


async def test_port_off_needs_a_confirmation_that_warns_of_the_main_ip_and_the_pin(
    ui: Driver, ui_world: World, tmp_path: Path
) -> None:
    async with ui.run(config(tmp_path)) as app:
        await ui.open_tab(BM, "network")
        await ui.read_port(BM)
        assert "connected" in ui.text("#net-port")
        await ui.press("o")
        assert isinstance(app.screen, ChooseOne)
        await ui.press("enter")  # switch off: the first choice while connected
        assert isinstance(app.screen, FormModal)
        await ui.press(*"maintenance", "enter")
        screen = app.screen
        assert isinstance(screen, ConfirmModal)
        assert "main IP" in screen.warning and "cuts every connection" in screen.warning
        await ui.confirm(typed=screen.typed)
        await ui.pin("1234")
        assert ui_world.count("net", "port_off") == 0  # asked, not yet sent
        if isinstance(app.screen, GraceCountdown):
            await ui.until(lambda: ui_world.count("net", "port_off") == 1)
        await ui.until(lambda: not app.state.busy(BM, "port"))
        await ui.until(lambda: app.state.net_of(BM).port is not None)
        sent = ui_world.logged("net", "port_off")
        assert len(sent) == 1 and sent[0].field("reason") == "maintenance"
        assert sent[0].field("port").startswith("ge-0/0/")  # the switch port, as documented
        port = app.state.net_of(BM).port
        assert port is not None and not port.connected
        assert "not connected" in ui.text("#net-port")


async def test_cancelling_the_port_confirmation_sends_nothing(
    ui: Driver, ui_world: World, tmp_path: Path
) -> None:
    async with ui.run(config(tmp_path)) as app:
        await ui.open_tab(BM, "network")
        await ui.read_port(BM)
        checked = ui_world.count("eq", "check_pin")  # the PIN of the status read
        await ui.press("o", "enter")
        await ui.press("enter")
        assert isinstance(app.screen, ConfirmModal)
        await ui.press("escape")
        assert ui_world.count("net", "port_off") == 0
        assert ui_world.count("eq", "check_pin") == checked


async def test_a_ptr_edit_is_read_back_into_the_table(
    ui: Driver, ui_world: World, tmp_path: Path
) -> None:
    async with ui.run(config(tmp_path)) as app:
        screen = await ui.open_tab(BM, "network")
        main_ip = app.state.servers[BM].main_ip
        await ui.until(lambda: main_ip in app.state.net_of(BM).ptr)
        assert "forward-confirmed" in ui.text("#net-ip")
        await ui.press("e")
        form = app.screen
        assert isinstance(form, FormModal)
        form.query_one("#field-names", TextInput).value = "bad..name"
        await ui.press("enter")
        assert isinstance(app.screen, FormModal)  # refused here, nothing sent
        assert ui_world.count("ip", "update_ptr") == 0
        form.query_one("#field-names", TextInput).value = "db.example.com, mail.example.com"
        await ui.pilot.press("enter")
        await ui.until(lambda: "PTR set" in str([n.title for n in app._notifications]))
        assert ui_world.count("ip", "update_ptr") == 1
        assert ui_world.count("ip", "get_ptr") >= 3  # the first reads, then the read back
        table = screen.query_one("#net-ips", DataTable)
        assert "db.example.com, mail.example.com" in str(table.get_row(main_ip))
        assert "does not resolve from here" in ui.text("#net-ip")


async def test_block_with_the_four_hour_expiry_then_unblock(
    ui: Driver, ui_world: World, tmp_path: Path
) -> None:
    async with ui.run(config(tmp_path)) as app:
        screen = await ui.open_tab(BM, "network")
        second = app.state.servers[BM].ips[1].ip
        await ui.press("down", "b")
        form = app.screen
        assert isinstance(form, FormModal) and form.query_one(Checkbox).value  # 4 h by default
        await ui.press("enter")  # no reason: refused here
        assert isinstance(app.screen, FormModal) and ui_world.count("net", "block_ip") == 0
        await ui.pilot.press(*"port scan", "enter")
        await ui.until(lambda: ui_world.count("net", "block_ip") == 1)
        await ui.until(lambda: "Blocked" in str([n.title for n in app._notifications]))
        sent = ui_world.logged("net", "block_ip")[0]
        assert sent.field("ip") == second and sent.field("four_hours") == "1"
        row = str(screen.query_one("#net-ips", DataTable).get_row(second))
        assert re.search(r"blocked, lifts in (4 h 00|3 h 5\d) min", row)
        await ui.press("u")
        await ui.confirm()
        await ui.until(lambda: ui_world.count("net", "unblock_ip") == 1)
        await ui.until(lambda: not app.state.servers[BM].ips[1].locked)


async def test_a_staff_block_is_explained_when_unblock_is_refused(
    ui: Driver, ui_world: World, tmp_path: Path
) -> None:
    async with ui.run(config(tmp_path)) as app:
        screen = await ui.open_tab(40044, "network")
        ips = [a.ip for a in app.state.servers[40044].ips]
        screen.query_one("#net-ips", DataTable).move_cursor(row=ips.index(STAFF_IP))
        await ui.pause()
        assert "if HOSTKEY staff set it" in ui.text("#net-ip")
        await ui.press("u")
        await ui.confirm()
        await ui.until(lambda: "set by HOSTKEY staff" in ui.told)
        assert ui_world.count("net", "unblock_ip") == 1


async def test_nat_opens_to_your_address_and_counts_down(
    ui: Driver, ui_world: World, ui_clock: ManualClock, tmp_path: Path
) -> None:
    async with ui.run(config(tmp_path)) as app:
        await ui.open_tab(BM, "remote")
        await ui.until(lambda: bool(app.state.client_ip))
        await ui.press("n")
        form = app.screen
        assert isinstance(form, FormModal)
        assert form.query_one("#field-acl", TextInput).value == ui_world.client_ip
        form.query_one("#field-hours", TextInput).value = "3"
        await ui.press("enter")
        await ui.pin("1234")
        await ui.until(lambda: app.state.net_of(BM).nat is not None)
        sent = ui_world.logged("nat", "add_static_nat")
        assert len(sent) == 1 and sent[0].field("ttl") == "3"
        assert sent[0].field("ip_acl") == ui_world.client_ip
        nat = app.state.net_of(BM).nat
        assert nat is not None
        await ui.pause()
        first = ui.text("#remote-access")
        assert nat.public_ip in first and "closes in 3 h 00 min 00 s" in first
        ui_clock.advance(3600 + 75)  # the countdown ticks on the app's clock
        await ui.pause()
        assert "closes in 1 h 58 min 45 s" in ui.text("#remote-access")


async def test_the_ipmi_password_is_hidden_until_asked(
    ui: Driver, ui_world: World, tmp_path: Path
) -> None:
    async with ui.run(config(tmp_path)) as app:
        await ui.open_tab(BM, "remote")
        await ui.pilot.press("a")
        await ui.until(lambda: app.state.net_of(BM).ipmi_user is not None)
        user = app.state.net_of(BM).ipmi_user
        assert user is not None
        password = user.password.reveal()
        await ui.pause()
        shown = ui.text("#remote-access")
        assert user.user in shown and password not in shown and "v shows" in shown
        assert password not in ui.told
        await ui.press("v")
        assert password in ui.text("#remote-access")
        await ui.press("v")
        assert password not in ui.text("#remote-access")


async def test_the_console_file_is_written_0600(
    ui: Driver, ui_world: World, tmp_path: Path
) -> None:
    async with ui.run(config(tmp_path)) as app:
        await ui.open_tab(VM, "remote")
        assert "valid for 120 seconds" in ui.text("#remote-access")
        await ui.press("c")
        await ui.pin("1234")
        await ui.until(lambda: app.state.net_of(VM).console is not None)
        path = tmp_path / "downloads" / f"console-{VM}.vv"
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert "[virt-viewer]" in path.read_text()
        password = next(
            ln.split("=", 1)[1]
            for ln in path.read_text().splitlines()
            if ln.startswith("password=")
        )
        assert password not in ui.told
        assert all(password not in j.message for j in app.state.jobs.values())
        await ui.pause()
        assert "its password works for" in ui.text("#remote-access")


async def test_an_iso_mount_is_a_job_then_boot_from_cd(
    ui: Driver, ui_world: World, tmp_path: Path
) -> None:
    async with ui.run(config(tmp_path)) as app:
        await ui.open_tab(BM, "remote")
        await ui.until(lambda: app.state.net_of(BM).isos is not None)
        await ui.press("down", "M")
        await ui.confirm()
        await ui.until(lambda: ui_world.count("iso", "mount_iso") == 1)
        jobs = [j for j in app.state.jobs.values() if j.kind == "iso"]
        assert jobs and jobs[0].running  # followed live
        await ui.until(lambda: not app.state.busy(BM, "iso"))
        isos = app.state.net_of(BM).isos or ()
        assert app.state.net_of(BM).mounted == isos[1].name
        assert [j.state for j in app.state.jobs.values() if j.kind == "iso"] == [TaskState.DONE]
        await ui.press("B", "enter")
        await ui.confirm()
        await ui.pin("1234")
        await ui.until(lambda: app.state.net_of(BM).boot == "cd")
        assert ui_world.logged("eq", "boot_dev")[0].field("media") == "cd"


async def test_the_traffic_graph_is_saved_and_drawn(
    ui: Driver, ui_world: World, tmp_path: Path
) -> None:
    async with ui.run(config(tmp_path)) as app:
        await ui.open_tab(BM, "network")
        await ui.press("H", "down", "enter")
        assert ui_world.count("net", "show_cacti") == 0  # the PIN first
        await ui.pin("1234")
        await ui.until(lambda: isinstance(app.screen, GraphModal))
        sent = ui_world.logged("net", "show_cacti")
        assert len(sent) == 1 and sent[0].field("pin") == "1234" and sent[0].field("graph") == "2"
        path = tmp_path / "downloads" / f"traffic-{BM}-month.png"
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert str(path) in ui.text("#graph-file")
        await ui.press("escape")
        assert isinstance(app.screen, ServerDetailScreen)


async def test_read_only_hides_every_network_and_remote_change(
    ui: Driver, ui_world: World, tmp_path: Path
) -> None:
    async with ui.run(config(tmp_path, read_only=True), settle=False) as app:
        for server, tab in ((BM, "network"), (BM, "remote"), (VM, "remote"), (VM, "tags")):
            screen = await ui.open_tab(server, tab)
            offered = {b.binding.action for b in screen.active_bindings.values()}
            for action in {k.method for k in keys.NETWORK + keys.REMOTE + keys.TAGS}:
                mutating = action not in (
                    "port_status",
                    "ip_details",
                    "traffic_graph",
                    "launch_viewer",
                )
                if mutating:
                    assert action not in offered, action
            before = len(ui_world.requests)
            for key in [*"oembunNaARcwMUB", "delete"]:
                await ui.press(key)
                assert isinstance(app.screen, ServerDetailScreen), key
            mutations = [
                r
                for r in ui_world.requests[before:]
                if r.action
                not in ("get_status", "check", "get_ptr", "list_iso", "get_client_ip", "show")
            ]
            assert mutations == []
            # The port status read is a task: let it end before leaving (settle waits on it).
            await ui.until(lambda: all(w.is_finished for w in app.workers))
            await ui.press("escape")


async def test_three_marked_servers_are_tagged_in_one_request(
    ui: Driver, ui_world: World, tmp_path: Path
) -> None:
    async with ui.run(config(tmp_path)) as app:
        await ui.press("space", "space", "space", "number_sign")
        form = app.screen
        assert isinstance(form, FormModal)
        form.query_one("#field-name", TextInput).value = "team"
        form.query_one("#field-value", TextInput).value = "payments"
        await ui.pilot.click("#form-submit")
        await ui.until(lambda: "Tagged" in str([n.title for n in app._notifications]))
        sent = ui_world.logged("tags", "add")
        assert len(sent) == 1 and len(sent[0].field("id_list").split(",")) == 3
        marked = [int(i) for i in sent[0].field("id_list").split(",")]
        assert all(
            any(t.name == "team" and t.value == "payments" for t in app.state.servers[i].tags)
            for i in marked
        )


async def test_system_tags_are_read_only_in_the_tags_tab(
    ui: Driver, ui_world: World, tmp_path: Path
) -> None:
    async with ui.run(config(tmp_path)) as app:
        screen = await ui.open_tab(VM, "tags")
        await ui.until(lambda: VM in app.state.tags)
        table = screen.query_one("#tags-table", DataTable)
        kinds = [str(table.get_row_at(i)[2]) for i in range(table.row_count)]
        first_system = kinds.index("system (read-only)")
        table.move_cursor(row=first_system)
        await ui.press("e")
        assert isinstance(app.screen, ServerDetailScreen)  # no form for a system tag
        await ui.press("delete")
        assert isinstance(app.screen, ServerDetailScreen)
        assert ui_world.count("tags", "add") == 0 and ui_world.count("tags", "remove") == 0
        assert "set by the platform" in ui.told
        mine = kinds.index("yours")
        table.move_cursor(row=mine)
        await ui.press("e")
        form = app.screen
        assert isinstance(form, FormModal)
        form.query_one("#field-value", TextInput).value = "staging"
        await ui.pilot.click("#form-submit")
        await ui.until(lambda: ui_world.count("tags", "add") == 1)
        await ui.until(lambda: "staging" in str(table.get_row_at(mine)))


async def test_a_form_title_from_the_api_is_shown_literally(ui: Driver) -> None:
    """Form titles carry hostnames, zones and IPs: markup in them is text, never run."""
    async with ui.run(size=(100, 30)) as app:
        hostile = "Tag [b]x[/b] [@click=app.quit]"
        form = FormModal(hostile, [Field("name", "Name")])
        app.push_screen(form)
        await ui.pause()
        box = form.query_one(Vertical)
        assert box._border_title is not None and box._border_title.plain == hostile
        await ui.press("escape")
        assert app.is_running


async def test_the_tab_reads_no_port_status_until_asked_then_once_with_the_pin(
    ui: Driver, ui_world: World, tmp_path: Path
) -> None:
    async with ui.run(config(tmp_path)) as app:
        screen = await ui.open_tab(BM, "network")
        await ui.until(lambda: len(app.state.net_of(BM).ptr) == 2)
        assert ui_world.count("net", "get_status") == 0
        assert ui_world.count("net", "show_cacti") == 0
        assert PORT_PROMPT in ui.text("#net-port")
        shown = {b.binding.key: b.binding.action for b in screen.active_bindings.values()}
        assert shown.get("s") == "port_status"  # offered in the footer too
        await ui.press("s")
        assert isinstance(app.screen, PinModal)
        assert ui_world.count("net", "get_status") == 0  # nothing before the PIN
        await ui.pin("1234")
        await ui.until(lambda: app.state.net_of(BM).port is not None)
        sent = ui_world.logged("net", "get_status")
        assert len(sent) == 1 and sent[0].field("pin") == "1234"
        assert sent[0].field("id") == str(BM)
        port = app.state.net_of(BM).port
        assert port is not None
        await ui.pause()
        panel = ui.text("#net-port")
        # What the documented reply carries: switch, port, VLAN, speed, status and MAC.
        for value in (port.switch, port.port, f"VLAN {port.vlan}", f"{port.speed} Mbit/s"):
            assert value and value in panel, value
        assert "● connected" in panel and port.macs and port.macs[0] in panel
        assert PORT_PROMPT not in panel
        # The PIN went to that one request: in no job, no message, no state. (As a number of
        # its own: an id the simulator issued, such as a tag's 931234, holds its digits.)
        assert not re.search(r"(?<!\d)1234(?!\d)", repr(app.state))


async def test_cancelling_the_port_status_pin_sends_nothing(
    ui: Driver, ui_world: World, tmp_path: Path
) -> None:
    async with ui.run(config(tmp_path)) as app:
        await ui.open_tab(BM, "network")
        before = len(ui_world.requests)
        await ui.press("s")
        assert isinstance(app.screen, PinModal)
        await ui.press("escape")
        assert isinstance(app.screen, ServerDetailScreen)
        assert ui_world.requests[before:] == []
        assert PORT_PROMPT in ui.text("#net-port")


async def test_a_wrong_pin_for_the_port_status_is_said_and_nothing_read(
    ui: Driver, ui_world: World, tmp_path: Path
) -> None:
    async with ui.run(config(tmp_path)) as app:
        await ui.open_tab(BM, "network")
        await ui.press("s")
        await ui.pin("9999")
        assert isinstance(app.screen, PinModal)
        assert "not correct" in ui.pin_problem
        assert ui_world.count("net", "get_status") == 0
        await ui.press("escape")
        assert ui_world.count("net", "get_status") == 0
        assert app.state.net_of(BM).port is None and PORT_PROMPT in ui.text("#net-port")


async def test_a_pin_refused_by_get_status_is_said_in_place(
    ui: Driver,
    ui_world: World,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The PIN passed check_pin, then get_status answers the documented PIN failure."""

    def invalid_pin(world: World, form: Form, ctx: Ctx) -> JSON:
        raise SimError(
            {
                "result": "OK",
                "scope": "Invalid pin code",
                "context": {"action": "get_status", "id": form.get("id")},
                "debug": "Blocked For Security Purposes",
                "key": "d862ecc7ea64c5af55f39b132f3b7502",
            }
        )

    monkeypatch.setitem(ROUTES, ("net", "get_status"), Route(invalid_pin, auth=True, pin=False))
    async with ui.run(config(tmp_path)) as app:
        await ui.open_tab(BM, "network")
        await ui.press("s")
        await ui.pin("1234")
        await ui.until(lambda: bool(app.state.net_of(BM).port_error))
        await ui.pause()
        panel = ui.text("#net-port")
        assert "not read" in panel and "PIN is not correct" in panel
        assert "reading…" not in panel and app.state.net_of(BM).port is None
        assert ui_world.count("net", "get_status") == 1
        assert app.state.pin.rejections == 1


async def test_a_refused_ptr_is_said_in_place_and_r_reads_it_again(
    ui: Driver,
    ui_world: World,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    refused(monkeypatch, "ip", "get_ptr", "PTR lookups are paused")
    async with ui.run(config(tmp_path)) as app:
        screen = await ui.open_tab(BM, "network")
        ips = [a.ip for a in app.state.servers[BM].ips]
        await ui.until(lambda: len(app.state.net_of(BM).ptr_error) == len(ips))
        await ui.pause()
        panel = ui.text("#net-ip")
        assert "not read: " in panel and "PTR lookups are paused" in panel
        assert "r retries" in panel and "reading…" not in panel
        table = screen.query_one("#net-ips", DataTable)
        assert all("not read" in str(table.get_row(ip)) for ip in ips)
        monkeypatch.undo()  # invapi answers again
        await ui.pilot.press("r")
        await ui.until(lambda: len(app.state.net_of(BM).ptr) == len(ips))
        await ui.pause()
        assert not app.state.net_of(BM).ptr_error
        assert "not read" not in ui.text("#net-ip") and "forward-confirmed" in ui.text("#net-ip")


async def test_the_port_and_the_traffic_panel_agree_on_shaping(
    ui: Driver, ui_world: World, tmp_path: Path
) -> None:
    """`shape` (net/get_status) is the port's speed limit now; IsShape (eq/show) is the plan
    shaping past its traffic limit: said as such, never "not shaped" beside "(shaped)"."""
    async with ui.run(config(tmp_path)):
        await ui.open_tab(BM, "network")
        await ui.read_port(BM)
        port, traffic = ui.text("#net-port"), ui.text("#net-traffic")
        assert "1000 Mbit/s, not limited" in port and "not shaped" not in port
        assert "shaped over its limit" in traffic and "(shaped)" not in traffic


async def test_the_traffic_graph_says_its_port_period_and_unit(
    ui: Driver, ui_world: World, tmp_path: Path
) -> None:
    async with ui.run(config(tmp_path)) as app:
        await ui.open_tab(BM, "network")
        await ui.read_port(BM)
        port = app.state.net_of(BM).port
        assert port is not None
        await ui.key("detail.graph")
        chooser = app.screen
        assert isinstance(chooser, ChooseOne)
        await ui.press("enter")  # the day
        await ui.pin("1234")
        await ui.until(lambda: isinstance(app.screen, GraphModal))
        about = ui.text("#graph-about")
        hostname = app.state.servers[BM].hostname
        assert f"Port    {port.port} on switch {port.switch} of {hostname}" in about
        assert re.search(r"the last 24 hours: \S+ \S+ to \S+ \S+ UTC", about), about
        assert "bits per second" in about and "time left to right" in about


async def test_the_port_chooser_keeps_labels_apart_from_what_they_say(
    ui: Driver, ui_world: World, tmp_path: Path
) -> None:
    async with ui.run(config(tmp_path)) as app:
        await ui.open_tab(BM, "network")
        await ui.read_port(BM)
        await ui.press("o")
        chooser = app.screen
        assert isinstance(chooser, ChooseOne)
        rows = [row.plain for row in chooser.rows()]
        assert "Switch the port off   the server drops off the network" in rows[0], rows
