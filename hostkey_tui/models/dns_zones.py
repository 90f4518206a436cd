"""DNS beyond records (`pdns.php`): the zones on HOSTKEY's PowerDNS servers, a new zone's
settings, the subdomains table, and SRV records' owner names.

Sources (beyond-the-docs.md §2 [S5, S7]): HOSTKEY's MCP server, `src/tools/dns.ts`, names
`list_zones`, `add_zone` (name, kind Master/Slave, rrsets, dnssec, masters, dns{ttl, mname,
rname, serial, refresh, retry, expire, minimum}, nameservers), `delete_zone` (zone),
`list_subdomains` (server_id), `add_subdomain` (server_id, domain_id, name), `edit_subdomain`
(id, server_id) and `delete_subdomain` (server_id, id). No source shows the replies of
`list_zones` and `list_subdomains`: they are read leniently (see each parser).
"""

from __future__ import annotations

import re

from hostkey_tui.models.common import Obj, as_list, as_text, objs_of, total
from hostkey_tui.models.dns import ascii_name, check_domain_name
from hostkey_tui.records import dataclass

#: `add_zone`'s kinds (dns.ts: `z.enum(["Master", "Slave"])`, Master when not sent). No source
#: shows Native.
ZONE_KINDS = ("Master", "Slave")
#: HOSTKEY's name servers, dns.ts's default for `nameservers`.
DEFAULT_NAMESERVERS = ("ns1.hostkey.com", "ns2.hostkey.com")
#: The SOA timers a new zone may be given (dns.ts's `dns` object), in the order of the record.
SOA_TIMERS = ("refresh", "retry", "expire", "minimum")
SRV_PROTOS = ("tcp", "udp")
_LABEL = re.compile(r"_[A-Za-z0-9-]{1,62}")


@dataclass(frozen=True, slots=True)
class ZoneEntry:
    """A zone `pdns/list_zones` lists."""

    name: str
    kind: str = ""
    dnssec: bool | None = None
    id: str = ""


@dataclass(frozen=True, slots=True)
class Subdomain:
    """A row of the subdomains table (`pdns/list_subdomains`)."""

    id: int
    name: str
    server_id: int | None = None
    domain_id: int | None = None


@dataclass(frozen=True, slots=True)
class ZoneSpec:
    """A new zone, as `pdns/add_zone` takes it (dns.ts's names)."""

    name: str
    kind: str = "Master"
    dnssec: bool = False
    masters: tuple[str, ...] = ()
    ttl: int | None = None
    mname: str = ""
    rname: str = ""
    refresh: int | None = None
    retry: int | None = None
    expire: int | None = None
    minimum: int | None = None
    nameservers: tuple[str, ...] = ()

    def soa(self) -> dict[str, str | int]:
        """The `dns` object: only what was given (HOSTKEY's defaults apply to the rest)."""
        fields: dict[str, str | int | None] = {
            "ttl": self.ttl,
            "mname": self.mname,
            "rname": self.rname,
            "refresh": self.refresh,
            "retry": self.retry,
            "expire": self.expire,
            "minimum": self.minimum,
        }
        return {k: v for k, v in fields.items() if v is not None and v != ""}

    def problem(self) -> str | None:
        """Why this zone may not be sent, or None (checked before any request)."""
        if (why := check_domain_name(self.name)) is not None:
            return why
        if self.kind not in ZONE_KINDS:
            return f"The kind is {' or '.join(ZONE_KINDS)}."
        if self.kind == "Slave" and not self.masters:
            return "A Slave zone needs the addresses of its masters."
        if self.kind == "Master" and self.masters:
            return "Masters are for a Slave zone only."
        for host in (self.mname, *self.nameservers):
            if host and check_domain_name(host) is not None:
                return f"{host!r} is not a name server's host name."
        if self.rname and check_domain_name(self.rname.replace("@", ".", 1)) is not None:
            return f"{self.rname!r} is not an administrator's mailbox (admin.example.com)."
        if self.ttl is not None and not 60 <= self.ttl <= 604_800:
            return "TTL is between 60 seconds and one week (604800)."
        for name in SOA_TIMERS:
            value = getattr(self, name)
            if value is not None and not 1 <= value <= 2_419_200:
                return f"The SOA {name} is between 1 second and four weeks (2419200)."
        if self.refresh and self.retry and self.retry >= self.refresh:
            return "The SOA retry is shorter than its refresh."
        return None


