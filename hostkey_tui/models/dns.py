"""DNS zones and records (`pdns.php`), the checks a record needs before it is sent, and export."""

from __future__ import annotations

import ipaddress
import re

from hostkey_tui.models.common import Obj, as_list, total
from hostkey_tui.records import dataclass

RECORD_TYPES = ("A", "AAAA", "CNAME", "MX", "TXT", "SRV", "NS", "SPF", "DKIM", "SOA")
#: Types whose content the API takes as a list (repeated `params[content][]`).
MULTI_CONTENT_TYPES = frozenset({"A", "AAAA", "NS", "MX"})
#: Types whose content is a host name (an IDN one is sent in its `xn--` form).
HOST_CONTENT_TYPES = frozenset({"CNAME", "MX", "NS"})
#: Types whose content is text: one or more <character-string>s in a zone file.
TEXT_TYPES = frozenset({"TXT", "SPF", "DKIM"})
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
    if name != "@" and (problem := _host_problem(name)) is not None:
        return problem or "The name is '@' for the zone itself, or a host name such as 'www'."
    if ttl is not None and not 60 <= ttl <= 604_800:
        return "TTL is between 60 seconds and one week (604800)."
    values = [c.strip() for c in contents if c.strip()]
    if kind == "SRV":
        if priority is None or weight is None or port is None or not target:
            return "SRV needs a priority, a weight, a port and a target."
        if not 0 < port < 65536:
            return "The SRV port is between 1 and 65535."
        if (problem := _host_problem(target)) is not None:
            return problem or "The SRV target is a host name."
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
    """Why `value` cannot be a domain (a zone) name, or None when it can (`münchen.de` can:
    it is sent as `xn--mnchen-3ya.de`)."""
    try:
        name = ascii_name(value.strip()).rstrip(".")
    except ValueError as error:
        return str(error)
    if "." not in name or not _HOSTNAME.fullmatch(name):
        return "A domain name such as example.com or münchen.de."
    return None


def _host_problem(value: str) -> str | None:
    """Why `value` is not a host name (IDN accepted), or None; "" when it is simply not one."""
    try:
        name = ascii_name(value)
    except ValueError as error:
        return str(error)
    return None if _HOSTNAME.fullmatch(name) else ""


# -- internationalised names (IDNA 2008 with UTS 46 mapping, as browsers and registries do) --
# `idna` is imported only when a name needs it: almost every name is plain ASCII.


def ascii_name(name: str) -> str:
    """`name` as invapi takes it: each label with other than ASCII letters as its A-label
    (`münchen.de` is `xn--mnchen-3ya.de`); an ASCII name is returned as it is.

    Raises:
        ValueError: not a valid internationalised name; the message says what is wrong.
    """
    if name.isascii():
        if "xn--" in name.lower():
            _check_a_labels(name)
        return name
    import idna

    try:
        # Lower-cases, maps full-width and ideographic dots (`。`) to `.`, drops what UTS 46
        # ignores (a zero-width joiner); `_` stays, for `_dmarc` or `_sip._tcp`.
        mapped = idna.uts46_remap(name, std3_rules=False, transitional=False)
    except idna.IDNAError as error:
        raise ValueError(_idna_reason(name, error)) from error
    labels = []
    for at, label in enumerate(mapped.split(".")):
        if not label and 0 < at < mapped.count("."):
            raise ValueError(f"{name!r} is not a valid domain name: two dots follow each other.")
        if label.isascii():
            labels.append(label)
            continue
        try:
            labels.append(idna.alabel(label).decode("ascii"))
        except idna.IDNAError as error:
            raise ValueError(_idna_reason(label, error)) from error
    encoded = ".".join(labels)
    if "xn--" in encoded.lower():
        _check_a_labels(encoded)
    return encoded


def _check_a_labels(name: str) -> None:
    import idna

    for label in name.split("."):
        if label.lower().startswith("xn--"):
            try:
                idna.ulabel(label)
            except (idna.IDNAError, UnicodeError) as error:
                raise ValueError(
                    f"{label!r} is not a valid xn-- (punycode) label: {_said(error)}."
                ) from error


def _idna_reason(label: str, error: Exception) -> str:
    found = re.search(r"U\+([0-9A-F]{4,6})", str(error))
    if found:
        char = chr(int(found.group(1), 16))
        shown = repr(char) if char.isprintable() else "a control character"
        return (
            f"{label!r} is not a valid internationalised name: {shown} "
            f"(U+{found.group(1)}) cannot be part of a domain name."
        )
    return f"{label!r} is not a valid internationalised name: {_said(error)}."


def _said(error: Exception) -> str:
    text = str(error).rstrip(".") or type(error).__name__
    return {
        "Label too long": "a label (between dots) is at most 63 characters once encoded",
        "Empty Label": "two dots follow each other",
        "Label has disallowed hyphens in 3rd and 4th position": (
            "'--' in the third and fourth places is kept for xn-- labels"
        ),
    }.get(text, text[:1].lower() + text[1:])


def unicode_name(name: str) -> str | None:
    """The Unicode form of a name invapi holds with `xn--` labels (`xn--mnchen-3ya.de` is
    `münchen.de`), or None when it has none, or they do not decode (shown as they are then)."""
    if "xn--" not in name.lower() or not name.isascii():
        return None
    import idna

    try:
        # Lower case throughout: DNS ignores case, and `münchen.DE` reads as a typo.
        return ".".join(
            idna.ulabel(label) if label.lower().startswith("xn--") else label.lower()
            for label in name.split(".")
        )
    except (idna.IDNAError, UnicodeError):
        return None


