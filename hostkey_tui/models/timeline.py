"""One server's history in one list: what this app did to it (the journal), how its jobs went
(install stages), what a refresh saw change (status, power, name, tags, addresses, due date),
its invoices and its cancellation request. Pure: the services gather, this joins and words.

Text from invapi (names, tag values, statuses) is kept as it came, cut short; the screens show
it as literal text, never as markup.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from datetime import UTC, date, datetime, time

from hostkey_tui.models.billing import CancellationRequest, Invoice
from hostkey_tui.models.inert import md
from hostkey_tui.models.server import Server
from hostkey_tui.records import dataclass

#: Who made a line: this app (journal, jobs), a refresh or a power read that saw a change made
#: elsewhere, or invapi's billing.
BY_APP = "this app"
BY_REFRESH = "seen on refresh"
BY_BILLING = "billing"
#: The outcome of a change seen on refresh: it is there now.
SEEN = "seen"

#: How long before a change seen on refresh a change by this app of the same kind explains it.
EXPLAINED_WITHIN = 15 * 60.0
#: Longest text of invapi's kept in a line.
LONGEST = 80


@dataclass(frozen=True, slots=True)
class Sighting:
    """A change a refresh (or a power read) saw on a server: kept in the state folder."""

    at: float
    server_id: int
    #: What changed: status, power, hostname, os, tags, ips, due, location, config.
    topic: str
    what: str


@dataclass(frozen=True, slots=True)
class Event:
    """One line of a server's timeline."""

    at: float
    what: str
    who: str
    outcome: str = ""
    #: What it is about (journal, job, a sighting's topic, invoice, cancellation).
    topic: str = ""
    #: The journal's action (`reboot`, `eq/rename_server`): what a sighting is matched with.
    action: str = ""
    #: A date without a time of day (an invoice's): shown as the date alone.
    dated: bool = False


def _cut(text: str) -> str:
    flat = " ".join(str(text).split())
    return flat if len(flat) <= LONGEST else flat[: LONGEST - 1] + "…"


def _tags(server: Server) -> dict[str, str]:
    # Secret tags carry no value here; their names alone are compared (never their secrets).
    return {t.name: t.value for t in server.public_tags}


def sightings(before: Server, after: Server, at: float) -> list[Sighting]:
    """What changed between two reads of one server (power is compared by `power_sighting`)."""
    found: list[Sighting] = []

    def saw(topic: str, what: str) -> None:
        found.append(Sighting(at, after.id, topic, what))

    for topic, label, old, new in (
        ("status", "Status", before.status, after.status),
        ("hostname", "Renamed", before.hostname, after.hostname),
        ("os", "OS", before.os_name, after.os_name),
        ("location", "Location", before.location, after.location),
        ("config", "Configuration", before.config, after.config),
    ):
        if old != new and (old or new):
            saw(topic, f"{label}: {_cut(old) or '—'} → {_cut(new) or '—'}")
    if before.due_date != after.due_date and after.due_date is not None:
        was = before.due_date.isoformat() if before.due_date else "—"
        saw("due", f"Next due date: {was} → {after.due_date.isoformat()}")
    old_tags, new_tags = _tags(before), _tags(after)
    for name in sorted(new_tags.keys() - old_tags.keys()):
        saw("tags", f"Tag added: {_cut(name)}={_cut(new_tags[name])}")
    for name in sorted(old_tags.keys() - new_tags.keys()):
        saw("tags", f"Tag removed: {_cut(name)}")
    for name in sorted(old_tags.keys() & new_tags.keys()):
        if old_tags[name] != new_tags[name]:
            saw("tags", f"Tag {_cut(name)}: {_cut(old_tags[name])} → {_cut(new_tags[name])}")
    old_ips = {a.ip: a for a in before.ips}
    new_ips = {a.ip: a for a in after.ips}
    for ip in sorted(new_ips.keys() - old_ips.keys()):
        saw("ips", f"Address added: {_cut(ip)}")
    for ip in sorted(old_ips.keys() - new_ips.keys()):
        saw("ips", f"Address removed: {_cut(ip)}")
    for ip in sorted(old_ips.keys() & new_ips.keys()):
        blocked = new_ips[ip].blocked_since is not None
        if (old_ips[ip].blocked_since is not None) != blocked:
            saw("ips", f"Address {_cut(ip)} {'blocked' if blocked else 'unblocked'}")
    return found


def power_sighting(server_id: int, before: str, after: str, at: float) -> Sighting | None:
    """A power read that found the power changed (a first read, or an unknown one, is none)."""
    known = ("on", "off")
    if before in known and after in known and before != after:
        return Sighting(at, server_id, "power", f"Power {before} → {after}")
    return None


# -- joining ---------------------------------------------------------------------------------

