"""A session's services, for an account or for the demo: what the app and the command line share.

Nothing here imports Textual: the command line builds its sessions here without the UI, and
`factory.make_app` hands the same functions to the app, so what a script does is what a key does.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from hostkey_tui.clock import Clock
from hostkey_tui.config.keys import NO_FLEET_KEY, Runner, fleet_environ, resolve_api_key
from hostkey_tui.config.model import Config, ConfigError, ConfirmPolicy, Profile
from hostkey_tui.models.common import Secret
from hostkey_tui.services.audit import Journal
from hostkey_tui.services.cache import ServerCache
from hostkey_tui.services.context import Resolver, Services, ServiceSettings
from hostkey_tui.services.fleet import Member
from hostkey_tui.services.ledger import Ledger
from hostkey_tui.services.sightings import SightingLog
from hostkey_tui.state.store import Store

if TYPE_CHECKING:
    import httpx

    from hostkey_tui.api.client import InvapiClient
    from hostkey_tui.simulator.world import World

#: The demo's API address: a reserved name, so nothing can ever be sent anywhere real.
DEMO_URL = "https://demo.invapi.invalid"
#: The simulated account's PIN (said in the demo's PIN dialog: it guards nothing real).
DEMO_PIN = "1234"
#: The demo's profile name, in the journal and the cache folder.
DEMO_PROFILE = "demo"


def safe_name(name: str) -> str:
    """A profile's name as a folder name."""
    return "".join(c if c.isalnum() or c in "-_" else "_" for c in name) or "default"


def settings_of(config: Config) -> ServiceSettings:
    return ServiceSettings(
        concurrency=config.api.concurrency, cache_ttl=float(config.refresh.cache_ttl)
    )


def make_client(
    config: Config,
    url: str,
    key: Secret | str,
    *,
    clock: Clock,
    read_only: bool,
    transport: httpx.AsyncBaseTransport | None = None,
) -> InvapiClient:
    """The API client (httpx is imported here, not before: the app paints its first frame
    from the disk cache before it is needed)."""
    from hostkey_tui.api import InvapiClient, Timeouts

    api = config.api
    return InvapiClient(
        url,
        api_key=key,
        transport=transport,
        timeouts=Timeouts(api.connect_timeout, api.read_timeout, api.total_timeout),
        clock=clock,
        read_only=read_only,
        ttl=api.session_ttl,
        concurrency=api.concurrency,
    )


def server_cache(cache_dir: Path, url: str, profile: str) -> ServerCache:
    return ServerCache(cache_dir / safe_name(profile) / "servers.json", url)


def demo_cache(cache_dir: Path, profile: str = DEMO_PROFILE) -> ServerCache:
    return ServerCache(cache_dir / safe_name(profile) / "servers.json", DEMO_URL)


def journal_path(state_dir: Path, *, demo: bool) -> Path:
    """The audit journal: the demo's is apart, so that nothing simulated mixes with an
    account's history."""
    return state_dir / ("demo-journal.jsonl" if demo else "journal.jsonl")


def sightings_path(state_dir: Path, profile: str) -> Path:
    """Where the changes seen on refresh are kept: one file per account (the demo's accounts
    are named `demo…`)."""
    return state_dir / "seen" / f"{safe_name(profile)}.jsonl"


def account_services(
    config: Config,
    key: Secret,
    url: str,
    profile: str,
    *,
    clock: Clock,
    read_only: bool,
    state_dir: Path,
    cache_dir: Path,
    transport: httpx.AsyncBaseTransport | None = None,
    resolve: Resolver | None = None,
    store: Store | None = None,
    ledger: Ledger | None = None,
) -> Services:
    """The services of a real account (the app's and the command line's); `ledger`: the one
    the app's other accounts write (one file, one writer)."""
    from hostkey_tui.services.network import system_resolver

    client = make_client(config, url, key, clock=clock, read_only=read_only, transport=transport)
    return Services(
        client,
        store or Store(),
        clock,
        settings_of(config),
        server_cache(cache_dir, client.base_url, profile),
        Journal(journal_path(state_dir, demo=False)),
        profile,
        ledger=ledger or Ledger(state_dir / "ledger.json"),
        resolve=resolve or system_resolver,
        sightings=SightingLog(sightings_path(state_dir, profile)),
    )


def demo_world(clock: Clock, world: World | None = None) -> World:
    """The simulated account: `world` when given (tests), else a fresh seeded one."""
    # Only the demo needs the simulator: a real session never imports it.
    from hostkey_tui.simulator.scenarios import build_world

    return world or build_world(clock, pin=DEMO_PIN)


