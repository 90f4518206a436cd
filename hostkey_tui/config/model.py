"""The configuration, as typed values (see `config.example.toml` for every key, documented)."""

from __future__ import annotations

import fnmatch
from collections.abc import Mapping
from dataclasses import field
from pathlib import Path

from hostkey_tui.models.common import Secret
from hostkey_tui.records import dataclass

DEFAULT_BASE_URL = "https://invapi.hostkey.com"


class ConfigError(Exception):
    """A config file (or an API-key source) that cannot be used, said so a person can fix it."""

    def __init__(
        self, message: str, *, path: Path | None = None, line: int | None = None, key: str = ""
    ) -> None:
        where = ""
        if path is not None:
            where = f"{path}"
            if line is not None:
                where += f", line {line}"
            if key:
                where += f", {key}"
            where += ": "
        super().__init__(where + message)
        #: Without the file's name (said where the file is known already).
        self.message = message
        self.path = path
        self.line = line
        self.key = key


@dataclass(frozen=True, slots=True)
class ConfirmPolicy:
    """Which power actions need the hostname or the count typed before they are sent."""

    #: Servers with one of these tags (`name` or `name=value`) count as production.
    production_tags: tuple[str, ...] = ()
    #: Hostname patterns (shell-style, `*-db-*`) that count as production.
    production_hosts: tuple[str, ...] = ()
    #: Off or reboot of more than this many servers at once needs the count typed.
    typed_above: int = 1

    def is_production(self, hostname: str, tags: Mapping[str, str]) -> bool:
        for wanted in self.production_tags:
            name, _, value = wanted.partition("=")
            if name in tags and (not value or tags[name] == value):
                return True
        return any(fnmatch.fnmatchcase(hostname, pattern) for pattern in self.production_hosts)


@dataclass(frozen=True, slots=True)
class Profile:
    """One account (or one key) to work with."""

    name: str
    base_url: str = DEFAULT_BASE_URL
    api_key_env: str | None = None
    api_key_command: tuple[str, ...] | None = None
    api_key: Secret | None = None
    read_only: bool = False
    confirm: ConfirmPolicy = field(default_factory=ConfirmPolicy)


@dataclass(frozen=True, slots=True)
class UiSettings:
    theme: str = "textual-dark"
    #: Seconds a confirmed power action waits (escape aborts) before it is sent.
    grace_period: float = 5.0
    #: Where invoice PDFs and graphs are saved; None for the user's downloads folder.
    download_dir: Path | None = None
    #: Ring the terminal bell when a job ends.
    bell: bool = True
    #: Take mouse events (clicks, the wheel); false leaves the mouse to the terminal, whose own
    #: selection then works without holding shift.
    mouse: bool = True


@dataclass(frozen=True, slots=True)
class RefreshSettings:
    #: Seconds between background refreshes of the server list; 0 refreshes only on `r`.
    servers: int = 300
    #: Seconds between sensor readings while the Sensors tab is open.
    sensors: int = 10
    #: Seconds a server's details count as fresh: opening it again sends nothing.
    cache_ttl: int = 60


@dataclass(frozen=True, slots=True)
class ApiSettings:
    #: eq/show requests in flight at once while the list loads.
    concurrency: int = 8
    connect_timeout: float = 5.0
    read_timeout: float = 20.0
    total_timeout: float = 30.0
    #: Session lifetime asked of invapi, in seconds.
    session_ttl: int = 3600


@dataclass(frozen=True, slots=True)
class Config:
    path: Path | None = None
    default_profile: str | None = None
    read_only: bool = False
    profiles: Mapping[str, Profile] = field(default_factory=dict)
    ui: UiSettings = field(default_factory=UiSettings)
    refresh: RefreshSettings = field(default_factory=RefreshSettings)
    api: ApiSettings = field(default_factory=ApiSettings)
    keymap: Mapping[str, str] = field(default_factory=dict)

    def profile(self, name: str | None) -> Profile:
        """The profile to use: `name`, else the default one, else the only one, else a bare one.

        Raises:
            ConfigError: a name that no profile has.
        """
        wanted = name or self.default_profile
        if wanted is not None:
            if wanted in self.profiles:
                return self.profiles[wanted]
            known = ", ".join(sorted(self.profiles)) or "none"
            raise ConfigError(f"no profile named {wanted!r} (profiles: {known})", path=self.path)
        if len(self.profiles) == 1:
            return next(iter(self.profiles.values()))
        if self.profiles:
            known = ", ".join(sorted(self.profiles))
            raise ConfigError(
                f"several profiles ({known}) and no default_profile: choose one with --profile",
                path=self.path,
            )
        return Profile(name="default")
