"""A server as `eq/show` describes it, reduced to what a person and the screens need."""

from __future__ import annotations

from dataclasses import field, replace
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from hostkey_tui.models.common import Obj, as_list, as_text, total
from hostkey_tui.models.tags import Tag, tag_value, tags_from_json
from hostkey_tui.records import dataclass


class ServerKind(StrEnum):
    """What sort of machine: drives which tabs and actions make sense."""

    VM = "vm"
    BARE_METAL = "bm"
    GPU = "gpu"
    VGPU = "vgpu"

    @property
    def label(self) -> str:
        return _KIND_LABELS[self]

    @property
    def is_virtual(self) -> bool:
        return self in (ServerKind.VM, ServerKind.VGPU)


_KIND_LABELS = {
    ServerKind.VM: "VM",
    ServerKind.BARE_METAL: "bare metal",
    ServerKind.GPU: "GPU",
    ServerKind.VGPU: "vGPU",
}


@dataclass(frozen=True, slots=True)
class IpAddress:
    ip: str
    port: str = ""
    mac: str = ""
    main: bool = False
    status: str = ""
    vlan: int | None = None
    locked: bool = False
    blocked_since: datetime | None = None
    license_name: str = ""
    description: str = ""


@dataclass(frozen=True, slots=True)
class Interface:
    name: str
    mac: str = ""
    id: int | None = None
    main: bool = False
    virtual: bool = False
    status: str = ""
    switch_model: str = ""
    switch_owner: str = ""


@dataclass(frozen=True, slots=True)
class Component:
    """One line of the hardware list: `4 x VPS Core`, plus what else the API says of it."""

    type: str
    name: str
    count: int = 1
    details: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class DiskGroup:
    name: str
    type: str = ""
    count: int = 1
    size_gb: int | None = None


@dataclass(frozen=True, slots=True)
class Hardware:
    config: str = ""
    components: tuple[Component, ...] = ()
    motherboard: str = ""
    cpu_name: str = ""
    cpu_type: str = ""
    cpu_count: int | None = None
    cpu_cores: int | None = None
    cpu_ghz: str = ""
    ram_gb: int | None = None
    ram_type: str = ""
    disk_gb: int | None = None
    disks: tuple[DiskGroup, ...] = ()
    gpu_name: str = ""
    gpu_count: int = 0
    raid_levels: tuple[str, ...] = ()
    vm: bool = False
    gpu: bool = False
    hwraid: bool = False
    uefi: bool = False


@dataclass(frozen=True, slots=True)
class License:
    name: str
    id: int | None = None
    amount: int = 1
    bought: date | None = None


@dataclass(frozen=True, slots=True)
class Traffic:
    """Traffic counters for the billing period against the plan's limits.

    # assumed: the documentation does not give units. Limits are in TB (as traffic_plans says
    # "3Tb"); `trafficPeriodIn/Out` are read as GB, which makes the documented zeros and the
    # panel's gauges agree.
    """

    in_used_gb: Decimal | None = None
    out_used_gb: Decimal | None = None
    in_limit_tb: Decimal | None = None
    out_limit_tb: Decimal | None = None
    bandwidth_mbps: int | None = None
    in_overage_per_tb: Decimal | None = None
    out_overage_per_tb: Decimal | None = None
    period_end: datetime | None = None
    shaped: bool = False

    @staticmethod
    def fraction(used_gb: Decimal | None, limit_tb: Decimal | None) -> float | None:
        """Share of the limit used, or None without both numbers (or an unlimited 999 TB)."""
        if used_gb is None or limit_tb is None or limit_tb <= 0 or limit_tb >= 999:
            return None
        return float(used_gb / (limit_tb * 1000))


