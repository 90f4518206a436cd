"""The `hostkey-tui` command."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path

from hostkey_tui import __version__


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="hostkey-tui",
        description="A keyboard-driven terminal app for HOSTKEY's invapi control panel.",
        epilog=(
            "The API key comes from HOSTKEY_API_KEY, the profile's api_key_env or "
            "api_key_command, or (mode 0600 only) its api_key. Config: $HOSTKEY_TUI_CONFIG "
            "or the platform config folder; every key is in config.example.toml."
        ),
    )
    parser.add_argument(
        "--demo",
        action="store_true",
        help="run against the built-in simulated account (no key needed)",
    )
    parser.add_argument("--profile", metavar="NAME", help="the config profile to use")
    parser.add_argument("--base-url", metavar="URL", help="the invapi address (https)")
    parser.add_argument(
        "--read-only", action="store_true", help="offer and send nothing that changes anything"
    )
    parser.add_argument(
        "--log",
        metavar="FILE",
        type=Path,
        help="write a debug log of requests and replies (secrets hidden)",
    )
    parser.add_argument("--version", action="version", version=f"hostkey-tui {__version__}")
    return parser


class _RedactingFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        from hostkey_tui.api.redact import redact_text

        return redact_text(super().format(record))


def _start_log(path: Path) -> None:
    """The debug log, secrets masked by the same rules as error messages. A new file is created
    0600; one that exists (even /dev/null) is the user's, and keeps its mode."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND | os.O_CLOEXEC, 0o600)
    handler = logging.StreamHandler(os.fdopen(descriptor, "a", encoding="utf-8"))
    handler.setFormatter(_RedactingFormatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
    root = logging.getLogger("hostkey_tui")
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.log:
        try:
            _start_log(args.log)
        except OSError as error:
            print(
                f"hostkey-tui: cannot write the log {args.log}: {error.strerror}", file=sys.stderr
            )
            return 2

    from hostkey_tui.api.errors import InsecureUrl
    from hostkey_tui.config.load import load_config
    from hostkey_tui.config.model import Config, ConfigError
    from hostkey_tui.config.paths import config_path
    from hostkey_tui.factory import make_app
    from hostkey_tui.ui.keys import all_binding_ids

    path = config_path()
    try:
        config = load_config(path, all_binding_ids()) or Config()
        _check_theme(config.ui.theme, path)
        app = make_app(
            config,
            config_path=path,
            profile_name=args.profile,
            base_url=args.base_url,
            read_only=args.read_only,
            demo=args.demo,
        )
    except (ConfigError, InsecureUrl) as error:
        print(f"hostkey-tui: {error}", file=sys.stderr)
        return 2
    try:
        code = app.run()
    except KeyboardInterrupt:
        return 130
    return code if isinstance(code, int) else (app.return_code or 0)


def _check_theme(theme: str, path: Path) -> None:
    from textual.theme import BUILTIN_THEMES

    from hostkey_tui.config.model import ConfigError

    if theme not in BUILTIN_THEMES:
        known = ", ".join(sorted(BUILTIN_THEMES))
        raise ConfigError(f"unknown theme {theme!r}; one of: {known}", path=path, key="[ui] theme")


if __name__ == "__main__":
    raise SystemExit(main())
