"""Changes whose outcome is unknown: recorded when a reply is lost, gone once invapi was asked."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from types import MappingProxyType

from hostkey_tui.models.tasks import TaskState
from hostkey_tui.state.events import ChangeSettled, ChangeUnsettled, JournalFailed
from hostkey_tui.state.state import AppState, Job

ChangeEvent = ChangeUnsettled | ChangeSettled | JournalFailed
#: Settled changes kept for the Jobs screen.
SETTLED_KEPT = 20


def reduce_changes(state: AppState, event: ChangeEvent) -> AppState:
    match event:
        case ChangeUnsettled(entry):
            if state.unsettled.get(entry.key) == entry:
                return state
            return replace(state, unsettled=MappingProxyType({**state.unsettled, entry.key: entry}))
        case ChangeSettled(key, found):
            if key not in state.unsettled:
                return state
            left = {k: v for k, v in state.unsettled.items() if k != key}
            what = state.unsettled[key].what
            return replace(
                state,
                unsettled=MappingProxyType(left),
                jobs=_jobs_told(state, key, found),
                settled=(*state.settled, (what, found))[-SETTLED_KEPT:],
                settled_count=state.settled_count + 1,
            )
        case JournalFailed(message):
            if state.journal_problem == message:
                return state
            return replace(state, journal_problem=message)


def _jobs_told(state: AppState, key: str, found: str) -> Mapping[str, Job]:
    """A job that ended "unknown" for this target says what invapi was found to have done."""
    target = key.partition(":")[2]
    group = key.partition(":")[0]
    action = state.unsettled[key].endpoint.partition("/")[2]
    jobs = dict(state.jobs)
    for job_id, job in state.jobs.items():
        if job.state is not TaskState.UNKNOWN or job.message.startswith("checked:"):
            continue
        # the job of that change only: a power key tells power jobs, an install key installs,
        # an order its deploy, any other the jobs of that very action
        if group == "power":
            same_kind = job.kind == "power"
        elif group == "install":
            same_kind = job.kind == "install"
        elif group == "order":
            same_kind = job.kind == "deploy" and job.server_id is None
        else:
            same_kind = job.action == action
        same_target = str(job.server_id) == target if job.server_id is not None else True
        if same_kind and same_target:
            # what was found comes first: a narrow Result column still shows it
            jobs[job_id] = replace(job, message=f"checked: {found} (reply lost: {job.message})")
    return MappingProxyType(jobs)
