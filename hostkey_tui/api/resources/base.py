"""What every resource family shares: its PHP file name and a handle on the client."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, ClassVar

from hostkey_tui.api.transport import FieldValue
from hostkey_tui.models.common import Obj

if TYPE_CHECKING:
    from hostkey_tui.api.client import InvapiClient


class Resource:
    """One `<resource>.php` of invapi."""

    resource: ClassVar[str]

    def __init__(self, client: InvapiClient) -> None:
        self.client = client

    async def _call(self, action: str, fields: Mapping[str, FieldValue] | None = None) -> object:
        return await self.client.call(self.resource, action, fields)

    async def _obj(self, action: str, fields: Mapping[str, FieldValue] | None = None) -> Obj:
        """A call whose reply must be a JSON object."""
        return Obj(await self._call(action, fields), f"{self.resource}/{action}")
