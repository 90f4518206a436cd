"""`hostkey-tui servers --fleet` and `hostkey-tui triage --fleet`: one list, one board over every
profile of the config, each line naming its account (see `cli.fleet` for how they are read)."""

from __future__ import annotations

import argparse
import datetime as dt
from typing import Any, TextIO

from hostkey_tui.cli.context import USAGE, CommandError, Context
from hostkey_tui.cli.fleet import (
    Member,
    chosen,
    close_fleet,
    load_fleet,
    open_fleet,
    said,
    split_terms,
)
from hostkey_tui.cli.output import Field, clean, write_json, write_rows
from hostkey_tui.cli.servers import SERVER_FIELDS, check_filter, server_record
from hostkey_tui.cli.triage import (
    URGENCY,
    attention_json,
    change_words,
    event_json,
    open_changes,
    server_words,
    timeline_invoices,
    timeline_markdown,
    timeline_text,
)
from hostkey_tui.models.inert import md
from hostkey_tui.models.timeline import Event
from hostkey_tui.services.audit import Entry
from hostkey_tui.services.timeline import timeline
from hostkey_tui.state.board import Attention, attention
from hostkey_tui.state.views import ServerIndex

FLEET_FIELDS = (Field("profile", "Profile"), *SERVER_FIELDS)


async def servers(args: argparse.Namespace, ctx: Context) -> int:
    wanted, unwanted, query = split_terms(args.filter or "")
    power = check_filter(query)
    members = open_fleet(args, ctx)
    unknown = (wanted | unwanted) - {m.profile.lower() for m in members}
    if unknown:
        known = ", ".join(m.profile for m in members)
        raise CommandError(f"no profile named {', '.join(sorted(unknown))} ({known})", USAGE)
    members = chosen(members, wanted, unwanted)
    try:
        await load_fleet(members, ctx, power=power)
    finally:
        await close_fleet(members)
    rows = []
    for member in members:
        state = member.state
        if state is None:
            continue
        for server_id in ServerIndex().rows(state, query):
            server = state.servers.get(server_id)
            if server is None:
                continue
            record = {"profile": member.profile, **server_record(server, state)}
            if args.output == "table" and record["cancellation"]:
                record["status"] += ", cancel asked"
            rows.append(record)
    write_rows(
        ctx.out,
        args.output,
        FLEET_FIELDS,
        rows,
        width=ctx.width(),
        note=ctx.say,
        empty=f"No server matches {args.filter!r}." if args.filter else "The fleet has no servers.",
    )
    return said(members, ctx)


async def triage(args: argparse.Namespace, ctx: Context) -> int:
    members = open_fleet(args, ctx)
    try:
        await load_fleet(members, ctx, power=args.power)
        board, changes, lines = await _board(members, args, ctx)
    finally:
        await close_fleet(members)
    when = dt.datetime.fromtimestamp(ctx.clock.now(), dt.UTC)
    if args.output == "json":
        write_json(ctx.out, _json(members, board, changes, lines, when, args))
    elif args.output == "markdown":
        _markdown(ctx.out, members, board, changes, lines, when)
    else:
        _text(ctx.out, members, board, changes, lines, when)
    return said(members, ctx)


Board = list[tuple[Member, Attention]]
Lines = dict[tuple[str, int], tuple[Event, ...]]


async def _board(
    members: list[Member], args: argparse.Namespace, ctx: Context
) -> tuple[Board, list[tuple[Member, Entry]], Lines]:
    """Every account's board in one, most urgent first (each account's own order kept within
    an urgency), its unknown outcomes, and with `--timeline` each listed server's newest lines
    (its invoices read for them while the sessions are open)."""
    board: Board = []
    changes: list[tuple[Member, Entry]] = []
    lines: Lines = {}
    for member in members:
        if member.state is None or member.session is None:
            continue
        listed = attention(member.state)
        if args.timeline:
            await timeline_invoices(member.session, [i.server_id for i in listed], ctx)
        for item in listed:
            board.append((member, item))
            if args.timeline:
                events = timeline(member.session.services, item.server_id).events
                lines[(member.profile, item.server_id)] = events[: args.timeline]
        changes += [(member, entry) for entry in open_changes(member.session)]
    board.sort(key=lambda pair: pair[1].urgency)
    return board, changes, lines


