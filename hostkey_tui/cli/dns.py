"""`hostkey-tui dns zones` and `hostkey-tui dns export ZONE` (BIND to stdout)."""

from __future__ import annotations

import argparse

from hostkey_tui.api.errors import InvapiError
from hostkey_tui.cli.context import OK, USAGE, CommandError, Context
from hostkey_tui.cli.output import Field, write_rows
from hostkey_tui.cli.session import close, open_session, sign_in
from hostkey_tui.models.dns import Domain, ascii_name, to_bind, unicode_name
from hostkey_tui.services.dns import load_domains, read_zone, zone_key

ZONE_FIELDS = (
    Field("id", "ID", right=True),
    Field("name", "Zone"),
    Field("unicode", "Unicode form"),
)


async def zones(args: argparse.Namespace, ctx: Context) -> int:
    session = open_session(args, ctx)
    try:
        await sign_in(session, ctx)
        try:
            domains = await load_domains(session.services)
        except InvapiError as error:
            raise CommandError(f"the DNS zones could not be read: {error.message}") from None
    finally:
        await close(session)
    rows = [
        {"id": d.id, "name": d.name, "unicode": unicode_name(d.name)}
        for d in sorted(domains, key=lambda d: zone_key(d.name))
    ]
    write_rows(
        ctx.out,
        args.output,
        ZONE_FIELDS,
        rows,
        width=ctx.width(),
        note=ctx.say,
        empty="No DNS zones.",
    )
    return OK


def find_zone(domains: tuple[Domain, ...], wanted: str) -> Domain:
    """The zone named `wanted`, typed in either form (`münchen.de`, `xn--mnchen-3ya.de`)."""
    try:
        key = zone_key(ascii_name(wanted.strip().rstrip(".")))
    except ValueError as error:
        raise CommandError(str(error), USAGE) from None
    for domain in domains:
        if zone_key(domain.name) == key:
            return domain
    raise CommandError(f"no DNS zone {wanted!r} in this account (`hostkey-tui dns zones`)")


async def export(args: argparse.Namespace, ctx: Context) -> int:
    session = open_session(args, ctx)
    try:
        await sign_in(session, ctx)
        try:
            domain = find_zone(await load_domains(session.services), args.zone)
            zone = await read_zone(session.services, domain.name)
        except InvapiError as error:
            raise CommandError(f"the zone {args.zone} could not be read: {error.message}") from None
    finally:
        await close(session)
    # Names and contents come from invapi: `to_bind` quotes text records; nothing here is
    # shown as markup, and a script reads exactly the zone file.
    ctx.out.write(to_bind(zone))
    return OK
