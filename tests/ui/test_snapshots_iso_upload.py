"""One's own ISOs and the PXE way's post-install step, at 80x24 and 120x40: the upload form,
the Remote tab's list with one's uploads (one downloaded, one Pending, the cursor on it), the
PXE sequence at its post-install step, and the chooser of the tasks a GPU server fits."""

from __future__ import annotations

from typing import Any

import pytest

from hostkey_tui.simulator.routes import Ctx
from hostkey_tui.simulator.routes.iso_upload import upload
from hostkey_tui.simulator.world import Form, World
from hostkey_tui.state.events import PxeChanged
from hostkey_tui.state.state import PxeRun
from tests.ui.conftest import Build
from tests.ui.driver import SIZES, Driver, Steps
from tests.ui.test_snapshots_network import DIALOG, steps

GPU = 40022  # nl-gpu-01


def uploaded_before(world: World) -> None:
    """Two uploads as invapi's iso/upload takes them (the simulator's own route): the first
    downloaded already, the second still Pending."""
    for name in ("rescue-tools.iso", "custom-installer.iso"):
        form = Form([("url", f"https://files.example.com/{name}"), ("name", name)])
        upload(world, form, Ctx(world, "iso", "upload", None))
    world.uploaded_isos[0]["ready_at"] = world.now() - 1


def post_install(*keys: str) -> Steps:
    """nl-gpu-01's PXE way at its post-install step (the install done, booted from disk)."""

    async def run(pilot: Any) -> None:
        ui = Driver.on(pilot)
        await ui.settle()
        services = pilot.app.services
        assert services is not None
        services.store.dispatch(PxeChanged(GPU, PxeRun(GPU, "nl-gpu-01", 6, "k", "LVM_RAID0")))
        await steps("nl-gpu-01", "reinstall", *keys)(pilot)

    return run


CASES = {
    "iso_upload_form": steps("nl-vmmini", "remote", "u", DIALOG),
    "iso_list_yours": steps("nl-vmmini", "remote", "end", "scroll_end"),
    "pxe_post_install_step": post_install(),
    "pxe_post_install_tasks": post_install("x", DIALOG),
}


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("case", list(CASES))
def test_iso_upload(
    snap_compare: Any, build: Build, ui_world: World, case: str, size: tuple[int, int]
) -> None:
    if case == "iso_list_yours":
        uploaded_before(ui_world)
    assert snap_compare(build(), terminal_size=size, run_before=CASES[case])
