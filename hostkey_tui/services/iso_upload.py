"""Uploading one's own ISO image from a URL (`iso/upload`), from a server's Remote tab.

HOSTKEY downloads the image itself; until it has, `iso/uploaded` lists it as `Pending` and it
cannot be mounted. The upload is a change that is not idempotent (a second one would add a
second image): sent once, never retried. The client's change hooks journal it before it is sent
and how it ended; here the job (kind "iso", so the Remote tab lists it) and the journal say
what became of it. A lost reply is "unknown": the list is read back, never the upload resent.
`iso/mount_iso` takes no PIN in any source, so neither does this.
"""

from __future__ import annotations

import contextlib

from hostkey_tui.api import ApiError, InvapiError, ReplyLost
from hostkey_tui.models.iso import check_iso_name, check_iso_url, default_name, shown_url
from hostkey_tui.models.server import Server
from hostkey_tui.models.tasks import TaskState
from hostkey_tui.services.context import Services
from hostkey_tui.services.jobs import end_job, end_unanswered, new_job
from hostkey_tui.services.remote import list_isos
from hostkey_tui.state.state import Job

KIND = "iso"


def _refuse_early(services: Services, server: Server, url: str, name: str) -> None:
    """Read-only, a URL or name that is not one, an ISO change of this server under way.

    Raises:
        ReadOnlyRefused, ApiError: nothing was sent.
    """
    services.ensure_writable("Uploading an ISO")
    problem = check_iso_url(url) or check_iso_name(name)
    if problem:
        raise ApiError(f"{problem} Nothing was sent.", title="Not sent")
    if services.store.state.busy(server.id, KIND):
        raise ApiError(
            f"An ISO change of {server.hostname} is under way: nothing was sent.",
            title="Not sent",
        )


async def _read_back(services: Services, server: Server) -> None:
    # A failed read is said in the tab (iso_error), where the list would be.
    with contextlib.suppress(InvapiError):
        await list_isos(services, server.id)


async def upload_iso(services: Services, server: Server, url: str, name: str = "") -> Job:
    """Ask HOSTKEY to download the ISO at `url` as `name` (the URL's file name when empty),
    once; then read the ISO list back, where it shows as Pending until downloaded.

    Raises:
        ReadOnlyRefused, ApiError: refused before anything was sent.
    """
    url = url.strip()
    name = name.strip()
    _refuse_early(services, server, url, name)
    name = name or default_name(url)
    where = shown_url(url)
    job = new_job(services, KIND, "upload_iso", f"Upload {name}", server.id, sending=True)
    label = (f"{server.hostname} ({server.id})", name, where)
    try:
        made = await services.client.iso.upload(url, name)
    except ReplyLost as error:
        ended = end_unanswered(services, job, label, error)
        await _read_back(services, server)
        return ended
    except InvapiError as error:
        return end_unanswered(services, job, label, error)
    status = made.status if made is not None and made.status else "Pending"
    services.audit("upload_iso", label, "done", f"status {status}")
    job = end_job(
        services,
        job,
        TaskState.DONE,
        f"HOSTKEY downloads it ({status}); it can be mounted once downloaded",
    )
    await _read_back(services, server)
    return job


async def find_out(services: Services, about: dict[str, str]) -> str:
    """What became of an upload whose reply was lost: the uploads read, looked for by name
    (the change book keeps the name, never the URL).

    Raises:
        InvapiError: the list could not be read (the change stays unknown).
    """
    name = about.get("name", "")
    own = await services.client.iso.uploaded()
    found = next((i for i in own if name and name in (i.name, i.iso_name)), None)
    if found is None:
        return f"no upload named {name or '(none)'} is listed: it did not happen"
    # An earlier upload of the same name would read alike: the user looks before sending again.
    return (
        f"an upload named {found.name or found.iso_name} is listed "
        f"({found.status or 'no status'}): look at it before uploading again"
    )
