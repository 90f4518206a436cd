"""`hostkey-tui servers` and `hostkey-tui server ID|HOSTNAME`."""

from __future__ import annotations

import argparse
import asyncio
import re
import shlex
from typing import Any

from hostkey_tui.api.errors import InvapiError
from hostkey_tui.cli.context import OK, USAGE, CommandError, Context
from hostkey_tui.cli.output import Field, write_json, write_pairs, write_rows
from hostkey_tui.cli.session import Session, close, open_session, sign_in
from hostkey_tui.models.server import Server
from hostkey_tui.services.servers import load_servers
from hostkey_tui.state.state import AppState
from hostkey_tui.state.views import (
    FIELDS,
    KIND_SHORT,
    SUSPENDED,
    ServerIndex,
    condition,
    parse_query,
)

#: The table's columns; JSON holds every field of `server_record`.
SERVER_FIELDS = (
    Field("id", "ID", right=True),
    Field("hostname", "Hostname"),
    Field("main_ip", "Main IP", drop=1),
    Field("location", "Loc", drop=5),
    Field("kind", "Kind", drop=6),
    Field("status", "Status", drop=2),
    Field("preset", "Preset", drop=7),
    Field("os", "OS", drop=8),
    Field("due_date", "Due date", drop=4),
    Field("days_left", "Days", right=True, drop=3),
    Field("tags", "Tags", drop=9),
)


def server_record(server: Server, state: AppState | None = None) -> dict[str, Any]:
    """One server as the command line's JSON gives it (documented in the README: a field is
    never renamed or removed within a major version). Secret tags are never included."""
    request = state.billing.cancellations.get(server.id) if state is not None else None
    return {
        "id": server.id,
        "hostname": server.hostname,
        "status": condition(server),
        "invapi_status": server.status,
        "suspended": server.status == SUSPENDED,
        "power": server.power or None,
        "location": server.location,
        "kind": KIND_SHORT[server.kind],
        "preset": server.preset or server.config,
        "os": server.os_name,
        "main_ip": server.main_ip,
        "ips": [ip.ip for ip in server.ips],
        "due_date": server.due_date.isoformat() if server.due_date else None,
        "days_left": server.days_left,
        "tags": {t.name: t.value for t in server.public_tags},
        "cancellation": request.type if request is not None else None,
    }


async def load_all(session: Session, ctx: Context, *, progress: bool = True) -> AppState:
    """Sign in and read every server's details and the cancellations asked for, as the app's
    list shows them (the progress said on a terminal)."""
    from hostkey_tui.services.billing_reads import read_cancellations
    from hostkey_tui.services.sightings import record_since

    await sign_in(session, ctx)
    services = session.services
    total = len(services.store.state.server_ids)

    def said(_: object) -> None:
        ctx.progress(f"reading servers… {len(services.store.state.servers)} of {total}")

    unsubscribe = services.store.subscribe(said) if ctx.err_is_terminal and progress else None
    # What the last run (the app's or a command's) saw: changes since are kept for timelines.
    log = services.sightings
    held = services.cache.load() if services.cache and log and log.across_runs else None
    try:
        await asyncio.gather(load_servers(services), read_cancellations(services))
    except InvapiError as error:
        raise CommandError(f"reading the servers stopped: {error.message}") from None
    finally:
        if unsubscribe is not None:
            unsubscribe()
        ctx.progress_done()
    state = services.store.state
    if held is not None and services.sightings is not None:
        record_since(services.sightings, held.servers, state.servers, services.clock.now())
    return state


def unread(state: AppState, ctx: Context) -> None:
    """Servers listed but not read are said, never silently left out."""
    cancellations = state.billing.part("cancellations").error
    if cancellations:
        ctx.say(f"hostkey-tui: the cancellations asked for could not be read: {cancellations}")
    if state.failed:
        ctx.say(f"hostkey-tui: {len(state.failed)} server(s) could not be read:")
        for server_id, why in sorted(state.failed.items()):
            ctx.say(f"  {server_id}: {why}")


#: Power is read this many servers at a time (`triage --power`, a filter on power).
POWER_READS = 8
#: `status:` values that are a power reading: the list reads each server's power for them.
_POWER_WORDS = ("on", "off", "power", "susp")


async def read_power(session: Session, ctx: Context) -> None:
    """Every listed server's power (one eq/status each, POWER_READS at a time)."""
    from hostkey_tui.services.power import Target, check_status

    state = session.services.store.state
    targets = [Target(s.id, s.hostname, s.main_ip) for s in state.servers.values()]
    gate = asyncio.Semaphore(POWER_READS)
    done = 0

    async def one(target: Target) -> None:
        nonlocal done
        async with gate:
            await check_status(session.services, target, quiet=True)
        done += 1
        ctx.progress(f"reading power… {done} of {len(targets)}")

    try:
        await asyncio.gather(*(one(t) for t in targets))
    finally:
        ctx.progress_done()


def check_filter(query: str) -> bool:
    """Whether the filter asks about power (read first, then). An unknown field is a usage
    error, never a filter that silently matches nothing."""
    try:
        words = shlex.split(query)
    except ValueError:
        raise CommandError(f"the filter {query!r} has an unclosed quote", USAGE) from None
    power = False
    for word in words:
        name, sep, value = word.removeprefix("-").partition(":")
        if not sep:
            continue
        if name.lower() not in FIELDS:
            known = ", ".join(sorted(FIELDS))
            raise CommandError(f"the filter has no field {name!r}; fields: {known}", USAGE)
        if FIELDS[name.lower()] == "status" and value.lower().startswith(_POWER_WORDS):
            power = True
    if query.strip() and not parse_query(query):
        raise CommandError(f"the filter {query!r} says nothing to match", USAGE)
    return power


