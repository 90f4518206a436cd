"""Opening a command's session: the config, the profile, the key, the demo, then signing in.

The same rules as the app's start: `--profile`, else `HOSTKEY_PROFILE`, else the config's
default; the key from `HOSTKEY_API_KEY`, the profile's variable, its command or its file; the
demo needs none. What cannot be used is a `CommandError` with exit code 2, said in words.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from hostkey_tui.api.errors import AuthError, InsecureUrl, InvapiError
from hostkey_tui.cli.context import USAGE, CommandError, Context
from hostkey_tui.config.keys import NO_FLEET_KEY, ApiKey, fleet_environ, resolve_api_key
from hostkey_tui.config.load import load_config
from hostkey_tui.config.model import Config, ConfigError, ConfirmPolicy, Profile
from hostkey_tui.config.paths import cache_dir, config_path, state_dir
from hostkey_tui.records import dataclass
from hostkey_tui.services.context import Services
from hostkey_tui.sessions import (
    DEMO_PIN,
    DEMO_PROFILE,
    account_services,
    demo_services,
    demo_world,
)


@dataclass
class Session:
    services: Services
    config: Config
    profile: str
    demo: bool
    policy: ConfirmPolicy
    #: Said in the demo's PIN prompt: it guards nothing real.
    demo_pin: str = ""

    @property
    def account(self) -> str:
        """The account as a confirmation names it: the profile, and its e-mail once known."""
        email = self.services.store.state.account.email
        return f"{self.profile} ({email})" if email else self.profile


def config_file(args: argparse.Namespace, ctx: Context) -> Path:
    """`--config`, else `$HOSTKEY_TUI_CONFIG`, else the platform's config folder."""
    given: Path | None = getattr(args, "config", None)
    return given.expanduser() if given is not None else config_path(ctx.environ)


def read_config(args: argparse.Namespace, ctx: Context) -> Config:
    """The config (an empty one when there is no file; `--config` naming none is an error)."""
    path = config_file(args, ctx)
    try:
        config = load_config(path)
    except ConfigError as error:
        raise CommandError(str(error), USAGE) from None
    if config is None:
        if getattr(args, "config", None) is not None:
            raise CommandError(f"{path}: no such config file", USAGE)
        return Config()
    return config


def chosen_profile(args: argparse.Namespace, ctx: Context, config: Config) -> Profile:
    name = getattr(args, "profile", None) or ctx.environ.get("HOSTKEY_PROFILE") or None
    try:
        return config.profile(name)
    except ConfigError as error:
        raise CommandError(str(error), USAGE) from None


def find_key(profile: Profile, config: Config, ctx: Context, *, fleet: bool = False) -> ApiKey:
    """The profile's key; for a fleet, from the profile's own sources only."""
    environ = fleet_environ(ctx.environ) if fleet else ctx.environ
    try:
        found = resolve_api_key(profile, config.path, environ, ctx.run_command)
    except ConfigError as error:
        raise CommandError(str(error), USAGE) from None
    if found is None and fleet:
        raise CommandError(NO_FLEET_KEY, USAGE)
    if found is None:
        raise CommandError(
            "no API key: set HOSTKEY_API_KEY, or give the profile api_key_env or "
            "api_key_command (`hostkey-tui config example` shows how), or try --demo",
            USAGE,
        )
    return found


def open_session(args: argparse.Namespace, ctx: Context) -> Session:
    """The services of the profile (or the demo) the command runs against; nothing sent yet."""
    config = read_config(args, ctx)
    return profile_session(args, ctx, config, chosen_profile(args, ctx, config))


def profile_session(
    args: argparse.Namespace, ctx: Context, config: Config, profile: Profile, *, fleet: bool = False
) -> Session:
    """The services of one profile of `config` (or the demo's); nothing sent yet.

    Raises:
        CommandError: no key for it, or an address that is not https.
    """
    read_only = bool(getattr(args, "read_only", False)) or config.read_only or profile.read_only
    states = ctx.state_dir or state_dir()
    caches = ctx.cache_dir or cache_dir()
    if getattr(args, "demo", False):
        world = demo_world(ctx.clock, ctx.world)
        services = demo_services(
            config, world, clock=ctx.clock, read_only=read_only, state_dir=states, cache_dir=caches
        )
        return Session(services, config, DEMO_PROFILE, True, profile.confirm, world.pin or DEMO_PIN)
    key = find_key(profile, config, ctx, fleet=fleet)
    from hostkey_tui.api.transport import check_base_url

    try:
        url = check_base_url(getattr(args, "base_url", None) or profile.base_url)
    except InsecureUrl as error:
        raise CommandError(error.message, USAGE) from None
    services = account_services(
        config,
        key.key,
        url,
        profile.name,
        clock=ctx.clock,
        read_only=read_only,
        state_dir=states,
        cache_dir=caches,
        transport=ctx.transport,
    )
    return Session(services, config, profile.name, False, profile.confirm)


async def sign_in(session: Session, ctx: Context) -> None:
    """Log in and list the account's servers (their ids; details are read by the command).

    Raises:
        CommandError: the key was refused, or invapi could not be reached.
    """
    from hostkey_tui.services.session import sign_in as services_sign_in

    def waiting(what: str) -> None:
        ctx.progress(f"waiting for {what}…")

    try:
        await services_sign_in(session.services, waiting)
    except AuthError as error:
        raise CommandError(
            f"signing in to {session.profile} was refused: {error.message}"
        ) from None
    except InvapiError as error:
        raise CommandError(f"cannot sign in to {session.profile}: {error.message}") from None
    finally:
        ctx.progress_done()


async def close(session: Session) -> None:
    """End the session at invapi (briefly: a dead network never holds the command)."""
    from hostkey_tui.services.session import sign_out

    await sign_out(session.services)
