"""`hostkey-tui journal`: the audit journal, newest first; nothing is sent.

Every change the app or a command made or tried, with its outcome. `--profile` (or
`HOSTKEY_PROFILE`) keeps one account's lines; `--demo` reads the demo's journal.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
from typing import Any

from hostkey_tui.cli.context import OK, USAGE, CommandError, Context
from hostkey_tui.cli.output import Field, write_rows
from hostkey_tui.cli.session import chosen_profile, read_config
from hostkey_tui.config.paths import state_dir
from hostkey_tui.services.audit import Entry, Journal
from hostkey_tui.sessions import journal_path

JOURNAL_FIELDS = (
    Field("at", "When (UTC)"),
    Field("profile", "Profile", drop=2),
    Field("action", "Action"),
    Field("targets", "Targets"),
    Field("outcome", "Outcome"),
    Field("message", "Message", drop=1),
)
_SPAN = re.compile(r"([0-9]{1,12})\s*([smhdw])")
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 7 * 86400}


def since(text: str, now: float) -> float:
    """`--since`: `2h`, `30m`, `7d`, `1w`, a date (`2026-11-30`, UTC) or a time
    (`2026-11-30T14:00`, UTC unless it says otherwise)."""
    value = text.strip()
    span = _SPAN.fullmatch(value)
    if span:
        seconds = int(span[1]) * _UNITS[span[2]]
        if seconds > now:
            raise CommandError(f"--since {text!r} reaches back before 1970", USAGE)
        return now - seconds
    try:
        when = dt.datetime.fromisoformat(value)
    except ValueError:
        raise CommandError(
            f"--since {text!r}: give a span (2h, 30m, 7d) or a date (2026-11-30)", USAGE
        ) from None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return when.timestamp()


def entry_record(entry: Entry) -> dict[str, Any]:
    return {
        "at": dt.datetime.fromtimestamp(entry.at, dt.UTC).isoformat(timespec="seconds"),
        "profile": entry.profile,
        "action": entry.action,
        "targets": list(entry.targets),
        "outcome": entry.outcome,
        "message": entry.message,
        "endpoint": entry.endpoint or None,
        "change": entry.change or None,
    }


async def journal(args: argparse.Namespace, ctx: Context) -> int:
    start = since(args.since, ctx.clock.now()) if args.since else None
    demo = bool(getattr(args, "demo", False))
    profile = None
    if not demo:
        wanted = getattr(args, "profile", None) or ctx.environ.get("HOSTKEY_PROFILE")
        if wanted:
            # an unknown name is said, never an empty list
            profile = chosen_profile(args, ctx, read_config(args, ctx)).name
    book = Journal(journal_path(ctx.state_dir or state_dir(), demo=demo))
    entries = [
        e
        for e in book.entries(args.limit or 100_000)
        if (start is None or e.at >= start) and (profile is None or e.profile == profile)
    ]
    rows = [entry_record(e) for e in entries]
    if args.output != "json":
        for row in rows:
            row["at"] = row["at"].replace("T", " ").removesuffix("+00:00")
    write_rows(
        ctx.out,
        args.output,
        JOURNAL_FIELDS,
        rows,
        width=ctx.width(),
        note=ctx.say,
        empty=f"The journal {book.path} has no entries"
        + (" in that time." if start is not None else "."),
    )
    if book.skipped:
        ctx.say(f"hostkey-tui: {book.skipped} line(s) of {book.path} could not be read")
    return OK
