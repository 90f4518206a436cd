"""What can be ordered: `presets`, `os`, `software`, `traffic_plans`, `stocks`, `jenkins`.

These calls need no session token; sending none keeps them working before login too.
"""

from __future__ import annotations

from collections.abc import Mapping

from hostkey_tui.api.resources.base import Resource
from hostkey_tui.api.transport import FieldValue
from hostkey_tui.models.catalog import (
    JenkinsTask,
    OsImage,
    Preset,
    Software,
    StockServer,
    TrafficPlan,
    jenkins_tasks_from_json,
    os_list_from_json,
    presets_from_json,
    software_from_json,
    stock_from_json,
    stocks_from_json,
    traffic_plans_from_json,
)


class CatalogApi(Resource):
    resource = "presets"

    async def _public(self, resource: str, action: str, fields: Mapping[str, FieldValue]) -> object:
        clean = {k: v for k, v in fields.items() if v is not None and v != ""}
        return await self.client.call(resource, action, clean, token=False)

    async def presets(self, location: str) -> tuple[Preset, ...]:
        return presets_from_json(await self._public("presets", "list", {"location": location}))

    async def os_list(self, instance_id: int | None = None) -> tuple[OsImage, ...]:
        return os_list_from_json(await self._public("os", "list", {"instance_id": instance_id}))

    async def software(
        self, location: str = "", instance_id: int | None = None
    ) -> tuple[Software, ...]:
        fields = {"location": location, "instance_id": instance_id}
        return software_from_json(await self._public("software", "list", fields))

    async def traffic_plans(
        self, location: str, instance_id: int | None = None
    ) -> tuple[TrafficPlan, ...]:
        fields = {"location": location, "instance_id": instance_id}
        return traffic_plans_from_json(await self._public("traffic_plans", "list", fields))

    async def stocks(self, location: str, group: str = "ALL") -> tuple[StockServer, ...]:
        fields = {"location": location, "group": group}
        return stocks_from_json(await self._public("stocks", "list", fields))

    async def stock(self, server_id: int) -> StockServer:
        return stock_from_json(await self._public("stocks", "show", {"id": server_id}))

    async def jenkins_tasks(self) -> tuple[JenkinsTask, ...]:
        return jenkins_tasks_from_json(await self._public("jenkins", "get_tasks", {}))