def _heading(members: list[Member], board: list[tuple[Member, Attention]]) -> str:
    read = [m for m in members if m.state is not None]
    total = sum(len(m.state.server_ids) for m in read if m.state is not None)
    accounts = (
        f"{len(read)} of {len(members)} accounts"
        if len(read) < len(members)
        else (f"{len(members)} accounts")
    )
    if not board:
        return f"Nothing needs attention ({total} servers in {accounts})"
    return f"{len(board)} of {total} servers in {accounts} need attention, most urgent first"


def _name(member: Member, item: Attention) -> tuple[str, str, str]:
    assert member.state is not None
    return server_words(member.state, item)


def _text(
    out: TextIO,
    members: list[Member],
    board: list[tuple[Member, Attention]],
    changes: list[tuple[Member, Entry]],
    lines: dict[tuple[str, int], tuple[Event, ...]],
    when: dt.datetime,
) -> None:
    out.write(f"Triage of the fleet, {when:%Y-%m-%d %H:%M} UTC\n{_heading(members, board)}.\n")
    for member in members:
        if member.state is None:
            out.write(f"  NOT READ  {clean(member.profile)}: {clean(member.problem)}\n")
    for member, item in board:
        name, ip, location = _name(member, item)
        where = " ".join(part for part in (ip, location) if part)
        out.write(
            f"  {URGENCY[item.urgency]:<8}  {clean(member.profile)}  {clean(name)}  "
            f"{clean(where)}\n"
        )
        out.write(f"            {clean(item.why)}\n")
        timeline_text(out, lines.get((member.profile, item.server_id)))
    if changes:
        out.write("Changes whose outcome is unknown (the app asks invapi on its next start):\n")
        for member, entry in changes:
            out.write(f"  {clean(member.profile)}: {clean(change_words(entry))}\n")


def _markdown(
    out: TextIO,
    members: list[Member],
    board: list[tuple[Member, Attention]],
    changes: list[tuple[Member, Entry]],
    lines: dict[tuple[str, int], tuple[Event, ...]],
    when: dt.datetime,
) -> None:
    out.write(f"### Triage of the fleet: {when:%Y-%m-%d %H:%M} UTC\n\n")
    out.write(f"{md(_heading(members, board))}.\n")
    for member in members:
        if member.state is None:
            out.write(f"\n**Not read: {md(member.profile)}**: {md(member.problem)}\n")
    if board:
        out.write("\n| Urgency | Account | Server | IP | Loc | Why |\n|---|---|---|---|---|---|\n")
        for member, item in board:
            name, ip, location = _name(member, item)
            out.write(
                f"| {URGENCY[item.urgency]} | {md(member.profile)} | {md(name)} | {md(ip)} "
                f"| {md(location)} | {md(item.why)} |\n"
            )
    for member, item in board:
        events = lines.get((member.profile, item.server_id))
        if events is not None:
            name, _, _ = _name(member, item)
            timeline_markdown(out, f"{md(name)}, {md(member.profile)}", events)
    if changes:
        out.write("\n**Changes whose outcome is unknown**\n\n")
        for member, entry in changes:
            out.write(f"- {md(member.profile)}: {md(change_words(entry))}\n")


def _json(
    members: list[Member],
    board: list[tuple[Member, Attention]],
    changes: list[tuple[Member, Entry]],
    lines: dict[tuple[str, int], tuple[Event, ...]],
    when: dt.datetime,
    args: argparse.Namespace,
) -> dict[str, Any]:
    attention_rows = []
    for member, item in board:
        assert member.state is not None
        row: dict[str, Any] = {"profile": member.profile, **attention_json(member.state, item)}
        if args.timeline:
            row["timeline"] = [
                event_json(e) for e in lines.get((member.profile, item.server_id), ())
            ]
        attention_rows.append(row)
    return {
        "fleet": True,
        "at": when.isoformat(),
        "power_read": args.power,
        "accounts": [
            {
                "profile": m.profile,
                "email": (m.state.account.email or None) if m.state else None,
                "servers_total": len(m.state.server_ids) if m.state else None,
                "problem": None if m.state is not None else (m.problem or "not read"),
            }
            for m in members
        ],
        "attention": attention_rows,
        "unknown_outcomes": [
            {
                "profile": member.profile,
                "at": dt.datetime.fromtimestamp(e.at, dt.UTC).isoformat(),
                "action": e.action,
                "targets": list(e.targets),
                "endpoint": e.endpoint,
            }
            for member, e in changes
        ],
    }
