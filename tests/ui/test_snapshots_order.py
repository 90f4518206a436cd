"""What ordering and reinstalling look like, at 80x24 and 120x40: every wizard step, the
summary, the install stages at 1, 3 and 5 and failed, and the PXE sequence.

The Reinstall tab owns its keys (issue 21): its key bar starts with them (`i Reinstall`,
`x PXE step`), then the detail's own, so at 80x24 what the tab can do is what is seen.
"""

from __future__ import annotations

from typing import Any

import pytest

from hostkey_tui.clock import ManualClock
from hostkey_tui.simulator.world import World
from tests.ui.conftest import Build
from tests.ui.driver import BM, PASSWORD, SIZES, VM, Driver, Steps

WIZARD = ("NL", "vm.nano", "Ubuntu 22.04", "WordPress", "3Tb traffic (1Gbps) VM")
STEPS = ("location", "server", "os", "software", "traffic", "details", "period", "summary")


def wizard(
    step: str,
    *,
    stock: bool = False,
    form: bool = False,
    period: str = "quarterly",
    confirm: bool = False,
) -> Steps:
    """The wizard at `step`, every step before it chosen (`confirm`: `o` pressed there)."""

    async def run(pilot: Any) -> None:
        ui = Driver.on(pilot)
        await ui.open_order()
        for label in WIZARD[: min(STEPS.index(step), len(WIZARD))]:
            await ui.pick(label)
        if STEPS.index(step) > STEPS.index("details"):
            await ui.order_details()
        if step == "summary":
            await ui.pick(period)
        if stock:
            await ui.pilot.press("t")
            await ui.settle()
        if form:
            await ui.pilot.press("enter")
        if confirm:
            await ui.pilot.press("o")
            await ui.until_idle()
        await ui.pause(3)

    return run


CASES = {
    **{f"order_{step}": wizard(step) for step in STEPS},
    "order_stock": wizard("server", stock=True),
    "order_details_form": wizard("details", form=True),
    # Billed by the hour (issue 24): no published price, said on the summary and when confirming.
    "order_summary_hourly": wizard("summary", period="hourly"),
    "order_confirm_hourly": wizard("summary", period="hourly", confirm=True),
}


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("case", list(CASES))
def test_order(snap_compare: Any, build: Build, case: str, size: tuple[int, int]) -> None:
    assert snap_compare(build(), terminal_size=size, run_before=CASES[case])


def misfit() -> Steps:
    """Issue 22's walk: vm.medium with the paid VM plan, then back to change the server to
    bm.v1-mini: the OS step says the plan went."""

    async def run(pilot: Any) -> None:
        ui = Driver.on(pilot)
        await ui.open_order()
        for label in ("NL", "vm.medium", "Ubuntu 22.04", "none", "10Tb traffic (1Gbps) VM"):
            await ui.pick(label)
        await ui.order_details()
        await ui.pick("quarterly")
        for _ in range(6):
            await ui.key("order.back")
        await ui.pick("bm.v1-mini")
        await ui.pause(3)

    return run


def sent(clock: ManualClock) -> Steps:
    """The summary once its order was sent and deployed: done, `N` starts over, no `o`."""

    async def run(pilot: Any) -> None:
        ui = Driver.on(pilot, clock)
        await wizard("summary")(pilot)
        await ui.pilot.press("o")
        await ui.until_idle()
        await ui.confirm()
        await ui.pin("1234")

        def deployed() -> bool:
            jobs = [j for j in ui.app.state.jobs.values() if j.action == "order_instance"]
            return bool(jobs and jobs[-1].state.final)

        await ui.until(deployed, step=5.0)
        await ui.settle()
        await ui.pause(3)

    return run


@pytest.mark.parametrize("size", SIZES)
def test_order_misfit_said(snap_compare: Any, build: Build, size: tuple[int, int]) -> None:
    assert snap_compare(build(), terminal_size=size, run_before=misfit())


@pytest.mark.parametrize("size", SIZES)
def test_order_sent_summary(
    snap_compare: Any, build: Build, ui_clock: ManualClock, size: tuple[int, int]
) -> None:
    assert snap_compare(build(), terminal_size=size, run_before=sent(ui_clock))


def stages(clock: ManualClock, number: int, *, failed: bool = False) -> Steps:
    """A reinstall of the VM, the clock run until stage `number` (or the failure)."""

    async def run(pilot: Any) -> None:
        ui = Driver.on(pilot, clock)
        await ui.open_tab(VM, "reinstall")
        await ui.reinstall("nl-vmmini")

        def reached() -> bool:
            jobs = [j for j in ui.app.state.jobs.values() if j.kind == "install"]
            if not jobs:
                return False
            job = jobs[-1]
            if failed or number == 5:
                return bool(job.state.final)
            return bool(job.stage is not None and job.stage.number >= number)

        await ui.until(reached, step=2.0)
        await ui.pause(3)

    return run


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("stage", ["1", "3", "5", "failed"])
def test_install_stages(
    snap_compare: Any,
    build: Build,
    ui_world: World,
    ui_clock: ManualClock,
    stage: str,
    size: tuple[int, int],
) -> None:
    ui_world.fail_next_install = stage == "failed"
    number = 3 if stage == "failed" else int(stage)
    steps = stages(ui_clock, number, failed=stage == "failed")
    assert snap_compare(build(), terminal_size=size, run_before=steps)


def pxe_sequence(clock: ManualClock) -> Steps:
    """The bare-metal server's PXE way after its first two steps (the config written)."""

    async def run(pilot: Any) -> None:
        ui = Driver.on(pilot, clock)
        await ui.open_tab(BM, "reinstall")
        await ui.pilot.press("x")
        await ui.until_idle()
        await ui.confirm()
        await ui.until_idle()
        await ui.confirm()
        await ui.settle()
        await ui.pilot.press("x")
        await ui.until_idle()
        await ui.pilot.press("enter")
        await ui.until_idle()
        await ui.pilot.press("down", "down", "enter")
        await ui.until_idle()
        await ui.fill(root_pass=PASSWORD)
        await ui.confirm(typed="de-db-02")
        await ui.pin("1234")
        await ui.until(lambda: ui.app.state.pxe[BM].step == 2)
        await ui.pause(3)

    return run


@pytest.mark.parametrize("size", SIZES)
def test_pxe_sequence(
    snap_compare: Any, build: Build, ui_clock: ManualClock, size: tuple[int, int]
) -> None:
    assert snap_compare(build(), terminal_size=size, run_before=pxe_sequence(ui_clock))


@pytest.mark.parametrize("size", SIZES)
def test_reinstall_tab(snap_compare: Any, build: Build, size: tuple[int, int]) -> None:
    async def run(pilot: Any) -> None:
        ui = Driver.on(pilot)
        await ui.open_tab(VM, "reinstall")
        await ui.pause(3)

    assert snap_compare(build(), terminal_size=size, run_before=run)
