"""IPMI sensor readings (bare metal): one request in flight per server at most."""

from __future__ import annotations

import asyncio

from hostkey_tui.api import InvapiError
from hostkey_tui.models.sensors import parse_sensor_table
from hostkey_tui.models.tasks import TaskState
from hostkey_tui.services.context import Services
from hostkey_tui.services.jobs import end_job, follow, new_job
from hostkey_tui.state.events import SensorsFailed, SensorsRead


async def read_sensors(services: Services, server_id: int, hostname: str) -> bool:
    """Read once, or wait for the reading of this server already under way (nothing more sent).

    True when this call sent the request. A reading sent is followed to its end even if whoever
    waits for it gives up (the sensors tab left): coming back finds it done or still running,
    and no second request goes out for the same moment.
    """
    running = services.sensor_reads.get(server_id)
    sent = running is None
    if running is None:
        running = asyncio.ensure_future(_read(services, server_id, hostname))
        services.sensor_reads[server_id] = running
        running.add_done_callback(lambda _: services.sensor_reads.pop(server_id, None))
    await asyncio.shield(running)
    return sent


async def _read(services: Services, server_id: int, hostname: str) -> None:
    job = new_job(services, "sensors", "sensors", f"Sensors of {hostname}", server_id, quiet=True)
    try:
        handle = await services.client.eq.sensors(server_id)
    except InvapiError as error:
        end_job(services, job, TaskState.FAILED, error.message)
        services.store.dispatch(SensorsFailed(server_id, error.message, services.clock.now()))
        return
    job, event = await follow(services, job, handle)
    readings = parse_sensor_table(event.message) if event is not None else ()
    if job.state is TaskState.DONE and readings:
        services.store.dispatch(SensorsRead(server_id, readings, services.clock.now()))
    else:
        why = job.message or "no readings in the reply"
        services.store.dispatch(SensorsFailed(server_id, why, services.clock.now()))
