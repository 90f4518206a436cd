"""Rename a server: its name at HOSTKEY (`eq/rename_server`, as HOSTKEY's Terraform provider
does), which eq/show then gives in its `hostname` tag. The name on the server's own system is
not touched: invapi cannot reach it.

The name is checked before anything is sent (RFC 1123: letters, digits and '-' in labels of 63
at most, 253 in all); the request is sent once and never resent. invapi's reply says nothing of
the new name, so the server is read back and what eq/show then shows is said; when the reply
was lost, that read is how the user learns whether it happened (the change stays "unknown"
for the guard until `reconcile` has asked too).
"""

from __future__ import annotations

import contextlib
import re

from hostkey_tui.api import ApiError, InvapiError, ReplyLost
from hostkey_tui.records import dataclass
from hostkey_tui.services.context import Services, outcome_of
from hostkey_tui.services.servers import refresh_server
from hostkey_tui.services.tags import read_tags

#: RFC 1123 (and 952): a whole name of 253 characters at most, labels of 63.
HOSTNAME_MAX = 253
LABEL_MAX = 63
_LABEL = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?")
_ALLOWED = re.compile(r"[A-Za-z0-9.-]*")


@dataclass(frozen=True, slots=True)
class Renamed:
    """What became of a rename: "done" (invapi answered) or "unknown" (its reply was lost)."""

    server_id: int
    asked: str
    #: The name eq/show gives after it ("" when it could not be read back).
    shown: str
    outcome: str
    message: str

    @property
    def confirmed(self) -> bool:
        """eq/show gives the name asked for."""
        return same_name(self.shown, self.asked)


def same_name(a: str, b: str) -> bool:
    """Hostnames compare without case (DNS does, and so does HOSTKEY's Terraform provider)."""
    return bool(a) and a.strip().lower() == b.strip().lower()


def hostname_problem(name: str) -> str | None:
    """Why `name` cannot be a server's hostname (RFC 1123), or None when it can."""
    if not name:
        return "A hostname is needed."
    if len(name) > HOSTNAME_MAX:
        return f"At most {HOSTNAME_MAX} characters (this one has {len(name)})."
    if not _ALLOWED.fullmatch(name):
        return "Letters a-z, digits, '-' and '.' only (RFC 1123): no spaces or other signs."
    if name.endswith("."):
        return "No dot at the end."
    for label in name.split("."):
        if not label:
            return "No empty part between dots."
        if len(label) > LABEL_MAX:
            return f"Each part between dots is {LABEL_MAX} characters at most."
        if not _LABEL.fullmatch(label):
            return "A part between dots may not begin or end with '-'."
    return None


async def rename_server(services: Services, server_id: int, hostname: str) -> Renamed:
    """Send `eq/rename_server` once, then read the server back and say what it shows.

    Raises:
        ReadOnlyRefused: the session is read-only (nothing sent).
        ApiError: the name is not a hostname, or is already the server's (nothing sent); or
            invapi refused it.
        InvapiError: invapi refused it, or it could not be sent.
    """
    services.ensure_writable("Renaming a server")
    name = hostname.strip()
    problem = hostname_problem(name)
    if problem:
        raise ApiError(f"{problem} Nothing was sent.", title="Not sent")
    known = services.store.state.servers.get(server_id)
    old = known.hostname if known is not None else f"server {server_id}"
    if known is not None and known.hostname == name:
        raise ApiError(f"{name} is its name already. Nothing was sent.", title="Not sent")
    label = (f"{old} ({server_id})",)
    try:
        await services.client.eq.rename_server(server_id, name)
    except ReplyLost as error:
        services.audit("rename", label, "unknown", f"to {name}: {error.message}")
        shown = await _read_back(services, server_id)
        return Renamed(server_id, name, shown, "unknown", _lost(name, shown))
    except InvapiError as error:
        services.audit("rename", label, outcome_of(error), f"to {name}: {error.message}")
        raise
    services.audit("rename", label, "done", f"to {name}")
    shown = await _read_back(services, server_id)
    if same_name(shown, name):
        said = f"{old} is now {shown}."
    elif shown:
        # Terraform met this too: rename_server answered, and eq/show kept the old name a while
        said = f"invapi took the name {name}, but eq/show still gives {shown}: r reads it again."
    else:
        said = f"invapi took the name {name}; the server could not be read back (r tries again)."
    return Renamed(server_id, name, shown, "done", said)


def _lost(name: str, shown: str) -> str:
    if same_name(shown, name):
        return f"The reply was lost, but eq/show now gives {shown}: the rename happened."
    if shown:
        return (
            f"The reply was lost, and eq/show still gives {shown}: the rename may not have "
            "happened, or not be shown yet. It was not sent again; r reads the server again."
        )
    return (
        "The reply was lost, and the server could not be read back: the rename may have "
        "happened. It was not sent again; r reads the server again."
    )


async def _read_back(services: Services, server_id: int) -> str:
    """eq/show (the list, the header and the detail follow it through ServersLoaded) and
    tags/list (the Tags tab's hostname tag); a read that fails is not the rename failing."""
    shown = ""
    with contextlib.suppress(InvapiError):
        shown = (await refresh_server(services, server_id)).hostname
    with contextlib.suppress(InvapiError):
        await read_tags(services, server_id)
    return shown
