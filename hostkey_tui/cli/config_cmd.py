"""`hostkey-tui config check|path|example`: what the app would start with, without starting it.

`check` says the file, the profile, where the key was found (never the key), the address and
what is wrong; `path` every file and folder the app uses; `example` the documented example.
"""

from __future__ import annotations

import argparse
import os
import stat
from pathlib import Path
from typing import Any

from hostkey_tui.cli.context import OK, USAGE, CommandError, Context
from hostkey_tui.cli.output import write_json, write_pairs
from hostkey_tui.cli.session import config_file, find_key
from hostkey_tui.config.example import example_text
from hostkey_tui.config.load import load_config
from hostkey_tui.config.model import Config, ConfigError
from hostkey_tui.config.paths import cache_dir, downloads_dir, state_dir
from hostkey_tui.logs import LOG_NAME


def example(args: argparse.Namespace, ctx: Context) -> int:
    del args
    ctx.out.write(example_text())
    return OK


def paths(args: argparse.Namespace, ctx: Context) -> int:
    states = ctx.state_dir or state_dir()
    caches = ctx.cache_dir or cache_dir()
    found: list[tuple[str, object]] = [
        ("config", config_file(args, ctx)),
        ("state folder", states),
        ("ui state", states / "state.toml"),
        ("journal", states / "journal.jsonl"),
        ("demo journal", states / "demo-journal.jsonl"),
        ("changes ledger", states / "ledger.json"),
        ("log", states / LOG_NAME),
        ("cache folder", caches),
        ("downloads", downloads_dir()),
    ]
    if args.output == "json":
        write_json(ctx.out, {name.replace(" ", "_"): str(value) for name, value in found})
    else:
        write_pairs(ctx.out, found)
    return OK


def check(args: argparse.Namespace, ctx: Context) -> int:
    """Every finding, then exit 0 when the app can start with this, else 2."""
    path = config_file(args, ctx)
    report: dict[str, Any] = {"config": str(path), "problems": []}
    problems: list[str] = report["problems"]
    config = _read(args, ctx, path, report)
    if config is not None:
        _profile(args, ctx, config, report)
        _ui(ctx, config, report)
    if args.output == "json":
        write_json(ctx.out, report)
    else:
        pairs: list[tuple[str, object]] = [
            (name.replace("_", " ").capitalize(), value)
            for name, value in report.items()
            if name != "problems"
        ]
        write_pairs(ctx.out, pairs)
        for problem in problems:
            ctx.out.write(f"problem: {problem}\n")
        if not problems:
            ctx.out.write("ok: the app can start with this (the key is tried when it signs in)\n")
    return USAGE if problems else OK


def _read(
    args: argparse.Namespace, ctx: Context, path: Path, report: dict[str, Any]
) -> Config | None:
    problems: list[str] = report["problems"]
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        report["file"] = "none (the defaults; `hostkey-tui config example` shows every key)"
        if getattr(args, "config", None) is not None:
            problems.append(f"{path}: no such file")
            return None
        return Config()
    except OSError as error:
        problems.append(f"{path}: {error.strerror}")
        return None
    report["file"] = f"found, mode {mode:04o}"
    if mode & 0o077 and os.name == "posix":
        report["file"] += " (others may read it: fine without an api_key in it)"
    keys = ctx.binding_ids() if ctx.binding_ids is not None else None
    try:
        config = load_config(path, keys)
    except ConfigError as error:
        problems.append(str(error))
        return None
    return config or Config()


def _profile(
    args: argparse.Namespace, ctx: Context, config: Config, report: dict[str, Any]
) -> None:
    problems: list[str] = report["problems"]
    report["profiles"] = ", ".join(sorted(config.profiles)) or "none"
    name = getattr(args, "profile", None) or ctx.environ.get("HOSTKEY_PROFILE") or None
    try:
        profile = config.profile(name)
    except ConfigError as error:
        problems.append(str(error))
        return
    why = (
        "--profile"
        if getattr(args, "profile", None)
        else "HOSTKEY_PROFILE"
        if name
        else "default_profile"
        if config.default_profile
        else "the only one"
        if config.profiles
        else "none configured"
    )
    report["profile"] = f"{profile.name} ({why})"
    if getattr(args, "demo", False):
        report["profile"] = "demo (--demo: the built-in simulated account, no key needed)"
        report["read_only"] = bool(getattr(args, "read_only", False) or config.read_only)
        return
    from hostkey_tui.api.errors import InsecureUrl
    from hostkey_tui.api.transport import check_base_url

    url = getattr(args, "base_url", None) or profile.base_url
    try:
        report["base_url"] = check_base_url(url)
    except InsecureUrl as error:
        problems.append(error.message)
    try:
        report["api_key"] = f"found in {find_key(profile, config, ctx).source}"
    except CommandError as error:
        report["api_key"] = "not found"
        problems.append(error.message)
    read_only = getattr(args, "read_only", False) or config.read_only or profile.read_only
    report["read_only"] = bool(read_only)


def _ui(ctx: Context, config: Config, report: dict[str, Any]) -> None:
    from hostkey_tui.config.ui_state import load_ui_state

    known = ctx.themes() if ctx.themes is not None else None
    if known is not None and config.ui.theme not in known:
        report["problems"].append(
            f"[ui] theme {config.ui.theme!r} is not one of: {', '.join(sorted(known))}"
        )
    remembered = load_ui_state((ctx.state_dir or state_dir()) / "state.toml").theme
    if remembered and (known is None or remembered in known):
        report["theme"] = f"{remembered} (chosen in the palette; [ui] theme is {config.ui.theme})"
    else:
        report["theme"] = f"{config.ui.theme} ([ui] theme)"
    report["keymap"] = f"{len(config.keymap)} key(s) remapped" if config.keymap else "defaults"
