"""`api_keys.php`, `ssh_keys.php`, `tags.php`, `rhr.php` and `jira.php`."""

from __future__ import annotations

import builtins
import json

from hostkey_tui.api.resources.base import Resource
from hostkey_tui.api.transport import FieldValue
from hostkey_tui.models.account import (
    RHR_TYPES,
    ApiKey,
    ApiKeyEvent,
    RemoteHandsRequest,
    SshKey,
    api_key_from_json,
    api_key_history_from_json,
    api_keys_from_json,
    remote_hands_from_json,
    ssh_key_from_json,
    ssh_keys_from_json,
)
from hostkey_tui.models.common import as_int, as_list
from hostkey_tui.models.rhr import RhrComment, chat_history_from_json
from hostkey_tui.models.tags import Tag, tags_from_json

JIRA_REQUESTS = {
    "request_pon": "power the server on",
    "request_poff": "power the server off",
    "request_reboot": "reboot the server",
    "request_PXEboot": "boot the server over PXE",
    "request_kvm": "attach an IP KVM",
    "request_check": "check the server and boot its OS",
}


class ApiKeysApi(Resource):
    resource = "api_keys"

    async def list(self) -> tuple[ApiKey, ...]:
        return api_keys_from_json(await self._call("list"))

    # Every api_keys argument is nested as `params[...]`, these two as well: the
    # documentation's tables name the fields without the nesting and show it only in the curl
    # examples of add and edit (api-documentation.txt, "api_keys/add", "api_keys/edit"), the
    # newer reference nests every api_keys argument (beyond-the-docs.md, section 0), and
    # HOSTKEY's own MCP server sends `params[server_id]` and `params[id]` for exactly these
    # (hostkey-cloud/mcp-server, src/tools/account.ts: list_server_api_keys, get_api_key).
    async def list_for_server(self, server_id: int) -> tuple[ApiKey, ...]:
        reply = await self._call("list_for_server", {"params": {"server_id": server_id}})
        return api_keys_from_json(reply)

    async def view(self, key_id: int) -> ApiKey:
        return api_key_from_json(await self._call("view", {"params": {"id": key_id}}))

    async def add(
        self,
        name: str,
        *,
        server_id: int | None = None,
        ip: str = "",
        notify_method: str = "none",
        notify_address: str = "",
        active: bool = True,
    ) -> ApiKey:
        """A new key; the reply carries the key itself, once."""
        params: dict[str, FieldValue] = {
            "name": name,
            "server_id": server_id,
            "ip": ip,
            "login_notify_method": notify_method,
            "login_notify_address": notify_address,
            "active": 1 if active else 0,
        }
        return api_key_from_json(await self._call("add", {"params": params}))

    async def edit(self, key: ApiKey) -> None:
        # No server_id: the table of api_keys/edit has none (a key stays with its server), and
        # HOSTKEY's MCP server sends none (src/tools/account.ts, update_api_key); only the curl
        # example under the table carries one.
        params: dict[str, FieldValue] = {
            "id": key.id,
            "name": key.name,
            "ip": key.ip,
            "login_notify_method": key.notify_method,
            "login_notify_address": key.notify_address,
            "active": 1 if key.active else 0,
        }
        await self._call("edit", {"params": params})

    async def delete(self, key_id: int) -> None:
        await self._call("delete", {"params": {"id": key_id}})

    async def history(
        self, key_id: int, period_from: str = "", period_to: str = ""
    ) -> tuple[ApiKeyEvent, ...]:
        params: dict[str, FieldValue] = {
            "id": key_id,
            "period_from": period_from or None,
            "period_to": period_to or None,
        }
        return api_key_history_from_json(await self._call("history", {"params": params}))


