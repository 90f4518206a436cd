"""A VM's snapshots (`vm/get_snapshot`) and its load (`vm/load_stats`).

What is known (HOSTKEY's MCP server, `src/tools/vm.ts`; beyond-the-docs §1 [S16]): the list
holds each snapshot's name, `snapshot_id` and date, and arrives through the async callback, not
in the first reply; `load_stats` is a read whose reply no source shows. Every shape beyond that
is assumed, and the parsers take the likely ones: a list under `scope`, `snapshots` or `data`, or
JSON text of one.
"""

from __future__ import annotations

import re

from hostkey_tui.models.common import Obj, as_list, as_text, decode_json_text, total
from hostkey_tui.models.errors import MalformedReply
from hostkey_tui.records import dataclass

#: What a snapshot's name may be here.
# assumed: no source states invapi's rule; a safe subset that a shell, a URL and a file name all
# keep as it is, so what is typed is what invapi gets and what is typed back to remove it.
NAME_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,62}")


def name_problem(name: str) -> str | None:
    """Why `name` cannot be a snapshot's name here (None: it can)."""
    if not NAME_PATTERN.fullmatch(name):
        return "1-63 letters, digits, '.', '_' or '-', starting with a letter or digit."
    return None


@dataclass(frozen=True, slots=True)
class Snapshot:
    """One snapshot of a VM, as invapi named it."""

    name: str
    snapshot_id: str = ""
    created: str = ""
    #: As invapi wrote it ("" when it said nothing: no source shows a size).
    size: str = ""


def _snapshot(item: object, where: str) -> Snapshot | None:
    if isinstance(item, str):
        name = as_text(item, single_line=True).strip()
        return Snapshot(name) if name else None
    entry = Obj(item, where)
    name = entry.text("name") or entry.text("snapshot_name") or entry.text("snapshot")
    if not name.strip():
        return None
    return Snapshot(
        name=name.strip(),
        snapshot_id=entry.text("snapshot_id") or entry.text("id"),
        created=entry.text("date") or entry.text("created") or entry.text("created_at"),
        size=entry.text("size"),
    )


def _listed(value: object) -> object | None:
    """The list inside `value`, wherever invapi may have put it (None: there is none)."""
    if isinstance(value, str):
        decoded = decode_json_text(value)
        if not isinstance(decoded, list | dict):
            return None
        value = decoded
    if isinstance(value, list):
        return value
    if isinstance(value, dict):
        for key in ("snapshots", "data", "list", "scope"):
            inner = _listed(value.get(key))
            if inner is not None:
                return inner
    return None


@total("vm/get_snapshot")
def snapshots_from_json(data: object) -> tuple[Snapshot, ...]:
    """The snapshots in a completed reply (its `scope`) or a reply that carried the list.

    # assumed: no source shows the reply; MCP's vm.ts says it holds name, snapshot_id and date.
    # A reply with no list at all is not read as "none" (a failed read is never zero).
    """
    found = _listed(data)
    if found is None:
        raise MalformedReply("no list of snapshots in the reply", where="vm/get_snapshot")
    snapshots: list[Snapshot] = []
    for item in as_list(found):
        snapshot = _snapshot(item, "vm/get_snapshot[]")
        if snapshot is not None and all(s.name != snapshot.name for s in snapshots):
            snapshots.append(snapshot)
    return tuple(snapshots)


@dataclass(frozen=True, slots=True)
class VmStats:
    """A VM's load as invapi gave it: each figure's name and value, in the reply's order."""

    figures: tuple[tuple[str, str], ...]


_SKIP = frozenset({"result", "action", "key", "callback", "context", "debug", "id", "code"})


def _figures(value: object, prefix: str, out: list[tuple[str, str]]) -> None:
    if isinstance(value, dict):
        for name, inner in value.items():
            label = f"{prefix}{as_text(name, single_line=True)[:40]}"
            if not prefix and label in _SKIP:
                continue
            _figures(inner, f"{label} ", out)
    elif isinstance(value, list):
        for index, inner in enumerate(value[:16]):
            _figures(inner, f"{prefix}{index + 1} ", out)
    elif value is not None and len(out) < 48:
        out.append((prefix.strip() or "value", as_text(value, single_line=True)[:60]))


@total("vm/load_stats")
def vm_stats_from_json(data: object) -> VmStats:
    """Every figure of the reply, under `stats`, `data` or `scope` or the reply itself.

    # assumed: no source shows the reply (MCP's vm.ts only names the call), so nothing is
    # read by a name: what invapi gives is shown as it gives it, nested names joined.
    """
    reply = Obj(data, "vm/load_stats")
    body: object = reply.raw
    for key in ("stats", "data", "scope"):
        inner = reply.get(key)
        if isinstance(inner, str):
            inner = decode_json_text(inner)
        if isinstance(inner, dict | list):
            body = inner
            break
    figures: list[tuple[str, str]] = []
    _figures(body, "", figures)
    if not figures:
        raise MalformedReply("no figures in the reply", where="vm/load_stats")
    return VmStats(tuple(figures))
