"""The BIND export's text records, and internationalised names, checked as a zone parser would.

No zone parser is a dependency: `parse_strings` below reads <character-string>s as RFC 1035
§5.1 says (written apart from the code under test). The export was also checked once against
dnspython 2.9 by hand: the same strings came back.
"""

from __future__ import annotations

import base64
import random
import re

import pytest

from hostkey_tui.models.dns import (
    DnsRecord,
    Zone,
    ascii_name,
    both_forms,
    check_domain_name,
    check_record,
    to_bind,
    unicode_name,
)

ZONE = "example.com"
#: A 2048-bit RSA public key in DER is 294 bytes: `p=` is 392 base64 characters.
DKIM = "v=DKIM1; k=rsa; p=" + base64.b64encode(random.Random(2048).randbytes(294)).decode()

_TOKEN = re.compile(r'"((?:[^"\\]|\\[0-9]{3}|\\[^0-9])*)"(?=\s|$)')


def unescape(text: str) -> bytes:
    r"""`\DDD` is that byte, `\X` is X; everything else is its UTF-8 bytes."""
    out, at = bytearray(), 0
    while at < len(text):
        if text[at] == "\\" and re.fullmatch("[0-9]{3}", text[at + 1 : at + 4]):
            out.append(int(text[at + 1 : at + 4]))
            at += 4
        elif text[at] == "\\":
            out += text[at + 1].encode()
            at += 2
        else:
            out += text[at].encode()
            at += 1
    return bytes(out)


def parse_strings(rdata: str) -> list[bytes]:
    """The <character-string>s of a record's rdata (quoted ones only: that is what is sent)."""
    strings, at = [], 0
    while at < len(rdata):
        found = _TOKEN.match(rdata, at)
        assert found, f"not a quoted string at {at}: {rdata[at : at + 20]!r}"
        strings.append(unescape(found.group(1)))
        at = found.end()
        while at < len(rdata) and rdata[at] in " \t":
            at += 1
    return strings


def exported(*records: DnsRecord, zone: str = ZONE) -> dict[str, tuple[str, list[bytes]]]:
    """Each record line of the export by its name: its type and its strings."""
    found = {}
    for line in to_bind(Zone(1, zone, records)).splitlines():
        if line.startswith((";", "$")):
            continue
        name, _ttl, _in, kind, rdata = line.split("\t", 4)
        found[name] = (kind, parse_strings(rdata) if kind in ("TXT", "SPF") else [rdata.encode()])
    return found


def test_a_2048_bit_dkim_key_is_split_into_strings_of_at_most_255_bytes() -> None:
    assert len(DKIM) > 400
    line = [
        x
        for x in to_bind(Zone(1, ZONE, (DnsRecord("s1._domainkey", "TXT", DKIM),))).splitlines()
        if x.startswith("s1")
    ]
    assert len(line) == 1 and line[0].count('" "') == 1  # one record, two strings
    kind, strings = exported(DnsRecord("s1._domainkey", "TXT", DKIM))["s1._domainkey"]
    assert kind == "TXT" and [len(s) for s in strings] == [255, len(DKIM) - 255]
    assert b"".join(strings) == DKIM.encode()


def test_invapis_dkim_type_is_exported_as_txt() -> None:
    kind, strings = exported(DnsRecord("s1._domainkey", "DKIM", DKIM))["s1._domainkey"]
    assert kind == "TXT" and b"".join(strings) == DKIM.encode()


@pytest.mark.parametrize(
    ("content", "strings"),
    [
        # As PowerDNS holds them: quoted, perhaps already split. Kept, never quoted twice.
        (f'"{DKIM[:200]}" "{DKIM[200:]}"', [DKIM[:200], DKIM[200:]]),
        ('"v=spf1 -all"', ["v=spf1 -all"]),
        ('"say \\"hi\\"" "back\\\\slash"', ['say "hi"', "back\\slash"]),
        ('"caf\\195\\169"', ["café"]),
        ('""', [""]),
        # Not a sequence of quoted strings: plain text, its quotes escaped.
        ('"a" b', ['"a" b']),
        ('"unbalanced', ['"unbalanced']),
        ('v=spf1 "quoted" -all', ['v=spf1 "quoted" -all']),
        ("back\\slash", ["back\\slash"]),
    ],
)
def test_text_from_invapi_is_quoted_once(content: str, strings: list[str]) -> None:
    _kind, found = exported(DnsRecord("t", "TXT", content))["t"]
    assert found == [s.encode() for s in strings]


def test_a_quoted_string_longer_than_255_bytes_is_split_too() -> None:
    _kind, found = exported(DnsRecord("t", "TXT", f'"{DKIM}"'))["t"]
    assert [len(s) for s in found] == [255, len(DKIM) - 255]


