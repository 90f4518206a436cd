"""Derived selections: the server list filtered and sorted, and its columns.

Built for 10,000 servers: each server gets one precomputed index entry (lower-cased search text
and sort keys), rebuilt only when that server changes; the sorted order is kept until the data
or the sort changes, so a filter keystroke is one pass of substring tests.
"""

from __future__ import annotations

import ipaddress
import shlex
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import date
from itertools import compress
from typing import Any

from hostkey_tui.models.server import Server, ServerKind
from hostkey_tui.records import dataclass
from hostkey_tui.state.ranked import Ranked
from hostkey_tui.state.state import AppState

KIND_SHORT = {
    ServerKind.VM: "VM",
    ServerKind.BARE_METAL: "BM",
    ServerKind.GPU: "GPU",
    ServerKind.VGPU: "vGPU",
}
KIND_WORDS = {
    "vm": {ServerKind.VM},
    "bm": {ServerKind.BARE_METAL},
    "baremetal": {ServerKind.BARE_METAL},
    "gpu": {ServerKind.GPU, ServerKind.VGPU},
    "vgpu": {ServerKind.VGPU},
}
_KIND_BY_VALUE = {k.value: {k} for k in ServerKind}
FIELDS = {
    "loc": "location",
    "location": "location",
    "status": "status",
    "tag": "tag",
    "kind": "kind",
    "id": "id",
    "ip": "ip",
    "os": "os",
    "host": "host",
    "name": "host",
    "preset": "preset",
}


@dataclass(frozen=True, slots=True)
class Column:
    """A server-list column: its title, width, and how it reads and sorts a server."""

    key: str
    title: str
    width: int
    text: Callable[[Server], str]
    sort: Callable[[Server], Any]
    flexible: bool = False
    align_right: bool = False


def _ip_key(server: Server) -> tuple[int, int]:
    try:
        address = ipaddress.ip_address(server.main_ip)
    except ValueError:
        return (9, 0)
    return (address.version, int(address))


def _tags_text(server: Server) -> str:
    return " ".join(f"{t.name}={t.value}" if t.value else t.name for t in server.public_tags)


def _due(server: Server) -> str:
    return server.due_date.isoformat() if server.due_date else ""


def _days(server: Server) -> str:
    return "" if server.days_left is None else f"{server.days_left}d"


#: invapi's status of a server billing has stopped ("suspended for a reason", says the
#: documentation of eq/list): a billing state, not a power state, so never shown as such.
SUSPENDED = "power_off"
#: Days before the due date from which the triage board lists a server.
DUE_SOON = 7
#: The power as the header says it (the list's column has one word).
_POWER_LONG = {"on": "powered on", "off": "powered off", "unknown": "power unknown"}


def condition(server: Server) -> str:
    """One server's state in the list's Status column: "suspended" (invapi's status power_off)
    with its power once read ("susp, on"), else its power as last read (on, off, "power ?"),
    else invapi's status as it comes (rent). The detail's header says the same in words
    (`condition_words`): both come from the one power reading in `AppState.power`."""
    power = {"unknown": "?"}.get(server.power, server.power)
    if server.status == SUSPENDED:
        return f"susp, {power}" if power else "suspended"
    if power:
        return "power ?" if power == "?" else power
    return server.status


def condition_words(server: Server) -> str:
    """`condition` in full words, for the detail's header ("suspended, powered on")."""
    power = _POWER_LONG.get(server.power, "")
    if server.status == SUSPENDED:
        return f"suspended, {power}" if power else "suspended"
    return power or server.status


def suspension(state: AppState, server_id: int) -> str:
    """Why a server is suspended, in words, or "" when it is not. invapi's status says only
    that it is (power_off); the billing data's `suspend_reason` or an overdue due date say
    why, when read."""
    server = state.servers.get(server_id)
    if server is None or server.status != SUSPENDED:
        return ""
    data = state.billing.servers.get(server_id)
    reason = data.suspend_reason if data is not None else ""
    overdue = server.days_left is not None and server.days_left < 0
    if overdue or any(w in reason.lower() for w in ("pay", "overdue", "invoice")):
        return "suspended for non-payment"
    if reason:
        return f"suspended: {reason}"
    return "suspended (invapi's status power_off; it does not say why)"


