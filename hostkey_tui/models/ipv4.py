"""Extra IPv4 addresses of a server: the free ones (`net/show_ipv4_free`) and those added
(`net/add_ipv4`).

HOSTKEY's Terraform provider (`internal/invapi/net.go`) reads `add_ipv4`'s `ips` as either a
list of `{"ip", "vlan"}` objects or a list of plain addresses; both are taken here, for the free
list too, whose reply no source shows.
"""

from __future__ import annotations

import ipaddress

from hostkey_tui.models.common import Obj, as_list, as_text, total
from hostkey_tui.models.errors import MalformedReply
from hostkey_tui.records import dataclass


@dataclass(frozen=True, slots=True)
class Ipv4Entry:
    """One address invapi named, with its VLAN when it said it."""

    ip: str
    vlan: int | None = None


def _entries(value: object, where: str) -> tuple[Ipv4Entry, ...]:
    """`[{"ip":..,"vlan":..}]` or `["ip", ...]`; anything that is not an IPv4 address is left
    out (an address is shown and typed back, so it must be one)."""
    found: list[Ipv4Entry] = []
    for item in as_list(value):
        if isinstance(item, dict):
            entry = Obj(item, where)
            ip, vlan = entry.text("ip") or entry.text("IP"), entry.int("vlan")
        else:
            ip, vlan = as_text(item, single_line=True), None
        try:
            address = ipaddress.IPv4Address(ip.strip())
        except ValueError:
            continue
        if all(e.ip != str(address) for e in found):
            found.append(Ipv4Entry(str(address), vlan))
    return tuple(found)


@total("net/show_ipv4_free")
def free_ipv4_from_json(data: object) -> tuple[Ipv4Entry, ...]:
    """The free addresses a server may take.

    # assumed: no source shows the reply; read as `add_ipv4`'s `ips` (beyond-the-docs §5,
    # Terraform's net.go), also under `data` or `free`. An empty list is "none free"; a reply
    # with none of those fields is not read as "none free" (a failed read is never zero).
    """
    reply = Obj(data, "net/show_ipv4_free")
    for key in ("ips", "free", "data"):
        if reply.get(key) is not None:
            return _entries(reply.get(key), f"net/show_ipv4_free.{key}")
    raise MalformedReply("no list of free addresses in the reply", where="net/show_ipv4_free")


@total("net/add_ipv4")
def added_ipv4_from_json(data: object) -> tuple[Ipv4Entry, ...]:
    """The addresses `add_ipv4` assigned (`ips`: objects or plain addresses, as Terraform reads
    it). An OK without them is read as it is: the caller reads the server back to learn more."""
    reply = Obj(data, "net/add_ipv4")
    return _entries(reply.get("ips"), "net/add_ipv4.ips")