#: Which journal actions (their names, never their messages) explain a change of each topic
#: seen on refresh: a request's own line (`eq/reboot`) or its change's (`reboot`).
_TOPIC_ACTIONS = {
    "power": re.compile(r"^(eq/)?(on|off|reboot|hard_off)$"),
    "hostname": re.compile(r"^(eq/)?rename(_server)?$"),
    "tags": re.compile(r"^(tags/\w+|\w*tag\w*)$"),
    "ips": re.compile(r"^(net/\w+|\w*(ipv4|ip|block|unblock)\w*)$"),
    "os": re.compile(r"^(eq/order_instance|\w*(install|order)\w*)$"),
    "status": re.compile(r"^(eq/order_instance|whmcs/\w*cancel\w*|\w*(cancel|install|order)\w*)$"),
    "due": re.compile(r"^(whmcs/\w+|\w*(invoice|pay|credit)\w*)$"),
}


@dataclass(frozen=True, slots=True)
class JournalLine:
    """What the timeline needs of a journal entry (the audit module's `Entry`, without it)."""

    at: float
    action: str
    outcome: str
    message: str = ""
    change: str = ""


#: A request's own journal lines that only say it was answered: the change's line says more.
_PLUMBING = "sending → answered"
#: How near a change's line must be to its request's to stand for it (seconds).
_SAME_CHANGE = 30.0
#: Longest a change's own lines are apart (a job followed for hours ends within a day).
_ONE_CHANGE = 86_400.0


#: Said of a change whose end the journal never learnt, once it is older than a change lasts.
NO_END = "end not known"


def from_journal(lines: Iterable[JournalLine], now: float | None = None) -> list[Event]:
    """One line per change: its first time, its action, and its outcomes in order ("sent →
    done", "sending → unknown → done" once reconciled). `lines` oldest first.

    Each request is journaled twice: by the client around the request itself (with a change
    id: sending, then answered or unknown, then what invapi was found to have done) and by the
    service with what the change achieved. A request that was simply answered, next to its
    change's own line, is that line: it is not said twice."""
    events: list[Event] = []
    requests: set[int] = set()
    open_at: dict[str, int] = {}
    for line in lines:
        key = line.change or f"plain:{line.action}"
        index = open_at.get(key)
        # A change's own lines: "sent", then its end. Another "sent" is another change (the
        # first never learnt its end: the app was stopped), as is a line a day later.
        if (
            index is not None
            and not line.change
            and (line.outcome in ("sent", "sending") or line.at - events[index].at > _ONE_CHANGE)
        ):
            index = None
        if index is not None:
            event = events[index]
            outcome = f"{event.outcome} → {line.outcome}" if event.outcome else line.outcome
            what = event.what if not line.message else _said(line.action, line.message)
            events[index] = replace(event, what=_cut_long(what), outcome=outcome)
            if not line.change and line.outcome not in ("sent", "sending"):
                del open_at[key]
            continue
        what = _said(line.action, line.message)
        events.append(
            Event(line.at, _cut_long(what), BY_APP, line.outcome, "journal", action=line.action)
        )
        if line.change:
            requests.add(len(events) - 1)
        if line.change or line.outcome in ("sent", "sending"):
            open_at[key] = len(events) - 1
    if now is not None:
        for i, event in enumerate(events):
            last = event.outcome.rsplit("→", 1)[-1].strip()
            if last in ("sent", "sending") and now - event.at > _ONE_CHANGE:
                events[i] = replace(event, outcome=f"{event.outcome} → {NO_END}")
    plain = [e.at for i, e in enumerate(events) if i not in requests]
    return [
        e
        for i, e in enumerate(events)
        if i not in requests
        or e.outcome != _PLUMBING
        or not any(abs(at - e.at) <= _SAME_CHANGE for at in plain)
    ]