@dataclass(frozen=True, slots=True)
class Server:
    """Everything the list and the detail show about one server."""

    id: int
    hostname: str
    status: str = ""
    condition: str = ""
    location: str = ""
    kind: ServerKind = ServerKind.BARE_METAL
    preset: str = ""
    preset_description: str = ""
    config: str = ""
    os_name: str = ""
    ips: tuple[IpAddress, ...] = ()
    interfaces: tuple[Interface, ...] = ()
    hardware: Hardware = field(default_factory=Hardware)
    licenses: tuple[License, ...] = ()
    tags: tuple[Tag, ...] = ()
    traffic: Traffic = field(default_factory=Traffic)
    due_date: date | None = None
    days_left: int | None = None
    ipmi_model: str = ""
    ipmi_ip: str = ""
    billing: str = ""
    owner: str = ""
    account_id: int | None = None
    groups: tuple[str, ...] = ()
    #: The power as last read ("on", "off", "unknown"; "" not read): not in eq/show, but
    #: copied in from `AppState.power` by the reducer, so that the list and the detail say
    #: what the Power tab says.
    power: str = ""

    @property
    def main_ip(self) -> str:
        for address in self.ips:
            if address.main:
                return address.ip
        return self.ips[0].ip if self.ips else ""

    @property
    def public_tags(self) -> tuple[Tag, ...]:
        """Tags the customer set: not internal, not the platform's own."""
        return tuple(t for t in self.tags if t.editable)

    @property
    def secret_tags(self) -> tuple[Tag, ...]:
        return tuple(t for t in self.tags if t.secret is not None)

    @property
    def has_ipmi(self) -> bool:
        return not self.kind.is_virtual and self.ipmi_model not in ("", "ovirt")

    def without_secrets(self) -> Server:
        """The same server with credential tags dropped: what may be cached on disk."""
        return replace(self, tags=tuple(t for t in self.tags if t.secret is None))


def _kind(server_data: Obj, hardware: Obj) -> ServerKind:
    virtual = hardware.bool("vm") or server_data.text("type").upper() in {"VPS", "VM"}
    gpu = hardware.bool("gpu") or hardware.int0("gpu_count") > 0
    if virtual:
        return ServerKind.VGPU if gpu else ServerKind.VM
    return ServerKind.GPU if gpu else ServerKind.BARE_METAL


def _component(obj: Obj) -> Component:
    skip = {"Type", "Name", "Count"}
    details = tuple(
        (key, as_text(obj.get(key), single_line=True))
        for key in obj
        if key not in skip and as_text(obj.get(key))
    )
    return Component(
        type=obj.text("Type"),
        name=obj.text("Name"),
        count=obj.int("Count", 1) or 1,
        details=details,
    )


def _hardware(hw: Obj) -> Hardware:
    return Hardware(
        config=hw.text("config"),
        components=tuple(_component(c) for c in hw.objs("components")),
        motherboard=hw.text("motherboard_name"),
        cpu_name=hw.text("cpu_name"),
        cpu_type=hw.text("cpu_type"),
        cpu_count=hw.int("cpu_count"),
        cpu_cores=hw.int("cpu_cores"),
        cpu_ghz=hw.text("cpu_frq"),
        ram_gb=hw.int("ram"),
        ram_type=hw.text("ram_type"),
        disk_gb=hw.int("hdd"),
        disks=tuple(
            DiskGroup(
                name=d.text("name"),
                type=d.text("type"),
                count=d.int("count", 1) or 1,
                size_gb=d.int("size"),
            )
            for d in hw.objs("hdd_groups")
        ),
        gpu_name=hw.text("gpu_name"),
        gpu_count=hw.int0("gpu_count"),
        raid_levels=tuple(as_text(r) for r in hw.list("raid_levels") if as_text(r)),
        vm=hw.bool("vm"),
        gpu=hw.bool("gpu"),
        hwraid=hw.bool("hwraid"),
        uefi=hw.bool("uefi"),
    )


