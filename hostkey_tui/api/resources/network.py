"""`net.php`, `ip.php`, `nat.php` and `iso.php`: ports, IPs, PTR, blocks, IPMI NAT, ISO images."""

from __future__ import annotations

from hostkey_tui.api.resources.base import Resource
from hostkey_tui.api.tasks import TaskHandle, TaskKind, start_task
from hostkey_tui.api.transport import FieldValue
from hostkey_tui.models.common import Secret
from hostkey_tui.models.errors import MalformedReply
from hostkey_tui.models.ipv4 import Ipv4Entry, added_ipv4_from_json, free_ipv4_from_json
from hostkey_tui.models.iso import upload_from_json, uploaded_from_json
from hostkey_tui.models.network import (
    IpInfo,
    IsoImage,
    PtrRecord,
    ip_info_from_json,
    isos_from_json,
    ptr_from_json,
)

CACTI_GRAPHS = {"day": 1, "month": 2, "year": 3}


class NetApi(Resource):
    resource = "net"

    async def get_status(self, server_id: int, pin: Secret) -> TaskHandle:
        """The switch port behind the server; the status arrives in the task's `scope`.

        The documentation's table makes `pin` required, and its example answers directly: the
        final `scope` (JSON text) with its `key`, which `watch()` takes as it stands.
        """
        fields: dict[str, FieldValue] = {"id": server_id, "pin": pin}
        return await start_task(self, "get_status", fields, TaskKind.NETWORK, server_id)

    async def port(
        self, server_id: int, port: str, on: bool, pin: Secret, reason: str = ""
    ) -> TaskHandle:
        action = "port_on" if on else "port_off"
        fields: dict[str, FieldValue] = {
            "id": server_id,
            "port": port,
            "pin": pin,
            "reason": reason or None,
        }
        return await start_task(self, action, fields, TaskKind.NETWORK, server_id)

    async def show_cacti(self, server_id: int, port: str, graph: str, pin: Secret) -> bytes:
        """A traffic graph image (`graph` is day, month or year; `pin` required, as documented)."""
        fields: dict[str, FieldValue] = {
            "id": server_id,
            "port": port,
            "graph": CACTI_GRAPHS[graph],
            "pin": pin,
        }
        return await self.client.call_bytes(self.resource, "show_cacti", fields)

    async def block_ip(self, server_id: int, ip: str, reason: str, *, four_hours: bool) -> None:
        fields: dict[str, FieldValue] = {
            "id": server_id,
            "ip": ip,
            "description": reason,
            "four_hours": 1 if four_hours else None,
        }
        await self._call("block_ip", fields)

    async def unblock_ip(self, server_id: int, ip: str) -> None:
        await self._call("unblock_ip", {"id": server_id, "ip": ip})

    async def show_ipv4_free(
        self, server_id: int, port: str, vlan: int | None = None
    ) -> tuple[Ipv4Entry, ...]:
        """The free IPv4 addresses the server could take on `port` (and `vlan`): a read."""
        fields: dict[str, FieldValue] = {"id": server_id, "port": port, "vlan": vlan}
        return free_ipv4_from_json(await self._call("show_ipv4_free", fields))

    async def add_ipv4(
        self,
        server_id: int,
        port: str,
        amount: int,
        vlan: int | None = None,
        ips: tuple[str, ...] = (),
    ) -> tuple[Ipv4Entry, ...]:
        """Assign `amount` more IPv4 addresses (`ips`: these ones). Not idempotent: sent once,
        never retried (a change, as every action `is_read` does not name)."""
        fields: dict[str, FieldValue] = {
            "id": server_id,
            "amount": len(ips) or amount,
            "port": port,
            "vlan": vlan,
            "ips": list(ips) or None,
        }
        return added_ipv4_from_json(await self._call("add_ipv4", fields))

    async def remove_ipv4(self, server_id: int, ip: str) -> None:
        """Take one extra address off the server (invapi clears its PTR); `remove_all` is
        never sent: one typed address at a time."""
        await self._call("remove_ipv4", {"id": server_id, "ip": ip})


class IpApi(Resource):
    resource = "ip"

    async def get_ip(self, ip: str) -> IpInfo:
        return ip_info_from_json(await self._call("get_ip", {"ip": ip, "full": 1}))

    async def get_ptr(self, server_id: int, ip: str) -> PtrRecord:
        return ptr_from_json(await self._call("get_ptr", {"id": server_id, "ip": ip}), ip)

    async def update_ptr(self, server_id: int, ip: str, values: list[str]) -> None:
        """Set the PTR of `ip`; several values are joined by newlines, as invapi takes them."""
        await self._call("update_ptr", {"id": server_id, "ip": ip, "ptr": "\n".join(values)})

    async def set_main(self, server_id: int, ip: str) -> None:
        await self._call("set_main", {"id": server_id, "ip": ip, "main": ip})

    async def get_client_ip(self) -> str:
        """The public address invapi sees this machine at (the default NAT source)."""
        reply = await self._obj("get_client_ip")
        ip = reply.obj("data").text("ip") or reply.text("ip")
        if not ip:
            raise MalformedReply("no ip in the reply", where="ip/get_client_ip")
        return ip


class NatApi(Resource):
    resource = "nat"

    async def add_static_nat(
        self, server_id: int, pin: Secret, ip_acl: str, ttl_hours: int = 2
    ) -> TaskHandle:
        fields: dict[str, FieldValue] = {
            "id": server_id,
            "pin": pin,
            "ip_acl": ip_acl,
            "ttl": ttl_hours,
        }
        return await start_task(self, "add_static_nat", fields, TaskKind.NAT, server_id)

    async def remove_static_nat(self, server_id: int, white_ip: str = "") -> TaskHandle:
        fields: dict[str, FieldValue] = {"id": server_id, "white_ip": white_ip or None}
        return await start_task(self, "remove_static_nat", fields, TaskKind.NAT, server_id)


class IsoApi(Resource):
    resource = "iso"

    async def list_iso(self, server_id: int) -> tuple[IsoImage, ...]:
        return isos_from_json(await self._call("list_iso", {"server_id": server_id}))

    async def mount_iso(
        self, server_id: int, iso_id: int | None = None, name: str = ""
    ) -> TaskHandle:
        fields: dict[str, FieldValue] = {"id": server_id, "iso_id": iso_id, "name": name or None}
        return await start_task(self, "mount_iso", fields, TaskKind.ISO, server_id)

    async def unmount_iso(self, server_id: int) -> TaskHandle:
        return await start_task(self, "unmount_iso", {"id": server_id}, TaskKind.ISO, server_id)

    async def uploaded(self) -> tuple[IsoImage, ...]:
        """The ISOs the customer uploaded, with their status (`Pending` until downloaded)."""
        return uploaded_from_json(await self._call("uploaded", {}))

    async def upload(self, url: str, name: str) -> IsoImage | None:
        """Ask HOSTKEY to download an ISO from `url` as `name` (S5 `iso.ts`). Not idempotent:
        sent once, never retried (a change, as every action `is_read` does not name)."""
        return upload_from_json(await self._call("upload", {"url": url, "name": name}))
