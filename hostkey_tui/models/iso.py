"""The customer's own ISO images: uploading one from a URL (`iso/upload`), the list of those
uploaded (`iso/uploaded`), and whether one can be mounted yet.

What is known (beyond-the-docs.md §6 [S15, S5 `iso.ts`]): `upload` takes `url` and `name`;
`uploaded` lists what the customer uploaded; an item has `id`, `name`, `short_name`,
`iso_name`, `private` (the owner's e-mail), `description`, `admin_only` and `status`, which
reads `Pending` until HOSTKEY has downloaded the image. Which word says "ready" is not known:
only the known not-yet and failed words keep one from being mounted; invapi decides the rest.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from hostkey_tui.models.common import Obj, objs_of, total
from hostkey_tui.models.network import IsoImage

#: The longest URL sent (a sane bound: a typed URL, never a data blob).
URL_MOST = 2000
#: The longest name sent (no source says invapi's limit).
NAME_MOST = 64
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 ._+()-]*$")
#: Status words of an upload HOSTKEY has not finished downloading (S15 shows `Pending`; the
#: others are the same state in other words, kept from being mounted alike).
NOT_YET = frozenset({"pending", "downloading", "uploading", "queued", "processing", "new"})
#: Status words of an upload that will not become ready.
FAILED = frozenset({"error", "failed", "fail", "broken", "invalid"})


def check_iso_url(text: str) -> str | None:
    """Why `text` is not a URL HOSTKEY could download an ISO from (None: it is one)."""
    url = text.strip()
    if not url:
        return "The URL of the ISO image is needed."
    if len(url) > URL_MOST:
        return f"At most {URL_MOST} characters."
    if any(c.isspace() or ord(c) < 32 or ord(c) == 127 for c in url):
        return "No spaces or control characters in a URL."
    try:
        parts = urlsplit(url)
        port = parts.port  # raises on a port that is not a number
    except ValueError:
        return "Not a URL."
    del port
    if parts.scheme.lower() not in ("http", "https"):
        return "An http:// or https:// address: HOSTKEY downloads it from there."
    if not parts.hostname or "." not in parts.hostname.strip("."):
        return "The URL needs a host HOSTKEY can reach (example.com)."
    if parts.username is not None or parts.password is not None:
        # It would be kept by invapi and shown in its lists: never sent.
        return "No user name or password in the URL: give a link that needs none."
    return None


def shown_url(url: str) -> str:
    """The URL as the app says it (dialogs, jobs, journal): scheme, host and path only; a
    query may hold a signed link's token, so it is never shown."""
    parts = urlsplit(url.strip())
    query = "?…" if parts.query else ""
    return f"{parts.scheme}://{parts.hostname or ''}{parts.path}{query}"


def default_name(url: str) -> str:
    """A name for an upload when none is typed: the URL's file name."""
    last = urlsplit(url.strip()).path.rstrip("/").rpartition("/")[2]
    kept = "".join(c for c in last if c.isalnum() or c in "._+-()")[:NAME_MOST]
    return kept if kept and kept[0].isalnum() else "my-image.iso"


def check_iso_name(text: str) -> str | None:
    """Why `text` is not a name for an uploaded ISO (None: it is one; empty: the URL's)."""
    name = text.strip()
    if not name:
        return None
    if len(name) > NAME_MOST:
        return f"At most {NAME_MOST} characters."
    if not _NAME.match(name):
        return "Letters, digits, spaces and . _ + - ( ), starting with a letter or digit."
    return None


def _iso(o: Obj) -> IsoImage:
    return IsoImage(
        id=o.int("id"),
        name=o.text("name"),
        short_name=o.text("short_name"),
        iso_name=o.text("iso_name"),
        description=o.text("description"),
        status=o.text("status"),
        own=True,
    )


@total("iso/uploaded")
def uploaded_from_json(data: object) -> tuple[IsoImage, ...]:
    """The customer's uploads, under `data` (as list_iso's items) or `isos`.

    # assumed: no source shows the reply; list_iso's shape, as iso/add returns its item.
    """
    reply = Obj(data, "iso/uploaded")
    items = reply.get("data") if reply.get("data") is not None else reply.get("isos")
    return tuple(_iso(o) for o in objs_of(items, "iso/uploaded") if o.text("name") or o.int("id"))


@total("iso/upload")
def upload_from_json(data: object) -> IsoImage | None:
    """The upload invapi recorded, when its reply names it (as iso/add does, under `data`);
    None when it does not: the list says it, read again."""
    reply = Obj(data, "iso/upload")
    inner = reply.get("data")
    if isinstance(inner, dict):
        return _iso(Obj(inner, "iso/upload.data"))
    return None


def not_mountable(iso: IsoImage) -> str | None:
    """Why this ISO cannot be mounted now (None: it can be tried). Only one's own uploads are
    held back: the library's status words are not known to mean anything to a mount."""
    if not iso.own:
        return None
    word = iso.status.strip().lower()
    name = iso.name or iso.iso_name
    if word in NOT_YET:
        return (
            f"{name} is still {iso.status}: HOSTKEY has not finished downloading it. "
            "Read the list again (r) in a while; nothing was sent."
        )
    if word in FAILED:
        return (
            f"{name} is {iso.status}: HOSTKEY could not download it. Upload it again from a "
            "link that works; nothing was sent."
        )
    return None


def merged(library: tuple[IsoImage, ...], own: tuple[IsoImage, ...]) -> tuple[IsoImage, ...]:
    """The library's ISOs, then the customer's own; one listed by both (list_iso may hold the
    customer's private ones too) appears once, as theirs."""
    own_ids = {i.id for i in own if i.id is not None}
    kept = tuple(i for i in library if i.id is None or i.id not in own_ids)
    return (*kept, *own)
