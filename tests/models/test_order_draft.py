"""The order wizard's draft: when a step is done, what it costs, what no longer fits, what is
sent. Plain records, no screen."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from hostkey_tui.models.catalog import OsImage, Preset, Software, StockServer, TrafficPlan
from hostkey_tui.models.common import Secret
from hostkey_tui.models.orders import ORDER_STEPS, Details, Draft, refused_step
from hostkey_tui.models.server import ServerKind

NL = ("NL",)
SMALL = Preset(1, "vm.pico", cpu=1, ram_gb=1, locations=NL, monthly_eur=Decimal(3), virtual=True)
BIG = Preset(2, "vm.medium", cpu=4, ram_gb=8, locations=NL, monthly_eur=Decimal(20), virtual=True)
WINDOWS = OsImage(10, "Windows Server 2022", min_ram_gb=4)
UBUNTU = OsImage(11, "Ubuntu 22.04")
WORDPRESS = Software(20, "WordPress", price=Decimal("2"), os_ids=frozenset({11}))
PLAN = TrafficPlan(25, "3Tb traffic", price=Decimal("1"))
PASSWORD = Secret("Secret-Pass1")


def full(**changes: object) -> Draft:
    """Every step chosen: a VM in NL with Ubuntu and WordPress, quarterly."""
    draft = Draft(
        location="NL",
        preset=BIG,
        image=UBUNTU,
        soft=WORDPRESS,
        plan=PLAN,
        details=Details(hostname="web-01", root_pass=PASSWORD),
        period="quarterly",
    )
    return replace(draft, **changes)  # type: ignore[arg-type]


def test_a_new_draft_misses_every_step_and_a_full_one_none() -> None:
    assert Draft().missing() == list(ORDER_STEPS[:-1])
    assert full().missing() == []
    assert not full().done("summary")  # the summary is never "done": it is where `o` orders


def test_no_software_chosen_as_none_and_an_own_os_are_done_steps() -> None:
    assert full(soft=None, no_soft=True).done("software")
    assert not full(soft=None).done("software")
    own = full(image=None, details=Details(own_os=True))
    assert own.done("os") and own.done("details")  # an own OS needs no root password


def test_prices_line_by_line_and_the_total_for_the_period() -> None:
    draft = full()
    assert [p.amount for p in draft.prices(3) or []] == [Decimal(60), Decimal(3), Decimal(6)]
    assert draft.total() == Decimal(69)  # quarterly: 3 months
    assert draft.total(12) == Decimal(276)


def test_no_total_without_a_server_or_a_period() -> None:
    assert Draft(location="NL").prices(1) is None
    assert Draft(location="NL").total(1) is None
    assert full(period="").total() is None
    assert full(period="").total(1) == Decimal(23)


def test_a_smaller_server_drops_the_os_that_no_longer_fits_and_its_software() -> None:
    draft = full(image=WINDOWS, soft=WORDPRESS)
    fitted, dropped = replace(draft, preset=SMALL).fitted()
    assert fitted.image is None and fitted.soft is None and not fitted.no_soft
    assert dropped == [
        "The OS 'Windows Server 2022' does not fit vm.pico (needs 4 GB RAM): choose again.",
        "The software 'WordPress' went with that OS: choose again.",
    ]
    same, nothing = full().fitted()
    assert same == full() and nothing == []


def test_software_for_another_os_is_a_misfit_and_is_dropped() -> None:
    draft = full(image=WINDOWS, preset=BIG)
    assert draft.misfit(WORDPRESS) == "not for this OS"
    fitted, dropped = draft.fitted()
    assert fitted.image == WINDOWS and fitted.soft is None
    assert dropped == [
        "The software 'WordPress' does not fit the OS (not for this OS): choose again."
    ]
    assert full(preset=SMALL).misfit(WINDOWS) == "needs 4 GB RAM"
    assert Draft().misfit(WINDOWS) is None  # no server yet: nothing to fit


def test_a_stock_server_is_bare_metal_unless_it_has_gpus() -> None:
    stock = StockServer(44717, "2U", cpu_cores=8, ram_gb=64)
    draft = Draft(location="FI", stock=stock)
    assert draft.machine is not None and draft.machine.kind is ServerKind.BARE_METAL
    assert draft.name == "stock server 44717"
    gpu = Draft(stock=replace(stock, gpu_count=2))
    assert gpu.machine is not None and gpu.machine.kind is ServerKind.GPU


@pytest.mark.parametrize(
    ("message", "step"),
    [
        ("The software is not compatible with this OS.", "software"),
        ("Unknown os_id", "os"),
        ("The operating system needs more RAM", "os"),
        ("Post-install script too long", "summary"),  # "post" is not the OS
        ("Not enough money for hosting", "summary"),
    ],
)
def test_a_refusal_is_brought_back_to_its_step(message: str, step: str) -> None:
    assert refused_step(message) == step


def test_a_refusal_drops_the_choice_it_was_about() -> None:
    assert full().refused("software").soft is None
    os_refused = full().refused("os")
    assert os_refused.image is None and os_refused.soft is None
    assert full().refused("summary") == full()


def test_the_request_carries_every_choice_and_the_password_is_dropped_after() -> None:
    request = full().request("ssh-ed25519 AAAA", 50)
    assert (request.preset, request.location, request.traffic_plan) == ("vm.medium", "NL", 25)
    assert request.deploy_period == "quarterly"
    install = request.install
    assert (install.os_id, install.soft_id, install.os_name) == (11, 20, "Ubuntu 22.04")
    assert install.root_pass.reveal() == "Secret-Pass1" and install.root_size == 50
    assert install.ssh_key == "ssh-ed25519 AAAA" and install.hostname == "web-01"
    stock = full(preset=None, stock=StockServer(44717, "2U")).request("", None)
    assert stock.preset == "44717"  # a stock server is ordered by its id
    assert full().without_password().details.root_pass.reveal() == ""
    assert not full().without_password().done("details")
