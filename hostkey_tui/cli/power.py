"""`hostkey-tui power status|on|off|reboot TARGET...`: the app's safety chain, on a shell.

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

from hostkey_tui.api.errors import InvapiError, ReadOnlyRefused
from hostkey_tui.cli.context import FAILED, OK, UNKNOWN, USAGE, CommandError, Context
from hostkey_tui.cli.output import clean
from hostkey_tui.cli.servers import _read_one, find_server, load_all, server_number
from hostkey_tui.cli.session import Session, close, open_session, sign_in
from hostkey_tui.models.common import Secret
from hostkey_tui.models.tasks import TaskState
from hostkey_tui.services.changes import change_key
from hostkey_tui.services.power import POWER_ACTIONS, Target, check_status, power
from hostkey_tui.services.power_guard import power_warnings, tags_of, typed_confirmation
from hostkey_tui.state.state import Job

#: How long the unknown outcomes of earlier changes to these servers are asked about.
ASK_EARLIER = 30.0
#: Tries of the PIN at a terminal (each wrong one counts toward invapi's block).
PIN_TRIES = 3
PIN_COMMAND_TIMEOUT = 60


async def power_command(args: argparse.Namespace, ctx: Context) -> int:
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
            return await _status(session, ctx, targets)
        return await _change(session, ctx, args, targets)
    finally:
        await close(session)


async def _targets(session: Session, ctx: Context, wanted: list[str]) -> list[Target]:
    """Each target by id or exact hostname (never a prefix: a change names what it changes)."""
    state = session.services.store.state
    numbers = [server_number(w) for w in wanted]
    if all(n is not None and n in state.server_ids for n in numbers):
        # one server named twice (`40052 040052`) is one target: never sent to twice
        servers = [await _read_one(session, n) for n in dict.fromkeys(numbers) if n is not None]
    else:
        state = await load_all(session, ctx)
        ids = dict.fromkeys(find_server(state, w, exact=True) for w in wanted)
        servers = [state.servers[i] for i in ids]
    return [Target(s.id, s.hostname, s.main_ip) for s in servers]


async def _status(session: Session, ctx: Context, targets: list[Target]) -> int:
    ctx.progress("reading power…")
    jobs = await asyncio.gather(*(check_status(session.services, t) for t in targets))
    ctx.progress_done()
    state = session.services.store.state
    worst = OK
    for target, job in zip(targets, jobs, strict=True):
        reading = state.power.get(target.server_id)
        if job.state is TaskState.DONE and reading is not None:
            said = "unknown" if reading.on is None else ("on" if reading.on else "off")
            ctx.out.write(f"{clean(target.hostname)} ({target.server_id})\t{said}\n")
        else:
            ctx.out.write(f"{clean(target.hostname)} ({target.server_id})\tnot read\n")
            ctx.say(f"hostkey-tui: {clean(target.hostname)}: {clean(job.message)}")
            worst = max(worst, _code(job))
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
    try:
        jobs = await power(services, targets, action, pin, wait=args.wait)
    except ReadOnlyRefused as error:
        raise CommandError(error.message, USAGE) from None
    except InvapiError as error:
        raise CommandError(error.message) from None
    finally:
        del pin
    if any(j.state is TaskState.UNKNOWN for j in jobs):
        await _settle(session)
    return _report(ctx, targets, jobs, waited=args.wait)


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
    lines += [clean(w) for w in power_warnings(state, targets, action)]
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
    for attempt in range(1, tries + 1):
        pin = (
            _pin_from_command(args.pin_command, ctx)
            if args.pin_command
            else Secret(ctx.ask_secret(f"PIN for {title.lower()}{hint}: ").strip())
        )
        if not pin.reveal():
            raise CommandError("no PIN given: nothing was sent")
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


def _report(ctx: Context, targets: list[Target], jobs: list[Job], *, waited: bool) -> int:
    worst = OK
    for target, job in zip(targets, jobs, strict=True):
        code = _code(job)
        worst = max(worst, code)  # unknown (3) over failed (1) over done
        if job.state is TaskState.PENDING:
            word = "sent" if not waited else "running"
        else:
            word = job.state.value
        message = clean(job.message)
        ctx.out.write(f"{clean(target.hostname)} ({target.server_id})\t{word}\t{message}\n")
        if job.state is TaskState.UNKNOWN:
            ctx.say(
                f"hostkey-tui: the reply for {clean(target.hostname)} was lost: it may have "
                "happened. Nothing will be sent again blind; look with "
                f"`hostkey-tui power status {target.server_id}`."
            )
    if not waited and worst == OK:
        ctx.say("hostkey-tui: sent; --wait follows each job to its end")
    return worst
