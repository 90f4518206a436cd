"""`hostkey-tui power status|on|off|reboot|hard-off TARGET...`: the app's safety chain, on a
shell (`hard-off` is eq/hard_off, a forced power-off: its hostname is always typed).

A change is confirmed at the terminal (the hostname or the count typed where the profile's
policy asks it, as in the app) or with `--yes`; the PIN comes from a masked prompt or from
`--pin-command` (never an argument or a variable), is checked with invapi, used for this one
change and dropped; each request is sent once; `--wait` follows each job to its end. A change
whose earlier reply was lost is asked about first, and not sent again blind.

Exit codes: 0 done (sent, without `--wait`), 1 failed, 3 outcome unknown, 2 usage or config.
"""

from __future__ import annotations

import argparse
import asyncio
import shlex
import subprocess
from collections.abc import Callable

from hostkey_tui.api.errors import InvapiError, ReadOnlyRefused
from hostkey_tui.cli.context import FAILED, OK, UNKNOWN, USAGE, CommandError, Context
from hostkey_tui.cli.output import Field, clean, write_json, write_table
from hostkey_tui.cli.servers import find_server, load_all, read_one, server_number
from hostkey_tui.cli.session import Session, close, open_session, sign_in
from hostkey_tui.models.common import Secret
from hostkey_tui.models.tasks import TaskState
from hostkey_tui.services.changes import change_key
from hostkey_tui.services.power import POWER_ACTIONS, Target, check_status, power
from hostkey_tui.services.power_guard import power_warnings, tags_of, typed_confirmation
from hostkey_tui.state.state import AppState, Job

#: What a suspended server's warning says to do at a shell (the app says "in Billing").
PAY_HINT = (
    "Pay it first: `hostkey-tui invoices --unpaid` lists it; pay in the app's Billing or the panel."
)
#: How long the unknown outcomes of earlier changes to these servers are asked about.
ASK_EARLIER = 30.0
#: Tries of the PIN at a terminal (each wrong one counts toward invapi's block).
PIN_TRIES = 3
PIN_COMMAND_TIMEOUT = 60


async def power_command(args: argparse.Namespace, ctx: Context) -> int:
    # `hard-off` on the command line is the service's (and invapi's) `hard_off`
    args.action = args.action.replace("-", "_")
    action: str = args.action
    session = open_session(args, ctx)
    try:
        if action != "status" and session.services.read_only:
            raise CommandError(
                f"{POWER_ACTIONS[action][0]} changes something, and this session is read-only "
                "(--read-only or read_only in the config): nothing was sent",
                USAGE,
            )
        await sign_in(session, ctx)
        targets = await _targets(session, ctx, args.targets)
        if action == "status":
            return await _status(session, ctx, targets, args.output)
        return await _change(session, ctx, args, targets)
    finally:
        await close(session)


async def _targets(session: Session, ctx: Context, wanted: list[str]) -> list[Target]:
    """Each target by id or exact hostname (never a prefix: a change names what it changes)."""
    state = session.services.store.state
    numbers = [server_number(w) for w in wanted]
    if all(n is not None and n in state.server_ids for n in numbers):
        # one server named twice (`40052 040052`) is one target: never sent to twice
        servers = [await read_one(session, n) for n in dict.fromkeys(numbers) if n is not None]
    else:
        state = await load_all(session, ctx)
        ids = dict.fromkeys(find_server(state, w, exact=True) for w in wanted)
        servers = [state.servers[i] for i in ids]
    return [Target(s.id, s.hostname, s.main_ip) for s in servers]


async def _status(session: Session, ctx: Context, targets: list[Target], form: str) -> int:
    ctx.progress("reading power…")
    jobs = await asyncio.gather(*(check_status(session.services, t) for t in targets))
    ctx.progress_done()
    state = session.services.store.state
    worst = OK
    records = []
    for target, job in zip(targets, jobs, strict=True):
        reading = state.power.get(target.server_id)
        said: str | None = None
        if job.state is TaskState.DONE and reading is not None:
            said = "unknown" if reading.on is None else ("on" if reading.on else "off")
        else:
            worst = max(worst, _code(job) or FAILED)
        records.append(
            {
                "id": target.server_id,
                "hostname": target.hostname,
                "power": said,
                "message": job.message,
            }
        )
    if form == "json":
        write_json(ctx.out, records)
    else:
        rows = [{**r, "power": r["power"] or "not read"} for r in records]
        write_table(ctx.out, STATUS_FIELDS, rows)
    return worst


