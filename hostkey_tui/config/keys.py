"""Where the API key comes from: `HOSTKEY_API_KEY`, the profile's `api_key_env`, its
`api_key_command` (a password manager, run without a shell), or, last, `api_key` in the TOML,
accepted only when the file is readable by its owner alone.
"""

from __future__ import annotations

import os
import stat
import subprocess
from collections.abc import Callable, Mapping
from pathlib import Path

from hostkey_tui.config.model import ConfigError, Profile
from hostkey_tui.models.common import Secret
from hostkey_tui.records import dataclass

Runner = Callable[..., "subprocess.CompletedProcess[bytes]"]
#: Seconds the key command may take (a password manager waiting on its agent, say).
COMMAND_TIMEOUT = 30


@dataclass(frozen=True, slots=True)
class ApiKey:
    key: Secret
    source: str  # said to the user: where the key came from (never the key)


#: The one key over every profile's own source: one account's key.
DIRECT = "HOSTKEY_API_KEY"
#: Why a profile of the fleet has no key (`HOSTKEY_API_KEY` is not asked: see `fleet_environ`).
NO_FLEET_KEY = (
    "no API key: give the profile api_key_env or api_key_command (HOSTKEY_API_KEY is one "
    "account's key and is not used for the fleet)"
)


def fleet_environ(environ: Mapping[str, str]) -> Mapping[str, str]:
    """The environment a profile of the fleet takes its key from: without `HOSTKEY_API_KEY`,
    which would send one account's key to every profile's address."""
    return {k: v for k, v in environ.items() if k != DIRECT}


def file_is_private(path: Path) -> bool:
    """True when neither group nor others may read (or write) the file."""
    return stat.S_IMODE(path.stat().st_mode) & 0o077 == 0


def resolve_api_key(
    profile: Profile,
    config_path: Path | None,
    environ: Mapping[str, str] = os.environ,
    run: Runner = subprocess.run,
) -> ApiKey | None:
    """The API key for `profile`, or None when no source has one.

    Raises:
        ConfigError: a source that is configured but fails (an unset variable, a failing
            command, a key in a file others can read).
    """
    direct = environ.get(DIRECT, "").strip()
    if direct:
        return ApiKey(Secret(direct), DIRECT)
    if profile.api_key_env:
        value = environ.get(profile.api_key_env, "").strip()
        if not value:
            raise ConfigError(
                f"profile {profile.name!r} takes its key from ${profile.api_key_env}, "
                "which is not set",
                path=config_path,
            )
        return ApiKey(Secret(value), f"${profile.api_key_env}")
    if profile.api_key_command:
        return ApiKey(
            _from_command(profile, config_path, run),
            f"{profile.api_key_command[0]} (api_key_command)",
        )
    if profile.api_key is not None:
        if config_path is None or not file_is_private(config_path):
            mode = stat.S_IMODE(config_path.stat().st_mode) if config_path else 0
            raise ConfigError(
                f"profile {profile.name!r} has an api_key, but the file is readable by others "
                f"(mode {mode:04o}). Run: chmod 600 {config_path}  (or move the key to "
                "api_key_env or api_key_command)",
                path=config_path,
            )
        return ApiKey(profile.api_key, f"{config_path.name} (profile {profile.name})")
    return None


def _from_command(profile: Profile, config_path: Path | None, run: Runner) -> Secret:
    command = list(profile.api_key_command or ())
    try:
        # Bytes, decoded below strictly: text=True would end the app in a traceback on output
        # that is not UTF-8.
        result = run(
            command, capture_output=True, timeout=COMMAND_TIMEOUT, check=False, shell=False
        )
    except FileNotFoundError:
        raise ConfigError(
            f"api_key_command: {command[0]!r} was not found", path=config_path
        ) from None
    except subprocess.TimeoutExpired:
        raise ConfigError(
            f"api_key_command: {command[0]!r} did not finish within {COMMAND_TIMEOUT} s (it was "
            "stopped); is it waiting for a password or an agent?",
            path=config_path,
        ) from None
    except OSError as error:
        raise ConfigError(
            f"api_key_command: {command[0]!r} could not run ({error.strerror})", path=config_path
        ) from None
    if result.returncode != 0:
        # stderr may echo what the command read; say only that it failed.
        raise ConfigError(
            f"api_key_command: {command[0]!r} exited with status {result.returncode}",
            path=config_path,
        )
    try:
        printed = (result.stdout or b"").decode("utf-8")
    except UnicodeDecodeError as error:
        # What it printed is (or holds) the key: say where it went wrong, never what it was.
        raise ConfigError(
            f"api_key_command: {command[0]!r} printed bytes that are not UTF-8 text (at byte "
            f"{error.start} of its output); an API key is plain text",
            path=config_path,
        ) from None
    lines = printed.strip().splitlines()
    key = lines[0].strip() if lines else ""
    if not key:
        raise ConfigError(f"api_key_command: {command[0]!r} printed no key", path=config_path)
    return Secret(key)