def _cut_long(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= 2 * LONGEST else flat[: 2 * LONGEST - 1] + "…"


def _said(action: str, message: str) -> str:
    """The action and what was said of it, once ("Reboot: Reboot is done" is "Reboot is done")."""
    name = _action(action)
    if not message:
        return name
    words = name.lower().split()
    if message.lower().split()[: len(words)] == words:
        return message
    return f"{name}: {message}"


def _action(action: str) -> str:
    if "/" in action:  # a request's own line names its endpoint: eq/reboot
        return action
    words = action.replace("_", " ").strip()
    return words[:1].upper() + words[1:] if words else "Change"


def from_stages(
    title: str, stage_times: Iterable[tuple[int, float]], names: dict[int, str]
) -> list[Event]:
    """The install stages a job saw, each when it was first seen."""
    return [
        Event(
            at,
            f"{title}: stage {number} of 5, {names.get(number, '')}".rstrip(", "),
            BY_APP,
            "",
            "job",
        )
        for number, at in stage_times
    ]


def _midday(day: date) -> float:
    # A billing date has no time: noon UTC keeps it on its day in every time zone's reading.
    return datetime.combine(day, time(12), tzinfo=UTC).timestamp()


def from_invoices(invoices: Iterable[Invoice], today: date, currency: str = "") -> list[Event]:
    """Each invoice issued, paid, and overdue (unpaid past its due date); amounts without a
    unit of their own are in the account's `currency`."""
    events: list[Event] = []
    for invoice in invoices:
        gross = invoice.gross
        if gross.amount is not None and not (gross.currency or gross.suffix or gross.prefix):
            gross = replace(gross, currency=invoice.currency or currency)
        amount = gross.display()
        label = f"Invoice {_cut(invoice.number or str(invoice.id))}"
        if invoice.date is not None:
            events.append(
                Event(
                    _midday(invoice.date),
                    f"{label} issued, {amount}",
                    BY_BILLING,
                    "issued",
                    "invoice",
                    dated=True,
                )
            )
        if invoice.paid is not None:
            paid = invoice.paid if invoice.paid.tzinfo else invoice.paid.replace(tzinfo=UTC)
            events.append(Event(paid.timestamp(), f"{label} paid", BY_BILLING, "paid", "invoice"))
        elif invoice.unpaid and invoice.due is not None and invoice.due < today:
            days = (today - invoice.due).days
            events.append(
                Event(
                    _midday(invoice.due),
                    f"{label} overdue ({days} day{'s' if days != 1 else ''} now)",
                    BY_BILLING,
                    "unpaid",
                    "invoice",
                    dated=True,
                )
            )
    return events


def from_cancellation(request: CancellationRequest | None) -> list[Event]:
    if request is None:
        return []
    at = request.date
    when = (at if at.tzinfo else at.replace(tzinfo=UTC)).timestamp() if at else 0.0
    reason = f": {_cut(request.reason)}" if request.reason else ""
    return [
        Event(
            when,
            f"Cancellation requested ({_cut(request.type)}){reason}",
            BY_BILLING,
            "requested",
            "cancellation",
        )
    ]


#: Topics whose sighting names a value the app's own change would name too (a tag's value, a
#: hostname, an OS): the same kind of change just before is the app's only if it names it.
_VALUED = frozenset({"tags", "hostname", "os"})


def _after(sighting: Sighting) -> str | None:
    """What a valued sighting found (`team: sre → ops` → `ops`; `Tag added: a=b` → `a=b`)."""
    if sighting.topic not in _VALUED:
        return None
    if "→" in sighting.what:
        return sighting.what.rsplit("→", 1)[1].strip()
    return sighting.what.split(": ", 1)[-1].strip()


def from_sightings(seen: Iterable[Sighting], journal: Sequence[Event]) -> list[Event]:
    """Changes seen on refresh; one that a change by this app of the same kind, shortly
    before, explains is said to be this app's (its outcome as seen)."""
    events = []
    for sighting in seen:
        pattern = _TOPIC_ACTIONS.get(sighting.topic)
        after = _after(sighting)
        ours = pattern is not None and any(
            0 <= sighting.at - e.at <= EXPLAINED_WITHIN
            and pattern.match(e.action.lower())
            and (after is None or after.lower() in e.what.lower())
            for e in journal
        )
        # Who made it, as far as is known; the outcome is what a sighting always is: seen.
        who = BY_APP if ours else BY_REFRESH
        events.append(Event(sighting.at, sighting.what, who, SEEN, sighting.topic))
    return events


def when(event: Event) -> str:
    """When it happened, in UTC: the date alone where invapi gives no time of day."""
    if event.at <= 0:
        return "date unknown"
    stamp = datetime.fromtimestamp(event.at, UTC)
    return stamp.strftime("%Y-%m-%d") if event.dated else stamp.strftime("%Y-%m-%d %H:%M")


def line(event: Event) -> str:
    """One event in a line of text: when, what, and who with the outcome."""
    said = ", ".join(part for part in (event.who, event.outcome) if part)
    return f"{when(event)}  {event.what} ({said})"


def newest_first(*groups: Iterable[Event]) -> list[Event]:
    joined = [e for group in groups for e in group]
    return sorted(joined, key=lambda e: e.at, reverse=True)


def markdown(title: str, events: Sequence[Event], when: Callable[[Event], str]) -> str:
    """The timeline as a Markdown table, every text from invapi made inert."""
    lines = [f"### {md(title)}", "", "| When | What | Who | Outcome |", "|---|---|---|---|"]
    lines += [f"| {md(when(e))} | {md(e.what)} | {md(e.who)} | {md(e.outcome)} |" for e in events]
    return "\n".join(lines) + "\n"
