"""`make_app`: the one place that wires config, clock, transport and services into the app.

Used by the command line, the demo and the tests, so that what is tested is what runs.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from hostkey_tui.clock import Clock, SystemClock
from hostkey_tui.config.keys import Runner, fleet_environ, resolve_api_key
from hostkey_tui.config.model import Config
from hostkey_tui.config.paths import cache_dir as default_cache_dir
from hostkey_tui.config.paths import state_dir as default_state_dir
from hostkey_tui.models.common import Secret
from hostkey_tui.services.context import Resolver, Services
from hostkey_tui.services.fleet import Member
from hostkey_tui.services.ledger import Ledger
from hostkey_tui.sessions import (
    DEMO_PIN,
    DEMO_PROFILE,
    account_services,
    demo_cache,
    demo_fleet,
    demo_services,
    demo_world,
    first_with_key,
    profile_fleet,
    server_cache,
)
from hostkey_tui.state.store import Store
from hostkey_tui.ui.app import HostkeyApp
from hostkey_tui.ui.setup import AppSetup, Opening

if TYPE_CHECKING:
    import httpx

    from hostkey_tui.simulator.world import World


def make_app(
    config: Config,
    *,
    config_path: Path,
    profile_name: str | None = None,
    base_url: str | None = None,
    read_only: bool = False,
    demo: bool = False,
    clock: Clock | None = None,
    environ: Mapping[str, str] = os.environ,
    transport: httpx.AsyncBaseTransport | None = None,
    world: World | None = None,
    state_dir: Path | None = None,
    cache_dir: Path | None = None,
    timers: bool = True,
    blink: bool = True,
    run_command: Runner = subprocess.run,
    resolve: Resolver | None = None,
    theme: str | None = None,
    fleet: bool = False,
) -> HostkeyApp:
    """Build the app.

    Args:
        config: the validated configuration (an empty one when there is no file).
        config_path: where the config lives (or would, for the welcome screen).
        profile_name: `--profile`.
        base_url: `--base-url`, over the profile's.
        read_only: `--read-only` (the config and profile may also ask for it).
        demo: run against the in-process simulator, with no account.
        clock: time (tests give a manual one).
        environ: where HOSTKEY_API_KEY and the profile's variable are read.
        transport: an httpx transport for the real session (tests: the simulator's).
        world: the simulated account for the demo (default: a fresh seeded one).
        state_dir, cache_dir: where state.toml and the server cache go.
        timers: start the periodic refresh (off for snapshots).
        blink: blink text cursors (off for snapshots).
        run_command: how api_key_command is run.
        resolve: forward DNS for a real session's PTR check (default: the system's; tests
            give one that answers at once, from a table).
        theme: `--theme`, over the theme remembered from the palette and the config's.
        fleet: `--fleet`: open the fleet (every profile of the config, or the demo's three
            simulated accounts) at the start.

    Raises:
        ConfigError: an unknown profile, or a key source that is configured but fails.
        InvalidUrl: a base URL that is not https (or loopback).
    """
    clock = clock or SystemClock()
    asked_read_only = read_only
    key_environ = environ
    if fleet and not demo and profile_name is None and config.default_profile is None:
        # Several profiles and none chosen: the fleet starts on the first one with a key of
        # its own (HOSTKEY_API_KEY is one account's key: never sent to a profile chosen here).
        key_environ = fleet_environ(environ)
        profile = first_with_key(config, environ, run_command) or config.profile(None)
    else:
        profile = config.profile(profile_name)
    read_only = read_only or config.read_only or profile.read_only
    target = base_url or profile.base_url
    states = state_dir or default_state_dir()
    caches = cache_dir or default_cache_dir()

    # The client (and httpx with it) is made once the first frame is on screen: that frame is
    # painted from the disk cache with the store and cache made here (issue 9).
    def connect(
        key: Secret,
        url: str,
        name: str,
        store: Store | None = None,
        *,
        read_only: bool = read_only,
        ledger: Ledger | None = None,
    ) -> Services:
        return account_services(
            config,
            key,
            url,
            name,
            clock=clock,
            read_only=read_only,
            state_dir=states,
            cache_dir=caches,
            transport=transport,
            resolve=resolve,
            store=store,
            ledger=ledger,
        )

    def demo_connect(store: Store | None = None) -> Services:
        return demo_services(
            config,
            demo_world(clock, world),
            clock=clock,
            read_only=read_only,
            state_dir=states,
            cache_dir=caches,
            store=store,
        )

    def open_fleet(current: Services | None) -> list[Member]:
        if demo:
            return demo_fleet(
                config,
                current,
                clock=clock,
                read_only=read_only,
                state_dir=states,
                cache_dir=caches,
                policy=profile.confirm,
            )

        def connect_profile(key: Secret, url: str, name: str, read_only: bool) -> Services:
            # each account with its own read-only setting, cache and sightings; one ledger file
            ledger = current.ledger if current is not None else None
            return connect(key, url, name, read_only=read_only, ledger=ledger)

        return profile_fleet(
            config,
            current,
            connect_profile,
            environ=environ,
            run_command=run_command,
            read_only=asked_read_only,
            policy=profile.confirm,
        )

    opening: Opening | None = None
    if demo:
        opening = Opening(Store(), demo_cache(caches), read_only, demo_connect)
    else:
        found = resolve_api_key(profile, config.path, key_environ, run_command)
        if found is not None:
            from hostkey_tui.api.transport import check_base_url

            key, url = found.key, check_base_url(target)  # a refused address stops the start
            opening = Opening(
                Store(),
                server_cache(caches, url, profile.name),
                read_only,
                lambda store: connect(key, url, profile.name, store),
            )
    return HostkeyApp(
        AppSetup(
            config=config,
            config_path=config_path,
            state_path=states / "state.toml",
            clock=clock,
            connect=connect,
            demo_connect=demo_connect,
            opening=opening,
            profile=DEMO_PROFILE if demo else profile.name,
            demo=demo,
            read_only=read_only,
            timers=timers,
            blink=blink,
            policy=profile.confirm,
            demo_pin=(world.pin if world else DEMO_PIN) or "",
            theme=theme,
            environ=environ,
            open_fleet=open_fleet,
            fleet=fleet,
        ),
    )
