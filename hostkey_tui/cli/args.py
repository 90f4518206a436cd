"""The command line's grammar: global options, and the subcommands with their own.

Global options may come before or after the subcommand (`hostkey-tui --demo servers` and
`hostkey-tui servers --demo` are the same): each subcommand's parser knows them too, with no
default of its own, so one given before is not overwritten after.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from hostkey_tui import __version__

OUTPUTS = ("table", "json", "csv")

DESCRIPTION = (
    "A keyboard-driven terminal app for HOSTKEY's invapi control panel. Without a COMMAND the "
    "full-screen app starts; with one, it runs as a command line for scripts."
)

EPILOG = """\
commands (hostkey-tui COMMAND --help for each):
  servers [--filter EXPR] [--fleet]
                                   the server list (the app's / filter language); --fleet:
                                   every profile of the config at once (profile:NAME filters)
  server ID|HOSTNAME               one server's details
  invoices [--unpaid] [--from YYYY-MM] [--to YYYY-MM]
  invoice ID [--pdf PATH]          one invoice, its items; --pdf saves it (0600)
  dns zones | dns export ZONE      the DNS zones; a zone as a BIND file on stdout
  triage [-o text|json|markdown] [--timeline N] [--fleet]
                                   the triage board, to paste into an incident channel;
                                   --timeline adds each listed server's newest N events
  journal [--since 2h|DATE]        every change made or tried, newest first
  power status|on|off|reboot|hard-off TARGET...
                                   confirmed at the terminal or with --yes; the PIN from a
                                   masked prompt or --pin-command; --wait follows the job
  config check|path|example        what the app would start with; its files; the example

output: -o table (the default), json (the stable form, fields in the README) or csv
(triage: text, json or markdown; server, invoice, power, config: table or json).

environment:
  HOSTKEY_API_KEY      the API key (over the profile's sources)
  HOSTKEY_PROFILE      the profile, when --profile is not given
  HOSTKEY_TUI_CONFIG   the config file, when --config is not given
  NO_COLOR             no colour in the app
  BROWSER              what opens payment and console links

files: `hostkey-tui config path` lists them (config, state, journal, log, cache);
`hostkey-tui config example` prints the documented example config.

exit codes: 0 done, 1 failed, 2 usage or config, 3 outcome unknown (a change whose reply
was lost: it may have happened; look before trying again).
"""


def _global_options(parser: argparse.ArgumentParser, *, top: bool) -> None:
    """The options every command takes; below the top, absent ones leave the top's value."""

    def default(value: object) -> object:
        return value if top else argparse.SUPPRESS

    group = parser.add_argument_group("global options")
    group.add_argument(
        "--demo",
        action="store_true",
        default=default(False),
        help="the built-in simulated account (no key needed)",
    )
    group.add_argument(
        "--profile", metavar="NAME", default=default(None), help="the config profile to use"
    )
    group.add_argument(
        "--base-url", metavar="URL", default=default(None), help="the invapi address (https)"
    )
    group.add_argument(
        "--read-only",
        action="store_true",
        default=default(False),
        help="offer and send nothing that changes anything",
    )
    group.add_argument(
        "--config", metavar="PATH", type=Path, default=default(None), help="the config file"
    )
    group.add_argument(
        "--log",
        metavar="FILE",
        type=Path,
        default=default(None),
        help="a debug log of requests and replies (secrets masked)",
    )


def positive(text: str) -> int:
    """A count of at least 1."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value} is not a count of at least 1")
    return value


def _fleet(parser: argparse.ArgumentParser, help_text: str) -> None:
    # No default of its own: `hostkey-tui --fleet servers` keeps the top's.
    parser.add_argument("--fleet", action="store_true", default=argparse.SUPPRESS, help=help_text)


def _output(parser: argparse.ArgumentParser, choices: tuple[str, ...] = OUTPUTS) -> None:
    parser.add_argument(
        "-o",
        "--output",
        choices=choices,
        default=choices[0],
        help=f"the form of the output (default {choices[0]})",
    )


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="hostkey-tui",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _global_options(top, top=True)
    top.add_argument(
        "--theme", metavar="NAME", help="the app's colour theme (over the config and the palette's)"
    )
    top.add_argument(
        "--fleet",
        action="store_true",
        help="the app: every profile of the config in one list (the demo: three accounts)",
    )
    top.add_argument(
        "--version", action="store_true", help="the versions of hostkey-tui, Textual and Python"
    )
    commands = top.add_subparsers(dest="command", metavar="COMMAND")

    def command(name: str, help_text: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_text, description=help_text)
        _global_options(sub, top=False)
        return sub

    servers = command("servers", "the server list")
    servers.add_argument(
        "--filter",
        metavar="EXPR",
        help="the app's filter: words, loc:NL, status:on, tag:env=prod, -tag:x, os:ubuntu",
    )
    _fleet(servers, "every profile of the config at once, with a Profile column (profile:NAME)")
    _output(servers)

    server = command("server", "one server's details")
    server.add_argument("target", metavar="ID|HOSTNAME")
    _output(server, ("table", "json"))

    invoices = command("invoices", "the invoices: unpaid first, then the newest")
    invoices.add_argument("--unpaid", action="store_true", help="only the unpaid ones")
    invoices.add_argument("--from", dest="since", metavar="YYYY-MM", help="dated from this month")
    invoices.add_argument("--to", dest="until", metavar="YYYY-MM", help="dated up to this month")
    _output(invoices)

    invoice = command("invoice", "one invoice with its items")
    invoice.add_argument("invoice_id", metavar="ID", type=int)
    invoice.add_argument(
        "--pdf", metavar="PATH", help="save its PDF there (a folder, a file, or - for stdout)"
    )
    _output(invoice, ("table", "json"))

    dns = command("dns", "DNS zones")
    dns_commands = dns.add_subparsers(dest="dns_command", metavar="zones|export", required=True)
    zones = dns_commands.add_parser("zones", help="the account's zones")
    _global_options(zones, top=False)
    _output(zones)
    export = dns_commands.add_parser("export", help="a zone as a BIND zone file on stdout")
    _global_options(export, top=False)
    export.add_argument("zone", metavar="ZONE")

    triage = command("triage", "the triage board as a snapshot")
    triage.add_argument(
        "--power", action="store_true", help="read every server's power too (slow on many)"
    )
    _fleet(triage, "every profile of the config on one board, each line naming its account")
    triage.add_argument(
        "--timeline",
        type=positive,
        metavar="N",
        default=0,
        help="each listed server's newest N timeline events (the app's Timeline tab)",
    )
    _output(triage, ("text", "json", "markdown"))

    journal = command("journal", "the audit journal, newest first")
    journal.add_argument("--since", metavar="SPAN|DATE", help="2h, 30m, 7d, or 2026-11-30")
    journal.add_argument("--limit", type=positive, metavar="N", help="the newest N lines at most")
    _output(journal)

    power = command("power", "power status, on, off, reboot or forced off (hard-off)")
    power.add_argument("action", choices=("status", "on", "off", "reboot", "hard-off"))
    power.add_argument("targets", nargs="+", metavar="TARGET", help="server ids or hostnames")
    power.add_argument("--yes", action="store_true", help="no confirmation question")
    power.add_argument(
        "--pin-command",
        metavar="CMD",
        help="a command printing the PIN (run without a shell; e.g. 'pass show hostkey-pin')",
    )
    power.add_argument("--wait", action="store_true", help="follow each job to its end")
    _output(power, ("table", "json"))

    config = command("config", "the config: check it, where things are, the example")
    config.add_argument("config_command", choices=("check", "path", "example"))
    _output(config, ("table", "json"))
    return top


def version_text() -> str:
    """`--version`: hostkey-tui's, Textual's (from its metadata: not imported) and Python's."""
    import platform
    from importlib.metadata import PackageNotFoundError, version

    try:
        textual = version("textual")
    except PackageNotFoundError:
        textual = "not installed"
    return f"hostkey-tui {__version__} (Textual {textual}, Python {platform.python_version()})"
