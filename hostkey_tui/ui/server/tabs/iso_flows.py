"""Uploading one's own ISO image from the Remote tab: a URL and a name, what happens said, then
one request (a job the tab lists). HOSTKEY downloads the image afterwards: it is listed as
Pending until then, and can be mounted (M) as the library's are once it is downloaded."""

from __future__ import annotations

from typing import TYPE_CHECKING

from hostkey_tui.models.iso import check_iso_name, check_iso_url, default_name, shown_url
from hostkey_tui.models.server import Server
from hostkey_tui.services import iso_upload
from hostkey_tui.ui.kit.guard import can_change, not_repeated
from hostkey_tui.ui.kit.modals.form import Field, FormModal
from hostkey_tui.ui.server.tabs.network_flows import confirm

if TYPE_CHECKING:
    from hostkey_tui.ui.host import Host

INTRO = (
    "HOSTKEY's servers download the image from this address (http or https, no password in "
    "it). It is listed as yours, Pending until downloaded; then M mounts it as any other."
)


async def upload_iso(app: Host, server: Server) -> None:
    services = app.services
    if services is None or not can_change(app, "Uploading an ISO"):
        return
    if app.state.busy(server.id, iso_upload.KIND):
        app.say(f"An ISO change of {server.hostname} is under way.", severity="warning")
        return
    # The same upload whose reply was lost is not offered again until invapi was asked.
    if not_repeated(app, "iso/upload:account"):
        return
    values = await app.push_screen_wait(
        FormModal(
            "Upload your own ISO",
            [
                Field("url", "URL", "", check_iso_url, placeholder="https://example.com/image.iso"),
                Field("name", "Name", "", check_iso_name, placeholder="the URL's file name"),
            ],
            intro=INTRO,
            submit="Next",
        )
    )
    if values is None:
        return
    url = values["url"].strip()
    name = values["name"].strip() or default_name(url)
    if not await confirm(
        app,
        f"Upload {name} as your own ISO?",
        server,
        "Upload",
        warning=f"HOSTKEY downloads it from {shown_url(url)}\n"
        "Sent once. It cannot be mounted until HOSTKEY has downloaded it.",
    ):
        return
    app.run_job(iso_upload.upload_iso(services, server, url, name))
