"""The words of the status line: what is going on in the background, and how fresh the data is."""

from __future__ import annotations

from datetime import UTC, datetime

from hostkey_tui.state.state import AppState, Job, Link

#: Seconds a read tried again stays said after its new attempt went out (long enough to read).
RETRY_SHOWN = 3.0


def ago(seconds: float) -> str:
    seconds = max(0, int(seconds))
    if seconds < 60:
        return f"{seconds} s ago"
    if seconds < 3600:
        return f"{seconds // 60} min ago"
    if seconds < 86_400:
        return f"{seconds // 3600} h ago"
    return f"{seconds // 86_400} d ago"


#: Jobs that only read: quitting while they run loses nothing.
READ_KINDS = frozenset({"status", "sensors", "pin"})


def changes_under_way(state: AppState) -> list[Job]:
    """Changes sent (or being sent) whose end the app is still following."""
    return [
        job
        for job in state.jobs.values()
        if job.running and not job.quiet and job.kind not in READ_KINDS
    ]


def clock_time(at: float) -> str:
    """`03:12 UTC`: when something happened, as the journal and the jobs say it."""
    return datetime.fromtimestamp(at, UTC).strftime("%H:%M UTC")


def unsettled_text(state: AppState) -> str:
    """Changes whose reply was lost, and what the app is doing about them."""
    entries = list(state.unsettled.values())
    if not entries:
        return ""
    waiting = [e for e in entries if e.status != "checking"]
    first = entries[0].what
    if len(entries) == 1:
        head = f"outcome unknown: {first}"
    else:
        head = f"{len(entries)} changes' outcome unknown ({first}, …; 5 lists them)"
    if waiting:
        return f"{head}: invapi could not be asked yet, r asks again"
    return f"{head}: asking invapi what happened"


def status_text(state: AppState, now: float, jobs_running: int = 0) -> str:
    parts: list[str] = []
    if state.journal_problem:
        parts.append(state.journal_problem)
    unsettled = unsettled_text(state)
    if unsettled:
        parts.append(unsettled)
    link = state.connection
    if link.link is Link.UNREACHABLE:
        wait = f", retrying in {max(0, int(link.retry_at - now))} s" if link.retry_at else ""
        parts.append(f"API unreachable{wait}: {link.message}")
    elif link.link is Link.SIGNED_OUT:
        parts.append(f"not signed in: {link.message}")
    elif state.loading.active:
        parts.append(f"loading servers {state.loading.done}/{state.loading.total}")
    elif link.link is Link.CONNECTING and link.since is not None:
        waited = max(0, int(now - link.since))
        parts.append(
            f"signing in: waiting for invapi's reply ({link.message}) · {waited} s · q quits"
        )
    elif link.link is Link.CONNECTING:
        parts.append("signing in…")
    retrying = state.retrying if link.link is not Link.UNREACHABLE else None  # said above
    if retrying is not None and now <= retrying[1] + RETRY_SHOWN:
        reason, until = retrying
        seconds = int(until - now + 0.999)
        parts.append(f"{reason} Trying again" + (f" in {seconds} s" if seconds > 0 else "…"))
    if state.stale and state.cached_at is not None:
        parts.append(f"showing the cache from {ago(now - state.cached_at)}")
    elif state.refreshed_at is not None and not state.loading.active and link.link is Link.OK:
        parts.append(f"refreshed {ago(now - state.refreshed_at)}")
    if state.failed:
        parts.append(f"{len(state.failed)} could not be read")
    if jobs_running:
        parts.append(f"{jobs_running} job{'s' if jobs_running != 1 else ''} running")
    return " · ".join(parts)
