"""The words of the status line: what is going on in the background, and how fresh the data is."""

from __future__ import annotations

from hostkey_tui.state.state import AppState, Link

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


def status_text(state: AppState, now: float, jobs_running: int = 0) -> str:
    parts: list[str] = []
    link = state.connection
    if link.link is Link.UNREACHABLE:
        wait = f", retrying in {max(0, int(link.retry_at - now))} s" if link.retry_at else ""
        parts.append(f"API unreachable{wait}: {link.message}")
    elif link.link is Link.SIGNED_OUT:
        parts.append(f"not signed in: {link.message}")
    elif state.loading.active:
        parts.append(f"loading servers {state.loading.done}/{state.loading.total}")
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
