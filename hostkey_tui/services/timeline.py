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
)
from hostkey_tui.records import dataclass
from hostkey_tui.services.audit import Entry, Journal
from hostkey_tui.services.changes import server_of
from hostkey_tui.services.context import Services

#: Journal lines read back for a timeline (the newest; older ones are in the journal file).
JOURNAL_LINES = 20_000


@dataclass(frozen=True, slots=True)
class Timeline:
    events: tuple[Event, ...]
    #: What could not be read, in words ("" each part that could).
    problems: tuple[str, ...] = ()


#: The journal as last read, by its file's (path, mtime, size): a timeline opened for each
#: server, or drawn again on each new state, reads the file once while it does not change.
_read: dict[Path, tuple[tuple[int, int] | None, list[Entry], int]] = {}


def _entries(journal: Journal) -> tuple[list[Entry], int]:
    """The journal's newest lines, oldest first, and how many could not be read."""
    stat = _stat(journal.path)
    held = _read.get(journal.path)
    if held is not None and held[0] == stat and stat is not None:
        return held[1], held[2]
    entries = list(reversed(journal.entries(JOURNAL_LINES)))
    _read.clear()  # one journal at a time: the account's (or the demo's)
    _read[journal.path] = (stat, entries, journal.skipped)
    return entries, journal.skipped


def about_server(entry: Entry, server_id: int) -> bool:
    """Whether a journal line is about this server: a change's targets name it ("web-01
    (40052)", "server 40052"), or a request's `id` is a server's (never a key's, a record's
    or a domain's id that happens to be the same number)."""
    tail, bare = f"({server_id})", f"server {server_id}"
    if any(t.endswith(tail) or t == bare for t in entry.targets):
        return True
    return bool(entry.endpoint) and server_of(entry.endpoint, dict(entry.about)) == server_id


def journal_events(services: Services, server_id: int) -> tuple[list[Event], int]:
    """This account's changes of the server, and how many journal lines could not be read."""
    journal = services.journal
    if journal is None:
        return [], 0
    entries, skipped = _entries(journal)
    lines = [
        JournalLine(e.at, e.action, e.outcome, e.message, e.change)
        for e in entries
        if e.profile == services.profile and about_server(e, server_id)
    ]
    return from_journal(lines, services.clock.now()), skipped


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
        tuple(j for j in state.jobs.values() if j.server_id == server_id),
        billing.related.get(server_id),
        billing.cancellations.get(server_id),
        int(services.clock.now() // 86_400),  # "overdue since" counts days
    )


def timeline(services: Services, server_id: int) -> Timeline:
    """What is known of `server_id`, newest first (reads only local files and the state)."""
    state = services.store.state
    problems: list[str] = []
    journal, skipped = journal_events(services, server_id)
    if skipped:
        problems.append(f"Not shown: {skipped} journal lines that could not be read.")
    stages: list[Event] = []
    for job in state.jobs.values():
        if job.server_id == server_id and not job.quiet and job.stage_times:
            stages += from_stages(job.title, job.stage_times, STAGE_NAMES)
    seen: Sequence[Event] = ()
    log = services.sightings
    if log is not None:
        seen = from_sightings(log.of(server_id), journal)
        if log.problem:
            problems.append(f"Changes seen on refresh are not being kept: {log.problem}.")
    today = datetime.fromtimestamp(services.clock.now(), UTC).date()
    related = state.billing.related.get(server_id)
    credit = state.account.credit
    invoices = from_invoices(related or (), today, credit.currency if credit else "")
    cancellation = from_cancellation(state.billing.cancellations.get(server_id))
    return Timeline(
        tuple(newest_first(journal, stages, seen, invoices, cancellation)), tuple(problems)
    )
