"""The keys of the jobs section, by scope (see `ui.kit.keys`)."""

from __future__ import annotations

from hostkey_tui.ui.kit.keys import Key

JOBS: tuple[Key, ...] = (
    Key(
        id="jobs.open",
        key="enter",
        action="open",
        description="Open",
        help="Open the server of this job",
    ),
    Key(
        id="jobs.quiet",
        key="h",
        action="toggle_quiet",
        description="Routine",
        help="Show or hide routine reads (sensor polling)",
    ),
    Key(
        id="jobs.export",
        key="e",
        action="export",
        description="Export",
        help="Save a copy of the audit journal to the downloads folder",
    ),
    Key(
        id="jobs.switch",
        key="tab",
        action="switch_table",
        description="Journal",
        help="Between the jobs and the audit journal",
    ),
)

#: Every key of this package, for the registry.
KEYS: tuple[Key, ...] = JOBS
