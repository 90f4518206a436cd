"""Ordering and reinstalling at the service layer: one request each, stages followed, the PXE
way resumable after a restart, against the simulator."""

from __future__ import annotations

import asyncio
import json
import re
from pathlib import Path

import pytest

from hostkey_tui.api import ApiError, InvapiClient
from hostkey_tui.clock import ManualClock
from hostkey_tui.models.common import Secret
from hostkey_tui.models.orders import InstallOptions, OrderRequest
from hostkey_tui.models.tasks import TaskState
from hostkey_tui.services import install
from hostkey_tui.services.context import Services
from hostkey_tui.services.ledger import Ledger
from hostkey_tui.services.session import run_session
from hostkey_tui.simulator.routes.billing import pay_from_credit
from hostkey_tui.simulator.world import World
from hostkey_tui.state.board import attention
from hostkey_tui.state.store import Store

PIN = Secret("1234")
PASSWORD = Secret("Secret-Pass1")
BM, VM = 40053, 34533


@pytest.fixture
async def services(client: InvapiClient, clock: ManualClock, tmp_path: Path) -> Services:
    made = Services(client, Store(), clock, ledger=Ledger(tmp_path / "ledger.json"))
    await run_session(made)
    return made


def options(os_id: int = 187, soft_id: int | None = None) -> InstallOptions:
    return InstallOptions(os_id=os_id, root_pass=PASSWORD, hostname="web-01", soft_id=soft_id)


async def test_an_order_is_sent_once_with_the_chosen_fields_and_followed_to_stage_5(
    services: Services, world: World
) -> None:
    before = set(services.store.state.server_ids)
    order = OrderRequest("vm.nano", "NL", 25, "quarterly", options(soft_id=20))
    job, result = await install.order_server(services, order, PIN, "Order vm.nano")
    sent = world.logged("eq", "order_instance")
    assert len(sent) == 1
    form = sent[0]
    assert (form.field("preset"), form.field("location_name"), form.field("traffic_plan")) == (
        "vm.nano",
        "NL",
        "25",
    )
    assert (form.field("deploy_period"), form.field("os_id"), form.field("soft_id")) == (
        "quarterly",
        "187",
        "20",
    )
    assert form.field("hostname") == "web-01" and not form.field("own_os")
    assert job.state is TaskState.DONE and job.stage is not None and job.stage.number == 5
    assert [n for n, _ in job.stage_times] == [1, 2, 3, 4, 5]
    assert result is not None and result.server_id is not None
    assert result.server_id in set(services.store.state.server_ids) - before
    assert "Secret-Pass1" not in json.dumps([job.message, job.debug, job.title])


async def test_an_incompatible_pair_is_refused_as_invapi_says(
    services: Services, world: World
) -> None:
    order = OrderRequest("vm.nano", "NL", 25, "monthly", options(os_id=205, soft_id=20))
    with pytest.raises(ApiError, match="not compatible"):
        await install.order_server(services, order, PIN, "Order vm.nano")
    jobs = list(services.store.state.jobs.values())
    assert jobs[-1].state is TaskState.FAILED and "not compatible" in jobs[-1].message
    assert world.count("eq", "order_instance") == 1


async def test_a_stock_server_with_hardware_raid_is_deployed_by_hand(
    services: Services, world: World
) -> None:
    order = OrderRequest("44717", "FI", 40, "monthly", options())
    job, result = await install.order_server(services, order, PIN, "Order stock 44717")
    assert result is not None and result.handle is None
    assert job.state is TaskState.DONE and "by hand" in job.message


async def test_reinstall_way_1_runs_to_stage_5_and_refuses_a_second_one_meanwhile(
    services: Services, world: World, clock: ManualClock
) -> None:
    clock.autoadvance = False
    running = asyncio.create_task(
        install.reinstall_server(services, VM, "nl-vmmini", options(), PIN)
    )
    while not clock.sleepers:  # sent, and now waiting on the install's stages
        await asyncio.sleep(0)
    with pytest.raises(ApiError, match="already under way"):
        await install.reinstall_server(services, VM, "nl-vmmini", options(), PIN)
    clock.autoadvance = True
    while clock.sleepers:  # wake the watcher; from here on time runs by itself
        clock.advance(1)
        await asyncio.sleep(0)
    job = await running
    assert job.state is TaskState.DONE and [n for n, _ in job.stage_times] == [1, 2, 3, 4, 5]
    assert world.count("eq", "order_instance") == 1
    assert world.servers[VM].os_name == "Ubuntu 22.04"


