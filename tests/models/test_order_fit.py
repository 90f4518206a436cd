"""Issue 22: a later choice of the order wizard that no longer fits an earlier one is cleared
and said, for every pair the draft knows (server → OS → software, server → traffic plan,
stock server → period, server → GPU task, own OS → software, location → everything); and the
next payment falls a period after the order."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from hostkey_tui.models.catalog import OsImage, Preset, Software, StockServer, TrafficPlan
from hostkey_tui.models.common import Secret
from hostkey_tui.models.orders import Details, Draft, next_due, plan_problem
from hostkey_tui.models.server import ServerKind

NL = ("NL", "US")
VM = Preset(
    111,
    "vm.medium",
    cpu=4,
    ram_gb=8,
    disk_gb=120,
    locations=NL,
    monthly_eur=Decimal(15),
    virtual=True,
)
BM = Preset(15, "bm.v1-mini", cpu=2, ram_gb=8, disk_gb=240, locations=NL, monthly_eur=Decimal(35))
GPU = Preset(
    20, "gpu.v1-2080", cpu=8, ram_gb=32, locations=NL, monthly_eur=Decimal(180), gpu="1xRTX2080"
)
VM_PLAN = TrafficPlan(
    26,
    "10Tb traffic (1Gbps) VM",
    price=Decimal(5),
    kinds=frozenset({ServerKind.VM}),
    locations=("NL", "US"),
)
BM_PLAN = TrafficPlan(
    40, "10Tb traffic (1Gbps) BM", price=Decimal(0), kinds=frozenset({ServerKind.BARE_METAL})
)
UBUNTU = OsImage(187, "Ubuntu 22.04")
WORDPRESS = Software(20, "WordPress", os_ids=frozenset({187}))
PASSWORD = Secret("Secret-Pass1")


def vm_order(**changes: object) -> Draft:
    draft = Draft(
        location="NL",
        preset=VM,
        image=UBUNTU,
        soft=WORDPRESS,
        plan=VM_PLAN,
        details=Details(root_pass=PASSWORD),
        period="quarterly",
    )
    return replace(draft, **changes)  # type: ignore[arg-type]


def test_the_issues_walk_a_vm_plan_on_bare_metal_is_cleared_and_said() -> None:
    before = vm_order()
    assert before.total() == Decimal(60)  # (15 + 5) × 3
    fitted, said = replace(before, preset=BM).fitted()
    assert fitted.plan is None and not fitted.done("traffic")
    assert said == [
        "The traffic plan '10Tb traffic (1Gbps) VM' does not fit bm.v1-mini "
        "(not for bare metal servers): choose again."
    ]
    assert fitted.image == UBUNTU and fitted.soft == WORDPRESS  # they still fit: kept
    assert replace(fitted, plan=BM_PLAN).total() == Decimal(105)  # 35 × 3, the invoice's


def test_plans_fit_as_invapi_lists_them_for_the_instance() -> None:
    vm, bm = vm_order().machine, vm_order(preset=BM).machine
    gpu = vm_order(preset=GPU).machine
    assert plan_problem(VM_PLAN, vm) is None and plan_problem(BM_PLAN, bm) is None
    assert plan_problem(BM_PLAN, vm) == "not for VM servers"
    assert plan_problem(BM_PLAN, gpu) is None  # a GPU server takes the bare-metal plans
    assert plan_problem(VM_PLAN, gpu) == "not for GPU servers"
    assert plan_problem(VM_PLAN, vm, "FI") == "not sold in FI"
    assert plan_problem(TrafficPlan(1, "any"), bm) is None  # untagged: any server
    assert vm_order().misfit(BM_PLAN) == "not for VM servers"


def test_a_stock_server_without_a_price_for_the_period_clears_the_period() -> None:
    stock = StockServer(
        40514, "40514", cpu_cores=16, ram_gb=128, prices=(("EUR", 1, Decimal(115)),)
    )
    fitted, said = vm_order(preset=None, stock=stock, plan=BM_PLAN).fitted()
    assert fitted.period == "" and fitted.plan == BM_PLAN
    assert said == ["The period 'quarterly' is not offered for stock server 40514: choose again."]
    monthly, nothing = vm_order(preset=None, stock=stock, plan=BM_PLAN, period="monthly").fitted()
    assert monthly.period == "monthly" and nothing == []


def test_a_gpu_task_goes_when_the_server_has_no_gpu() -> None:
    gpu = vm_order(preset=GPU, plan=BM_PLAN, details=Details(root_pass=PASSWORD, jenkins=2))
    assert gpu.fitted() == (gpu, [])
    fitted, said = replace(gpu, preset=BM).fitted()
    assert fitted.details.jenkins is None
    assert said == ["The GPU task 2 does not fit bm.v1-mini (no GPU): dropped."]
    nothing = replace(gpu, preset=BM, details=Details(root_pass=PASSWORD, jenkins=-1))
    assert nothing.fitted()[1] == []  # "do nothing" fits every server


def test_an_own_os_takes_no_software_that_needs_an_os() -> None:
    own = vm_order(details=Details(own_os=True))
    fitted, said = own.fitted()
    assert fitted.soft is None and not fitted.done("software")
    assert said == ["The software 'WordPress' does not fit the OS (not for this OS): choose again."]
    anywhere = Software(99, "Agent")  # no OS asked for: stays
    assert vm_order(details=Details(own_os=True), soft=anywhere).fitted()[1] == []


def test_another_location_clears_the_server_and_what_went_with_it_and_says_so() -> None:
    moved, said = vm_order(details=Details(hostname="web-01")).moved("US")
    assert moved.location == "US" and moved.server is None and moved.plan is None
    assert moved.image is None and moved.soft is None
    assert moved.details.hostname == "web-01" and moved.period == "quarterly"  # kept
    assert said == [
        "Another location: the server, the OS, the software and the traffic plan were "
        "cleared: choose again."
    ]
    assert vm_order().moved("NL") == (vm_order(), [])
    assert Draft(location="NL").moved("US") == (Draft(location="US"), [])
    assert Draft(location="NL", preset=VM).moved("US")[1] == [
        "Another location: the server was cleared: choose again."
    ]


@pytest.mark.parametrize(
    ("ordered", "months", "due"),
    [
        (date(2026, 11, 18), 1, date(2026, 12, 18)),
        (date(2026, 11, 18), 3, date(2027, 2, 18)),
        (date(2026, 11, 18), 6, date(2027, 5, 18)),
        (date(2026, 11, 18), 12, date(2027, 11, 18)),
        (date(2026, 11, 30), 3, date(2027, 2, 28)),  # no 30 February: the month's last day
        (date(2028, 1, 31), 1, date(2028, 2, 29)),
    ],
)
def test_the_next_payment_is_due_a_period_after_the_order(
    ordered: date, months: int, due: date
) -> None:
    assert next_due(ordered, months) == due