def _zone_entry(item: object) -> ZoneEntry | None:
    if isinstance(item, str):
        return ZoneEntry(name=as_text(item).rstrip(".")) if item.strip() else None
    if not isinstance(item, dict):
        return None
    zone = Obj(item, "pdns/list_zones")
    name = zone.text("name") or zone.text("zone") or zone.text("id")
    if not name:
        return None
    dnssec = zone.get("dnssec")
    return ZoneEntry(
        name=name.rstrip("."),
        kind=zone.text("kind"),
        dnssec=zone.bool("dnssec") if dnssec is not None else None,
        id=zone.text("id"),
    )


@total("pdns/list_zones")
def zones_from_json(data: object) -> tuple[ZoneEntry, ...]:
    """The zones listed. No source shows the reply: `data` is read as a list of PowerDNS zone
    objects (`name`, `kind`, `dnssec`, as PowerDNS's own API lists them) or of names, or as
    `{"zones": [...]}`; anything else is no zone."""
    reply = Obj(data, "pdns/list_zones")
    body = reply.get("data")
    if isinstance(body, dict) and "zones" in body:
        body = body["zones"]
    entries = (_zone_entry(item) for item in as_list(body))
    return tuple(e for e in entries if e is not None)


@total("pdns/list_subdomains")
def subdomains_from_json(data: object) -> tuple[Subdomain, ...]:
    """The subdomains listed. No source shows the reply: `data` is read as a list of rows with
    `id`, `name` (or `subdomain`), `server_id` and `domain_id`; a row without id or name is
    left out (it could be neither changed nor deleted)."""
    reply = Obj(data, "pdns/list_subdomains")
    rows = []
    for row in objs_of(reply.get("data"), "pdns/list_subdomains"):
        sub_id = row.int("id")
        name = row.text("name") or row.text("subdomain")
        if sub_id is None or not name:
            continue
        rows.append(
            Subdomain(sub_id, name, server_id=row.int("server_id"), domain_id=row.int("domain_id"))
        )
    return tuple(rows)


def check_subdomain_name(value: str) -> str | None:
    """Why `value` cannot name a subdomain (`shop`, `shop.example.com`), or None."""
    text = value.strip().rstrip(".")
    if not text:
        return "A subdomain's name, such as shop or shop.example.com."
    try:
        name = ascii_name(text)
    except ValueError as error:
        return str(error)
    if not re.fullmatch(r"(?:(?!-)[A-Za-z0-9_-]{1,63}(?<!-)\.?)+", name):
        return "A subdomain's name, such as shop or shop.example.com."
    return None


# -- SRV ------------------------------------------------------------------------------------


def srv_owner(name: str, proto: str) -> str:
    """An SRV record's owner name, `_service._proto[.host]` (RFC 2782), from the name typed and
    the protocol chosen: `_sip` with udp is `_sip._udp`; `_sip._udp.office` stays as it is.

    Raises:
        ValueError: the name is not `_service[._proto][.host]`, or names the other protocol.
    """
    proto = proto.strip().lower()
    if proto not in SRV_PROTOS:
        raise ValueError("The SRV protocol is tcp or udp.")
    labels = name.strip().rstrip(".").split(".")
    if not labels or not _LABEL.fullmatch(labels[0]) or labels[0].lower() in ("_tcp", "_udp"):
        raise ValueError("An SRV name starts with its service: _sip, _xmpp-server, _ldap.")
    if len(labels) > 1 and labels[1].lower() in ("_tcp", "_udp"):
        if labels[1].lower() != f"_{proto}":
            raise ValueError(f"The name says {labels[1]}, the protocol {proto}: make them agree.")
        return ".".join(labels)
    return ".".join([labels[0], f"_{proto}", *labels[1:]])


def srv_proto_of(name: str) -> str:
    """The protocol an SRV owner name carries (`_sip._udp` is udp); tcp when it names none."""
    labels = name.lower().split(".")
    return "udp" if "_udp" in labels[:2] else "tcp"


def srv_parts(content: str, priority: int | None) -> tuple[int | None, str, str, str]:
    """(priority, weight, port, target) of an SRV record's content: `weight port target` with
    the priority apart, or all four in the content (as PowerDNS 4 writes it)."""
    words = content.split()
    if len(words) == 4:
        first, *rest = words
        return (int(first) if first.isdigit() else priority, rest[0], rest[1], rest[2])
    if len(words) == 3:
        return (priority, words[0], words[1], words[2])
    return (priority, "", "", content)
