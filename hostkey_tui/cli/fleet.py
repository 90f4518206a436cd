"""`--fleet`: a command over every profile of the config at once, one account beside another.

Each profile signs in with its own key source, address and read-only setting, all at the same
time; one that cannot (no key, a refused key, invapi out of reach) is said, and the others are
still shown. The command then exits 1, so that a script sees the fleet was not read whole.
"""

from __future__ import annotations

import argparse
import asyncio

from hostkey_tui.cli.context import FAILED, OK, USAGE, CommandError, Context
from hostkey_tui.cli.servers import load_all, read_power
from hostkey_tui.cli.session import Session, close, profile_session, read_config
from hostkey_tui.records import dataclass
from hostkey_tui.state.fleet import split_profile_terms, wanted_profile
from hostkey_tui.state.state import AppState


@dataclass
class Member:
    """One account of the fleet: its session, what was read, or why it was not."""

    profile: str
    session: Session | None
    problem: str = ""
    state: AppState | None = None


def open_fleet(args: argparse.Namespace, ctx: Context) -> list[Member]:
    """A session for every profile of the config, in the profiles' order by name."""
    if getattr(args, "demo", False):
        raise CommandError(
            "--fleet reads every profile of the config; the demo is one account", USAGE
        )
    if getattr(args, "profile", None) or getattr(args, "base_url", None):
        raise CommandError(
            "--fleet uses every profile: --profile and --base-url do not go with it", USAGE
        )
    config = read_config(args, ctx)
    if not config.profiles:
        where = f" {config.path}" if config.path else " (none found: `hostkey-tui config path`)"
        raise CommandError(
            f"--fleet needs profiles ([profiles.NAME]) in the config{where}; `hostkey-tui "
            "config example` shows one",
            USAGE,
        )
    members = []
    for name in sorted(config.profiles):
        try:
            session = profile_session(args, ctx, config, config.profiles[name], fleet=True)
        except CommandError as error:
            members.append(Member(name, None, str(error)))
            continue
        members.append(Member(name, session))
    return members


async def load_fleet(members: list[Member], ctx: Context, *, power: bool = False) -> None:
    """Sign in to every account and read its servers, all at once; each failure is kept.
    The sessions stay open for what the command reads next: `close_fleet` ends them."""

    async def one(member: Member) -> None:
        if member.session is None:
            return
        try:
            member.state = await load_all(member.session, ctx, progress=False)
            if power:
                await read_power(member.session, ctx)
                member.state = member.session.services.store.state
        except CommandError as error:
            member.problem = str(error)
            member.state = None

    ctx.progress(f"reading {len(members)} accounts…")
    try:
        await asyncio.gather(*(one(m) for m in members))
    finally:
        ctx.progress_done()


async def close_fleet(members: list[Member]) -> None:
    """End every account's session at invapi (briefly, all at once)."""
    await asyncio.gather(*(close(m.session) for m in members if m.session is not None))


def said(members: list[Member], ctx: Context) -> int:
    """Each account that could not be read, on stderr; the exit code that follows."""
    failed = [m for m in members if m.state is None]
    for member in failed:
        ctx.say(f"hostkey-tui: {member.profile}: {member.problem or 'not read'}")
    return FAILED if failed else OK


def split_terms(query: str) -> tuple[set[str], set[str], str]:
    """`profile:NAME` terms taken out of a filter: wanted, left out, and the rest."""
    try:
        return split_profile_terms(query)
    except ValueError:
        raise CommandError(f"the filter {query!r} has an unclosed quote", USAGE) from None


def chosen(members: list[Member], wanted: set[str], unwanted: set[str]) -> list[Member]:
    return [m for m in members if wanted_profile(m.profile, wanted, unwanted)]
