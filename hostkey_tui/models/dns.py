"""DNS zones and records (`pdns.php`), the checks a record needs before it is sent, and export."""

from __future__ import annotations

import ipaddress
import re

from hostkey_tui.models.common import Obj, as_list, total
from hostkey_tui.records import dataclass

RECORD_TYPES = ("A", "AAAA", "CNAME", "MX", "TXT", "SRV", "NS", "SPF", "DKIM", "SOA")
#: Types whose content the API takes as a list (repeated `params[content][]`).
MULTI_CONTENT_TYPES = frozenset({"A", "AAAA", "NS", "MX"})
_HOSTNAME = re.compile(
    r"(?=.{1,253}\.?$)(?:(?!-)[A-Za-z0-9_-]{1,63}(?<!-)\.)*(?!-)[A-Za-z0-9_-]{1,63}(?<!-)\.?",
)


@dataclass(frozen=True, slots=True)
class Domain:
    id: int
    name: str


@dataclass(frozen=True, slots=True)
class DnsRecord:
    name: str
    type: str
    content: str
    ttl: int | None = None
    priority: int | None = None
    id: int | None = None

    def relative_name(self, zone: str) -> str:
        """The apex as `@`, names inside the zone without it; `@`, `zone` and `zone.` agree."""
        return relative_name(self.name, zone)


def relative_name(name: str, zone: str) -> str:
    bare = name.rstrip(".").lower()
    apex = zone.rstrip(".").lower()
    if bare in ("", "@", apex):
        return "@"
    if apex and bare.endswith("." + apex):
        return name.rstrip(".")[: -(len(apex) + 1)]
    return name.rstrip(".")


@dataclass(frozen=True, slots=True)
class Zone:
    id: int | None
    name: str
    records: tuple[DnsRecord, ...] = ()


def _data(reply: Obj) -> object:
    return reply.get("data")


@total("pdns/list_domains")
def domains_from_json(data: object) -> tuple[Domain, ...]:
    reply = Obj(data, "pdns/list_domains")
    return tuple(
        Domain(id=d.req_int("id"), name=d.text("name"))
        for d in (Obj(x, "domains") for x in as_list(_data(reply)) if isinstance(x, dict))
    )


@total("pdns/view_zone")
def zone_from_json(data: object, zone_name: str = "") -> Zone:
    reply = Obj(data, "pdns/view_zone")
    body = reply.obj("data")
    name = body.text("name") or zone_name
    records = tuple(
        DnsRecord(
            name=r.text("name"),
            type=r.text("type").upper(),
            content=r.text("content"),
            ttl=r.int("ttl"),
            priority=r.int("priority") or r.int("prio"),
            id=r.int("id"),
        )
        for r in body.objs("records")
    )
    return Zone(id=body.int("id"), name=name, records=records)


def check_record(
    record_type: str,
    name: str,
    contents: list[str],
    *,
    priority: int | None = None,
    weight: int | None = None,
    port: int | None = None,
    target: str = "",
    ttl: int | None = None,
) -> str | None:
    """Why this record may not be sent, or None when it may (checked before any request)."""
    kind = record_type.upper()
    if kind not in RECORD_TYPES:
        return f"Unknown record type {record_type!r}; one of {', '.join(RECORD_TYPES)}."
    if name != "@" and not _HOSTNAME.fullmatch(name):
        return "The name is '@' for the zone itself, or a host name such as 'www'."
    if ttl is not None and not 60 <= ttl <= 604_800:
        return "TTL is between 60 seconds and one week (604800)."
    values = [c.strip() for c in contents if c.strip()]
    if kind == "SRV":
        if priority is None or weight is None or port is None or not target:
            return "SRV needs a priority, a weight, a port and a target."
        if not 0 < port < 65536:
            return "The SRV port is between 1 and 65535."
        if not _HOSTNAME.fullmatch(target):
            return "The SRV target is a host name."
        return None
    if not values:
        return "A record needs content."
    if len(values) > 1 and kind not in MULTI_CONTENT_TYPES:
        return f"{kind} takes one content value; several are allowed for A, AAAA, NS and MX."
    for value in values:
        problem = _check_content(kind, value)
        if problem:
            return problem
    if kind == "MX" and priority is None:
        return "MX needs a priority (lower is preferred)."
    if priority is not None and not 0 <= priority <= 65535:
        return "Priority is between 0 and 65535."
    return None


def check_domain_name(value: str) -> str | None:
    """Why `value` cannot be a domain (a zone) name, or None when it can."""
    name = value.strip().rstrip(".")
    if "." not in name or not _HOSTNAME.fullmatch(name):
        return "A domain name such as example.com."
    return None


def _check_content(kind: str, value: str) -> str | None:
    if kind == "A":
        try:
            ipaddress.IPv4Address(value)
        except ValueError:
            return f"{value!r} is not an IPv4 address (an A record needs one)."
    elif kind == "AAAA":
        try:
            ipaddress.IPv6Address(value)
        except ValueError:
            return f"{value!r} is not an IPv6 address (an AAAA record needs one)."
    elif kind in ("CNAME", "MX", "NS") and not _HOSTNAME.fullmatch(value):
        return f"{value!r} is not a host name (a {kind} record points to one)."
    elif kind in ("TXT", "SPF", "DKIM") and len(value) > 4096:
        return "Text content is at most 4096 characters."
    return None


def _quote_txt(value: str) -> str:
    if value.startswith('"') and value.endswith('"'):
        return value
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


def to_bind(zone: Zone, default_ttl: int = 3600) -> str:
    """The zone as BIND zone-file text (for copying or saving; nothing is sent)."""
    apex = zone.name.rstrip(".")
    lines = [f"$ORIGIN {apex}.", f"$TTL {default_ttl}"]
    for record in sorted(
        zone.records, key=lambda r: (r.relative_name(apex) != "@", r.name, r.type)
    ):
        name = record.relative_name(apex)
        ttl = record.ttl or default_ttl
        content = record.content
        if record.type in ("TXT", "SPF", "DKIM"):
            content = _quote_txt(content)
        elif record.type in ("CNAME", "MX", "NS", "SRV") and not content.endswith("."):
            last = content.split()[-1] if content.split() else content
            if "." in last:
                content = content + "."
        priority = (
            f"{record.priority} "
            if record.type in ("MX", "SRV") and record.priority is not None
            else ""
        )
        lines.append(f"{name}\t{ttl}\tIN\t{record.type}\t{priority}{content}")
    return "\n".join(lines) + "\n"
