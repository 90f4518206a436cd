"""Running one command: its exit code, and every failure said in one line on stderr."""

from __future__ import annotations

import argparse
import asyncio
import importlib
import logging
from collections.abc import Callable, Coroutine
from typing import Any

from hostkey_tui.cli.context import FAILED, UNKNOWN, USAGE, CommandError, Context

log = logging.getLogger("hostkey_tui.cli")

Command = Callable[[argparse.Namespace, Context], Coroutine[Any, Any, int]]

#: command → (module, function): only the command run is imported (a script starts faster).
COMMANDS = {
    "servers": ("servers", "servers"),
    "server": ("servers", "server"),
    "invoices": ("billing", "invoices"),
    "invoice": ("billing", "invoice"),
    "triage": ("triage", "triage"),
    "servers --fleet": ("fleet_commands", "servers"),
    "triage --fleet": ("fleet_commands", "triage"),
    "journal": ("journal", "journal"),
    "power": ("power", "power_command"),
    "dns zones": ("dns", "zones"),
    "dns export": ("dns", "export"),
}


def run(args: argparse.Namespace, ctx: Context) -> int:
    """Run the command `args` names; its exit code."""
    try:
        return _run(args, ctx)
    except CommandError as error:
        ctx.say(f"hostkey-tui: {error.message}")
        return error.code
    except KeyboardInterrupt:
        if ctx.change_sent:
            ctx.say(
                "hostkey-tui: interrupted after the change was sent: it may have happened. "
                "The next run asks invapi first; look with `hostkey-tui power status`."
            )
            return UNKNOWN
        ctx.say("hostkey-tui: interrupted")
        return 130
    except BrokenPipeError:
        return 0  # `| head`: the reader had enough
    except Exception as error:
        from hostkey_tui.api.redact import redact_text
        from hostkey_tui.logs import current_log

        log.critical("the command failed: %s", redact_text(repr(error)), exc_info=error)
        where = current_log()
        ctx.say(
            f"hostkey-tui: unexpected error ({type(error).__name__})"
            + (f"; the details are in {where}" if where else "")
        )
        return FAILED


def _run(args: argparse.Namespace, ctx: Context) -> int:
    if args.command == "config":
        from hostkey_tui.cli import config_cmd

        chosen = {
            "example": config_cmd.example,
            "path": config_cmd.paths,
            "check": config_cmd.check,
        }[args.config_command]
        return chosen(args, ctx)
    name = f"dns {args.dns_command}" if args.command == "dns" else args.command
    if getattr(args, "fleet", False):
        name = f"{name} --fleet"
        if name not in COMMANDS:
            raise CommandError(
                f"--fleet goes with the app, `servers` and `triage`, not with `{args.command}`",
                USAGE,
            )
    module, function = COMMANDS[name]
    command: Command = getattr(importlib.import_module(f"hostkey_tui.cli.{module}"), function)
    return asyncio.run(command(args, ctx))