async def _change(
    session: Session, ctx: Context, args: argparse.Namespace, targets: list[Target]
) -> int:
    services = session.services
    action: str = args.action
    title, _ = POWER_ACTIONS[action]
    await _ask_about_earlier(session, targets, action)
    _confirm(session, ctx, args, targets)
    pin = await _pin(session, ctx, args, targets, title)
    ctx.change_sent = True  # from here an interruption leaves the outcome unknown
    stop = _follow_progress(session, ctx, targets)
    try:
        jobs = await power(services, targets, action, pin, wait=args.wait)
    except ReadOnlyRefused as error:
        raise CommandError(error.message, USAGE) from None
    except InvapiError as error:
        raise CommandError(error.message) from None
    finally:
        del pin
        stop()
    if any(j.state is TaskState.UNKNOWN for j in jobs):
        await _settle(session)
    return _report(ctx, targets, jobs, waited=args.wait, form=args.output)


def _follow_progress(session: Session, ctx: Context, targets: list[Target]) -> Callable[[], None]:
    """On a terminal, one line on stderr saying where each job is while it runs; the way to
    stop it. Nothing in a pipe."""
    if not ctx.err_is_terminal:
        return lambda: None
    ids = {t.server_id for t in targets}
    said = ""

    def show(state: AppState) -> None:
        nonlocal said
        jobs = [j for j in state.jobs.values() if j.server_id in ids and j.kind == "power"]
        words = [
            f"{j.title}: {'sending…' if j.sending else (j.message or j.state.value)}" for j in jobs
        ]
        line = clean(" · ".join(words))[:200]
        if line and line != said:
            said = line
            ctx.progress(line)

    unsubscribe = session.services.store.subscribe(show)

    def stop() -> None:
        unsubscribe()
        ctx.progress_done()

    return stop


async def _ask_about_earlier(session: Session, targets: list[Target], action: str) -> None:
    """Changes to these servers whose reply an earlier run lost are asked about before this
    one may be sent (as the app does on start); still unknown, they stop it."""
    changes = session.services.changes
    changes.reconcile_journal()
    changes.ask_earlier()
    await _settle(session)
    unsettled = session.services.store.state.unsettled
    endpoint = f"eq/{action}"
    for target in targets:
        entry = unsettled.get(change_key(endpoint, {"id": str(target.server_id)}))
        if entry is not None:
            from hostkey_tui.services.changes import refusal

            raise CommandError(refusal(entry).replace("; r asks again", ""))


async def _settle(session: Session) -> None:
    tasks = set(session.services.changes.tasks)
    if tasks:
        await asyncio.wait(tasks, timeout=ASK_EARLIER)


def _confirm(
    session: Session, ctx: Context, args: argparse.Namespace, targets: list[Target]
) -> None:
    action: str = args.action
    title, _ = POWER_ACTIONS[action]
    state = session.services.store.state
    count = f"{len(targets)} servers" if len(targets) > 1 else targets[0].hostname
    lines = [f"{title} {clean(count)} in account {clean(session.account)}:"]
    lines += [f"  {clean(t.hostname)} (id {t.server_id}) {t.main_ip}".rstrip() for t in targets]
    lines += [clean(w) for w in power_warnings(state, targets, action, pay_hint=PAY_HINT)]
    if args.yes:
        ctx.say("\n".join(lines))
        return
    if not ctx.interactive:
        raise CommandError(
            f"{title} needs a confirmation: run it at a terminal, or add --yes; nothing was sent",
            USAGE,
        )
    typed = typed_confirmation(targets, action, session.policy, tags_of(state, targets))
    ctx.say("\n".join(lines))
    if typed:
        answer = ctx.ask(
            f"Type {typed} to {title.lower()} {'them' if len(targets) > 1 else 'it'}: "
        )
        confirmed = answer.strip() == typed
    else:
        confirmed = ctx.ask(f"{title} {clean(count)}? [y/N] ").strip().lower() in ("y", "yes")
    if not confirmed:
        raise CommandError("not confirmed: nothing was sent")


