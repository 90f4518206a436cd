"""The account's settings: only what changed is sent, once, in invapi's own words (on/off,
true/false, a number), and the account read back says whether it holds."""

from __future__ import annotations

from pathlib import Path

import pytest

from hostkey_tui.api import ApiError, InvapiClient, ReadOnlyRefused, ReplyLost
from hostkey_tui.clock import ManualClock
from hostkey_tui.models.client_settings import ClientSettings, setting_changes
from hostkey_tui.services import client_settings
from hostkey_tui.services.audit import Journal
from hostkey_tui.services.billing import load_billing
from hostkey_tui.services.context import Services
from hostkey_tui.services.ledger import Ledger
from hostkey_tui.services.session import run_session
from hostkey_tui.simulator.routes import ROUTES, Ctx, Route
from hostkey_tui.simulator.world import JSON, Form, World
from hostkey_tui.state.store import Store


@pytest.fixture
async def services(client: InvapiClient, clock: ManualClock, tmp_path: Path) -> Services:
    made = Services(
        client,
        Store(),
        clock,
        journal=Journal(tmp_path / "journal.jsonl"),
        profile="test",
        ledger=Ledger(tmp_path / "state" / "ledger.json"),
    )
    await run_session(made)
    await load_billing(made, ("client",))
    return made


def outcomes(made: Services) -> list[str]:
    journal = made.journal.entries() if made.journal else []
    return [e.outcome for e in journal if e.action == "update_client"]


def settings(services: Services) -> ClientSettings:
    client = services.store.state.billing.client
    assert client is not None
    return client.settings


def test_only_what_changed_is_sent_in_invapis_words() -> None:
    now = ClientSettings(
        auto_pay=False,
        pay_first_day=True,
        two_factor=True,
        sms_number="310695005645",
        currency_id=2,
        currency_code="EUR",
    )
    wanted = {"auto_pay": "1", "pay_first_day": "1", "two_factor": "", "sms_number": "+31 6 95"}
    changes, problems = setting_changes(now, wanted)
    assert problems == {"sms_number": problems["sms_number"]}  # too short: said, not sent
    assert [(c.field, c.sent) for c in changes] == [
        ("co_autopayment", "on"),
        ("billing_twofaenabled", "false"),
    ]
    assert [(c.before, c.after) for c in changes] == [("off", "on"), ("on", "off")]
    # A setting invapi's reply does not carry (marketing here) is never sent, whatever typed.
    changes, _ = setting_changes(now, {"marketing_emails": "1"})
    assert changes == ()


def test_the_currency_is_one_of_the_documented_numbers() -> None:
    now = ClientSettings(currency_id=2, currency_code="EUR")
    changes, problems = setting_changes(now, {"currency_id": "7"})
    assert changes == () and "1, 2, 3" in problems["currency_id"]
    (change,) = setting_changes(now, {"currency_id": "1"})[0]
    assert (change.field, change.sent, change.before) == ("billing_currency", "1", "EUR (number 2)")
    assert "read back" in change.after  # its code is not known until invapi says it


async def test_saving_sends_one_update_and_reads_the_account_back(
    services: Services, world: World
) -> None:
    changes, _ = setting_changes(
        settings(services), {"auto_pay": "1", "pay_first_day": "1", "two_factor": ""}
    )
    saved = await client_settings.save_settings(services, changes)
    (sent,) = world.logged("whmcs", "update_client")
    assert {k: sent.field(k) for k in sent.form if k not in ("action", "token")} == {
        "co_autopayment": "on",
        "co_payfirstday": "on",
        "billing_twofaenabled": "false",
    }
    assert saved.not_held == () and len(saved.held) == 3
    now = settings(services)
    assert (now.auto_pay, now.pay_first_day, now.two_factor) == (True, True, False)
    assert outcomes(services)[-1] == "done"


async def test_a_saved_setting_the_account_does_not_show_is_said(
    services: Services, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    held = ROUTES[("whmcs", "update_client")]

    def ignores_pay_first_day(w: World, form: Form, ctx: Ctx) -> JSON:
        before = dict(w.client["co_payfirstday"])
        answer = held.handler(w, form, ctx)
        w.client["co_payfirstday"] = before  # "OK", and the setting as it was
        return answer

    monkeypatch.setitem(
        ROUTES, ("whmcs", "update_client"), Route(ignores_pay_first_day, held.auth, held.pin)
    )
    changes, _ = setting_changes(settings(services), {"pay_first_day": "1", "auto_pay": "1"})
    saved = await client_settings.save_settings(services, changes)
    assert saved.held == ("Pay invoices from credit automatically",)
    assert saved.not_held == ("Pay for services on the 1st of the month",)


async def test_a_currency_change_is_refused_once_the_account_has_invoices(
    services: Services, world: World
) -> None:
    changes, _ = setting_changes(settings(services), {"currency_id": "1"})
    with pytest.raises(ApiError, match="invoices or transactions"):
        await client_settings.save_settings(services, changes)
    assert settings(services).currency_code == "EUR"
    assert outcomes(services)[-1] == "failed"


async def test_a_lost_reply_is_unknown_and_the_same_change_waits_for_the_answer(
    services: Services, world: World
) -> None:
    world.faults.add("drop_reply", "whmcs/update_client", times=1)
    changes, _ = setting_changes(settings(services), {"auto_pay": "1"})
    with pytest.raises(ReplyLost):
        await client_settings.save_settings(services, changes)
    assert world.count("whmcs", "update_client") == 1
    assert outcomes(services)[-1] == "unknown"


async def test_read_only_sends_nothing(services: Services, world: World) -> None:
    services.client.read_only = True
    changes, _ = setting_changes(settings(services), {"auto_pay": "1"})
    with pytest.raises(ReadOnlyRefused):
        await client_settings.save_settings(services, changes)
    assert world.count("whmcs", "update_client") == 0


def test_warnings_say_what_a_change_means() -> None:
    now = ClientSettings(auto_pay=False, two_factor=True, currency_id=2, currency_code="EUR")
    changes, _ = setting_changes(now, {"auto_pay": "1", "two_factor": "", "currency_id": "3"})
    said = " ".join(client_settings.warnings_of(changes))
    assert "stolen billing password" in said
    assert "paid from the account's credit without asking" in said
    assert "future invoices only" in said