class SshKeysApi(Resource):
    resource = "ssh_keys"

    async def list(self) -> tuple[SshKey, ...]:
        return ssh_keys_from_json(await self._call("list"))

    async def add(self, name: str, key: str, *, default: bool = False) -> SshKey:
        params: dict[str, FieldValue] = {"name": name, "key": key, "default": 1 if default else 0}
        return ssh_key_from_json(await self._call("add", {"params": params}))

    async def delete(self, key_id: int) -> None:
        # Flat `id`, unlike add: the one source for ssh_keys, HOSTKEY's Terraform provider, sends
        # it so (hostkey-cloud/terraform-provider-hostkey, internal/invapi/ssh_keys.go).
        await self._call("delete", {"id": key_id})


class TagsApi(Resource):
    resource = "tags"

    async def list(self, server_id: int) -> tuple[Tag, ...]:
        reply = await self._obj("list", {"id": server_id, "component": "eq"})
        return tags_from_json(reply.list("tags"), "tags/list")

    async def add(
        self, server_ids: builtins.list[int], tag: str, value: str, extra: str = ""
    ) -> None:
        """Set a tag on one server (`id`) or several at once (`id_list`, one request)."""
        target: dict[str, FieldValue] = (
            {"id": server_ids[0]}
            if len(server_ids) == 1
            else {"id_list": ",".join(map(str, server_ids))}
        )
        await self._call(
            "add", {**target, "tag": tag, "value": value, "extra": extra or None, "component": "eq"}
        )

    async def remove(self, server_ids: builtins.list[int], tag: str) -> None:
        target: dict[str, FieldValue] = (
            {"id": server_ids[0], "component_id": server_ids[0]}
            if len(server_ids) == 1
            else {"id_list": ",".join(map(str, server_ids))}
        )
        await self._call("remove", {**target, "tag": tag, "component": "eq"})

    async def user_search(self, value: str) -> tuple[int, ...]:
        """Server ids whose tags match `value`."""
        reply = await self._obj("user_search", {"value": value})
        # assumed: no source shows the reply; ids under "servers", "data" or "result".
        found = reply.get("servers") or reply.get("data") or reply.get("ids")
        ids = (as_int(i) for i in as_list(found))
        return tuple(i for i in ids if i is not None)


class RhrApi(Resource):
    resource = "rhr"

    async def add(
        self, server_id: int, request_type: str, message: str
    ) -> tuple[RemoteHandsRequest, ...]:
        if request_type not in RHR_TYPES:
            raise ValueError(f"not a remote-hands type: {request_type}")
        params: dict[str, FieldValue] = {
            "type": request_type,
            "eq_id": server_id,
            "request_origin": "CLIENT",
            "order_data": json.dumps({"message": message}),
        }
        return remote_hands_from_json(await self._call("add", {"params": params}))

    async def list(self) -> tuple[RemoteHandsRequest, ...]:
        return remote_hands_from_json(await self._call("list"))

    async def discard(self, request_id: int) -> None:
        await self._call("discard", {"params": {"id": request_id}})

    async def chat(self, request_id: int, message: str) -> tuple[RhrComment, ...] | None:
        """Add a comment to a request; the reply carries the request's conversation.

        Flat `id` and `message`, unlike the module's other calls: the reference's table for
        chat names them without `params[...]` (S9, hostkey.com/documentation/apidocs/rhr/), and
        HOSTKEY's MCP server sends them flat too (src/tools/rhr.ts, add_rhr_comment).
        """
        reply = await self._call("chat", {"id": request_id, "message": message})
        return chat_history_from_json(reply)


class JiraApi(Resource):
    resource = "jira"

    async def request(self, server_id: int, action: str) -> None:
        """One of the older one-click requests to the datacentre duty shift."""
        if action not in JIRA_REQUESTS:
            raise ValueError(f"not a remote-hands request: {action}")
        await self._call(action, {"id": server_id})

    async def request_assistance(
        self, subject: str, message: str, server_id: int | None = None
    ) -> None:
        """A ticket to HOSTKEY's sales team (to cancel or move a service, say); they answer by
        e-mail. Fields as HOSTKEY's MCP server sends them (src/tools/remote.ts,
        request_sales_assistance): `id` (the server, optional), `subject`, `message`."""
        await self._call(
            "request_assistance", {"id": server_id, "subject": subject, "message": message}
        )
