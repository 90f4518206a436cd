"""IPMI sensor readings (bare metal): one request in flight per server at most."""

from __future__ import annotations

from hostkey_tui.api import InvapiError
from hostkey_tui.models.sensors import parse_sensor_table
from hostkey_tui.models.tasks import TaskState
from hostkey_tui.services.context import Services
from hostkey_tui.services.jobs import end_job, follow, new_job
from hostkey_tui.state.events import SensorsFailed, SensorsRead


async def read_sensors(services: Services, server_id: int, hostname: str) -> bool:
    """Read once; False when a reading for this server was already under way (nothing sent)."""
    if server_id in services.sensors_in_flight:
        return False
    services.sensors_in_flight.add(server_id)
    job = new_job(services, "sensors", "sensors", f"Sensors of {hostname}", server_id, quiet=True)
    try:
        try:
            handle = await services.client.eq.sensors(server_id)
        except InvapiError as error:
            end_job(services, job, TaskState.FAILED, error.message)
            services.store.dispatch(SensorsFailed(server_id, error.message, services.clock.now()))
            return True
        job, event = await follow(services, job, handle)
        readings = parse_sensor_table(event.message) if event is not None else ()
        if job.state is TaskState.DONE and readings:
            services.store.dispatch(SensorsRead(server_id, readings, services.clock.now()))
        else:
            why = job.message or "no readings in the reply"
            services.store.dispatch(SensorsFailed(server_id, why, services.clock.now()))
        return True
    finally:
        services.sensors_in_flight.discard(server_id)
