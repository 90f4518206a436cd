"""The Billing section as a person uses it: read, pay, download, cancel, in the request log."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

import pytest
from textual.widgets import DataTable, Static, TabbedContent

from hostkey_tui.clock import ManualClock
from hostkey_tui.config.model import Config, UiSettings
from hostkey_tui.simulator.routes import ROUTES, Ctx, SimError
from hostkey_tui.simulator.world import JSON, Form, Reply, World
from hostkey_tui.ui.billing.invoice import InvoiceScreen
from hostkey_tui.ui.billing.payment import PaymentMethodsModal
from hostkey_tui.ui.billing.screen import BillingScreen
from hostkey_tui.ui.kit.modals.confirm import ConfirmModal
from hostkey_tui.ui.kit.modals.form import FormModal
from hostkey_tui.ui.kit.widgets.chrome import StatusLine
from hostkey_tui.ui.kit.widgets.inputs import TextInput
from hostkey_tui.ui.server.cancel import CancelModal
from tests.services.test_billing import (
    READS,
    doc_example_pages,
    many_invoices,
    page_route,
    refuse,
    starts,
)
from tests.ui.driver import Driver


async def test_the_invoice_list_puts_overdue_first_and_filters(ui: Driver) -> None:
    async with ui.run():
        screen = await ui.section("billing")
        assert isinstance(screen, BillingScreen)
        assert screen._rows[0].id == 23452
        assert "Unpaid, 12 d overdue" in map(
            str, screen.query_one("#invoices", DataTable).get_row_at(0)
        )
        await ui.key("billing.filter")
        await ui.type("status:unpaid")
        assert [i.id for i in screen._rows] == [23452, 23451, 23450]
        assert "3 of 32 invoices" in ui.text("#totals")


async def test_the_columns_fit_the_terminal(ui: Driver) -> None:
    """At 80 columns what is owed and by when stays; the rest is one Enter away."""
    async with ui.run(size=(80, 24)) as app:
        await ui.section("billing")
        table = app.screen.query_one("#invoices", DataTable)
        labels = [str(c.label) for c in table.columns.values()]
        assert {"Invoice", "Due date", "Invoiced", "Balance due", "Status"} <= set(labels)
        assert "Tax" not in labels
        assert table.virtual_size.width <= table.size.width
        await ui.pilot.resize_terminal(160, 40)
        await ui.pause(6)
        labels = [str(c.label) for c in table.columns.values()]
        assert {"Subtotal", "Tax", "Method"} <= set(labels)


async def test_paying_from_credit_confirms_the_amount_and_refuses_too_much(ui: Driver) -> None:
    async with ui.run() as app:
        await ui.section("billing")
        await ui.key("billing.pay")
        assert isinstance(app.screen, FormModal)
        await ui.fill(amount="999")
        assert isinstance(app.screen, FormModal)  # refused here: nothing sent
        assert "more than the credit balance" in ui.text("#problem-amount")
        await ui.fill(amount="35.00")
        assert isinstance(app.screen, ConfirmModal) and "Pay 35.00 EUR" in app.screen.action_text
        await ui.confirm()
        await ui.settle()
        assert ui.count("whmcs", "apply_credit") == 1
        assert app.state.account.credit.display() == "215.00 EUR"  # type: ignore[union-attr]


async def test_mass_pay_two_marked_invoices(ui: Driver) -> None:
    async with ui.run() as app:
        await ui.section("billing")
        await ui.key("billing.mark", "billing.mark", "billing.mass_pay")
        assert (
            isinstance(app.screen, ConfirmModal) and "Combine 2 invoices" in app.screen.action_text
        )
        await ui.confirm()
        await ui.settle()
        assert ui.count("whmcs", "mass_pay") == 1
        assert isinstance(app.screen, InvoiceScreen)  # the new group invoice, to pay


async def test_the_pdf_goes_to_the_configured_folder_private(ui: Driver, tmp_path: Path) -> None:
    folder = tmp_path / "pdfs"
    async with ui.run(Config(ui=UiSettings(download_dir=folder))):
        await ui.section("billing")
        await ui.key("billing.pdf")
        await ui.settle()
    pdf = folder / "invoice-23452.pdf"
    assert pdf.read_bytes().startswith(b"%PDF") and os.stat(pdf).st_mode & 0o777 == 0o600


async def test_payment_methods_are_shown_as_plain_text(ui: Driver) -> None:
    async with ui.run() as app:
        await ui.section("billing")
        await ui.key("billing.how")
        await ui.pause(6)
        assert isinstance(app.screen, PaymentMethodsModal)
        text = "\n".join(str(s.render()) for s in app.screen.query(Static))
        assert "IBAN" in text and "https://www.paypal.com/cgi-bin/webscr" in text
        assert "<" not in text and "jquery" not in text and "[@click" not in text
        await ui.key("payment.copy")
        await ui.pilot.press("enter")
        assert app.clipboard.startswith("https://")


async def test_a_cancellation_needs_the_hostname_typed_and_can_be_withdrawn(
    ui: Driver, ui_world: World
) -> None:
    async with ui.run() as app:
        await ui.jump("server nl-vmmini")
        # back round past the Timeline to the Billing tab, past no power check
        await ui.key("detail.tab_back", "detail.tab_back")
        await ui.pause(6)
        assert "Invoices of this server" in ui.text("#billing-panel")
        await ui.key("detail.cancel")
        await ui.pause(6)
        dialog = app.screen
        assert isinstance(dialog, CancelModal)
        assert dialog.query_one("#cancel-server").disabled
        dialog.query_one("#typed", TextInput).value = "nl-vmmini"
        dialog.query_one("#reason", TextInput).value = "moving"
        await ui.pause(6)
        assert not dialog.query_one("#cancel-server").disabled
        await ui.pilot.click("#cancel-server")
        await ui.pause(6)
        assert not isinstance(app.screen, CancelModal)
        await ui.settle()
        assert ui_world.cancellations[34533]["reason"] == "moving"
        assert "Cancellation requested" in ui.text("#billing-panel")
        await ui.key("detail.withdraw")
        await ui.pause(6)
        assert isinstance(app.screen, ConfirmModal)
        await ui.confirm()
        await ui.pause(6)
        await ui.settle()
        assert 34533 not in ui_world.cancellations
        await ui.key("detail.back")
        assert 40034 in app.state.billing.cancellations  # the list marks the demo's pending one


async def test_read_only_hides_every_payment(ui: Driver) -> None:
    async with ui.run(Config(read_only=True)) as app:
        await ui.section("billing")
        changes = ("pay", "mass_pay", "funds", "edit", "password", "new_contact")
        for change in changes:
            await ui.key(f"billing.{change}")
            assert isinstance(app.screen, BillingScreen), change
        assert (
            sum(
                ui.count("whmcs", a)
                for a in ("apply_credit", "mass_pay", "create_addfunds", "update_client")
            )
            == 0
        )
        await ui.key("billing.how")  # reading how to pay is not a change
        await ui.pause(6)
        assert isinstance(app.screen, PaymentMethodsModal)


async def test_t_walks_the_billing_tabs_and_the_keys_follow(ui: Driver) -> None:
    async with ui.run(size=(80, 24)) as app:
        await ui.section("billing")
        tabs = app.screen.query_one(TabbedContent)
        seen = []
        for _ in range(5):
            await ui.key("billing.tab")
            await ui.pause(6)
            seen.append((tabs.active, app.focused.id if app.focused else None))
        assert seen == [
            ("tab-account", "account-scroll"),
            ("tab-credit", "credits"),
            ("tab-transactions", "transactions"),
            ("tab-contacts", "contacts"),
            ("tab-invoices", "invoices"),
        ]
        assert app.screen.query_one("#invoice-filter", TextInput).value == ""


async def test_detail_tabs_take_the_keys(ui: Driver) -> None:
    async with ui.run(size=(80, 24)) as app:
        await ui.key("app.jump")
        await ui.pilot.press(*"server nl-vmmini", "enter")
        await ui.pause(6)
        await ui.key("detail.tab_back", "detail.tab_back")  # past the Timeline
        await ui.pause(6)
        assert app.focused is not None and app.focused.id == "billing-scroll"


async def test_jump_to_an_invoice_by_number(ui: Driver) -> None:
    async with ui.run(size=(80, 24)) as app:
        await ui.jump("invoice 23451")
        assert isinstance(app.screen, InvoiceScreen) and app.screen.invoice_id == 23451
        assert "15.00 EUR" in ui.text("#invoice")
        await ui.jump("invoice 999999")
        text = ui.text("#invoice")
        assert "999999" not in text or "not" in text.lower()


async def test_contacts_round_trip_in_the_contacts_tab(ui: Driver, ui_world: World) -> None:
    async with ui.run() as app:
        await ui.section("billing")
        await ui.key("billing.tab_back")  # Contacts
        await ui.pause(6)
        await ui.key("billing.new_contact")
        await ui.pause(6)
        assert isinstance(app.screen, FormModal)
        await ui.type_in(email="ops@example.com", phone="+31 20 123 4567")
        await ui.settle()
        contacts = app.state.billing.contacts
        added = next(c for c in contacts if c.email == "ops@example.com")  # not the random one
        assert added.phone == "+31201234567"  # documented as int: digits, the + kept
        assert set(ui_world.logged("whmcs", "add_contact")[0].form) == {"action", "token"}
        table = app.screen.query_one("#contacts", DataTable)
        assert "ops@example.com" in [str(c) for c in table.get_row(str(added.id))]
        table.move_cursor(row=[c.id for c in contacts].index(added.id))
        await ui.key("billing.edit")
        await ui.pause(6)
        await ui.type_in(email="oncall@example.com")
        await ui.settle()
        assert next(c for c in app.state.billing.contacts if c.id == added.id).email == (
            "oncall@example.com"
        )
        await ui.key("billing.delete_contact")
        await ui.pause(6)
        assert isinstance(app.screen, ConfirmModal)
        await ui.confirm()
        await ui.pause(6)
        await ui.settle()
        assert added.id not in {c.id for c in app.state.billing.contacts}
        assert ui.count("whmcs", "delete_contact") == 1


async def test_a_malformed_amount_is_shown_as_written_and_flagged(ui: Driver) -> None:
    async with ui.run():
        await ui.section("billing")
        await ui.key("billing.filter")
        await ui.press(*"from:2026-07 to:2026-07", "enter")
        await ui.pause(6)
        screen = ui.screen
        assert isinstance(screen, BillingScreen) and len(screen._rows) == 1
        row = [str(c) for c in screen.query_one("#invoices", DataTable).get_row_at(0)]
        assert "2.5.00 (?)" in row  # as invapi wrote it, flagged, not 0.00
        assert "1 unreadable" in ui.text("#totals")
        await ui.key("billing.tab", "billing.tab")  # Credit history
        await ui.pause(6)
        credits = [str(c) for c in screen.query_one("#credits", DataTable).get_row_at(14)]
        assert "-2.5.00 (?)" in credits


async def test_password_reset_asks_for_the_account_email(ui: Driver) -> None:
    async with ui.run():
        await ui.section("billing")
        await ui.key("billing.password")
        await ui.pause(6)
        await ui.type_in(email="someone@else.example")
        await ui.settle()
        assert ui.count("whmcs", "reset_password") == 0  # not this account's: not sent
        await ui.key("billing.password")
        await ui.pause(6)
        await ui.type_in(email="john@example.com")
        await ui.settle()
        assert ui.count("whmcs", "reset_password") == 1


# -- every read stands alone ----------------------------------------------------------------

#: Each tab, the part it shows, and the widget its words are in.
TABS = {
    "client": ("tab-account", "#account"),
    "invoices": ("tab-invoices", "#invoices-note"),
    "credits": ("tab-credit", "#credits-note"),
    "transactions": ("tab-transactions", "#transactions-note"),
    "contacts": ("tab-contacts", "#contacts-note"),
}


@pytest.mark.parametrize("part", list(READS))
async def test_a_refused_read_is_said_in_its_own_tab_and_the_rest_shows(
    ui: Driver, ui_world: World, part: str
) -> None:
    async with ui.run() as app:
        refuse(ui_world, READS[part])
        screen = await ui.section("billing")
        assert isinstance(screen, BillingScreen)
        for name, (tab, selector) in TABS.items():
            screen.query_one(TabbedContent).active = tab
            await ui.pause(2)
            text = ui.said(selector)
            if name == part:
                assert "could not be read" in text and READS[part] in text, (name, text)
                assert "r tries again" in text
            else:
                assert "could not be read" not in text, (name, text)
                assert READS[part] not in text  # Contacts never blames transactions
        held = {
            "invoices": len(ui_world.invoices),
            "credits": len(ui_world.credit_log),
            "transactions": len(ui_world.transactions),
            "contacts": len(ui_world.contacts),
        }
        for name, count in held.items():
            assert len(ui.rows(f"#{name}")) == (0 if name == part else count), name
        totals_shown = screen.query_one("#totals", Static).display
        assert totals_shown == (part != "invoices")  # never "0 invoices" for unread ones
        if part == "invoices":
            assert "unknown" in str(screen.query_one(StatusLine).right)  # not "0 unpaid"
        if part == "client":
            assert "0.00" not in ui.said("#account")
        for token in ui_world.tokens.values():  # the role is given back: r reads it again
            token.permissions = list(ui_world.full_permissions)
        await ui.key("billing.refresh")
        await ui.settle()
        assert not app.state.billing.part(part).error


async def test_many_invoices_are_all_read_and_totalled(
    ui: Driver, ui_world: World, tmp_path: Path
) -> None:
    many_invoices(ui_world, 612)
    folder = tmp_path / "exports"
    async with ui.run(Config(ui=UiSettings(download_dir=folder))) as app:
        await ui.section("billing")
        assert starts(ui_world) == ["0", "100", "200", "300", "400", "500", "600"]
        screen = app.screen
        assert isinstance(screen, BillingScreen) and len(screen._rows) == 612
        assert "612 invoices" in ui.text("#totals")
        assert not screen.query_one("#invoices-note", Static).display
        await ui.key("billing.export")
    (exported,) = folder.glob("hostkey-invoices-*.csv")
    assert len(exported.read_text().splitlines()) == 613


async def test_a_page_that_fails_is_said_partial_in_place(
    ui: Driver, ui_world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    many_invoices(ui_world, 612)
    held = ROUTES[("whmcs", "get_invoices")].handler

    def fifth_page_fails(world: World, form: Form, ctx: Ctx) -> JSON:
        if form.get("limitstart") == "400":
            raise SimError({"result": "error", "message": "Database busy"})
        return held(world, form, ctx)

    page_route(monkeypatch, fifth_page_fails)
    async with ui.run() as app:
        await ui.section("billing")
        note = ui.said("#invoices-note")
        assert note.startswith("400 of 612 invoices read: page 5 failed:") and "r tries" in note
        assert "Database busy" in note
        totals_line = ui.text("#totals")
        assert "partial: 400 of 612 read" in totals_line and "partial totals" in totals_line
        assert "of 400/612 invoices read" in str(app.screen.query_one(StatusLine).right)


async def test_a_server_ignoring_paging_is_said_not_followed(
    ui: Driver, monkeypatch: pytest.MonkeyPatch
) -> None:
    page_route(monkeypatch, doc_example_pages)  # always the documentation's 5 of 6
    async with ui.run():
        await ui.section("billing")
        assert ui.count("whmcs", "get_invoices") == 2
        assert ui.said("#invoices-note").startswith("5 of 6 invoices read: page 2 failed:")


async def test_only_whole_amounts_are_taken(ui: Driver, ui_world: World) -> None:
    async with ui.run() as app:
        await ui.section("billing")
        await ui.key("billing.funds")
        await ui.pause(6)
        assert isinstance(app.screen, FormModal)
        await ui.fill(amount="12.50")
        assert isinstance(app.screen, FormModal)
        assert "Whole amounts only" in ui.text("#problem-amount")
        await ui.fill(amount="20")
        assert isinstance(app.screen, ConfirmModal)
        await ui.confirm()
        await ui.settle()
        assert ui_world.logged("whmcs", "create_addfunds")[0].form["amount"] == ["20"]


async def test_refused_cancellations_are_said_in_the_status_line(
    ui: Driver, ui_world: World
) -> None:
    ui_world.api_keys[484].permissions = [
        p for p in ui_world.full_permissions if p != "whmcs/get_cancellation_requests"
    ]
    async with ui.run() as app:
        assert "✕cancel marks unknown" in str(app.screen.query_one(StatusLine).left)
        assert "get_cancellation_requests" in app.state.billing.part("cancellations").error
        await ui.jump("server nl-vmmini")
        # the server's Billing tab (past the Timeline): where its cancellation is
        await ui.key("detail.tab_back", "detail.tab_back")
        await ui.settle()
        panel = ui.text("#billing-panel")
        assert "cancellation requests could not be read" in " ".join(panel.split())
        await ui.section("billing")
        assert "not read: the cancellation requests" in str(app.screen.query_one(StatusLine).left)


async def test_pages_are_counted_while_read_and_a_hung_page_ends_at_its_deadline(
    ui: Driver, ui_world: World, ui_clock: ManualClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    many_invoices(ui_world, 612)
    held = ROUTES[("whmcs", "get_invoices")].handler

    def third_page_hangs(world: World, form: Form, ctx: Ctx) -> JSON | Reply:
        if form.get("limitstart") == "200":
            return Reply(hang=True)
        return held(world, form, ctx)

    page_route(monkeypatch, third_page_hangs)
    async with ui.run() as app:
        await ui.section("billing")
        assert ui.said("#invoices-note") == "reading invoices 200/612…"
        assert str(app.screen.query_one(StatusLine).right) == "invoices 200/612…"
        for _ in range(60):  # the page's deadline passes on the clock, retries included
            if not app.state.billing.part("invoices").reading:
                break
            ui_clock.advance(5)
            await ui.pause(2)
        note = ui.said("#invoices-note")
        assert note.startswith("200 of 612 invoices read: page 3 failed:"), note
        assert "reading" not in note


@pytest.mark.parametrize(
    ("refused", "said", "shown"),
    [
        ("get_billing_data", "Billing not read", "Invoices of this server"),
        ("get_related_invoices", "not read", "Product"),
    ],
)
async def test_a_servers_billing_and_invoices_are_read_on_their_own(
    ui: Driver,
    monkeypatch: pytest.MonkeyPatch,
    refused: str,
    said: str,
    shown: str,
) -> None:
    def refusing(world: World, form: Form, ctx: Ctx) -> JSON:
        raise SimError({"result": "error", "message": "Database busy"})

    route = ROUTES[("whmcs", refused)]
    monkeypatch.setitem(ROUTES, ("whmcs", refused), replace(route, handler=refusing))
    async with ui.run() as app:
        app.open_server(34533)
        await ui.pause(6)
        await ui.tab("tab-billing")
        await ui.pause(5)
        text = ui.text("#billing-panel")
        assert said in text and shown in text and "Database busy" in text
        assert "r tries again" in text
        if refused == "get_billing_data":
            assert "none" not in text.split("Invoices of this server")[1].split("\n")[1]


async def test_a_huge_invoice_list_shows_the_newest_and_says_so(
    ui: Driver, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Tens of thousands of invoices held the screen for seconds in one table: the newest are
    listed, the totals count all, and the note says how to narrow the rest."""
    from hostkey_tui.ui.billing import screen as billing_screen

    monkeypatch.setattr(billing_screen, "TABLE_ROWS", 5)
    async with ui.run(settle=False):
        screen = await ui.section("billing")
        assert isinstance(screen, BillingScreen)
        total = len(screen._rows)
        assert total > 5
        assert screen.query_one("#invoices", DataTable).row_count == 5
        note = ui.text("#invoices-note")
        assert f"The newest 5 of {total} invoices are listed" in note and "/ narrows" in note
        assert f"{total} invoices" in ui.text("#totals")