@pytest.mark.parametrize("offset", range(4))
def test_a_split_never_cuts_a_utf8_character(offset: int) -> None:
    text = "x" * offset + "ü€😀" * 100  # 2, 3 and 4 bytes: every cut position is met
    _kind, found = exported(DnsRecord("t", "TXT", text))["t"]
    assert all(len(s) <= 255 for s in found) and b"".join(found) == text.encode()
    for piece in found:
        piece.decode("utf-8")  # whole characters only
    assert all(len(s) >= 252 for s in found[:-1])  # cut as late as a character allows


def test_an_spf_record_is_split_the_same_way() -> None:
    kind, found = exported(DnsRecord("@", "SPF", "v=spf1 " + "ip4:192.0.2.1 " * 40))["@"]
    assert kind == "SPF" and len(found) == 3 and all(len(s) <= 255 for s in found)


def test_hostile_text_cannot_end_the_line() -> None:
    text = 'a\nevil\t3600\tIN\tA\t192.0.2.66\r\x00"\\'
    lines = to_bind(Zone(1, ZONE, (DnsRecord("t", "TXT", text),))).splitlines()
    assert len(lines) == 3 and "\n" not in lines[2]
    _kind, found = exported(DnsRecord("t", "TXT", text))["t"]
    assert found == [text.encode()]


# -- internationalised names --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "ascii"),
    [
        ("münchen.de", "xn--mnchen-3ya.de"),
        ("München。DE", "xn--mnchen-3ya.de"),  # mapped as browsers do (UTS 46)
        ("пример.рф", "xn--e1afmkfd.xn--p1ai"),
        ("_dmarc.bücher.example", "_dmarc.xn--bcher-kva.example"),
        ("example.com", "example.com"),
        ("WWW", "WWW"),  # ASCII is left as typed
    ],
)
def test_names_are_sent_in_ascii(typed: str, ascii: str) -> None:
    assert ascii_name(typed) == ascii


@pytest.mark.parametrize(
    ("typed", "problem"),
    [
        ("münchen.de", None),
        ("пример.рф", None),
        ("-münchen.de", "'-münchen' is not a valid internationalised name: label must not"),
        ("mün chen.de", "' ' (U+0020) cannot be part of a domain name"),
        ("münchen..de", "two dots follow each other"),
        ("xn--zz.de", "'xn--zz' is not a valid xn-- (punycode) label"),
        ("ab--ü.de", "'--' in the third and fourth places"),
        ("ü" * 64 + ".de", "at most 63 characters once encoded"),
        ("münchen", "A domain name such as example.com or münchen.de."),
    ],
)
def test_a_domain_name_problem_says_what_is_wrong(typed: str, problem: str | None) -> None:
    found = check_domain_name(typed)
    assert found == problem if problem is None else (found is not None and problem in found)


def test_record_names_and_host_contents_accept_idn() -> None:
    assert check_record("CNAME", "bücher", ["münchen.de"]) is None
    assert check_record("MX", "@", ["mx.пример.рф"], priority=10) is None
    srv = {"priority": 1, "weight": 1, "port": 5060, "target": "sip.münchen.de"}
    assert check_record("SRV", "_sip._udp", [], **srv) is None  # type: ignore[arg-type]
    assert "U+0020" in (check_record("A", "bü cher", ["192.0.2.1"]) or "")


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("xn--mnchen-3ya.de", "xn--mnchen-3ya.de (münchen.de)"),
        ("XN--MNCHEN-3YA.DE.", "XN--MNCHEN-3YA.DE. (münchen.de.)"),
        ("xn--e1afmkfd.xn--p1ai", "xn--e1afmkfd.xn--p1ai (пример.рф)"),
        ("example.com", "example.com"),
        ("xn--zz.de", "xn--zz.de"),  # not valid punycode: shown as it is
        ("xn--[b]x.de", "xn--[b]x.de"),
    ],
)
def test_punycode_names_are_shown_both_ways(name: str, shown: str) -> None:
    assert both_forms(name) == shown


def test_an_idn_zone_exports_in_ascii_with_its_unicode_name_in_a_comment() -> None:
    zone = Zone(1, "xn--mnchen-3ya.de", (DnsRecord("www.xn--mnchen-3ya.de", "A", "192.0.2.1"),))
    text = to_bind(zone)
    assert text.startswith("; münchen.de\n$ORIGIN xn--mnchen-3ya.de.\n")
    assert "www\t3600\tIN\tA\t192.0.2.1" in text
    assert unicode_name("example.com") is None
