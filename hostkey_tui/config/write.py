"""Writing the config file: a first one from the welcome screen (0600, never over an existing
one), and a profile appended when the user asks to keep a new API key. What is in the file is
never rewritten."""

from __future__ import annotations

import os
import re
import tomllib
from pathlib import Path

import tomli_w

from hostkey_tui.config.keys import file_is_private
from hostkey_tui.config.load import read_config_text
from hostkey_tui.config.model import ConfigError
from hostkey_tui.config.paths import create_private
from hostkey_tui.models.common import Secret


def profile_name_problem(name: str) -> str | None:
    if not re.fullmatch(r"[A-Za-z0-9_-]{1,32}", name):
        return "A profile name is 1 to 32 letters, digits, '-' or '_'."
    return None


def first_config(name: str, base_url: str, key: Secret | None) -> str:
    profile: dict[str, object] = {"base_url": base_url}
    if key is not None:
        profile["api_key"] = key.reveal()
    document = {"default_profile": name, "profiles": {name: profile}}
    header = (
        "# hostkey-tui configuration, written by its welcome screen (mode 0600).\n"
        "# Every key is documented in the example: hostkey-tui config example\n"
        "# hostkey-tui never rewrites what is here; it appends a profile only when asked.\n\n"
    )
    return header + tomli_w.dumps(document)


def write_first_config(path: Path, name: str, base_url: str, key: Secret | None) -> None:
    """Create the config file.

    Raises:
        FileExistsError: there is one already (it is the user's: never overwritten).
        OSError: it cannot be written.
    """
    create_private(path, first_config(name, base_url, key).encode())


def append_profile(path: Path, name: str, base_url: str, key: Secret) -> None:
    """Add `[profiles.NAME]` with this key, under the rules for a key inside the file: the
    file must be readable by its owner alone (a new one is made 0600).

    Raises:
        ConfigError: a bad name, a profile of that name already, a file others can read, or a
            file that is not valid TOML (then nothing is written).
        OSError: it cannot be written.
    """
    problem = profile_name_problem(name)
    if problem:
        raise ConfigError(problem, path=path)
    if not path.exists():
        write_first_config(path, name, base_url, key)
        return
    if not file_is_private(path):
        raise ConfigError(
            f"{path} is readable by others: a key is never written there. "
            f"Run: chmod 600 {path}  (or keep the key in a password manager)",
            path=path,
        )
    text = read_config_text(path)
    if text is None:
        write_first_config(path, name, base_url, key)
        return
    try:
        profiles = tomllib.loads(text).get("profiles", {})
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"not valid TOML, so left alone: {error}", path=path) from None
    if isinstance(profiles, dict) and name in profiles:
        raise ConfigError(f"there is a profile named {name!r} already", path=path)
    table = tomli_w.dumps({"profiles": {name: {"base_url": base_url, "api_key": key.reveal()}}})
    addition = ("" if text.endswith("\n") or not text else "\n") + "\n" + table
    try:
        tomllib.loads(text + addition)
    except tomllib.TOMLDecodeError:
        raise ConfigError(
            "a [profiles] table written inline cannot take another profile; add it by hand",
            path=path,
        ) from None
    descriptor = os.open(path, os.O_WRONLY | os.O_APPEND)
    with os.fdopen(descriptor, "a", encoding="utf-8") as file:
        file.write(addition)
