"""The account's settings from the Billing screen: `S` on the account tab, a form of what
invapi's reply carries, a confirmation of each change, one `update_client`, read back."""

from __future__ import annotations

from textual.widgets import Checkbox

from hostkey_tui.config.model import Config
from hostkey_tui.simulator.world import World
from hostkey_tui.ui.billing.screen import BillingScreen
from hostkey_tui.ui.kit.modals.confirm import ConfirmModal
from hostkey_tui.ui.kit.modals.form import FormModal
from tests.ui.driver import Driver


async def _open_settings(ui: Driver) -> FormModal:
    await ui.section("billing")
    await ui.tab("tab-account")
    await ui.key("billing.settings")
    await ui.pause(6)
    form = ui.screen
    assert isinstance(form, FormModal), form
    return form


async def test_switching_auto_pay_on_is_confirmed_sent_once_and_read_back(
    ui: Driver, ui_world: World
) -> None:
    async with ui.run() as app:
        form = await _open_settings(ui)
        names = [f.name for f in form.fields]
        assert names[:3] == ["auto_pay", "pay_first_day", "two_factor"]
        form.query_one("#field-auto_pay", Checkbox).value = True
        form.query_one("#field-two_factor", Checkbox).value = False
        await ui.fill(wait=False)
        await ui.pause(6)
        confirm = ui.screen
        assert isinstance(confirm, ConfirmModal)
        assert "Pay invoices from credit automatically: off → on" in confirm.action_text
        assert "Two-factor authentication: on → off" in confirm.action_text
        assert "stolen billing password" in confirm.warning
        assert ui.count("whmcs", "update_client") == 0  # nothing before the confirmation
        await ui.confirm()
        await ui.until_idle()
        (sent,) = ui_world.logged("whmcs", "update_client")
        assert (sent.field("co_autopayment"), sent.field("billing_twofaenabled")) == (
            "on",
            "false",
        )
        assert "co_payfirstday" not in sent.form  # only what changed
        client = app.state.billing.client
        assert client is not None and client.settings.auto_pay is True
        assert not client.two_factor
        assert "Saved: Pay invoices from credit automatically" in ui.told
        assert "Auto-pay     on: new invoices are paid from credit" in ui.text("#account")


async def test_nothing_changed_sends_nothing(ui: Driver) -> None:
    async with ui.run():
        await _open_settings(ui)
        await ui.fill()
        assert ui.count("whmcs", "update_client") == 0
        assert "Nothing changed" in ui.told


async def test_a_refused_currency_change_is_said_and_the_currency_stays(
    ui: Driver, ui_world: World
) -> None:
    async with ui.run() as app:
        await _open_settings(ui)
        await ui.fill(wait=False, currency_id="1")
        await ui.pause(6)
        assert isinstance(ui.screen, ConfirmModal)
        assert "future invoices only" in ui.screen.warning
        await ui.confirm()
        await ui.until_idle()
        assert ui.count("whmcs", "update_client") == 1
        assert "invoices or transactions" in ui.told
        client = app.state.billing.client
        assert client is not None and client.currency_code == "EUR"


async def test_only_on_the_account_tab_and_never_read_only(ui: Driver) -> None:
    async with ui.run(Config(read_only=True)) as app:
        await ui.section("billing")
        await ui.tab("tab-account")
        await ui.key("billing.settings")
        assert isinstance(app.screen, BillingScreen)
    async with ui.run() as app:
        await ui.section("billing")  # the invoices tab: S is not offered there
        await ui.key("billing.settings")
        assert isinstance(app.screen, BillingScreen)
