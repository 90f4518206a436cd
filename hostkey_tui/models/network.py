"""Ports, IPs, PTR records, ISO images and remote-access credentials."""

from __future__ import annotations

import ipaddress
import re

from hostkey_tui.models.common import (
    Obj,
    Secret,
    as_list,
    as_text,
    decode_json_text,
    objs_of,
    total,
)
from hostkey_tui.models.errors import MalformedReply
from hostkey_tui.records import dataclass


@dataclass(frozen=True, slots=True)
class PortStatus:
    """`net/get_status`: the switch port behind an interface (from the JSON inside `scope`)."""

    interface: str
    switch: str = ""
    port: str = ""
    vlan: str = ""
    speed: str = ""
    link: str = ""
    macs: tuple[str, ...] = ()
    port_security: str = ""
    shape: str = ""

    @property
    def connected(self) -> bool:
        return self.link.lower() in ("connected", "up", "enable", "enabled")


@total("net/get_status")
def port_status_from_scope(scope: object) -> PortStatus:
    """Parse the status object, given as the `scope` value (a JSON string) or already decoded."""
    decoded = decode_json_text(scope)
    if not isinstance(decoded, dict):
        raise MalformedReply("the port status is not a JSON object", where="net/get_status.scope")
    o = Obj(decoded, "net/get_status.scope")
    return PortStatus(
        interface=o.text("interface"),
        switch=o.text("switch"),
        port=o.text("port"),
        vlan=o.text("vlan"),
        speed=o.text("speed"),
        link=o.text("status"),
        macs=tuple(as_text(m, single_line=True) for m in as_list(o.get("mac")) if as_text(m)),
        port_security=o.text("port_security"),
        shape=o.text("shape"),
    )


@dataclass(frozen=True, slots=True)
class IpInfo:
    ip: str
    fields: tuple[tuple[str, str], ...] = ()

    def field(self, name: str) -> str:
        return next((v for k, v in self.fields if k == name), "")


@total("ip/get_ip")
def ip_info_from_json(data: object) -> IpInfo:
    reply = Obj(data, "ip/get_ip")
    body = reply.obj("data") if isinstance(reply.get("data"), dict) else reply
    fields = tuple(
        (key[:64], as_text(body.get(key), single_line=True))
        for key in body
        if key not in ("result", "module", "action") and as_text(body.get(key))
    )
    return IpInfo(ip=body.text("ip"), fields=fields)


@dataclass(frozen=True, slots=True)
class PtrRecord:
    ip: str
    values: tuple[str, ...]


@total("ip/get_ptr")
def ptr_from_json(data: object, ip: str) -> PtrRecord:
    # assumed: no source shows the reply; the simulator answers {"result":"OK","ptr":"a\nb"}
    # and this accepts that, a list, or the value under "data".
    reply = Obj(data, "ip/get_ptr")
    value = reply.get("ptr")
    if value is None:
        inner = reply.get("data")
        value = inner.get("ptr") if isinstance(inner, dict) else inner
    items = as_list(value) if isinstance(value, list) else as_text(value).split("\n")
    values = tuple(v for v in (as_text(i, single_line=True).strip() for i in items) if v)
    return PtrRecord(ip=ip, values=values)


@dataclass(frozen=True, slots=True)
class IsoImage:
    id: int | None
    name: str
    short_name: str = ""
    iso_name: str = ""
    description: str = ""
    status: str = ""
    #: One the customer uploaded (`iso/uploaded`), not one of HOSTKEY's library.
    own: bool = False


@total("iso/list_iso")
def isos_from_json(data: object) -> tuple[IsoImage, ...]:
    reply = Obj(data, "iso/list_iso")
    items = reply.get("data") if reply.get("data") is not None else reply.get("isos")
    return tuple(
        IsoImage(
            id=o.int("id"),
            name=o.text("name"),
            short_name=o.text("short_name"),
            iso_name=o.text("iso_name"),
            description=o.text("description"),
            status=o.text("status"),
        )
        for o in objs_of(items, "iso")
    )