def _ip(obj: Obj) -> IpAddress | None:
    address = obj.text("IP") or obj.text("ip")
    if not address:
        return None
    return IpAddress(
        ip=address,
        port=obj.text("port"),
        mac=obj.text("MAC") or obj.text("mac"),
        main=obj.bool("main_ip"),
        status=obj.text("status"),
        vlan=obj.int("vlan"),
        locked=obj.bool("locked"),
        blocked_since=obj.datetime("date_block"),
        license_name=obj.text("license_name"),
        description=obj.text("description"),
    )


def _os_name(reply: Obj, tags: tuple[Tag, ...]) -> str:
    os_field = reply.get("OS")
    if isinstance(os_field, dict):
        name = Obj(os_field, "OS").text("name")
        if name:
            return name
    elif isinstance(os_field, str) and os_field:
        return as_text(os_field, single_line=True)
    return tag_value(tags, "OS") or tag_value(tags, "os")


@total("eq/show")
def server_from_show(data: object) -> Server:
    """Parse an `eq/show` reply.

    Raises:
        MalformedReply: no `server_data` with an id, or a reply that is not an object.
    """
    reply = Obj(data, "eq/show")
    server_data = reply.req_obj("server_data")
    hw = reply.obj("hardware")
    tags = tags_from_json(as_list(reply.get("tags")), "eq/show.tags")
    ipmi = reply.obj("IPMI")
    ipmi_ips = [as_text(i.get("ip") or i.get("IP")) for i in ipmi.objs("interfaces")]
    hostname = tag_value(tags, "hostname") or server_data.text("hostname")
    server_id = server_data.req_int("id")
    return Server(
        id=server_id,
        hostname=hostname or str(server_id),
        status=server_data.text("status") or server_data.text("Condition_Component"),
        condition=server_data.text("Condition_Component"),
        location=reply.obj("location").text("dc_location") or server_data.text("location"),
        kind=_kind(server_data, hw),
        preset=reply.text("preset"),
        preset_description=reply.text("preset_description"),
        config=server_data.text("hwconfig") or hw.text("config"),
        os_name=_os_name(reply, tags),
        ips=tuple(ip for ip in (_ip(o) for o in reply.objs("IP")) if ip is not None),
        interfaces=tuple(
            Interface(
                name=i.text("type") or i.text("name"),
                mac=i.text("mac"),
                id=i.int("id"),
                main=i.bool("IsMain"),
                virtual=i.bool("IsVirt"),
                status=i.text("Status"),
                switch_model=i.text("switch_model"),
                switch_owner=i.text("switch_owner"),
            )
            for i in reply.objs("interfaces")
        ),
        hardware=_hardware(hw),
        licenses=tuple(
            License(
                name=lic.text("name"),
                id=lic.int("id"),
                amount=lic.int("amount", 1) or 1,
                bought=lic.date("date_buy"),
            )
            for lic in reply.objs("licenses")
        ),
        tags=tags,
        traffic=Traffic(
            in_used_gb=server_data.decimal("trafficPeriodIn"),
            out_used_gb=server_data.decimal("trafficPeriodOut"),
            in_limit_tb=server_data.decimal("limit_trafficIN"),
            out_limit_tb=server_data.decimal("limit_traffic"),
            bandwidth_mbps=server_data.int("limit_bands"),
            in_overage_per_tb=server_data.decimal("cost_trafficIN"),
            out_overage_per_tb=server_data.decimal("cost_traffic"),
            period_end=server_data.datetime("datePeriod"),
            shaped=server_data.bool("IsShape"),
        ),
        due_date=server_data.date("due_date"),
        days_left=server_data.int("days_left"),
        ipmi_model=ipmi.text("model"),
        ipmi_ip=next((i for i in ipmi_ips if i), ""),
        billing=server_data.text("type_billing"),
        owner=server_data.text("is_owner"),
        account_id=server_data.int("account_id"),
        groups=tuple(g.text("Code") for g in reply.objs("groups") if g.bool("active")),
    )


