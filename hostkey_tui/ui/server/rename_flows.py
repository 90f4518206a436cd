"""Rename a server (E, from any tab of its detail): a form with its name, checked as typed,
then `eq/rename_server` sent once; the list, the header and the Tags tab follow the read-back."""

from __future__ import annotations

from typing import TYPE_CHECKING

from hostkey_tui.services.rename import HOSTNAME_MAX, LABEL_MAX, hostname_problem, rename_server
from hostkey_tui.ui.kit.guard import can_change, not_repeated
from hostkey_tui.ui.kit.modals.form import Field, FormModal

if TYPE_CHECKING:
    from hostkey_tui.ui.host import Host

INTRO = (
    "Its name at HOSTKEY: the server list, invapi and HOSTKEY's panel show it. The hostname "
    "inside its system is not changed. Letters, digits, '-' and '.': "
    f"{LABEL_MAX} per part, {HOSTNAME_MAX} in all."
)


async def rename(app: Host, server_id: int) -> None:
    services = app.services
    server = app.state.servers.get(server_id)
    if services is None or server is None or not can_change(app, "Renaming a server"):
        return
    # the key the change guard gives eq/rename_server (services.changes.change_key)
    if not_repeated(app, f"eq/rename_server:{server_id}") or app.flow_running:
        return
    current = server.hostname

    def check(text: str) -> str | None:
        # its current name is no problem to say (the form opens with it): leaving it unchanged
        # is cancelling
        return hostname_problem(text.strip())

    app.flow_running = True
    try:
        values = await app.push_screen_wait(
            FormModal(
                f"Rename {current}",
                [Field("hostname", "Hostname", current, check, placeholder="web-01.example.com")],
                intro=INTRO,
                submit="Rename",
            )
        )
        if values is None:
            return
        if values["hostname"].strip() == current:
            app.say(f"{current} keeps its name: nothing was sent.")
            return
        renamed = await rename_server(services, server_id, values["hostname"])
    finally:
        app.flow_running = False
    if renamed.outcome == "done" and renamed.confirmed:
        app.say(renamed.message, title="Renamed")
    else:
        title = "Outcome unknown" if renamed.outcome == "unknown" else "Renamed?"
        app.say(renamed.message, title=title, severity="warning")
