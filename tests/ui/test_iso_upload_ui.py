"""One's own ISO on the Remote tab, and the PXE way's post-install task, as a person does them:
what is sent is read from the simulator's request log."""

from __future__ import annotations

from typing import Any

from textual.widgets import DataTable

from hostkey_tui.models.tasks import TaskState
from hostkey_tui.simulator.routes.iso_upload import DOWNLOAD_SECONDS
from hostkey_tui.simulator.world import World
from hostkey_tui.state.events import PxeChanged
from hostkey_tui.state.state import PxeRun
from hostkey_tui.ui.kit.modals.choose import ChooseOne
from hostkey_tui.ui.kit.modals.confirm import ConfirmModal
from hostkey_tui.ui.kit.modals.form import FormModal
from hostkey_tui.ui.server.screen import ServerDetailScreen
from tests.ui.driver import VM, Driver

URL = "https://mirror.example.com/isos/alpine-3.20.iso?token=s3cr3t-signature"
GPU = 40022  # nl-gpu-01


def iso_jobs(app: Any) -> list[Any]:
    return [j for j in app.state.jobs.values() if j.kind == "iso"]


async def upload(ui: Driver, name: str = "alpine.iso") -> None:
    """u, the form filled, the confirmation given; until the job has ended."""
    await ui.key("detail.upload_iso")
    await ui.until(lambda: isinstance(ui.app.screen, FormModal))
    await ui.fill(wait=False, url=URL, name=name)
    await ui.until(lambda: isinstance(ui.app.screen, ConfirmModal))
    confirm = ui.app.screen
    assert isinstance(confirm, ConfirmModal)
    assert f"Upload {name} as your own ISO?" == confirm.action_text
    assert "from https://mirror.example.com/isos/alpine-3.20.iso?…" in confirm.warning
    assert "s3cr3t" not in confirm.action_text + confirm.warning
    assert ui.count("iso", "upload") == 0  # asked, not yet sent
    await ui.confirm()
    await ui.until(lambda: iso_jobs(ui.app) and not iso_jobs(ui.app)[-1].running)
    await ui.until_idle()


def to_last_row(screen: ServerDetailScreen) -> None:
    table = screen.query_one("#remote-isos", DataTable)
    table.move_cursor(row=table.row_count - 1)


async def test_an_upload_is_sent_once_listed_as_yours_pending_then_mounted_once_downloaded(
    ui: Driver, ui_world: World
) -> None:
    async with ui.run() as app:
        screen = await ui.open_tab(VM, "remote")
        await ui.settle()
        library = len(ui.rows("#remote-isos"))
        await upload(ui)
        sent = ui_world.logged("iso", "upload")
        assert len(sent) == 1 and (sent[0].field("url"), sent[0].field("name")) == (
            URL,
            "alpine.iso",
        )
        assert iso_jobs(app)[-1].state is TaskState.DONE
        rows = ui.rows("#remote-isos")
        assert len(rows) == library + 1 and "yours · Pending" in rows[-1]
        assert "library" in rows[0]
        assert "not ready to mount: alpine.iso" in ui.text("#remote-iso")
        assert "Upload alpine.iso" in ui.text("#remote-jobs")

        # Pending: M says why, and sends nothing.
        to_last_row(screen)
        await ui.key("detail.mount")
        await ui.until_idle()
        assert not isinstance(app.screen, ConfirmModal)
        assert "still Pending" in ui.told
        assert ui_world.count("iso", "mount_iso") == 0

        # Downloaded meanwhile: r reads the list again; M mounts it by its id.
        assert ui.clock is not None
        ui.clock.advance(DOWNLOAD_SECONDS)
        await ui.key("detail.refresh")
        await ui.until(lambda: "yours · Active" in ui.rows("#remote-isos")[-1])
        to_last_row(screen)
        await ui.key("detail.mount")
        await ui.until(lambda: isinstance(app.screen, ConfirmModal))
        await ui.confirm()
        await ui.until(lambda: ui_world.servers[VM].iso_mounted == "alpine.iso")
        mounted = ui_world.logged("iso", "mount_iso")
        own = next(i for i in ui_world.uploaded_isos if i["name"] == "alpine.iso")
        assert len(mounted) == 1 and mounted[0].field("iso_id") == str(own["id"])
        assert ui_world.count("iso", "upload") == 1


async def test_a_url_that_is_not_http_s_is_refused_in_the_form(ui: Driver, ui_world: World) -> None:
    async with ui.run() as app:
        await ui.open_tab(VM, "remote")
        await ui.key("detail.upload_iso")
        await ui.until(lambda: isinstance(app.screen, FormModal))
        await ui.fill(wait=False, url="ftp://example.com/a.iso", name="a")
        assert isinstance(app.screen, FormModal)  # still open: the problem said under the field
        await ui.press("escape")
        await ui.until_idle()
        assert ui_world.count("iso", "upload") == 0


async def test_a_lost_upload_reply_is_unknown_and_not_sent_again(
    ui: Driver, ui_world: World
) -> None:
    async with ui.run() as app:
        await ui.open_tab(VM, "remote")
        await ui.settle()
        ui_world.faults.add("drop_reply", "iso/upload", times=1)
        ui_world.faults.add("status", "iso/uploaded", value=503)  # invapi cannot be asked yet
        await upload(ui)
        assert iso_jobs(app)[-1].state is TaskState.UNKNOWN
        await ui.key("detail.upload_iso")
        await ui.until_idle()
        assert not isinstance(app.screen, FormModal)  # refused before the form
        assert "lost" in ui.told
        assert ui_world.count("iso", "upload") == 1


async def test_the_post_install_step_offers_the_gpu_tasks_and_sends_the_chosen_one_once(
    ui: Driver, ui_world: World
) -> None:
    async with ui.run() as app:
        services = app.services
        assert services is not None
        # The PXE way on nl-gpu-01, its install done and booted from disk again.
        services.store.dispatch(PxeChanged(GPU, PxeRun(GPU, "nl-gpu-01", 6, "k", "LVM_RAID0")))
        screen = await ui.open_tab(GPU, "reinstall")
        assert "post-install task" in ui.text("#reinstall-pxe")
        await ui.key("detail.pxe_next")
        await ui.until(lambda: isinstance(app.screen, ChooseOne))
        chooser = app.screen
        assert isinstance(chooser, ChooseOne)
        assert [c.key for c in chooser.choices] == ["-1", "1", "2", "3"]
        await ui.press("down", "enter")  # Install GPU drivers
        await ui.until(lambda: isinstance(app.screen, ConfirmModal))
        confirm = app.screen
        assert isinstance(confirm, ConfirmModal)
        assert "Step 7 of 8: run Install GPU drivers (jenkins/call)" in confirm.action_text
        assert ui_world.count("jenkins", "call") == 0
        await ui.confirm()
        await ui.until(lambda: app.state.pxe[GPU].step == 7, step=10.0)
        sent = ui_world.logged("jenkins", "call")
        assert len(sent) == 1 and sent[0].field("jenkins_task") == "1"
        assert sent[0].field("id") == str(GPU)
        assert "✓ 7." in str(screen.query_one("#reinstall-pxe").render())
