"""The PXE way's post-install step: which task to run (`jenkins/get_tasks`, the ones this kind
of server fits), or none. Nothing is sent here; the step's confirmation follows."""

from __future__ import annotations

from typing import TYPE_CHECKING

from hostkey_tui.api import InvapiError
from hostkey_tui.models.catalog import JenkinsTask
from hostkey_tui.models.orders import JENKINS_NOTHING
from hostkey_tui.models.server import Server
from hostkey_tui.services.post_install import tasks_for
from hostkey_tui.ui.kit.modals.choose import Choice, ChooseOne

if TYPE_CHECKING:
    from hostkey_tui.ui.host import Host

NONE_KEY = str(JENKINS_NOTHING)


async def choose_task(app: Host, server: Server) -> tuple[bool, JenkinsTask | None]:
    """(went on, the task): (False, None) when the user gave up or the list could not be
    read; (True, None) for none."""
    services = app.services
    if services is None:
        return False, None
    unread = ""
    try:
        offered = await tasks_for(services, server.kind)
    except InvapiError as error:
        # Never taken as "no task fits": said in the menu, which still offers "None" so that the
        # PXE way can go on to clear its config (x asks again for the list).
        offered, unread = (), error.message
    choices = [Choice(NONE_KEY, "None", "pass the step, send nothing")]
    choices += [Choice(str(t.id), f"Task {t.id}", t.description or t.task) for t in offered]
    title = f"Post-install task for {server.hostname} ({server.kind.label})"
    if unread:
        title += f": the task list could not be read ({unread}); esc and x read it again"
    picked = await app.push_screen_wait(ChooseOne(title, choices))
    if picked is None:
        return False, None
    return True, next((t for t in offered if str(t.id) == picked), None)
