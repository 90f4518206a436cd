"""`q` while changes are under way: asked first, since quitting stops following them."""

from __future__ import annotations

from hostkey_tui.state.state import Job
from hostkey_tui.ui.host import Host
from hostkey_tui.ui.kit.modals.confirm import ConfirmModal, ConfirmTarget
from hostkey_tui.ui.kit.status import changes_under_way


def under_way(host: Host) -> list[Job]:
    """Jobs still running, and changes that are no job (a payment, a record, a key) still
    waiting for their answer."""
    jobs = changes_under_way(host.state)
    if host.services is not None:
        jobs += [
            Job(change, "change", "", what, None, 0.0)
            for change, what in host.services.changes.in_flight.items()
        ]
    return jobs


async def quit_anyway(host: Host, jobs: list[Job]) -> bool:
    """Whether the user quits although these are under way."""
    count = len(jobs)
    answer: bool = await host.push_screen_wait(
        ConfirmModal(
            f"{count} change{'s are' if count != 1 else ' is'} under way. Quit anyway?",
            [ConfirmTarget(j.server_id or 0, j.title) for j in jobs[:8]],
            button="Quit",
            warning=(
                "They go on at invapi; the app stops following them. The journal keeps "
                "each one, and the next start asks invapi what became of those whose "
                "answer had not come."
            ),
        )
    )
    return bool(answer)