async def _pin(
    session: Session,
    ctx: Context,
    args: argparse.Namespace,
    targets: list[Target],
    title: str,
) -> Secret:
    """The PIN, checked with invapi (`eq/check_pin`, once per entry): from `--pin-command`, or
    typed without echo (asked again at most PIN_TRIES times)."""
    from hostkey_tui.services.pin import verify_pin

    tries = 1 if args.pin_command else PIN_TRIES
    if not args.pin_command and not ctx.interactive:
        raise CommandError(
            "a PIN is needed: run at a terminal, or give --pin-command (the PIN is never taken "
            "from an argument or a variable); nothing was sent",
            USAGE,
        )
    hint = f" (demo account: {session.demo_pin})" if session.demo else ""
    attempt = 0
    while attempt < tries:
        pin = (
            _pin_from_command(args.pin_command, ctx)
            if args.pin_command
            else Secret(ctx.ask_secret(f"PIN for {title.lower()}{hint}: ").strip())
        )
        if not pin.reveal():
            raise CommandError("no PIN given: nothing was sent")
        if not pin.reveal().isascii() or not pin.reveal().isdigit():
            # said here, never sent: invapi's PIN is digits, and a try it counts is not wasted
            if args.pin_command:
                raise CommandError("--pin-command printed a PIN that is not digits", USAGE)
            ctx.say("hostkey-tui: the PIN is digits only; nothing was sent. Try again.")
            continue
        attempt += 1
        try:
            verdict = await verify_pin(session.services, pin)
        except InvapiError as error:
            raise CommandError(f"{error.message}") from None
        if verdict.accepted:
            return pin
        blocked = (
            " invapi's reply speaks of a block: further tries may be refused for a while."
            if verdict.blocked
            else ""
        )
        left = tries - attempt
        ctx.say(
            f"hostkey-tui: the PIN was rejected.{blocked}"
            + (f" {left} more {'try' if left == 1 else 'tries'}." if left else "")
        )
    raise CommandError("the PIN was rejected: nothing was sent")


def _pin_from_command(command: str, ctx: Context) -> Secret:
    """The first line the command prints (run without a shell); its output is never shown."""
    try:
        argv = shlex.split(command)
    except ValueError as error:
        raise CommandError(f"--pin-command cannot be read: {error}", USAGE) from None
    if not argv:
        raise CommandError("--pin-command is empty", USAGE)
    try:
        done = ctx.run_command(
            argv, capture_output=True, timeout=PIN_COMMAND_TIMEOUT, check=False, stdin=None
        )
    except FileNotFoundError:
        raise CommandError(f"--pin-command: {argv[0]} was not found", USAGE) from None
    except subprocess.TimeoutExpired:
        raise CommandError(
            f"--pin-command: {argv[0]} did not answer within {PIN_COMMAND_TIMEOUT} s", USAGE
        ) from None
    except OSError as error:
        raise CommandError(f"--pin-command: {argv[0]}: {error.strerror}", USAGE) from None
    if done.returncode != 0:
        raise CommandError(
            f"--pin-command: {argv[0]} failed (exit {done.returncode}); nothing was sent", USAGE
        )
    try:
        text = bytes(done.stdout or b"").decode("utf-8")
    except UnicodeDecodeError:
        raise CommandError(f"--pin-command: {argv[0]} printed something not UTF-8", USAGE) from None
    lines = text.splitlines()
    return Secret(lines[0].strip() if lines else "")


def _code(job: Job) -> int:
    if job.state is TaskState.FAILED:
        return FAILED
    if job.state in (TaskState.UNKNOWN, TaskState.TIMED_OUT, TaskState.GONE):
        return UNKNOWN
    return OK


def _report(
    ctx: Context, targets: list[Target], jobs: list[Job], *, waited: bool, form: str
) -> int:
    worst = OK
    records = []
    for target, job in zip(targets, jobs, strict=True):
        code = _code(job)
        worst = max(worst, code)  # unknown (3) over failed (1) over done
        if job.state is TaskState.PENDING:
            word = "sent" if not waited else "running"
        else:
            word = job.state.value
        records.append(
            {
                "id": target.server_id,
                "hostname": target.hostname,
                "action": job.action,
                "outcome": word,
                "message": job.message,
            }
        )
        if job.state is TaskState.UNKNOWN:
            ctx.say(
                f"hostkey-tui: the reply for {clean(target.hostname)} was lost: it may have "
                "happened. Nothing will be sent again blind; look with "
                f"`hostkey-tui power status {target.server_id}`."
            )
    if form == "json":
        write_json(ctx.out, records)
    else:
        write_table(ctx.out, CHANGE_FIELDS, records)
    if not waited and worst == OK:
        ctx.say("hostkey-tui: sent; --wait follows each job to its end")
    return worst


CHANGE_FIELDS = (
    Field("id", "ID", right=True),
    Field("hostname", "Hostname"),
    Field("outcome", "Outcome"),
    Field("message", "Message"),
)
STATUS_FIELDS = (
    Field("id", "ID", right=True),
    Field("hostname", "Hostname"),
    Field("power", "Power"),
    Field("message", "Message"),
)
