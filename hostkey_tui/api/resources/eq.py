"""`eq.php`: servers, power, PIN, ordering and reinstalling, PXE, IPMI users, console."""

from __future__ import annotations

from collections.abc import Mapping

from hostkey_tui.api.resources.base import Resource
from hostkey_tui.api.tasks import TaskHandle, TaskKind, start_task
from hostkey_tui.api.transport import FieldValue
from hostkey_tui.models.account import ServerInventory, inventory_from_json
from hostkey_tui.models.common import Obj, Secret, as_int, as_list, as_text
from hostkey_tui.models.errors import MalformedReply
from hostkey_tui.models.orders import InstallOptions, OrderRequest
from hostkey_tui.models.server import Server, server_from_show
from hostkey_tui.records import dataclass

#: `hard_off`: a forced power-off through IPMI or OpenStack (HOSTKEY's Terraform provider,
#: internal/invapi/eq_power.go): undocumented, sent as eq/off is.
POWER_ACTIONS = ("on", "off", "reboot", "hard_off")
BOOT_MEDIA = ("pxe", "disk", "cd")


@dataclass(frozen=True, slots=True)
class OrderResult:
    """What `eq/order_instance` answered: the deploy to follow, and the invoice it created."""

    handle: TaskHandle | None
    invoice_id: int | None = None
    server_id: int | None = None
    status: str = ""


def _install_fields(options: InstallOptions) -> dict[str, FieldValue]:
    return {
        "os_id": options.os_id,
        "root_pass": options.root_pass,
        "hostname": options.hostname or None,
        "soft_id": options.soft_id,
        "ssh_key": options.ssh_key or None,
        "post_install_script": options.post_install_script or None,
        "post_install_callback": options.post_install_callback or None,
        "own_os": 1 if options.own_os else None,
        "root_size": options.root_size,
        "os_name": options.os_name or None,
        "jenkins_task": options.jenkins_task,
    }


