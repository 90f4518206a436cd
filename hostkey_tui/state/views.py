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

from hostkey_tui.models.sensors import Severity
from hostkey_tui.models.server import Server, ServerKind
from hostkey_tui.models.tasks import TaskState
from hostkey_tui.records import dataclass
from hostkey_tui.state.state import AppState, Job

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
        self._order_key: tuple[object, ...] | None = None
        self._order: list[int] = []
        self._last: tuple[list[int] | None, str, list[int]] = (None, "", [])
        self._key_column = ""
        #: Each row's text, in the order of `_texts_of` (the plain filter's one pass).
        self._texts_of: list[int] | None = None
        self._texts: list[str] = []
        #: The last plain filter's rows and their texts.
        self._narrowed: tuple[list[int] | None, list[str]] = (None, [])
        self._keys: dict[int, Any] = {}
        self._keyed: dict[int, Server] = {}

    def sync(self, servers: Mapping[int, Server]) -> None:
        """Rebuild the entries of servers that changed (identity decides)."""
        if servers is self._servers:
            return
        entries = self._entries
        for server_id, server in servers.items():
            entry = entries.get(server_id)
            if entry is None or entry.server is not server:
                entries[server_id] = _entry(server)
        if len(entries) > len(servers):
            for server_id in [k for k in entries if k not in servers]:
                del entries[server_id]
        self._servers = servers

    def sorted_ids(self, state: AppState, column: str, reverse: bool) -> list[int]:
        """Every id, sorted by `column`; servers not yet read go last, in invapi's order."""
        key = (id(state.servers), id(state.server_ids), column, reverse)
        if key == self._order_key:
            return self._order
        self.sync(state.servers)
        known = [i for i in state.server_ids if i in state.servers]
        unknown = [i for i in state.server_ids if i not in state.servers]
        keys = self._sort_keys(column, state.servers, known)
        try:
            known.sort(key=keys.__getitem__, reverse=reverse)
        except TypeError:  # a column whose keys do not compare: fall back to the id
            known.sort(reverse=reverse)
        self._order_key, self._order = key, known + unknown
        return self._order

    def _sort_keys(
        self, column: str, servers: Mapping[int, Server], ids: list[int]
    ) -> dict[int, Any]:
        """Each server's sort key for `column`, made again only for servers that changed: a
        load re-sorts the list at every step, and making 10,000 keys was half of it."""
        if column != self._key_column:
            self._key_column, self._keys, self._keyed = column, {}, {}
        keys, keyed = self._keys, self._keyed
        order = sort_key(column)
        for server_id in ids:
            server = servers[server_id]
            if keyed.get(server_id) is not server:
                keyed[server_id] = server
                keys[server_id] = order(server)
        return keys

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


@dataclass(frozen=True, slots=True)
class Attention:
    """Why a server needs a look, most urgent first."""

    server_id: int
    reasons: tuple[str, ...]
    urgency: int  # 0 most urgent

    @property
    def why(self) -> str:
        return "; ".join(self.reasons)


def attention(state: AppState) -> list[Attention]:
    """The triage board: powered off, a sensor not ok, a job running or failed, billing due
    within 7 days or overdue, unreachable. Each with its reasons; most urgent first."""
    latest_job: dict[int, Job] = {}
    for job in state.jobs.values():
        if job.server_id is not None and not job.quiet:
            latest_job[job.server_id] = job
    found: list[Attention] = []
    for server_id in state.server_ids:
        reasons: list[tuple[int, str]] = []
        server = state.servers.get(server_id)
        if server_id in state.failed:
            reasons.append((0, f"unreachable: {state.failed[server_id]}"))
        power = state.power.get(server_id)
        if power is not None and power.on is None:
            reasons.append((0, "power unknown — check status"))
        elif power is not None and power.on is False:
            reasons.append((1, "powered off"))
        suspended = suspension(state, server_id)
        if suspended:
            reasons.append((1, suspended))
        sensors = state.sensors.get(server_id)
        if sensors is not None:
            bad = [
                r for r in sensors.readings if r.severity in (Severity.WARNING, Severity.CRITICAL)
            ]
            for reading in bad[:2]:
                level = 0 if reading.severity is Severity.CRITICAL else 2
                reasons.append((level, f"{reading.name} {reading.display()} ({reading.state})"))
        last = latest_job.get(server_id)
        if last is not None:
            if last.running:
                reasons.append((3, f"{last.action} running"))
            elif last.state in (
                TaskState.FAILED,
                TaskState.TIMED_OUT,
                TaskState.GONE,
                TaskState.UNKNOWN,
            ):
                reasons.append((1, f"{last.action} {last.state.value}: {last.message}"[:80]))
        pxe = state.pxe.get(server_id)
        if pxe is not None and pxe.pxe_written:
            reasons.append((1, "PXE config not cleared: finish the PXE reinstall"))
        request = state.billing.cancellations.get(server_id)
        if request is not None:
            reasons.append((3, f"cancellation requested ({request.type.lower()})"))
        if server is not None and server.days_left is not None:
            if server.days_left < 0:
                late = -server.days_left
                reasons.append((1, f"overdue {late} day{'' if late == 1 else 's'}"))
            elif server.days_left <= DUE_SOON:
                days = server.days_left
                reasons.append((3, f"due in {days} day{'' if days == 1 else 's'}"))
        if reasons:
            reasons.sort()
            found.append(Attention(server_id, tuple(r for _, r in reasons), reasons[0][0]))
    found.sort(key=lambda a: board_order(a, state.servers.get(a.server_id)))
    return found


def board_order(item: Attention, server: Server | None) -> tuple[int, int, str]:
    """Where a server stands on the triage board: by urgency, then the sooner due (the most
    overdue first), then by hostname."""
    days = server.days_left if server is not None and server.days_left is not None else 10**9
    return item.urgency, days, server.hostname if server is not None else ""