COLUMNS: dict[str, Column] = {
    c.key: c
    for c in (
        Column("id", "ID", 6, lambda s: str(s.id), lambda s: s.id, align_right=True),
        Column(
            "hostname",
            "Hostname",
            14,
            lambda s: s.hostname,
            lambda s: s.hostname.lower(),
            flexible=True,
        ),
        Column("ip", "Main IP", 15, lambda s: s.main_ip, _ip_key),
        Column("location", "Loc", 3, lambda s: s.location, lambda s: s.location),
        Column("kind", "Kind", 4, lambda s: KIND_SHORT[s.kind], lambda s: s.kind.value),
        Column("status", "Status", 9, condition, condition),
        Column(
            "config",
            "Preset / config",
            16,
            lambda s: s.preset or s.config,
            lambda s: (s.preset or s.config).lower(),
            flexible=True,
        ),
        Column("os", "OS", 14, lambda s: s.os_name, lambda s: s.os_name.lower()),
        Column("due", "Due", 10, _due, lambda s: s.due_date or date.max),
        Column(
            "days",
            "Days",
            5,
            _days,
            lambda s: 10**9 if s.days_left is None else s.days_left,
            align_right=True,
        ),
        Column("tags", "Tags", 12, _tags_text, lambda s: _tags_text(s).lower(), flexible=True),
        # The fleet's account: filled in by the fleet, not from the server.
        Column("profile", "Profile", 10, lambda s: "", lambda s: ""),
        # The triage board's reasons: filled in from `attention()`, not from the server.
        Column("why", "Why it needs a look", 20, lambda s: "", lambda s: "", flexible=True),
    )
}
DEFAULT_COLUMNS = (
    "id",
    "hostname",
    "ip",
    "location",
    "kind",
    "status",
    "config",
    "os",
    "due",
    "days",
    "tags",
)
#: Dropped first when the terminal is too narrow for every chosen column.
DROP_ORDER = ("tags", "os", "config", "due", "kind", "location", "ip", "status", "days")
ATTENTION_COLUMNS = ("id", "hostname", "ip", "location", "why")


def fit_columns(
    chosen: Sequence[str], width: int, gap: int = 1, widths: Mapping[str, int] | None = None
) -> list[Column]:
    """The chosen columns that fit in `width` cells, dropping the least needed first;
    `widths`: a column's width instead of its own (the fleet's Profile, as wide as its names)."""
    columns = [
        replace(COLUMNS[key], width=widths[key]) if widths and key in widths else COLUMNS[key]
        for key in chosen
        if key in COLUMNS
    ]
    if not columns:
        columns = [COLUMNS["id"], COLUMNS["hostname"]]

    def needed(cols: list[Column]) -> int:
        return sum(c.width for c in cols) + gap * max(0, len(cols) - 1)

    for key in DROP_ORDER:
        if needed(columns) <= width or len(columns) <= 2:
            break
        columns = (
            [c for c in columns if c.key != key] if any(c.key == key for c in columns) else columns
        )
    while needed(columns) > width and len(columns) > 2:
        columns = columns[:-1]
    return columns


@dataclass(frozen=True, slots=True)
class Term:
    field: str  # "" for any field
    value: str  # lower-cased
    negate: bool = False


def parse_query(text: str) -> tuple[Term, ...]:
    """`loc:NL status:power_off tag:env=prod gpu -staging` → terms, all of which must hold."""
    try:
        words = shlex.split(text)
    except ValueError:
        words = text.split()
    terms = []
    for word in words:
        negate = word.startswith("-") and len(word) > 1
        body = word[1:] if negate else word
        name, sep, value = body.partition(":")
        field = FIELDS.get(name.lower()) if sep else None
        if field is not None and value:
            terms.append(Term(field, value.lower(), negate))
        elif not sep and body.lower() in KIND_WORDS:
            terms.append(Term("kind", body.lower(), negate))
        elif body:
            terms.append(Term("", body.lower(), negate))
    return tuple(terms)


@dataclass(slots=True)
class _Entry:
    server: Server
    blob: str
    host: str
    location: str
    status: str
    #: What the Status column says (`condition`): `status:off` finds what the list shows.
    shown: str
    os: str
    preset: str
    ips: tuple[str, ...]
    # One string each rather than a set of strings: "\0env=prod\0role=db\0" and
    # "\0env\0prod\0role\0db\0" (a tenth of the memory at 10,000 servers, as fast to ask).
    tag_pairs: str  # name=value
    tag_words: str  # names and values