@dataclass(frozen=True, slots=True)
class ConsoleFile:
    """A virt-viewer `.vv` file. Its password is valid for 120 seconds."""

    content: Secret
    host: str = ""
    port: str = ""
    valid_seconds: int = 120


def console_from_scope(scope: object) -> ConsoleFile:
    """The `.vv` text from `eq/console` (plain, or base64 as some builds send it)."""
    text = scope if isinstance(scope, str) else ""
    if text and "[virt-viewer]" not in text:
        import base64
        import binascii

        try:
            text = base64.b64decode(text, validate=True).decode("utf-8", "replace")
        except (binascii.Error, ValueError):
            text = ""
    if "[virt-viewer]" not in text:
        raise MalformedReply("no virt-viewer file in the reply", where="eq/console")
    host = re.search(r"^host=(.*)$", text, re.MULTILINE)
    port = re.search(r"^port=(.*)$", text, re.MULTILINE)
    valid = re.search(r"valid for (\d+) seconds", text)
    return ConsoleFile(
        content=Secret(text),
        host=as_text(host[1], single_line=True) if host else "",
        port=as_text(port[1], single_line=True) if port else "",
        valid_seconds=int(valid[1]) if valid else 120,
    )


@dataclass(frozen=True, slots=True)
class IpmiCredentials:
    user: str
    password: Secret


def ipmi_user_from_context(context: dict[str, str]) -> IpmiCredentials:
    """User and password of a temporary IPMI user, from the finished task's `context`."""
    lowered = {k.lower(): v for k, v in context.items()}
    user, password = lowered.get("user", ""), lowered.get("password", "")
    if not user or not password:
        raise MalformedReply("no user and password in the reply", where="eq/add_ipmi_user")
    return IpmiCredentials(user=user, password=Secret(password))


@dataclass(frozen=True, slots=True)
class NatGrant:
    """An open IPMI pass-through: where to connect, from where, until when (no secret in it)."""

    public_ip: str
    acl: str
    expires: float
    ttl_hours: int


def nat_from_reply(
    context: dict[str, str], scope: str, acl: str, ttl_hours: int, now: float
) -> NatGrant:
    """The public address of a new NAT, from the finished task's `context` (or its text)."""
    lowered = {k.lower(): v for k, v in context.items()}
    public = lowered.get("nat_ip") or lowered.get("public_ip") or lowered.get("ip_nat", "")
    if not public:
        # assumed: no source shows the finished reply; an address in the message will do.
        found = re.search(r"\b(\d{1,3}(?:\.\d{1,3}){3})\b", scope)
        public = found[1] if found else ""
    if not public:
        raise MalformedReply("no public address in the reply", where="nat/add_static_nat")
    return NatGrant(public, lowered.get("ip_acl") or acl, now + ttl_hours * 3600, ttl_hours)


_LABEL = re.compile(r"(?!-)[a-z0-9-]{1,63}(?<!-)")


def check_ptr_name(value: str) -> str | None:
    """Why `value` cannot be a PTR (reverse DNS) name, or None when it can."""
    name = value.strip().lower().rstrip(".")
    if not name:
        return "A name is required."
    if len(name) > 253:
        return "A name is 253 characters at most."
    if not all(_LABEL.fullmatch(label) for label in name.split(".")):
        return "Letters, digits and hyphens between dots (no hyphen at either end of a part)."
    if "." not in name:
        return "A full name, such as mail.example.com."
    return None


def check_ip_acl(value: str) -> str | None:
    """Why `value` cannot be a NAT source (an IPv4 address or network), or None."""
    try:
        network = ipaddress.ip_network(value.strip(), strict=False)
    except ValueError:
        return "An IPv4 address or network, such as 203.0.113.7 or 203.0.113.0/24."
    if network.version != 4:
        return "IPMI pass-through takes an IPv4 source."
    if network.prefixlen < 8:
        return "That opens IPMI to far too many addresses; use a /8 or narrower."
    return None
