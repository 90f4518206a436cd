"""`vm.php`: a VM's snapshots and its load.

Parameter names from HOSTKEY's MCP server (`src/tools/vm.ts`): every call takes the VM's `id`,
the snapshot calls its `name` (restore and remove name the snapshot, not its `snapshot_id`).
`vm/get_snapshot` answers with an async key: the list arrives in the callback's completed reply
(beyond-the-docs §1 [S16]). `create_snapshot`, `restore_snapshot` and `remove_snapshot` are
changes: sent once, never retried (the client's change hooks journal them).
"""

from __future__ import annotations

from hostkey_tui.api.resources.base import Resource
from hostkey_tui.api.tasks import TaskHandle, TaskKind, start_task
from hostkey_tui.api.transport import FieldValue
from hostkey_tui.models.common import Obj
from hostkey_tui.models.tasks import CallbackReply, TaskState
from hostkey_tui.models.vm import VmStats, vm_stats_from_json

#: The snapshot changes, by the action each sends.
SNAPSHOT_CHANGES = ("create_snapshot", "restore_snapshot", "remove_snapshot")


class VmApi(Resource):
    resource = "vm"

    async def get_snapshot(self, server_id: int) -> TaskHandle:
        """Ask for the VM's snapshots: a handle whose completed reply (`scope`) holds the list.

        assumed: a reply that carries the list itself (no key: a synchronous invapi) is taken as
        already completed, so the caller reads it the same way.
        """
        reply = await self._call("get_snapshot", {"id": server_id})
        body = Obj(reply, "vm/get_snapshot")
        if not body.text("callback") and body.get("scope") is None:
            listed = body.get("snapshots") if body.has("snapshots") else body.get("data")
            if listed is not None:
                done = CallbackReply(TaskState.DONE, "OK", scope=listed)
                return TaskHandle(
                    "", "get_snapshot", TaskKind.OTHER, self.client.clock.now(), server_id,
                    final=done,
                )  # fmt: skip
        return await start_task(self, "get_snapshot", None, TaskKind.OTHER, server_id, reply=reply)

    async def load_stats(self, server_id: int) -> VmStats | TaskHandle:
        """The VM's load: a read (MCP registers it as one).

        assumed: no source shows whether it answers at once or with an async key; both are
        taken (a key: the caller follows it and reads the completed reply's scope).
        """
        reply = await self._call("load_stats", {"id": server_id})
        if Obj(reply, "vm/load_stats").text("callback"):
            return await start_task(
                self, "load_stats", None, TaskKind.OTHER, server_id, reply=reply
            )
        return vm_stats_from_json(reply)

    async def snapshot_change(self, action: str, server_id: int, name: str) -> TaskHandle:
        """`create_snapshot`, `restore_snapshot` or `remove_snapshot` of snapshot `name`: sent
        once; the work is followed by its async key (MCP: "status through check_task")."""
        if action not in SNAPSHOT_CHANGES:
            raise ValueError(f"not a snapshot change: {action}")
        fields: dict[str, FieldValue] = {"id": server_id, "name": name}
        reply = await self._call(action, fields)
        body = Obj(reply, f"vm/{action}")
        if not (body.text("callback") or body.text("key")):
            # A plain OK (no key to follow): taken as done, never as an unreadable reply that
            # would end "failed" and invite the same change again.
            done = CallbackReply(TaskState.DONE, "OK", scope=body.text("message") or "done")
            return TaskHandle(
                "", action, TaskKind.OTHER, self.client.clock.now(), server_id, final=done
            )
        return await start_task(self, action, None, TaskKind.OTHER, server_id, reply=reply)