def server_to_show(server: Server) -> dict[str, Any]:
    """An `eq/show`-shaped reply that `server_from_show` reads back to the same server.

    Used for the disk cache, so that one parser serves both; secret tags are never written.
    """
    hw = server.hardware
    t = server.traffic

    def num(value: Decimal | None) -> str | None:
        return None if value is None else str(value)

    return {
        "result": "OK",
        "server_data": {
            "id": server.id,
            "status": server.status,
            "Condition_Component": server.condition,
            "hwconfig": server.config,
            "type": "VPS" if server.kind.is_virtual else "",
            "trafficPeriodIn": num(t.in_used_gb),
            "trafficPeriodOut": num(t.out_used_gb),
            "limit_trafficIN": num(t.in_limit_tb),
            "limit_traffic": num(t.out_limit_tb),
            "limit_bands": t.bandwidth_mbps,
            "cost_trafficIN": num(t.in_overage_per_tb),
            "cost_traffic": num(t.out_overage_per_tb),
            "datePeriod": t.period_end.isoformat(" ") if t.period_end else None,
            "IsShape": int(t.shaped),
            "due_date": server.due_date.isoformat() if server.due_date else None,
            "days_left": server.days_left,
            "type_billing": server.billing,
            "is_owner": server.owner,
            "account_id": server.account_id,
            "hostname": server.hostname,
        },
        "hardware": {
            "config": hw.config,
            "components": [
                {"Type": c.type, "Name": c.name, "Count": c.count, **dict(c.details)}
                for c in hw.components
            ],
            "motherboard_name": hw.motherboard,
            "cpu_name": hw.cpu_name,
            "cpu_type": hw.cpu_type,
            "cpu_count": hw.cpu_count,
            "cpu_cores": hw.cpu_cores,
            "cpu_frq": hw.cpu_ghz,
            "ram": hw.ram_gb,
            "ram_type": hw.ram_type,
            "hdd": hw.disk_gb,
            "hdd_groups": [
                {"name": d.name, "type": d.type, "count": d.count, "size": d.size_gb}
                for d in hw.disks
            ],
            "gpu_name": hw.gpu_name,
            "gpu_count": hw.gpu_count,
            "raid_levels": list(hw.raid_levels),
            "vm": int(hw.vm or server.kind.is_virtual),
            "gpu": int(hw.gpu or server.kind in (ServerKind.GPU, ServerKind.VGPU)),
            "hwraid": int(hw.hwraid),
            "uefi": int(hw.uefi),
        },
        "groups": [{"Code": g, "active": 1} for g in server.groups],
        "licenses": [
            {
                "id": lic.id,
                "name": lic.name,
                "amount": lic.amount,
                "date_buy": lic.bought.isoformat() if lic.bought else "",
            }
            for lic in server.licenses
        ],
        "location": {"dc_location": server.location},
        "OS": server.os_name or None,
        "IP": [
            {
                "IP": a.ip,
                "port": a.port,
                "MAC": a.mac,
                "main_ip": int(a.main),
                "status": a.status,
                "vlan": a.vlan,
                "locked": int(a.locked),
                "date_block": a.blocked_since.isoformat(" ") if a.blocked_since else None,
                "license_name": a.license_name,
                "description": a.description,
            }
            for a in server.ips
        ],
        "interfaces": [
            {
                "id": i.id,
                "type": i.name,
                "mac": i.mac,
                "IsMain": int(i.main),
                "IsVirt": int(i.virtual),
                "Status": i.status,
                "switch_model": i.switch_model,
                "switch_owner": i.switch_owner,
            }
            for i in server.interfaces
        ],
        "IPMI": {
            "model": server.ipmi_model,
            "interfaces": [{"ip": server.ipmi_ip}] if server.ipmi_ip else [],
        },
        "tags": [
            {
                "id": tag.id,
                "component": tag.component,
                "component_id": tag.component_id,
                "tag": tag.name,
                "value": tag.value,
                "extra": tag.extra,
                "internal": int(tag.internal),
            }
            for tag in server.tags
            if tag.secret is None
        ],
        "preset": server.preset,
        "preset_description": server.preset_description,
    }
