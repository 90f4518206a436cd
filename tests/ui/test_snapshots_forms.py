"""Forms and checks as issue 22 left them, at 80x24 and 120x40: a problem under its field, the
typed hostname of a reinstall focused, yes/no boxes that read `[x]` / `[ ]` without colour."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from hostkey_tui.simulator.routes.auth import DEMO_PASSWORD
from hostkey_tui.simulator.transport import SimulatorTransport
from hostkey_tui.simulator.world import World
from tests.ui.conftest import Build, settle
from tests.ui.driver import BM, PASSWORD, SIZES, Steps, steps

CASES: dict[str, Steps] = {
    # The MX lacks its priority: said under Priority, in the error colour, the focus there.
    "dns_record_problem": steps(
        "n", *"MX", "tab", "tab", *"mx3.example-shop.com", "enter", section="3"
    ),
    # The hostname typed into the focused field; Tab then sits on Reinstall.
    "reinstall_typed": steps(
        *("T", "T", "T", "T", "i", "enter", "enter"),
        *PASSWORD,
        "enter",
        *"de-db-02",
        "tab",
        server=str(BM),
    ),
    # Each column in or out, in characters.
    "column_chooser": steps("c", section="1"),
    # The order's details: the own-OS box off, as `[ ]`.
    "order_details_own_os": steps(*("enter",) * 6, section="4"),
}


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("case", list(CASES))
def test_forms(snap_compare: Any, build: Build, case: str, size: tuple[int, int]) -> None:
    assert snap_compare(build(), terminal_size=size, run_before=CASES[case])


@pytest.mark.parametrize("size", SIZES)
def test_welcome_help(snap_compare: Any, build: Build, size: tuple[int, int]) -> None:
    """`?` before sign-in: d, q, ? and the palette; no sections, no jump line."""
    home_config = Path.home() / ".config" / "hostkey-tui" / "config.toml"  # shown as ~/…

    async def run(pilot: Any) -> None:
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()

    app = build(demo=False, config_path=home_config)
    assert snap_compare(app, terminal_size=size, run_before=run)


@pytest.mark.parametrize("size", SIZES)
def test_welcome_password(snap_compare: Any, build: Build, size: tuple[int, int]) -> None:
    """The billing e-mail and password in the key's place: nothing to save is offered."""
    home_config = Path.home() / ".config" / "hostkey-tui" / "config.toml"  # shown as ~/…

    async def run(pilot: Any) -> None:
        await pilot.pause()
        pilot.app.screen.query_one("#use-password").value = True
        await pilot.pause()
        pilot.app.screen.query_one("#email").value = "john@example.com"
        await pilot.pause()

    app = build(demo=False, config_path=home_config)
    assert snap_compare(app, terminal_size=size, run_before=run)


@pytest.mark.parametrize("size", SIZES)
def test_welcome_second_factor(
    snap_compare: Any, build: Build, ui_world: World, size: tuple[int, int]
) -> None:
    """An account with 2FA: the code is asked for in a dialog (masked), sent once."""
    home_config = Path.home() / ".config" / "hostkey-tui" / "config.toml"  # shown as ~/…

    async def run(pilot: Any) -> None:
        await pilot.pause()
        screen = pilot.app.screen
        screen.query_one("#use-password").value = True
        await pilot.pause()
        screen.query_one("#email").value = "john@example.com"
        screen.query_one("#password").value = DEMO_PASSWORD
        screen.query_one("#base-url").value = "https://invapi.simulator.invalid"
        await pilot.click("#sign-in")
        await settle(pilot.app, pilot)
        await pilot.press(*"48")

    app = build(demo=False, config_path=home_config, transport=SimulatorTransport(ui_world))
    assert snap_compare(app, terminal_size=size, run_before=run)
