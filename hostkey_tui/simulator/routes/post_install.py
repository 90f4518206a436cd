"""`jenkins/call`: a post-install task (GPU drivers) run on a server after a reinstall.

The documentation's PXE way runs it after booting from disk, before `eq/clear_pxe`, and lists
the tasks with `jenkins/get_tasks`, tagged with the kinds of server they fit. Nothing shows
`call`'s parameters or reply: the server's `id` and the task's id under `jenkins_task` (the name
`eq/order_instance` documents for the same values), answered with an async key.
"""

from __future__ import annotations

from hostkey_tui.simulator.routes import Ctx, callback, context, refuse, route, server_arg
from hostkey_tui.simulator.world import JSON, Form, World

#: How long a task runs.
# assumed: no source says; a driver install takes minutes.
RUN_SECONDS = 240.0


@route("jenkins", "call")
def call(world: World, form: Form, ctx: Ctx) -> JSON:
    server = server_arg(world, form, ctx)
    task_id = form.int("jenkins_task")
    task = next((t for t in world.catalog.jenkins_tasks if t.get("id") == task_id), None)
    if task is None or task_id == -1:
        # assumed: the wording, as the documented `invalid argument iso_name` (S15).
        raise refuse("invalid argument jenkins_task")
    raw_tags = task.get("tags")
    tags = (
        {t.get("tag") for t in raw_tags if isinstance(t, dict)}
        if isinstance(raw_tags, list)
        else set()
    )
    if tags and server.kind not in tags:
        # assumed: the documentation says to offer a task only to the servers its tags fit.
        raise refuse(f"Task {task_id} does not fit server {server.id} ({server.kind})")
    if server.installing is not None:
        # assumed: a task needs the installed system; one being installed is not there yet.
        raise refuse(f"Server {server.id} is being installed: wait for the install to end")
    started = {
        "result": "Stage",
        "scope": f"{task.get('desc', 'task')} started",
        "context": context(ctx, server),
    }
    final = {
        "result": "OK",
        "scope": f"{task.get('desc', 'task')} done",
        "context": context(ctx, server),
        "debug": "",
    }
    return callback(world, ctx, server.id, [(5.0, started), (RUN_SECONDS, final)])