def _entry(server: Server) -> _Entry:
    tags = tuple(
        (t.name.lower(), t.value.lower())
        for t in server.tags
        if not t.internal and t.secret is None
    )
    ips = tuple(a.ip for a in server.ips)
    parts = [
        server.hostname,
        str(server.id),
        *ips,
        server.location,
        server.status,
        condition(server),
        server.os_name,
        server.preset,
        *(f"{k}={v}" for k, v in tags),
    ]
    return _Entry(
        server=server,
        blob="\x00".join(parts).lower(),
        host=server.hostname.lower(),
        location=sys.intern(server.location.lower()),
        status=sys.intern(server.status.lower()),
        shown=sys.intern(condition(server).lower()),
        os=sys.intern(server.os_name.lower()),
        preset=sys.intern((server.preset + " " + server.config).lower()),
        ips=ips,
        tag_pairs=_joined(f"{k}={v}" for k, v in tags),
        tag_words=_joined(w for pair in tags for w in pair if w),
    )


def _joined(words: Iterable[str]) -> str:
    return "\x00" + "".join(f"{w}\x00" for w in words)


def _matches(entry: _Entry, term: Term) -> bool:
    value = term.value
    match term.field:
        case "":
            return value in entry.blob
        case "location":
            return entry.location == value
        case "status":
            return entry.status.startswith(value) or entry.shown.startswith(value)
        case "kind":
            return entry.server.kind in (
                KIND_WORDS.get(value) or _KIND_BY_VALUE.get(value) or set()
            )
        case "id":
            return str(entry.server.id).startswith(value)
        case "ip":
            return any(ip.startswith(value) for ip in entry.ips)
        case "os":
            return value in entry.os
        case "host":
            return value in entry.host
        case "preset":
            return value in entry.preset
        case "tag":
            return f"\x00{value}\x00" in (entry.tag_pairs if "=" in value else entry.tag_words)
    return False


_NARROWING_FIELDS = frozenset({"", "id", "ip", "os", "host", "preset", "status"})


def _narrows(old: tuple[Term, ...], new: tuple[Term, ...]) -> bool:
    """True when every row matching `new` also matched `old` (substring terms only grow)."""
    if not old or any(t.negate or t.field not in _NARROWING_FIELDS for t in old + new):
        return False
    return all(any(n.field == o.field and o.value in n.value for n in new) for o in old)


def tag_search_value(query: str) -> str:
    """What invapi's tag search (tags/user_search, which matches tag values) could be asked
    when the list finds nothing: a single free word, or the value of `tag:name=value`."""
    terms = parse_query(query)
    if len(terms) != 1 or terms[0].negate or terms[0].field not in ("", "tag"):
        return ""
    value = terms[0].value
    if terms[0].field == "tag":
        if "=" not in value:
            return ""
        value = value.partition("=")[2]
    return value if len(value) >= 2 else ""


def _matches_id(server_id: int, term: Term) -> bool:
    """A server not read yet: only its id is known, so only id and free terms can match."""
    if term.field == "id":
        return str(server_id).startswith(term.value) != term.negate
    if term.field == "":
        return (term.value in str(server_id)) != term.negate
    return term.negate


def sort_key(column: str) -> Callable[[Server], tuple[Any, int]]:
    """How the list orders servers by `column` (an unknown one: by hostname), the id breaking
    ties."""
    spec = COLUMNS.get(column, COLUMNS["hostname"])
    return lambda server: (spec.sort(server), server.id)


