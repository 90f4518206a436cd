"""Issue 22, the order wizard as a person uses it: a later choice that no longer fits an earlier
one is cleared and said where the user lands; the summary's total is the invoice's; the next
payment is said; a sent summary is done (`o` gone, `N` starts over); a half-made order can be
abandoned; only SSH keys that exist are filled in."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from textual.widgets import Static

from hostkey_tui.models.orders import Draft
from hostkey_tui.services import account
from hostkey_tui.simulator.world import World
from hostkey_tui.ui.kit.modals.confirm import ConfirmModal
from hostkey_tui.ui.kit.modals.form import FormModal
from hostkey_tui.ui.kit.widgets.chrome import KeyBar
from hostkey_tui.ui.kit.widgets.inputs import TextInput
from hostkey_tui.ui.order.screen import OrderScreen
from tests.ui.driver import PASSWORD, Driver


def summary_of(screen: OrderScreen) -> str:
    return str(screen.query_one("#summary", Static).render())


def total_of(screen: OrderScreen) -> Decimal:
    """The summary's total, as it reads."""
    found = re.search(r"Total for \S+\s+([0-9.]+) €", summary_of(screen))
    assert found, summary_of(screen)
    return Decimal(found.group(1))


def note_of(screen: OrderScreen) -> str:
    return str(screen.query_one("#step-note", Static).render())


def newest_invoice(world: World) -> Decimal:
    return Decimal(world.invoices[max(world.invoices)].total)


async def walk(ui: Driver, labels: tuple[str, ...], period: str, stock: bool = False) -> None:
    """Location, server, OS, software and plan by their names, the details, the period."""
    await ui.pick(labels[0])
    if stock:
        await ui.pilot.press("t")
        await ui.settle()
    for label in labels[1:]:
        await ui.pick(label)
    await ui.order_details()
    await ui.pick(period)


async def send(ui: Driver, world: World) -> None:
    before = world.count("eq", "order_instance")
    await ui.press("o")
    await ui.confirm()
    await ui.pin("1234")
    await ui.until(lambda: world.count("eq", "order_instance") == before + 1)
    await ui.settle()


async def test_the_issues_walk_the_vm_plan_is_cleared_said_and_the_total_is_the_invoice(
    ui: Driver, ui_world: World
) -> None:
    ui_world.credit = Decimal(0)  # the invoice waits: its amount is what is compared
    async with ui.run():
        screen = await ui.open_order()
        await walk(
            ui, ("NL", "vm.medium", "Ubuntu 22.04", "none", "10Tb traffic (1Gbps) VM"), "quarterly"
        )
        assert screen.step == "summary" and total_of(screen) == Decimal(60)  # (15 + 5) × 3
        while screen.step != "server":
            await ui.key("order.back")
        await ui.pick("bm.v1-mini")
        # Where the user lands (the OS step), the plan that went is said, and it is gone.
        assert screen.step == "os" and screen.draft.plan is None
        assert "The traffic plan '10Tb traffic (1Gbps) VM' does not fit bm.v1-mini" in note_of(
            screen
        )
        await ui.key("order.next", "order.next")  # the OS and "none" still fit: kept
        assert screen.step == "traffic"
        await ui.key("order.next")  # nothing chosen here: it stays
        assert screen.step == "traffic"
        names = [getattr(r, "name", "") for r in screen.rows]
        assert "10Tb traffic (1Gbps) VM" not in names  # not offered for bare metal
        await ui.pick("10Tb traffic (1Gbps) BM")
        await ui.key("order.next", "order.next")
        assert screen.step == "summary" and total_of(screen) == Decimal(105)
        assert "Next payment due 2027-02-18 (3 months after the order)" in summary_of(screen)
        await send(ui, ui_world)
        assert newest_invoice(ui_world) == Decimal(105) == total_of(screen)
        sent = ui_world.logged("eq", "order_instance")[-1]
        assert (sent.field("preset"), sent.field("traffic_plan")) == ("bm.v1-mini", "40")


PATHS = [
    pytest.param(
        ("NL", "vm.medium", "Windows Server 2022 VM", "none", "10Tb traffic (1Gbps) VM"),
        "annually",
        False,
        id="vm-windows-paid-plan-annually",
    ),
    pytest.param(
        ("NL", "gpu.v1-2080", "Windows Server 2022", "none", "Unmetered (100Mbps) BM"),
        "semi-annually",
        False,
        id="gpu-windows-unmetered-semi-annually",
    ),
    pytest.param(
        ("NL", "gpu.v1-2080", "Ubuntu 22.04", "Grafana", "10Tb traffic (1Gbps) BM"),
        "monthly",
        False,
        id="gpu-software-monthly",
    ),
    pytest.param(
        ("FI", "40514", "Debian 12", "WordPress", "Unmetered (100Mbps) BM"),
        "quarterly",
        True,
        id="stock-quarterly",
    ),
    pytest.param(
        ("US", "vm.pico", "Debian 11", "none", "3Tb traffic (1Gbps) VM"),
        "monthly",
        False,
        id="vm-free-plan-monthly",
    ),
]


