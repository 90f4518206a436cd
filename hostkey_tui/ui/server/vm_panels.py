"""What the Snapshots tab and a VM's Sensors tab say: pure drawing, from what was read.

invapi's words (snapshot names, figures) are hostile text: they go in as literals, never markup.
"""

from __future__ import annotations

from textual.content import Content

from hostkey_tui.models.server import Server
from hostkey_tui.models.vm import Snapshot, VmStats
from hostkey_tui.ui.kit.status import ago
from hostkey_tui.ui.kit.text import fit, line, literal
from hostkey_tui.ui.server.tabs.base import Row

#: Bare metal has no snapshots: said in the tab rather than a tab that does nothing.
BARE_METAL = (
    "Snapshots are for VMs: {name} is bare metal. Its disks are its own; back up from the "
    "server itself, or reinstall (the Reinstall tab) wipes them."
)


def snapshot_rows(listed: tuple[Snapshot, ...]) -> tuple[Row, ...]:
    return tuple(
        (
            s.name,
            (
                (fit(s.name, 40), "bold"),
                (fit(s.created or "—", 20), ""),
                (fit(s.size or "not said", 12), "" if s.size else "dim"),
            ),
        )
        for s in listed
    )


def snapshots_note(
    server: Server,
    listed: tuple[Snapshot, ...] | None,
    *,
    error: str,
    reading: bool,
    read_only: bool,
    busy: bool,
) -> Content:
    """Above the list: what it is, how it stands, and what the keys do now."""
    if not server.kind.is_virtual:
        return literal(BARE_METAL.format(name=server.hostname), "dim")
    parts: list[Content] = []
    if error:
        # A failed read is never "no snapshots": said as such, r asks again.
        parts.append(
            literal(f"The snapshots could not be read: {error} (r reads again)", "bold yellow")
        )
    elif listed is None or reading:
        parts.append(
            literal("reading the snapshots (the list comes through invapi's callback)…", "dim")
        )
    elif not listed:
        parts.append(literal(f"{server.hostname} has no snapshots.", "dim"))
    else:
        count = len(listed)
        parts.append(
            line(
                (f"{count} snapshot{'s' if count != 1 else ''}", "bold"),
                (" of the VM's disk", "dim"),
            )
        )
    if read_only:
        keys = "Read-only: snapshots are listed, never taken, restored or removed."
    elif busy:
        keys = "A snapshot change is under way: its result comes first."
    else:
        keys = (
            "n: take a snapshot (named, PIN) · R: restore the VM from the one under the cursor "
            "(the hostname typed) · delete: remove it (its name typed; the VM powered off)"
        )
    parts.append(literal(keys, "dim"))
    return Content("\n").join(parts)


def vm_stats_panel(
    stats: VmStats | None, at: float | None, now: float, interval: int, error: str
) -> Content:
    """A VM's load as invapi gave it, live while the Sensors tab is open."""
    rows = [literal("VM load (vm/load_stats): a VM has no IPMI sensors", "bold")]
    if stats is None:
        if error:
            rows.append(literal(f"The load could not be read: {error}", "bold yellow"))
        else:
            rows.append(literal("reading the VM's load…", "dim"))
        return Content("\n").join(rows)
    age = now - at if at is not None else 0.0
    if error:
        rows.append(
            literal(f"STALE: read {ago(age)}; the last attempt failed: {error}", "bold yellow")
        )
    else:
        rows.append(literal(f"read {ago(age)} · every {interval} s while this tab is open", "dim"))
    width = min(28, max(len(name) for name, _ in stats.figures) + 1)
    for name, value in stats.figures:
        label = fit(name.replace("_", " "), width).ljust(width + 1)
        rows.append(line("  ", label, (value, "bold")))
    return Content("\n").join(rows)
