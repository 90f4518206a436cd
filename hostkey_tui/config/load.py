"""Read the user's config.toml strictly: an unknown key or a wrong type is an error that names
the file, the line and the key, and says what is expected. The file is never written here.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from hostkey_tui.config.model import (
    ApiSettings,
    Config,
    ConfigError,
    ConfirmPolicy,
    Profile,
    RefreshSettings,
    UiSettings,
)
from hostkey_tui.config.paths import NotRegularFile, TooLarge, read_regular
from hostkey_tui.models.common import Secret

Check = Callable[[Any], Any]
#: The most a config file may hold: one that is larger is not what the user meant to point at.
MAX_CONFIG = 1024 * 1024


def _boolean(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError("true or false")
    return value


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError("a string in quotes")
    return value


def _number(low: float, high: float, unit: str) -> Check:
    def check(value: Any) -> float:
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not low <= value <= high
        ):
            raise ValueError(f"a number of {unit} from {low:g} to {high:g}")
        return float(value)

    return check


def _integer(low: int, high: int, unit: str) -> Check:
    def check(value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise ValueError(f"a whole number of {unit} from {low} to {high}")
        return value

    return check


def _strings(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError('a list of strings, such as ["a", "b"]')
    return tuple(value)


def _command(value: Any) -> tuple[str, ...]:
    items = _strings(value)
    if not items or not items[0]:
        raise ValueError('a command as a list of words, such as ["pass", "show", "hostkey"]')
    return items


def _url(value: Any) -> str:
    text = _text(value)
    parts = urlsplit(text)
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise ValueError("an https:// URL, such as https://invapi.hostkey.com")
    return text.rstrip("/")


def _env_name(value: Any) -> str:
    text = _text(value)
    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", text):
        raise ValueError("the name of an environment variable, such as HOSTKEY_API_KEY")
    return text


def _path(value: Any) -> Path:
    return Path(_text(value)).expanduser()


UI_KEYS: dict[str, Check] = {
    "theme": _text,
    "grace_period": _number(0, 60, "seconds"),
    "download_dir": _path,
    "bell": _boolean,
    "mouse": _boolean,
}
REFRESH_KEYS: dict[str, Check] = {
    "servers": _integer(0, 86_400, "seconds"),
    "sensors": _integer(2, 3600, "seconds"),
    "cache_ttl": _integer(0, 3600, "seconds"),
}
API_KEYS: dict[str, Check] = {
    "concurrency": _integer(1, 64, "requests"),
    "connect_timeout": _number(0.5, 120, "seconds"),
    "read_timeout": _number(1, 600, "seconds"),
    "total_timeout": _number(1, 900, "seconds"),
    "session_ttl": _integer(300, 86_400, "seconds"),
}
PROFILE_KEYS: dict[str, Check] = {
    "base_url": _url,
    "api_key_env": _env_name,
    "api_key_command": _command,
    "api_key": _text,
    "read_only": _boolean,
}
CONFIRM_KEYS: dict[str, Check] = {
    "production_tags": _strings,
    "production_hosts": _strings,
    "typed_above": _integer(0, 10_000, "servers"),
}
TOP_KEYS = {"default_profile", "read_only", "ui", "refresh", "api", "keymap", "profiles"}


class _Reader:
    def __init__(self, path: Path, text: str) -> None:
        self.path = path
        self.lines = text.splitlines()

    def line_of(self, table: str, key: str) -> int | None:
        """Best effort: the line where `key` is set inside `[table]` (tomllib keeps no lines)."""
        current = ""
        full = f"{table}.{key}" if table else key
        pattern = re.compile(rf'^\s*"?{re.escape(key)}"?\s*=')
        for number, line in enumerate(self.lines, start=1):
            header = re.match(r"^\s*\[([^\]]+)\]", line)
            if header:
                current = header[1].strip().replace('"', "").replace(" ", "")
                if current == full:  # the key is itself a table
                    return number
            elif current == table and pattern.match(line):
                return number
        return None

    def error(self, table: str, key: str, message: str) -> ConfigError:
        name = f"[{table}] {key}" if table else key
        return ConfigError(message, path=self.path, line=self.line_of(table, key), key=name)

    def table(
        self, data: Mapping[str, Any], table: str, spec: Mapping[str, Check]
    ) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for key, raw in data.items():
            check = spec.get(key)
            if check is None:
                known = ", ".join(sorted(spec))
                raise self.error(table, key, f"unknown key; the keys of [{table}] are: {known}")
            try:
                values[key] = check(raw)
            except ValueError as expected:
                raise self.error(table, key, f"expected {expected}, got {_shown(raw)}") from None
        return values

    def sub(self, data: Mapping[str, Any], key: str, table: str) -> Mapping[str, Any]:
        value = data.get(key, {})
        if not isinstance(value, dict):
            raise self.error(
                table.rpartition(".")[0], key, f"expected a table [{table}], got {_shown(value)}"
            )
        return value


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def parse_config(text: str, path: Path, binding_ids: Collection[str] | None = None) -> Config:
    """Validate config text.

    Args:
        text: the file's contents.
        path: the file, for messages.
        binding_ids: the binding ids `[keymap]` may name (None: not checked).

    Raises:
        ConfigError: a syntax error, an unknown key, or a value of the wrong type.
    """
    import tomllib  # only when there is a file: a command without one starts sooner

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        match = re.search(r"line (\d+)", str(error))
        raise ConfigError(
            f"not valid TOML: {error}",
            path=path,
            line=int(match[1]) if match else None,
        ) from None
    reader = _Reader(path, text)
    for key in data:
        if key not in TOP_KEYS:
            known = ", ".join(sorted(TOP_KEYS))
            raise reader.error("", key, f"unknown key; the top-level keys are: {known}")
    top = reader.table(
        {k: v for k, v in data.items() if k in ("default_profile", "read_only")},
        "",
        {"default_profile": _text, "read_only": _boolean},
    )
    ui = reader.table(reader.sub(data, "ui", "ui"), "ui", UI_KEYS)
    refresh = reader.table(reader.sub(data, "refresh", "refresh"), "refresh", REFRESH_KEYS)
    api = reader.table(reader.sub(data, "api", "api"), "api", API_KEYS)
    keymap_data = reader.sub(data, "keymap", "keymap")
    known_ids = keymap_data if binding_ids is None else binding_ids
    keymap = reader.table(keymap_data, "keymap", dict.fromkeys(known_ids, _text))
    profiles: dict[str, Profile] = {}
    for name, body in reader.sub(data, "profiles", "profiles").items():
        table = f"profiles.{name}"
        if not isinstance(body, dict):
            raise reader.error("profiles", name, f"expected a table [{table}], got {_shown(body)}")
        confirm_data = reader.sub(body, "confirm", f"{table}.confirm")
        fields = reader.table(
            {k: v for k, v in body.items() if k != "confirm"}, table, PROFILE_KEYS
        )
        confirm = reader.table(confirm_data, f"{table}.confirm", CONFIRM_KEYS)
        key = fields.pop("api_key", None)
        profiles[name] = Profile(
            name=name,
            api_key=Secret(key) if key else None,
            confirm=ConfirmPolicy(**confirm),
            **fields,
        )
    default = top.get("default_profile")
    if default is not None and default not in profiles:
        known = ", ".join(sorted(profiles)) or "none defined"
        raise reader.error(
            "", "default_profile", f"no profile named {default!r} (profiles: {known})"
        )
    return Config(
        path=path,
        default_profile=default,
        read_only=top.get("read_only", False),
        profiles=profiles,
        ui=UiSettings(**ui),
        refresh=RefreshSettings(**refresh),
        api=ApiSettings(**api),
        keymap=keymap,
    )


def load_config(path: Path, binding_ids: Collection[str] | None = None) -> Config | None:
    """The config at `path`, or None when there is no file.

    Raises:
        ConfigError: a file that cannot be read or is not valid.
    """
    text = read_config_text(path)
    if text is None:
        return None
    return parse_config(text, path, binding_ids)


def read_config_text(path: Path) -> str | None:
    """The text of the config file, or None when there is none.

    Raises:
        ConfigError: not a regular file (a FIFO would hang, /dev/zero never end), larger than
            `MAX_CONFIG`, not UTF-8, or unreadable; the message names the path.
    """
    try:
        data = read_regular(path, MAX_CONFIG)
    except FileNotFoundError:
        return None
    except NotRegularFile as error:
        raise ConfigError(
            f"is {error.kind}, not a regular file: the config must be a plain file", path=path
        ) from None
    except TooLarge:
        raise ConfigError(
            f"is larger than {MAX_CONFIG // 1024} KB; a config file is a few KB (is it the "
            "right file?)",
            path=path,
        ) from None
    except OSError as error:
        raise ConfigError(f"cannot be read ({error.strerror or error})", path=path) from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ConfigError(
            f"is not UTF-8 text (an undecodable byte at offset {error.start})", path=path
        ) from None
