"""A first config file, written by the welcome screen: 0600, never over an existing one."""

from __future__ import annotations

import re
from pathlib import Path

import tomli_w

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
        "# Every key is documented in config.example.toml.\n"
        "# hostkey-tui never rewrites this file.\n\n"
    )
    return header + tomli_w.dumps(document)


def write_first_config(path: Path, name: str, base_url: str, key: Secret | None) -> None:
    """Create the config file.

    Raises:
        FileExistsError: there is one already (it is the user's: never overwritten).
        OSError: it cannot be written.
    """
    create_private(path, first_config(name, base_url, key).encode())
