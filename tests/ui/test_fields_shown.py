"""Fields invapi sends that a user acts on, shown where the choice is made: a traffic plan's
incoming limit and over-limit rates, a stock server's deployment estimate, the OS's user, a
preset's count in stock, a server's termination date, when a licence was bought."""

from __future__ import annotations

import dataclasses
from datetime import date
from decimal import Decimal

from hostkey_tui.models.billing import BillingData
from hostkey_tui.models.catalog import OsImage, Preset, StockServer, TrafficPlan
from hostkey_tui.models.common import Money
from hostkey_tui.models.orders import Draft
from hostkey_tui.models.server import License, Server
from hostkey_tui.services.install import Catalog
from hostkey_tui.ui.order import steps
from hostkey_tui.ui.server.panels import server_billing_panel
from hostkey_tui.ui.server.tabs.overview import licenses


def _catalog(
    presets: tuple[Preset, ...] = (),
    os_list: tuple[OsImage, ...] = (),
    traffic_plans: tuple[TrafficPlan, ...] = (),
) -> Catalog:
    return Catalog("NL", presets, os_list, (), traffic_plans, ())


def test_the_traffic_step_says_limits_both_ways_and_what_over_them_costs() -> None:
    plans = (
        TrafficPlan(1, "3Tb", Decimal(999), Decimal(3), Decimal(0), Decimal(2), 1000),
        TrafficPlan(2, "metered", Decimal(5), Decimal(5), Decimal("1.5"), Decimal(4), 100),
    )
    choices = steps.traffic(Draft(), _catalog(traffic_plans=plans))
    assert choices.columns == ("Plan", "In TB", "Out TB", "Bandwidth", "Over, €/TB", "€/month")
    first, second = ([str(c) for c in row] for row in choices.rows)
    assert first[1:5] == ["unmetered", "3", "1000 Mbps", "out 2"]
    assert second[1:5] == ["5", "5", "100 Mbps", "out 4, in 1.5"]


def test_a_stock_servers_deployment_estimate_is_shown() -> None:
    auto = StockServer(1, "a", deployment="auto")
    later = StockServer(2, "b", deployment="24 hours", tags=(("hwraid", "1"),))
    assert steps.deploy_words(auto) == "automatic"
    assert steps.deploy_words(later) == "manual, 24 hours"
    assert steps.deploy_words(StockServer(3, "c")) == "—"


def test_the_os_step_says_who_to_sign_in_as() -> None:
    images = (OsImage(1, "Windows Server 2022", user_name="Administrator"), OsImage(2, "Debian"))
    choices = steps.images(Draft(), _catalog(os_list=images))
    assert "Sign in as" in choices.columns
    assert [str(row[2]) for row in choices.rows] == ["Administrator", "root"]


def test_a_presets_count_in_stock_is_shown() -> None:
    prices = (("NL", "EUR", Decimal(5)),)
    made = (
        Preset(1, "vm.nano", available=184, prices=prices),
        Preset(2, "bm.big", available=0, prices=prices),
        Preset(3, "odd", prices=prices),
    )
    choices = steps.presets(Draft(location="NL"), _catalog(presets=made), "name", "", False)
    assert choices.columns[-1] == "In stock"
    assert {str(r[0]): str(r[-1]) for r in choices.rows} == {
        "vm.nano": "184",
        "bm.big": "none",
        "odd": "?",
    }


def test_the_termination_date_is_shown_on_a_servers_billing() -> None:
    data = BillingData(
        name="web",
        status="Active",
        cycle="Monthly",
        recurring=Money("5.00", Decimal(5), "EUR"),
        setup_fee=Money("0.00", Decimal(0), "EUR"),
        next_due=date(2027, 1, 31),
        days_left=61,
        termination=date(2027, 1, 31),
    )
    text = server_billing_panel(data, (), None, date(2026, 12, 1), False).plain
    assert "Termination 2027-01-31" in text
    running = dataclasses.replace(data, termination=None)  # invapi's null: nothing said
    assert (
        "Termination" not in server_billing_panel(running, (), None, date(2026, 12, 1), False).plain
    )


def test_when_a_licence_was_bought_is_shown() -> None:
    bought = Server(
        1,
        "web",
        licenses=(License("ISPmanager 6 Lite", 124, 1, date(2026, 3, 1)), License("cPanel")),
    )
    text = licenses(bought).plain
    assert "1 × ISPmanager 6 Lite  bought 2026-03-01" in text
    assert "1 × cPanel" in text and text.count("bought") == 1


def test_the_ipmi_model_and_address_are_on_the_remote_tab() -> None:
    from hostkey_tui.state.state import ServerNet
    from hostkey_tui.ui.server.net_panels import remote_panel

    bare = Server(1, "db", ipmi_model="supermicro", ipmi_ip="10.12.0.7")
    text = remote_panel(
        bare, ServerNet(), "", 0.0, revealed=False, read_only=False, viewer=False
    ).plain
    assert "model supermicro  address 10.12.0.7" in text


def test_a_wide_os_step_shows_invapis_description() -> None:
    images = (OsImage(1, "Windows Server 2022", description="Datacenter edition, RDP on"),)
    narrow = steps.images(Draft(), _catalog(os_list=images))
    wide = steps.images(Draft(), _catalog(os_list=images), wide=True)
    assert "Description" not in narrow.columns and wide.columns[-1] == "Description"
    assert str(wide.rows[0][-1]) == "Datacenter edition, RDP on"