class EqApi(Resource):
    resource = "eq"

    async def list(self, **filters: str) -> tuple[int, ...]:
        """Ids of servers matching `location=`, `status=`, `ip=`, `mac=`, or group flags."""
        reply = await self._obj("list", {k: v for k, v in filters.items() if v})
        # assumed: the documentation shows no reply; ids under "servers" (as login has them).
        value = reply.get("servers")
        if value is None:
            value = reply.get("data")
        ids = (as_int(i) for i in as_list(value))
        return tuple(i for i in ids if i is not None)

    async def show(self, server_id: int) -> Server:
        return server_from_show(await self._call("show", {"id": server_id}))

    async def update_servers(self) -> ServerInventory:
        # Every server of the account: parsed off the event loop when large (10,000 servers
        # held it for 100 ms and more).
        return await self.client.call_parsed(
            self.resource, "update_servers", None, inventory_from_json
        )

    async def status(self, server_id: int) -> TaskHandle:
        return await start_task(self, "status", {"id": server_id}, TaskKind.STATUS, server_id)

    async def power(self, server_id: int, action: str, pin: Secret) -> TaskHandle:
        """`eq/on`, `eq/off`, `eq/reboot` or `eq/hard_off`: one request, never retried.

        assumed: eq/hard_off takes the PIN and answers with an async key as eq/off does;
        Terraform sends it only `id` and reads no reply (it sends eq/off no PIN either, which
        the documentation requires).
        """
        if action not in POWER_ACTIONS:
            raise ValueError(f"not a power action: {action}")
        return await start_task(
            self, action, {"id": server_id, "pin": pin}, TaskKind.POWER, server_id
        )

    async def rename_server(self, server_id: int, hostname: str) -> Obj:
        """`eq/rename_server`: the server's name at HOSTKEY (the hostname tag eq/show reads).

        Fields as HOSTKEY's Terraform provider sends them (internal/invapi/eq.go: `id`,
        `hostname`, no PIN). It reads no reply; assumed: `{"result":"OK"}`, so what the name
        became is read back with eq/show.
        """
        return await self._obj("rename_server", {"id": server_id, "hostname": hostname})

    async def sensors(self, server_id: int) -> TaskHandle:
        return await start_task(self, "sensors", {"id": server_id}, TaskKind.SENSORS, server_id)

    async def check_pin(self, pin: Secret) -> TaskHandle:
        """One check, never resent (each may count toward invapi's block).

        The documentation's table names the field `old_pin`, HOSTKEY's web documentation and
        every PIN action name it `pin`: both carry the same PIN, so either reading is served.
        """
        fields: dict[str, FieldValue] = {"pin": pin, "old_pin": pin}
        return await start_task(self, "check_pin", fields, TaskKind.PIN, None)

    async def set_pin(self, new_pin: Secret, old_pin: Secret | None = None) -> TaskHandle:
        return await start_task(
            self,
            "set_pin",
            {"old_pin": old_pin, "new_pin": new_pin},
            TaskKind.PIN,
            None,
        )

    async def order_instance(self, order: OrderRequest, pin: Secret) -> OrderResult:
        """Order a new server. Never retried: a lost reply could otherwise bill twice."""
        fields: dict[str, FieldValue] = {
            "deploy_period": order.deploy_period,
            "deploy_notify": "true" if order.deploy_notify else "false",
            "pin": pin,
            "preset": order.preset,
            "location_name": order.location,
            "traffic_plan": order.traffic_plan,
            **_install_fields(order.install),
            **order.options.fields(),
        }
        return await self._order(fields, TaskKind.DEPLOY, None)

    async def reinstall_instance(
        self, server_id: int, options: InstallOptions, pin: Secret
    ) -> OrderResult:
        """Reinstall, the first way: `eq/order_instance` with the server's `id`."""
        fields: dict[str, FieldValue] = {"id": server_id, "pin": pin, **_install_fields(options)}
        return await self._order(fields, TaskKind.INSTALL, server_id)

    async def _order(
        self, fields: Mapping[str, FieldValue], kind: TaskKind, server_id: int | None
    ) -> OrderResult:
        reply = await self._obj("order_instance", fields)
        handle = None
        if reply.text("callback"):
            handle = await start_task(
                self, "order_instance", None, kind, server_id, reply=reply.raw
            )
        return OrderResult(
            handle=handle,
            invoice_id=reply.int("invoice"),
            server_id=reply.int("id") or server_id,
            status=reply.text("deploy_status") or reply.text("status"),
        )

    async def reinstall(self, server_id: int) -> TaskHandle:
        """`eq/reinstall`: the master key that install stages of the PXE way report to."""
        return await start_task(
            self,
            "reinstall",
            {"id": server_id},
            TaskKind.INSTALL,
            server_id,
            reinstall_key=True,
        )

    async def create_pxe(
        self,
        server_id: int,
        options: InstallOptions,
        pin: Secret,
        *,
        reinstall_key: str = "",
        partitioning: str = "",
    ) -> TaskHandle:
        fields: dict[str, FieldValue] = {
            "id": server_id,
            "pin": pin,
            "os_id": options.os_id,
            "root_pass": options.root_pass,
            "hostname": options.hostname,
            "ssh_key": options.ssh_key or None,
            "post_install_callback": options.post_install_callback or None,
            "post_install_script": options.post_install_script or None,
            "reinstall_key": reinstall_key or None,
            # assumed: the documentation lists the schemes but not their field; "raid" here.
            "raid": partitioning or None,
        }
        return await start_task(self, "create_pxe", fields, TaskKind.PXE, server_id)

    async def boot_dev(self, server_id: int, media: str, pin: Secret) -> TaskHandle:
        if media not in BOOT_MEDIA:
            raise ValueError(f"not a boot device: {media}")
        fields: dict[str, FieldValue] = {"id": server_id, "media": media, "pin": pin}
        return await start_task(self, "boot_dev", fields, TaskKind.PXE, server_id)

    async def clear_pxe(self, server_id: int, hostname: str) -> TaskHandle:
        fields: dict[str, FieldValue] = {"id": server_id, "hostname": hostname}
        return await start_task(self, "clear_pxe", fields, TaskKind.PXE, server_id)

    async def add_ipmi_user(self, server_id: int) -> TaskHandle:
        return await start_task(self, "add_ipmi_user", {"id": server_id}, TaskKind.IPMI, server_id)

    async def remove_ipmi_user(self, server_id: int) -> TaskHandle:
        return await start_task(
            self, "remove_ipmi_user", {"id": server_id}, TaskKind.IPMI, server_id
        )

    async def unit_reset(self, server_id: int, pin: Secret) -> TaskHandle:
        fields: dict[str, FieldValue] = {"id": server_id, "pin": pin}
        return await start_task(self, "unit_reset", fields, TaskKind.IPMI, server_id)

    async def console(self, server_id: int, pin: Secret) -> TaskHandle:
        fields: dict[str, FieldValue] = {"id": server_id, "pin": pin}
        return await start_task(self, "console", fields, TaskKind.CONSOLE, server_id)

    async def novnc(self, server_id: int, white_ip: str = "") -> Secret:
        """The browser console URL (it grants access, so it is a Secret)."""
        reply = await self._obj("novnc", {"id": server_id, "white_ip": white_ip or None})
        # assumed: the URL under "url" (or inside "data"); no source shows the reply.
        url = reply.text("url") or reply.obj("data").text("url") or as_text(reply.get("scope"))
        if not url.startswith("https://"):
            raise MalformedReply("no https URL in the reply", where="eq/novnc")
        return Secret(url)
