"""`jenkins.php`'s one change: `call`, running a post-install task (GPU drivers) on a server.

The documentation's PXE way (api-documentation.txt, "Actions to take before starting the OS
installation" and the list after the install stages) runs "an extra Jenkins task on a server
(i.e. install GPU drivers)" after booting from the disk again and before clearing the PXE
config; `jenkins/get_tasks` lists the tasks (read by `CatalogApi.jenkins_tasks`). No source
shows `call`'s parameters or reply: the server's `id`, and the task's id under `jenkins_task`,
the name `eq/order_instance` documents for the same value (1, 2, 3; -1 "do nothing").
"""

from __future__ import annotations

from hostkey_tui.api.resources.base import Resource
from hostkey_tui.api.tasks import TaskHandle, TaskKind, start_task
from hostkey_tui.models.common import Obj


class JenkinsApi(Resource):
    resource = "jenkins"

    async def call(self, server_id: int, task_id: int) -> TaskHandle | None:
        """Run post-install task `task_id` on the server. Not idempotent (it would run twice):
        sent once, never retried. Its handle when invapi answers with an async key (followed
        as a job); None when it answers a plain OK.
        """
        reply = await self._call("call", {"id": server_id, "jenkins_task": task_id})
        found = Obj(reply, "jenkins/call")
        if not (found.text("callback") or found.text("key")):
            return None
        return await start_task(self, "call", None, TaskKind.INSTALL, server_id, reply=reply)