def both_forms(name: str) -> str:
    """`xn--mnchen-3ya.de (münchen.de)` for an IDN, the name alone otherwise."""
    readable = unicode_name(name)
    return f"{name} ({readable})" if readable else name


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
    elif kind in HOST_CONTENT_TYPES and (problem := _host_problem(value)) is not None:
        return problem or f"{value!r} is not a host name (a {kind} record points to one)."
    elif kind in TEXT_TYPES and len(value) > 4096:
        return "Text content is at most 4096 characters."
    return None


# -- BIND export ------------------------------------------------------------------------------

#: A <character-string> holds at most 255 bytes (RFC 1035 §3.3); longer text is several of them.
MAX_STRING = 255


def txt_strings(value: str) -> list[bytes]:
    """A text record's content as its <character-string>s, each at most 255 bytes.

    invapi may hand the content over as PowerDNS holds it, quoted and already split
    (`"v=DKIM1; k=rsa; p=MIIB…" "…"`): those strings are kept (never quoted twice). Otherwise
    the text is one string. Any string over 255 bytes is split without cutting a UTF-8
    character.
    """
    strings = _quoted_strings(value)
    if strings is None:
        strings = [value.encode("utf-8", errors="replace")]
    return [piece for data in strings for piece in _split_bytes(data)]


def _quoted_strings(value: str) -> list[bytes] | None:
    r"""The strings of `"…" "…"` (zone-file escapes `\"`, `\\`, `\DDD` undone), or None when
    `value` is not wholly such a sequence (then it is plain text, quotes and all)."""
    text = value.strip()
    strings: list[bytes] = []
    at = 0
    while at < len(text):
        if text[at] != '"':
            return None
        at += 1
        data = bytearray()
        while True:
            if at >= len(text):
                return None  # unbalanced: plain text
            char = text[at]
            if char == '"':
                at += 1
                break
            if char == "\\":
                escape = text[at + 1 : at + 4]
                if len(escape) == 3 and escape.isdigit() and escape.isascii():
                    if int(escape) > 255:
                        return None
                    data.append(int(escape))
                    at += 4
                    continue
                if at + 1 >= len(text):
                    return None
                char = text[at + 1]
                at += 1
            data += char.encode("utf-8", errors="replace")
            at += 1
        strings.append(bytes(data))
        if at < len(text) and not text[at].isspace():
            return None  # `"a"b`: not a sequence of strings
        while at < len(text) and text[at].isspace():
            at += 1
    return strings or None


def _split_bytes(data: bytes) -> list[bytes]:
    pieces: list[bytes] = []
    while len(data) > MAX_STRING:
        cut = MAX_STRING
        # A byte 10xxxxxx continues a UTF-8 character: the cut moves back to where it starts
        # (at most 3 bytes). Bytes that are not UTF-8 are cut at 255.
        while cut > MAX_STRING - 3 and data[cut] & 0xC0 == 0x80:
            cut -= 1
        if data[cut] & 0xC0 == 0x80:
            cut = MAX_STRING
        pieces.append(data[:cut])
        data = data[cut:]
    pieces.append(data)
    return pieces


def zone_string(data: bytes) -> str:
    r"""One <character-string> as zone-file text: quoted, `"` and `\` escaped, and every byte
    that is not a printable character as `\DDD`, so text from invapi cannot end the line."""
    out = ['"']
    for char in data.decode("utf-8", errors="surrogateescape"):
        if char in '"\\':
            out.append("\\" + char)
        elif char.isprintable():
            out.append(char)
        else:
            raw = (
                bytes([ord(char) - 0xDC00])
                if 0xDC80 <= ord(char) <= 0xDCFF
                else char.encode("utf-8")
            )
            out.extend(f"\\{byte:03d}" for byte in raw)
    out.append('"')
    return "".join(out)


def bind_text(value: str) -> str:
    """A text record's content as zone-file rdata: `"…"`, or `"…" "…"` past 255 bytes."""
    return " ".join(zone_string(data) for data in txt_strings(value))


def to_bind(zone: Zone, default_ttl: int = 3600) -> str:
    """The zone as BIND zone-file text (for copying or saving; nothing is sent). Names stay in
    their ASCII (`xn--`) form, the zone's Unicode one said in a comment."""
    apex = zone.name.rstrip(".")
    lines = [f"$ORIGIN {apex}.", f"$TTL {default_ttl}"]
    readable = unicode_name(apex)
    if readable:
        lines.insert(0, f"; {readable}")
    for record in sorted(
        zone.records, key=lambda r: (r.relative_name(apex) != "@", r.name, r.type)
    ):
        name = record.relative_name(apex)
        ttl = record.ttl or default_ttl
        content = record.content
        kind = record.type
        if kind in TEXT_TYPES:
            content = bind_text(content)
            # invapi's DKIM type is a TXT record in DNS: no zone parser knows a DKIM type.
            kind = "TXT" if kind == "DKIM" else kind
        elif kind in ("CNAME", "MX", "NS", "SRV") and not content.endswith("."):
            last = content.split()[-1] if content.split() else content
            if "." in last:
                content = content + "."
        # An SRV content may hold its priority already (`10 5 5060 sip.example.com`, as
        # PowerDNS 4 writes it): it is not written twice.
        holds_priority = kind == "SRV" and len(content.split()) == 4
        priority = (
            f"{record.priority} "
            if kind in ("MX", "SRV") and record.priority is not None and not holds_priority
            else ""
        )
        lines.append(f"{name}\t{ttl}\tIN\t{kind}\t{priority}{content}")
    return "\n".join(lines) + "\n"
