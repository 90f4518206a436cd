"""`hostkey-tui triage`: the triage board as a snapshot to paste into an incident channel.

The same board as the app's `!` (`state.board.attention`): servers unreachable, powered off,
suspended, a sensor not ok, a cancellation asked for, billing overdue or due within a week,
most urgent first; and the changes whose outcome the journal leaves unknown. Power is read
only with `--power` (one `eq/status` per server: slow on a large fleet).
"""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any, TextIO

from hostkey_tui.cli.context import OK, Context
from hostkey_tui.cli.output import clean, write_json
from hostkey_tui.cli.servers import load_all, read_power, unread
from hostkey_tui.cli.session import Session, close, open_session
from hostkey_tui.models.inert import md
from hostkey_tui.models.timeline import Event, line
from hostkey_tui.services.audit import Entry
from hostkey_tui.services.timeline import timeline
from hostkey_tui.state.board import Attention, attention
from hostkey_tui.state.state import AppState

URGENCY = {0: "critical", 1: "high", 2: "warning", 3: "notice"}


async def triage(args: argparse.Namespace, ctx: Context) -> int:
    session = open_session(args, ctx)
    try:
        state = await load_all(session, ctx)
        if args.power:
            await read_power(session, ctx)
        state = session.services.store.state
        unsettled = open_changes(session)
        board = attention(state)
        if args.timeline:
            await timeline_invoices(session, [item.server_id for item in board], ctx)
        lines = {
            item.server_id: timeline(session.services, item.server_id).events[: args.timeline]
            for item in board
            if args.timeline
        }
    finally:
        await close(session)
    when = dt.datetime.fromtimestamp(ctx.clock.now(), dt.UTC)
    heading = f"{session.account}, {when:%Y-%m-%d %H:%M} UTC"
    if args.output == "json":
        found = _json(board, state, unsettled, session, when, args.power)
        if args.timeline:
            for server in found["attention"]:
                server["timeline"] = [event_json(e) for e in lines.get(server["id"], ())]
        write_json(ctx.out, found)
    elif args.output == "markdown":
        _markdown(ctx.out, board, state, unsettled, heading, args.power)
        _markdown_timelines(ctx.out, board, state, lines)
    else:
        _text(ctx.out, board, state, unsettled, heading, args.power, lines)
    unread(state, ctx)
    return OK


async def timeline_invoices(session: Session, server_ids: list[int], ctx: Context) -> None:
    """The listed servers' invoices, for their timelines (an overdue one is often why a server
    is listed); one that cannot be read is said, the rest of the timeline still shown."""
    from hostkey_tui.services.billing import read_related_invoices

    failed = await read_related_invoices(session.services, server_ids)
    if failed:
        ctx.say(
            f"hostkey-tui: {session.profile}: the invoices of {failed} listed server(s) could "
            "not be read: their timelines show no invoice"
        )


def open_changes(session: Session) -> list[Entry]:
    """Changes of this account the journal leaves open: sent, and their outcome never known."""
    journal = session.services.journal
    if journal is None:
        return []
    return [e for e in journal.unfinished() if e.profile == session.profile]


def server_words(state: AppState, item: Attention) -> tuple[str, str, str]:
    server = state.servers.get(item.server_id)
    if server is None:
        return f"{item.server_id}", "", ""
    return f"{server.hostname} ({server.id})", server.main_ip, server.location


def _summary(board: list[Attention], state: AppState, power: bool) -> str:
    count = len(state.server_ids)
    said = (
        f"{len(board)} of {count} servers need attention, most urgent first"
        if board
        else f"Nothing needs attention ({count} servers)"
    )
    return said + ("" if power else "; power not read (--power reads it)")


def change_words(entry: Entry) -> str:
    when = dt.datetime.fromtimestamp(entry.at, dt.UTC)
    targets = ", ".join(entry.targets) or "the account"
    return f"{entry.action} of {targets} at {when:%Y-%m-%d %H:%M} UTC: outcome unknown"


