"""`iso.php`'s own uploads: `upload` (HOSTKEY downloads an ISO from a URL) and `uploaded`.

What is known (beyond-the-docs.md §6 [S15, S5 `iso.ts`]): `upload` takes `url` and `name`;
`uploaded` lists what the customer uploaded; an item's fields are iso/add's (`id`, `name`,
`short_name`, `iso_name`, `private`, `description`, `admin_only`, `status`), its status
`Pending` until downloaded. The rest is assumed, and said so where it is.

An upload is kept in `world.uploaded_isos` with the world time it is downloaded at
(`ready_at`): its status follows the injected clock, so nothing has to tick it along.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from hostkey_tui.simulator.routes import Ctx, ok, refuse, route
from hostkey_tui.simulator.world import JSON, Form, World

#: How long HOSTKEY takes to download an upload.
# assumed: no source says; minutes, so that Pending is seen, then turns.
DOWNLOAD_SECONDS = 300.0
#: The status of a downloaded upload.
# assumed: no source names it; the library's items read "Active" (catalog_data).
READY = "Active"
#: The status of a download that did not give an ISO image.
# assumed: no source names it.
FAILED = "Error"
#: The fields an item is listed with (the URL is not among them: it may hold a signed link).
_PUBLIC = ("id", "name", "short_name", "iso_name", "private", "description", "admin_only")


def _status(world: World, item: dict[str, JSON]) -> str:
    ready_at = item.get("ready_at")
    if isinstance(ready_at, int | float) and world.now() < ready_at:
        return "Pending"
    # assumed: HOSTKEY checks that what it downloaded is an ISO image; a path that does not
    # end in .iso fails, so the failed status is seen too.
    return READY if str(item.get("path", "")).lower().endswith(".iso") else FAILED


def own_isos(world: World) -> list[dict[str, JSON]]:
    """The customer's uploads as `uploaded` lists them (their status as of now)."""
    return [
        {**{k: item.get(k) for k in _PUBLIC}, "status": _status(world, item)}
        for item in world.uploaded_isos
    ]


def _url(form: Form) -> tuple[str, str]:
    """The URL's host and path, if it is one HOSTKEY could download from."""
    url = form.get("url").strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        raise refuse("invalid argument url") from None
    if parts.scheme not in ("http", "https") or not parts.hostname or " " in url:
        # assumed: the wording, as the documented `invalid argument iso_name` (S15).
        raise refuse("invalid argument url")
    return parts.hostname, parts.path


@route("iso", "upload")
def upload(world: World, form: Form, ctx: Ctx) -> JSON:
    del ctx
    host, path = _url(form)
    name = form.get("name").strip() or path.rstrip("/").rpartition("/")[2] or host
    if any(item.get("name") == name for item in world.uploaded_isos):
        # assumed: a customer's uploads have distinct names (mount_iso may name one).
        raise refuse(f"invalid argument name: an ISO named {name} exists")
    item: dict[str, JSON] = {
        "id": world.next_id(),
        "name": name,
        "short_name": name,
        "iso_name": name,
        "private": world.email,
        "description": f"Uploaded from {host}",
        "admin_only": 0,
        "path": path,
        "ready_at": world.now() + DOWNLOAD_SECONDS,
    }
    world.uploaded_isos.append(item)
    listed = next(i for i in own_isos(world) if i["id"] == item["id"])
    # assumed: no source shows the reply; iso/add's item under data (S15).
    return {"result": "OK", "module": "iso", "action": "upload", "data": listed}


@route("iso", "uploaded")
def uploaded(world: World, form: Form, ctx: Ctx) -> JSON:
    del form, ctx
    # assumed: no source shows the reply; list_iso's shape (items under data).
    return ok(module="iso", action="uploaded", data=own_isos(world))
