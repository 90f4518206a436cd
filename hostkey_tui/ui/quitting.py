"""`q` while changes are under way: asked first, since quitting stops following them."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import TYPE_CHECKING

from hostkey_tui.services.context import Services
from hostkey_tui.services.session import sign_out
from hostkey_tui.state.state import Job
from hostkey_tui.ui.host import Host
from hostkey_tui.ui.kit.modals.confirm import ConfirmModal, ConfirmTarget
from hostkey_tui.ui.kit.status import changes_under_way

if TYPE_CHECKING:
    from hostkey_tui.ui.fleet import Fleet


def under_way(host: Host, others: list[Services] | None = None) -> list[Job]:
    """Jobs still running, and changes that are no job (a payment, a record, a key) still
    waiting for their answer: the app's account's, and those of the fleet's `others`."""
    jobs = changes_under_way(host.state)
    for services in others or []:
        jobs += changes_under_way(services.store.state)
    every = [host.services, *(others or [])]
    for one in every:
        if one is not None:
            jobs += [
                Job(change, "change", "", what, None, 0.0)
                for change, what in one.changes.in_flight.items()
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


class Quitting:
    """`q`: sign out (best effort, briefly) and quit; asked first while changes are under way."""

    def __init__(self, host: Host, leave: Callable[[], object], fleet: Fleet | None = None) -> None:
        self.host = host
        self.leave = leave
        self.fleet = fleet
        self._asking = False

    async def quit(self) -> None:
        jobs = under_way(self.host, self.fleet.others() if self.fleet is not None else None)
        if jobs and not self._asking:
            self._asking = True
            self.host.run_worker(self._ask(jobs), group="quit", exit_on_error=False)
            return
        await self._sign_out_and_leave()

    async def _ask(self, jobs: list[Job]) -> None:
        try:
            leave = await quit_anyway(self.host, jobs)
        finally:
            self._asking = False
        if leave:
            await self._sign_out_and_leave()

    async def _sign_out_and_leave(self) -> None:
        closing = [self.fleet.close()] if self.fleet is not None else []
        if self.host.services is not None:
            closing.append(sign_out(self.host.services))
        await asyncio.gather(*closing)
        self.leave()