async def servers(args: argparse.Namespace, ctx: Context) -> int:
    query = args.filter or ""
    power = check_filter(query)
    session = open_session(args, ctx)
    try:
        state = await load_all(session, ctx)
        if power:
            await read_power(session, ctx)
            state = session.services.store.state
    finally:
        await close(session)
    ids = ServerIndex().rows(state, query)
    found = [state.servers[i] for i in ids if i in state.servers]
    rows = [server_record(s, state) for s in found]
    if args.output == "table":
        for row in rows:
            if row["cancellation"]:
                row["status"] += ", cancel asked"
    write_rows(
        ctx.out,
        args.output,
        SERVER_FIELDS,
        rows,
        width=ctx.width(),
        note=ctx.say,
        empty=f"No server matches {query!r}." if query else "This account has no servers.",
    )
    unread(state, ctx)
    return OK


def server_number(text: str) -> int | None:
    """An id as typed (ASCII digits only: `²` is a digit to Python, not to int())."""
    value = text.strip()
    return int(value) if re.fullmatch(r"[0-9]{1,18}", value) else None


def find_server(state: AppState, wanted: str, *, exact: bool = False) -> int:
    """A server by id, hostname (any case) or, unless `exact`, a unique hostname prefix.

    Raises:
        CommandError: none, or several, match (their ids said, so the user can choose).
    """
    text = wanted.strip()
    number = server_number(text)
    if number is not None and number in state.server_ids:
        return number
    lowered = text.lower()
    named = [s for s in state.servers.values() if s.hostname.lower() == lowered]
    if not named and not exact:
        named = [s for s in state.servers.values() if s.hostname.lower().startswith(lowered)]
    if len(named) == 1:
        return named[0].id
    if not named:
        raise CommandError(f"no server {wanted!r} in this account")
    listed = ", ".join(f"{s.hostname} ({s.id})" for s in sorted(named, key=lambda s: s.id)[:10])
    raise CommandError(f"{wanted!r} names several servers: {listed}; give the id", USAGE)


async def server(args: argparse.Namespace, ctx: Context) -> int:
    session = open_session(args, ctx)
    try:
        text = args.target.strip()
        await sign_in(session, ctx)
        state = session.services.store.state
        number = server_number(text)
        if number is not None and number in state.server_ids:
            found = await read_one(session, number)
        else:
            state = await load_all(session, ctx)
            found = state.servers[find_server(state, text)]
    finally:
        await close(session)
    if args.output == "json":
        write_json(ctx.out, detail_record(found))
    else:
        write_pairs(ctx.out, detail_pairs(found))
    return OK


async def read_one(session: Session, server_id: int) -> Server:
    from hostkey_tui.services.servers import refresh_server

    try:
        return await refresh_server(session.services, server_id, seen=True)
    except InvapiError as error:
        raise CommandError(f"server {server_id} could not be read: {error.message}") from None


def detail_record(server: Server, state: AppState | None = None) -> dict[str, Any]:
    """`server_record` and what only one server's view adds."""
    hardware = server.hardware
    return {
        **server_record(server, state),
        "config": server.config,
        "preset_description": server.preset_description,
        "ips": [
            {"ip": ip.ip, "main": ip.main, "mac": ip.mac, "vlan": ip.vlan, "status": ip.status}
            for ip in server.ips
        ],
        "hardware": {
            "cpu": hardware.cpu_name,
            "cpu_count": hardware.cpu_count,
            "cpu_cores": hardware.cpu_cores,
            "ram_gb": hardware.ram_gb,
            "disk_gb": hardware.disk_gb,
            "gpu": hardware.gpu_name,
            "gpu_count": hardware.gpu_count,
        },
        "ipmi": {"model": server.ipmi_model, "ip": server.ipmi_ip} if server.has_ipmi else None,
        "licenses": [{"name": lic.name, "amount": lic.amount} for lic in server.licenses],
    }


def detail_pairs(server: Server) -> list[tuple[str, object]]:
    record = detail_record(server)
    hardware = record["hardware"]
    cpu = hardware["cpu"]
    if hardware["cpu_count"] and cpu:
        cpu = f"{hardware['cpu_count']} × {cpu}"
    pairs: list[tuple[str, object]] = [
        ("ID", server.id),
        ("Hostname", server.hostname),
        ("Status", record["status"]),
        ("Location", server.location),
        ("Kind", record["kind"]),
        ("Preset", record["preset"]),
        ("Config", server.config),
        ("OS", server.os_name),
        ("Main IP", server.main_ip),
        ("IPs", [ip.ip for ip in server.ips]),
        ("CPU", cpu),
        ("RAM", f"{hardware['ram_gb']} GB" if hardware["ram_gb"] else ""),
        ("Disk", f"{hardware['disk_gb']} GB" if hardware["disk_gb"] else ""),
        ("GPU", f"{hardware['gpu_count']} × {hardware['gpu']}" if hardware["gpu_count"] else ""),
        ("IPMI", f"{server.ipmi_model} {server.ipmi_ip}".strip() if server.has_ipmi else ""),
        ("Due date", record["due_date"] or ""),
        ("Days left", "" if server.days_left is None else server.days_left),
        ("Tags", record["tags"]),
    ]
    return [(name, value) for name, value in pairs if value not in ("", [], {}, None)]