def demo_services(
    config: Config,
    world: World,
    *,
    clock: Clock,
    read_only: bool,
    state_dir: Path,
    cache_dir: Path,
    store: Store | None = None,
    profile: str = DEMO_PROFILE,
) -> Services:
    """The services of the demo, over the in-process simulator: nothing leaves the machine.
    `profile` names another simulated account (the demo's fleet)."""
    from hostkey_tui.simulator.transport import SimulatorTransport

    client = make_client(
        config,
        DEMO_URL,
        world.account_key,
        clock=clock,
        read_only=read_only,
        transport=SimulatorTransport(world),
    )
    # No ledger: the simulated world starts afresh each run, so nothing of it outlives one.
    return Services(
        client,
        store or Store(),
        clock,
        settings_of(config),
        demo_cache(cache_dir, profile),
        Journal(journal_path(state_dir, demo=True)),
        profile,
        resolve=_world_resolver(world),
        sightings=SightingLog(sightings_path(state_dir, profile), across_runs=False),
    )


#: The demo's other simulated accounts (name, seed, servers, key disabled): a small one, and
#: one whose key was disabled in the panel, which invapi refuses.
DEMO_FLEET = (("demo-staging", 11, 8, False), ("demo-lapsed", 13, 2, True))


def demo_fleet(
    config: Config,
    current: Services | None,
    *,
    clock: Clock,
    read_only: bool,
    state_dir: Path,
    cache_dir: Path,
    policy: ConfirmPolicy,
) -> list[Member]:
    """The demo's fleet: the demo's account (the app's session) and two more simulated ones."""
    from hostkey_tui.simulator.scenarios import build_world

    members = [Member(DEMO_PROFILE, current, read_only, policy)] if current is not None else []
    for profile, seed, servers, disabled in DEMO_FLEET:
        world = build_world(clock, seed=seed, servers=servers, pin=DEMO_PIN)
        for api_key in world.api_keys.values():
            api_key.active = not disabled
        services = demo_services(
            config,
            world,
            clock=clock,
            read_only=read_only,
            state_dir=state_dir,
            cache_dir=cache_dir,
            profile=profile,
        )
        members.append(Member(profile, services, read_only, policy))
    return members


ProfileConnect = Callable[[Secret, str, str, bool], Services]


def profile_key(
    config: Config, profile: Profile, environ: Mapping[str, str], run_command: Runner
) -> tuple[Secret, str]:
    """A profile's key (from its own sources: never `HOSTKEY_API_KEY`) and checked address.

    Raises:
        ConfigError: no key, or a key source that fails.
        InsecureUrl: an address that is not https.
    """
    from hostkey_tui.api.transport import check_base_url

    found = resolve_api_key(profile, config.path, fleet_environ(environ), run_command)
    if found is None:
        raise ConfigError(NO_FLEET_KEY)
    return found.key, check_base_url(profile.base_url)


def first_with_key(
    config: Config, environ: Mapping[str, str], run_command: Runner
) -> Profile | None:
    """The first profile (by name) whose key is found: where `--fleet` starts when no profile
    is chosen."""
    from hostkey_tui.api.errors import InsecureUrl

    for name in sorted(config.profiles):
        try:
            profile_key(config, config.profiles[name], environ, run_command)
        except (ConfigError, InsecureUrl):
            continue
        return config.profiles[name]
    return None


def profile_fleet(
    config: Config,
    current: Services | None,
    connect: ProfileConnect,
    *,
    environ: Mapping[str, str],
    run_command: Runner,
    read_only: bool,
    policy: ConfirmPolicy,
) -> list[Member]:
    """Every profile of the config as a member of the fleet (the app's own session for its
    profile; one that cannot start, with why). Runs key commands: not on the event loop."""
    from hostkey_tui.api.errors import InsecureUrl

    members = []
    if current is not None and current.profile not in config.profiles:
        members.append(Member(current.profile, current, current.read_only, policy))
    for name in sorted(config.profiles):
        profile = config.profiles[name]
        if current is not None and current.profile == name:
            members.append(Member(name, current, current.read_only, profile.confirm))
            continue
        read_only_here = read_only or config.read_only or profile.read_only
        try:
            key, url = profile_key(config, profile, environ, run_command)
        except (ConfigError, InsecureUrl) as error:
            members.append(Member(name, None, read_only_here, profile.confirm, error.message))
            continue
        services = connect(key, url, name, read_only_here)
        members.append(Member(name, services, read_only_here, profile.confirm))
    return members


def _world_resolver(world: World) -> Callable[[str], Awaitable[tuple[str, ...]]]:
    async def resolve(name: str) -> tuple[str, ...]:
        try:
            return world.resolve(name)
        except Exception:
            return ()

    return resolve