def _text(
    out: TextIO,
    board: list[Attention],
    state: AppState,
    changes: list[Entry],
    heading: str,
    power: bool,
    lines: Mapping[int, Sequence[Event]],
) -> None:
    out.write(f"Triage: {clean(heading)}\n{_summary(board, state, power)}.\n")
    for item in board:
        name, ip, location = server_words(state, item)
        where = " ".join(part for part in (ip, location) if part)
        out.write(f"  {URGENCY[item.urgency]:<8}  {clean(name)}  {clean(where)}\n")
        out.write(f"            {clean(item.why)}\n")
        timeline_text(out, lines.get(item.server_id))
    if changes:
        out.write("Changes whose outcome is unknown (the app asks invapi on its next start):\n")
        for entry in changes:
            out.write(f"  {clean(change_words(entry))}\n")


def _markdown(
    out: TextIO,
    board: list[Attention],
    state: AppState,
    changes: list[Entry],
    heading: str,
    power: bool,
) -> None:
    out.write(f"### Triage: {md(heading)}\n\n{md(_summary(board, state, power))}.\n")
    if board:
        out.write("\n| Urgency | Server | IP | Loc | Why |\n|---|---|---|---|---|\n")
        for item in board:
            name, ip, location = server_words(state, item)
            out.write(
                f"| {URGENCY[item.urgency]} | {md(name)} | {md(ip)} | {md(location)} "
                f"| {md(item.why)} |\n"
            )
    if changes:
        out.write("\n**Changes whose outcome is unknown**\n\n")
        for entry in changes:
            out.write(f"- {md(change_words(entry))}\n")


def timeline_text(out: TextIO, events: Sequence[Event] | None) -> None:
    """A listed server's timeline lines under it (None: not asked for)."""
    if events is not None and not events:
        out.write("            (no event known to this app)\n")
    for event in events or ():
        out.write(f"            {clean(line(event))}\n")


def timeline_markdown(out: TextIO, title: str, events: Sequence[Event]) -> None:
    """A listed server's timeline as a Markdown list under `title` (already made inert)."""
    out.write(f"\n**Timeline of {title}** (UTC, newest first)\n\n")
    if not events:
        out.write("- no event known to this app\n")
    for event in events:
        out.write(f"- {md(line(event))}\n")


def _event_at(event: Event) -> str | None:
    if event.at <= 0:
        return None
    stamp = dt.datetime.fromtimestamp(event.at, dt.UTC)
    return stamp.date().isoformat() if event.dated else stamp.isoformat()


def event_json(event: Event) -> dict[str, Any]:
    return {
        "at": _event_at(event),
        "what": event.what,
        "who": event.who,
        "outcome": event.outcome,
    }


def _markdown_timelines(
    out: TextIO, board: list[Attention], state: AppState, lines: Mapping[int, Sequence[Event]]
) -> None:
    for item in board:
        name, _, _ = server_words(state, item)
        timeline_markdown(out, md(name), lines.get(item.server_id, ()))


def attention_json(state: AppState, item: Attention) -> dict[str, Any]:
    """One server of the board, as `triage -o json` gives it (documented in the README)."""
    server = state.servers.get(item.server_id)
    return {
        "id": item.server_id,
        "hostname": server.hostname if server else None,
        "main_ip": server.main_ip if server else None,
        "location": server.location if server else None,
        "urgency": URGENCY[item.urgency],
        "reasons": list(item.reasons),
    }


def _json(
    board: list[Attention],
    state: AppState,
    changes: list[Entry],
    session: Session,
    when: dt.datetime,
    power: bool,
) -> dict[str, Any]:
    servers = [attention_json(state, item) for item in board]
    return {
        "profile": session.profile,
        "email": state.account.email or None,
        "at": when.isoformat(),
        "servers_total": len(state.server_ids),
        "power_read": power,
        "attention": servers,
        "unknown_outcomes": [
            {
                "at": dt.datetime.fromtimestamp(e.at, dt.UTC).isoformat(),
                "action": e.action,
                "targets": list(e.targets),
                "endpoint": e.endpoint,
            }
            for e in changes
        ],
    }
