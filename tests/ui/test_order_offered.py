"""The order wizard asks invapi what goes with the chosen preset (`os/list`, `software/list`,
`traffic_plans/list` with its `instance_id`) and follows its answer, not only our tags."""

from __future__ import annotations

import dataclasses

import pytest
from textual.widgets import DataTable

from hostkey_tui.models.catalog import OsImage, Preset, TrafficPlan
from hostkey_tui.models.orders import Draft, Offered
from hostkey_tui.simulator.routes import ROUTES, Ctx, Route
from hostkey_tui.simulator.world import JSON, Form, World
from hostkey_tui.ui.order.screen import OrderScreen
from tests.ui.driver import Driver

DEBIAN_12 = 217


def _without_debian_12_for_instances(monkeypatch: pytest.MonkeyPatch) -> None:
    held = ROUTES[("os", "list")]

    def narrower(world: World, form: Form, ctx: Ctx) -> JSON:
        reply = held.handler(world, form, ctx)
        assert isinstance(reply, dict)
        if form.get("instance_id"):
            listed = reply["os_list"]
            assert isinstance(listed, list)
            reply["os_list"] = [o for o in listed if o["id"] != DEBIAN_12]
        return reply

    monkeypatch.setitem(ROUTES, ("os", "list"), Route(narrower, held.auth, held.pin))


async def test_invapis_list_for_the_preset_decides_what_is_offered(
    ui: Driver, ui_world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    _without_debian_12_for_instances(monkeypatch)
    async with ui.run() as app:
        await ui.open_order()
        await ui.pick("NL")
        await ui.pick("vm.nano")
        screen = app.screen
        assert isinstance(screen, OrderScreen)
        await ui.until(lambda: screen.draft.offered is not None)
        preset = screen.draft.preset
        assert preset is not None
        for resource in ("os", "software", "traffic_plans"):
            sent = ui_world.logged(resource, "list")[-1]
            assert sent.field("instance_id") == str(preset.id), resource
        table = screen.query_one("#choices", DataTable)
        rows = {
            str(table.get_row_at(i)[0]): str(table.get_row_at(i)[1]) for i in range(table.row_count)
        }
        assert rows["Debian 12"] == "not offered for this server by invapi"
        assert rows["Debian 11"] == "yes"
        await ui.pick("Debian 12")
        assert screen.draft.image is None  # refused, said
        assert "not offered for this server by invapi" in ui.told


def test_an_os_chosen_before_invapis_answer_is_cleared_and_said() -> None:
    preset = Preset(5, "vm.nano", prices=(("NL", "EUR", 5),))  # type: ignore[arg-type]
    debian = OsImage(DEBIAN_12, "Debian 12")
    chosen = Draft(location="NL", preset=preset, image=debian)
    answer = Offered(5, frozenset({187}), frozenset(), frozenset({25}))
    fitted, said = dataclasses.replace(chosen, offered=answer).fitted()
    assert fitted.image is None
    assert said == [
        "The OS 'Debian 12' does not fit vm.nano (not offered for this server by invapi): "
        "choose again."
    ]
    # Another preset's answer says nothing of this one.
    other = dataclasses.replace(chosen, offered=Offered(6, frozenset(), frozenset(), frozenset()))
    assert other.misfit(debian) is None
    assert other.misfit(TrafficPlan(99, "x", locations=("NL",))) is None