async def test_a_failing_install_says_invapis_words(services: Services, world: World) -> None:
    world.fail_next_install = True
    job = await install.reinstall_server(services, VM, "nl-vmmini", options(), PIN)
    assert job.state is TaskState.FAILED
    assert job.stage is not None and job.stage.number == 3
    assert "timeout after 600 s" in job.debug


async def test_the_pxe_way_resumes_after_a_restart_and_clears_its_config(
    services: Services, world: World, client: InvapiClient, clock: ManualClock, tmp_path: Path
) -> None:
    run = install.start_pxe(services, BM, "de-db-02")
    job = await install.pxe_step(services, run)  # 1 reinstall key
    assert job.state is TaskState.DONE
    run = services.store.state.pxe[BM]
    assert run.step == 1 and run.reinstall_key
    job = await install.pxe_step(
        services, run, pin=PIN, options=options(os_id=217), scheme="LVM_RAID1"
    )
    assert job.state is TaskState.DONE, job.message
    assert services.store.state.pxe[BM].pxe_written
    assert any(
        "PXE config not cleared" in r for a in attention(services.store.state) for r in a.reasons
    )
    stored = (tmp_path / "ledger.json").read_text()
    # The PIN as a number of its own (a reinstall key's hex may hold its digits by chance).
    assert "Secret-Pass1" not in stored and not re.search(r"(?<![0-9a-f])1234(?![0-9a-f])", stored)

    # The app is restarted: a new session finds the run where it was.
    again = Services(client, Store(), clock, ledger=Ledger(tmp_path / "ledger.json"))
    await run_session(again)
    run = again.store.state.pxe[BM]
    assert run.step == 2
    for _ in range(6):  # boot from PXE, reboot, the stages, boot from disk, no task, clear
        job = await install.pxe_step(again, again.store.state.pxe[BM], pin=PIN)
        assert job.state is TaskState.DONE, (job.title, job.message)
    assert BM not in again.store.state.pxe
    assert json.loads((tmp_path / "ledger.json").read_text()).get("pxe:default", {}) == {}
    assert world.count("eq", "clear_pxe") == 1 and world.count("eq", "reboot") == 1


async def test_a_pxe_step_that_needs_the_pin_is_not_sent_without_it(
    services: Services, world: World
) -> None:
    run = install.start_pxe(services, BM, "de-db-02")
    await install.pxe_step(services, run)
    with pytest.raises(ApiError, match="options"):
        await install.pxe_step(services, services.store.state.pxe[BM], pin=PIN)
    with pytest.raises(ApiError, match="PIN"):
        await install.pxe_step(services, services.store.state.pxe[BM], options=options())
    assert world.count("eq", "create_pxe") == 0


async def test_a_deploy_that_waited_for_its_invoice_is_followed_after_sign_in(
    services: Services, world: World, client: InvapiClient, clock: ManualClock
) -> None:
    world.credit = world.credit - world.credit  # nothing left: the order waits for payment
    order = OrderRequest("vm.nano", "NL", 25, "monthly", options())
    job, result = await install.order_server(services, order, PIN, "Order vm.nano")
    assert result is not None and result.handle is None and "paid" in job.message
    invoice = world.invoices[result.invoice_id or 0]
    world.credit = world.credit + 100
    pay_from_credit(world, invoice, world.credit)  # paid elsewhere: the deploy starts
    again = Services(client, Store(), clock)
    await run_session(again)
    assert again.store.state.deploys
    followed = await install.follow_deploys(again)
    assert [j.state for j in followed] == [TaskState.DONE]
    assert result.server_id in again.store.state.server_ids
    assert await install.follow_deploys(again) == []  # each deploy is followed once


async def test_a_pxe_run_saved_before_the_post_install_step_resumes_where_it_was(
    client: InvapiClient, clock: ManualClock, tmp_path: Path
) -> None:
    # An earlier version's ledger: seven steps, no step names; 6 was "clear the PXE config".
    saved = {
        "hostname": "de-db-02",
        "step": 6,
        "reinstall_key": "k" * 32,
        "scheme": "",
        "os_name": "",
    }
    Ledger(tmp_path / "ledger.json").write("pxe:default", {str(BM): saved})
    made = Services(client, Store(), clock, ledger=Ledger(tmp_path / "ledger.json"))
    install.restore_pxe(made)
    assert install.PXE_STEPS[made.store.state.pxe[BM].step][0] == "clear_pxe"
    # Saved by this version: by the step's name.
    install._keep(made, made.store.state.pxe[BM], BM)
    stored = json.loads((tmp_path / "ledger.json").read_text())["pxe:default"][str(BM)]
    assert stored["step_name"] == "clear_pxe"
