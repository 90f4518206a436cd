"""The `hostkey-tui` command: the app, or with a subcommand the command line (no Textual)."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Collection, Sequence
from pathlib import Path

from hostkey_tui.httpx_cli import defer_httpx_cli

defer_httpx_cli()


def main(argv: Sequence[str] | None = None) -> int:
    from hostkey_tui.cli.args import parser, version_text

    args = parser().parse_args(argv)
    if args.version:
        try:
            print(version_text(), flush=True)
        except BrokenPipeError:
            _quiet_stdout()
        return 0
    if not _start_log(args):
        return 2
    if args.command:
        from hostkey_tui.cli.context import Context
        from hostkey_tui.cli.run import run

        if args.theme:
            print("hostkey-tui: --theme is for the app, not for a command", file=sys.stderr)
            return 2
        return run(args, Context(binding_ids=_binding_ids, themes=_themes))
    return _app(args)


def _quiet_stdout() -> None:
    """The reader went away (`| true`): nothing more is written, and exiting says nothing."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


def _start_log(args: argparse.Namespace) -> bool:
    from hostkey_tui.config.paths import state_dir
    from hostkey_tui.logs import start_debug_log, start_default_log

    if args.log is None:
        start_default_log(state_dir())
        return True
    try:
        start_debug_log(args.log)
    except OSError as error:
        print(f"hostkey-tui: cannot write the log {args.log}: {error.strerror}", file=sys.stderr)
        return False
    return True


def _binding_ids() -> Collection[str]:
    from hostkey_tui.ui.keys import all_binding_ids

    return all_binding_ids()


def _themes() -> Collection[str]:
    from textual.theme import BUILTIN_THEMES

    return BUILTIN_THEMES.keys()


def _app(args: argparse.Namespace) -> int:
    from hostkey_tui.api.errors import InsecureUrl
    from hostkey_tui.config.load import load_config
    from hostkey_tui.config.model import Config, ConfigError
    from hostkey_tui.config.paths import config_path
    from hostkey_tui.factory import make_app

    path = args.config.expanduser() if args.config else config_path()
    try:
        config = load_config(path, _binding_ids())
        if config is None and args.config:
            raise ConfigError("no such config file", path=path)
        config = config or Config()
        _check_theme(config.ui.theme, path, "[ui] theme")
        if args.theme:
            _check_theme(args.theme, None, "--theme")
        app = make_app(
            config,
            config_path=path,
            profile_name=args.profile or os.environ.get("HOSTKEY_PROFILE") or None,
            base_url=args.base_url,
            read_only=args.read_only,
            demo=args.demo,
            theme=args.theme,
            fleet=args.fleet,
        )
    except (ConfigError, InsecureUrl) as error:
        print(f"hostkey-tui: {error}", file=sys.stderr)
        return 2
    try:
        code = app.run(mouse=config.ui.mouse)
    except KeyboardInterrupt:
        return 130
    return code if isinstance(code, int) else (app.return_code or 0)


def _check_theme(theme: str, path: Path | None, key: str) -> None:
    from hostkey_tui.config.model import ConfigError

    known = _themes()
    if theme not in known:
        names = ", ".join(sorted(known))
        raise ConfigError(f"unknown theme {theme!r}; one of: {names}", path=path, key=key)


if __name__ == "__main__":
    raise SystemExit(main())
