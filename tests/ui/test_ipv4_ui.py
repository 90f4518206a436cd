"""Extra IPv4 addresses on the Network tab, as a person adds and removes them."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from hostkey_tui.config.model import Config, UiSettings
from hostkey_tui.models.tasks import TaskState
from hostkey_tui.simulator.world import World
from hostkey_tui.ui.kit.modals.confirm import ConfirmModal
from hostkey_tui.ui.kit.modals.form import FormModal
from hostkey_tui.ui.kit.modals.pin import PinModal
from hostkey_tui.ui.server.screen import ServerDetailScreen
from tests.ui.driver import BM, Driver


def config(tmp_path: Path, **options: Any) -> Config:
    return Config(ui=replace(UiSettings(), download_dir=tmp_path / "downloads"), **options)


def ips_of(world: World, server_id: int = BM) -> list[str]:
    return [str(e["IP"]) for e in world.servers[server_id].ips]


def offered(screen: ServerDetailScreen) -> set[str]:
    return {b.binding.action for b in screen.active_bindings.values()}


def free_ips(world: World) -> list[str]:
    """What the simulator would list as free for BM now."""
    from hostkey_tui.simulator.routes.ipv4 import _free

    server = world.servers[BM]
    vlan = server.ips[0].get("vlan")
    return _free(world, server, vlan if isinstance(vlan, int) else None)


def ipv4_jobs(app: Any) -> list[Any]:
    return [j for j in app.state.jobs.values() if j.kind == "ipv4"]


async def test_adding_shows_the_free_addresses_and_no_price_then_sends_once_after_the_pin(
    ui: Driver, ui_world: World, tmp_path: Path
) -> None:
    async with ui.run(config(tmp_path)) as app:
        await ui.open_tab(BM, "network")
        await ui.key("detail.add_ipv4")
        await ui.until(lambda: isinstance(app.screen, FormModal))
        form = app.screen
        assert isinstance(form, FormModal)
        free = free_ips(ui_world)
        assert free[0] in form.intro and "price is not known" in form.intro
        await ui.fill(wait=False, amount="1")
        await ui.until(lambda: isinstance(app.screen, ConfirmModal))
        confirm = app.screen
        assert isinstance(confirm, ConfirmModal)
        assert "de-db-02" in confirm.action_text and "Add 1 IPv4" in confirm.action_text
        await ui.confirm()
        assert isinstance(app.screen, PinModal)
        assert ui_world.count("net", "add_ipv4") == 0  # asked, not yet sent
        await ui.pin("1234")
        await ui.until(lambda: ipv4_jobs(app) and not ipv4_jobs(app)[0].running)
        await ui.until_idle()
        assert ui_world.count("net", "add_ipv4") == 1
        assert ipv4_jobs(app)[0].state is TaskState.DONE
        assert free[0] in {a.ip for a in app.state.servers[BM].ips}
        assert any(free[0] in row for row in ui.rows("#net-ips"))
        assert "Add 1 address to de-db-02" in ui.text("#net-jobs")


async def test_a_lost_add_reply_is_unknown_and_not_sent_again(
    ui: Driver, ui_world: World, tmp_path: Path
) -> None:
    ui_world.faults.add("drop_reply", "net/add_ipv4", times=1)
    async with ui.run(config(tmp_path)) as app:
        await ui.open_tab(BM, "network")
        await ui.key("detail.add_ipv4")
        await ui.until(lambda: isinstance(app.screen, FormModal))
        await ui.fill(wait=False, amount="1")
        await ui.until(lambda: isinstance(app.screen, ConfirmModal))
        await ui.confirm()
        await ui.pin("1234")
        await ui.until(lambda: ipv4_jobs(app) and not ipv4_jobs(app)[0].running)
        await ui.until_idle()
        assert ipv4_jobs(app)[0].state is TaskState.UNKNOWN
        assert ui_world.count("net", "add_ipv4") == 1


async def test_removing_the_extra_ip_under_the_cursor_is_typed_then_sent_once(
    ui: Driver, ui_world: World, tmp_path: Path
) -> None:
    async with ui.run(config(tmp_path)) as app:
        screen = await ui.open_tab(BM, "network")
        extra = ips_of(ui_world)[1]
        await ui.press("down")
        assert "remove_ipv4" in offered(screen)
        await ui.key("detail.remove_ipv4")
        await ui.until(lambda: isinstance(app.screen, ConfirmModal))
        confirm = app.screen
        assert isinstance(confirm, ConfirmModal)
        assert confirm.typed == extra and "PTR" in confirm.warning
        await ui.confirm(typed=extra)
        await ui.pin("1234")
        await ui.until(lambda: ipv4_jobs(app) and not ipv4_jobs(app)[0].running)
        await ui.until_idle()
        sent = ui_world.logged("net", "remove_ipv4")
        assert len(sent) == 1 and sent[0].field("ip") == extra
        assert extra not in ips_of(ui_world)
        assert extra not in {a.ip for a in app.state.servers[BM].ips}


async def test_the_main_ip_is_never_offered_for_removal(
    ui: Driver, ui_world: World, tmp_path: Path
) -> None:
    async with ui.run(config(tmp_path)) as app:
        screen = await ui.open_tab(BM, "network")
        main = app.state.servers[BM].main_ip
        assert ui.rows("#net-ips")[0].split()[1] == main  # the cursor is on it
        assert "remove_ipv4" not in offered(screen)
        await ui.press("delete")
        await ui.pause(3)
        assert isinstance(app.screen, ServerDetailScreen)
        assert ui_world.count("net", "remove_ipv4") == 0


async def test_cancelling_at_the_pin_sends_nothing(
    ui: Driver, ui_world: World, tmp_path: Path
) -> None:
    async with ui.run(config(tmp_path)) as app:
        await ui.open_tab(BM, "network")
        await ui.press("down")
        await ui.key("detail.remove_ipv4")
        await ui.until(lambda: isinstance(app.screen, ConfirmModal))
        await ui.confirm(typed=ips_of(ui_world)[1])
        assert isinstance(app.screen, PinModal)
        await ui.press("escape")
        await ui.until_idle()
        assert ui_world.count("net", "remove_ipv4") == 0 and not ipv4_jobs(app)


async def test_read_only_offers_and_sends_neither(
    ui: Driver, ui_world: World, tmp_path: Path
) -> None:
    async with ui.run(config(tmp_path, read_only=True)) as app:
        screen = await ui.open_tab(BM, "network")
        await ui.press("down")
        assert not {"add_ipv4", "remove_ipv4"} & offered(screen)
        await ui.press("a", "delete")
        await ui.pause(3)
        assert isinstance(app.screen, ServerDetailScreen)
        for action in ("show_ipv4_free", "add_ipv4", "remove_ipv4"):
            assert ui_world.count("net", action) == 0