@pytest.mark.parametrize(("labels", "period", "stock"), PATHS)
async def test_a_path_on_screen_is_invoiced_for_the_summarys_total(
    ui: Driver, ui_world: World, labels: tuple[str, ...], period: str, stock: bool
) -> None:
    ui_world.credit = Decimal(0)
    async with ui.run():
        screen = await ui.open_order()
        await walk(ui, labels, period, stock)
        assert screen.step == "summary" and screen.draft.missing() == []
        shown = total_of(screen)
        await send(ui, ui_world)
        assert newest_invoice(ui_world) == shown == screen.draft.total()


async def test_a_sent_summary_is_done_o_is_gone_and_n_starts_over(
    ui: Driver, ui_world: World
) -> None:
    async with ui.run() as app:
        screen = await ui.open_order()
        await walk(
            ui, ("NL", "vm.nano", "Ubuntu 22.04", "none", "3Tb traffic (1Gbps) VM"), "quarterly"
        )
        assert screen.check_action("order", ()) and screen.check_action("start_over", ())
        await send(ui, ui_world)
        assert screen.sent_at is not None
        # `o` is neither offered (key bar, help, palette go by check_action) nor taken.
        assert screen.check_action("order", ()) is False
        assert ui.bound("order.order") not in screen.active_bindings  # so not in help, palette
        keys = str(screen.query_one(KeyBar).render())
        assert " Order" not in keys and "Start over" in keys
        assert "this order is done and is not sent again" in summary_of(screen)
        assert "N starts a new order" in note_of(screen)
        assert screen.check_action("back", ()) is False  # what was ordered is not changed here
        await ui.press("o")
        assert app.screen is screen and ui_world.count("eq", "order_instance") == 1
        await ui.key("order.start_over")  # sent: nothing to lose, nothing asked
        assert app.screen is screen and screen.step == "location"
        assert screen.draft == Draft() and screen.sent_at is None
        assert "A new order" in note_of(screen) and "Jobs" in note_of(screen)
        assert ui_world.count("eq", "order_instance") == 1


async def test_a_half_made_order_is_abandoned_after_asking_and_said(
    ui: Driver, ui_world: World
) -> None:
    async with ui.run() as app:
        screen = await ui.open_order()
        assert screen.check_action("start_over", ()) is False  # nothing to abandon yet
        await ui.pick("NL")
        await ui.pick("vm.nano")
        assert screen.step == "os" and screen.check_action("start_over", ())
        await ui.key("order.start_over")
        await ui.until_idle()
        asked = app.screen
        assert isinstance(asked, ConfirmModal) and "Abandon this order" in asked.action_text
        await ui.press("escape")  # no: every choice is kept
        await ui.until_idle()
        assert ui.screen is screen and screen.draft.preset is not None and screen.step == "os"
        await ui.key("order.start_over")
        await ui.until_idle()
        await ui.confirm()
        await ui.until_idle()
        assert screen.draft == Draft() and screen.step == "location"
        assert "abandoned" in note_of(screen) and "nothing was sent" in note_of(screen)
        assert ui.mutations() == []  # nothing went to invapi
        assert screen.check_action("start_over", ()) is False


async def test_the_details_fill_in_only_an_ssh_key_the_account_has(
    ui: Driver, ui_world: World
) -> None:
    ui_world.ssh_keys.clear()  # the SSH keys table says there are none
    async with ui.run() as app:
        await ui.open_order()
        for label in ("NL", "vm.nano", "Ubuntu 22.04", "none", "3Tb traffic (1Gbps) VM"):
            await ui.pick(label)
        await ui.press("enter")
        await ui.until_idle()
        form = app.screen
        assert isinstance(form, FormModal)
        assert form.query_one("#field-ssh_key", TextInput).value == ""
        assert app.state.keys.ssh_keys == ()


async def test_a_saved_key_deleted_since_is_dropped_from_the_order_and_said(
    ui: Driver, ui_world: World
) -> None:
    async with ui.run() as app:
        screen = await ui.open_order()
        for label in ("NL", "vm.nano", "Ubuntu 22.04", "none", "3Tb traffic (1Gbps) VM"):
            await ui.pick(label)
        await ui.press("enter")
        await ui.until_idle()
        assert app.screen.query_one("#field-ssh_key", TextInput).value == "laptop"  # default
        await ui.fill(hostname="web-01", root_pass=PASSWORD)
        await ui.settle()
        assert screen.draft.details.ssh_key == "laptop"
        # The keys are deleted (in the panel, or on the Account screen), and read again.
        ui_world.ssh_keys.clear()
        services = app.services
        assert services is not None
        await account.load_ssh_keys(services)
        await ui.settle()
        assert screen.draft.details.ssh_key == ""
        assert "The SSH key 'laptop' is no longer in your account" in note_of(screen)
        await ui.pick("monthly")
        assert "laptop" not in summary_of(screen)
        await send(ui, ui_world)
        assert not ui_world.logged("eq", "order_instance")[-1].field("ssh_key")
