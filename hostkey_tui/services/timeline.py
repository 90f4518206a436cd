"""A server's timeline: the journal's changes of it (this account's), its jobs' install stages,
the changes seen on refresh (kept between runs), its invoices and its cancellation request,
newest first. Each part that cannot be read is said, and the others still shown."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from hostkey_tui.models.tasks import STAGE_NAMES
from hostkey_tui.models.timeline import (
    Event,
    JournalLine,
    from_cancellation,
    from_invoices,
    from_journal,
    from_sightings,
    from_stages,
    newest_first,
    targets_server,
)
from hostkey_tui.records import dataclass
from hostkey_tui.services.context import Services

#: Journal lines read back for a timeline (the newest; older ones are in the journal file).
JOURNAL_LINES = 20_000


@dataclass(frozen=True, slots=True)
class Timeline:
    events: tuple[Event, ...]
    #: What could not be read, in words ("" each part that could).
    problems: tuple[str, ...] = ()


def journal_events(services: Services, server_id: int) -> list[Event]:
    journal = services.journal
    if journal is None:
        return []
    lines = [
        JournalLine(e.at, e.action, e.outcome, e.message, e.change)
        for e in reversed(journal.entries(JOURNAL_LINES))
        if e.profile == services.profile and targets_server(e.targets, e.about, server_id)
    ]
    return from_journal(lines)


def _stat(path: Path | None) -> tuple[int, int] | None:
    if path is None:
        return None
    try:
        info = path.stat()
    except OSError:
        return None
    return (info.st_mtime_ns, info.st_size)


def sources(services: Services, server_id: int) -> tuple[object, ...]:
    """What a timeline is made of, cheaply compared: equal sources make an equal timeline (a
    refresh of a thousand servers does not read the journal a thousand times)."""
    state = services.store.state
    billing = state.billing
    return (
        _stat(services.journal.path if services.journal else None),
        _stat(services.sightings.path if services.sightings else None),
        state.jobs,
        billing.related.get(server_id),
        billing.cancellations.get(server_id),
        int(services.clock.now() // 86_400),  # "overdue since" counts days
    )


def timeline(services: Services, server_id: int) -> Timeline:
    """What is known of `server_id`, newest first (reads only local files and the state)."""
    state = services.store.state
    problems: list[str] = []
    journal = journal_events(services, server_id)
    if services.journal is not None and services.journal.skipped:
        problems.append(f"{services.journal.skipped} journal lines could not be read")
    stages: list[Event] = []
    for job in state.jobs.values():
        if job.server_id == server_id and not job.quiet and job.stage_times:
            stages += from_stages(job.title, job.stage_times, STAGE_NAMES)
    seen: Sequence[Event] = ()
    log = services.sightings
    if log is not None:
        seen = from_sightings(log.of(server_id), journal)
        if log.problem:
            problems.append(f"changes seen on refresh are not being kept: {log.problem}")
    today = datetime.fromtimestamp(services.clock.now(), UTC).date()
    related = state.billing.related.get(server_id)
    credit = state.account.credit
    invoices = from_invoices(related or (), today, credit.currency if credit else "")
    cancellation = from_cancellation(state.billing.cancellations.get(server_id))
    return Timeline(
        tuple(newest_first(journal, stages, seen, invoices, cancellation)), tuple(problems)
    )