class ServerIndex:
    """The search index and sorted order of the server list, kept in step with the state."""

    def __init__(self) -> None:
        self._entries: dict[int, _Entry] = {}
        self._servers: Mapping[int, Server] | None = None
        #: What the order was made of (the records and the list, held: compared by identity).
        self._order_of: tuple[object, ...] = (None, None, "", False)
        self._order: list[int] = []
        self._ranked = Ranked()
        #: Servers whose record changed since the order was last made.
        self._changed: set[int] = set()
        self._last: tuple[list[int] | None, str, list[int]] = (None, "", [])
        #: Each row's text, in the order of `_texts_of` (the plain filter's one pass).
        self._texts_of: list[int] | None = None
        self._texts: list[str] = []
        #: The last plain filter's rows and their texts.
        self._narrowed: tuple[list[int] | None, list[str]] = (None, [])

    def sync(self, servers: Mapping[int, Server]) -> None:
        """Rebuild the entries of servers that changed (identity decides)."""
        if servers is self._servers:
            return
        entries, changed = self._entries, self._changed
        get = entries.get
        # One comprehension finds the few that changed (a load step: 100 of 10,000).
        new = [(i, s) for i, s in servers.items() if (e := get(i)) is None or e.server is not s]
        for server_id, server in new:
            entries[server_id] = _entry(server)
            changed.add(server_id)
        if len(entries) > len(servers):
            for server_id in [k for k in entries if k not in servers]:
                del entries[server_id]
                changed.add(server_id)
        self._servers = servers

    def sorted_ids(self, state: AppState, column: str, reverse: bool) -> list[int]:
        """Every id, sorted by `column`; servers not yet read go last, in invapi's order."""
        made_of = self._order_of
        if (
            made_of[0] is state.servers
            and made_of[1] is state.server_ids
            and made_of[2:] == (column, reverse)
        ):
            return self._order
        self.sync(state.servers)
        changed, self._changed = self._changed, set()
        servers = state.servers
        known = self._ranked.ids(column, sort_key(column), servers, state.server_ids, changed)
        if reverse:
            known.reverse()
        if len(known) < len(state.server_ids):
            known += [i for i in state.server_ids if i not in servers]
        self._order_of, self._order = (servers, state.server_ids, column, reverse), known
        return known

    def rows(
        self, state: AppState, query: str, column: str = "hostname", reverse: bool = False
    ) -> list[int]:
        """The ids the list shows for this query and sort."""
        order = self.sorted_ids(state, column, reverse)
        terms = parse_query(query)
        if not terms:
            return order
        candidates = order
        last_order, last_query, last_rows = self._last
        # Typing one more character can only narrow a query of substring terms: filter the
        # previous result instead of the whole list.
        if (
            last_order is order
            and query.startswith(last_query)
            and _narrows(parse_query(last_query), terms)
        ):
            candidates = last_rows
        if len(terms) == 1 and terms[0].field == "" and not terms[0].negate:
            result = self._plain(order, candidates, terms[0].value)
        else:
            result = self._filter(candidates, terms)
        self._last = (order, query, result)
        return result

    def _plain(self, order: list[int], candidates: list[int], value: str) -> list[int]:
        """One plain word (what is typed most): matched against each row's text, kept in the
        list's order beside it, so that a key costs one pass of `in` and no lookups."""
        if self._texts_of is not order:
            entries = self._entries
            self._texts_of = order
            self._texts = [e.blob if (e := entries.get(i)) is not None else str(i) for i in order]
        texts = self._texts
        if candidates is not order:
            if self._narrowed[0] is not candidates:
                where = {server_id: n for n, server_id in enumerate(order)}
                self._narrowed = (candidates, [texts[where[i]] for i in candidates])
            texts = self._narrowed[1]
        kept = [value in text for text in texts]
        result = list(compress(candidates, kept))
        self._narrowed = (result, list(compress(texts, kept)))
        return result

    def _filter(self, candidates: list[int], terms: tuple[Term, ...]) -> list[int]:
        entries = self._entries
        result = []
        for server_id in candidates:
            entry = entries.get(server_id)
            if entry is None:
                if all(_matches_id(server_id, t) for t in terms):
                    result.append(server_id)
            elif all(_matches(entry, t) != t.negate for t in terms):
                result.append(server_id)
        return result

    def find(self, state: AppState, text: str) -> int | None:
        """A server by id, exact hostname, or unique hostname prefix (for `:server`)."""
        wanted = text.strip().lower()
        if wanted.isdigit() and int(wanted) in state.server_ids:
            return int(wanted)
        self.sync(state.servers)
        exact = [i for i, e in self._entries.items() if e.host == wanted]
        if exact:
            return exact[0]
        prefix = [i for i, e in self._entries.items() if e.host.startswith(wanted)]
        return prefix[0] if len(prefix) == 1 else None
