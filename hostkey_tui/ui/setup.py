"""What the app is started with: made by `factory.make_app`, read by every screen and flow
through the host (`ui.host.Host.setup`)."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from hostkey_tui.clock import Clock
from hostkey_tui.config.model import Config, ConfirmPolicy
from hostkey_tui.models.common import Secret
from hostkey_tui.services.cache import ServerCache
from hostkey_tui.services.context import Services
from hostkey_tui.services.fleet import Member
from hostkey_tui.state.store import Store

#: Builds the services for a key (api key, base url, profile name).
Connect = Callable[[Secret, str, str], Services]


@dataclass
class Opening:
    """The session a run starts with (a key was found, or the demo).

    Its cached list is painted into `store` before the first frame; `connect` makes the client
    (importing httpx and the API) once that frame is on screen, over the same store.
    """

    store: Store
    cache: ServerCache
    read_only: bool
    connect: Callable[[Store], Services]


@dataclass
class AppSetup:
    """Everything the app needs from the outside, made by `factory.make_app`."""

    config: Config
    config_path: Path
    state_path: Path
    clock: Clock
    connect: Connect
    demo_connect: Callable[[], Services]
    #: The session to start with, or None for the welcome screen.
    opening: Opening | None = None
    profile: str = ""
    demo: bool = False
    read_only: bool = False
    #: Start the background refresh timer (off in snapshot tests).
    timers: bool = True
    #: Blink text cursors (frozen in snapshot tests).
    blink: bool = True
    #: Which power actions need typing (the profile's `confirm`).
    policy: ConfirmPolicy = field(default_factory=ConfirmPolicy)
    #: The simulated account's PIN, said in the PIN dialog of the demo only.
    demo_pin: str = ""
    notes: list[str] = field(default_factory=list)
    #: `--theme`: wins over the theme remembered from the palette and the config's `[ui] theme`.
    theme: str | None = None
    #: Where the clipboard helpers (pbcopy, wl-copy, xclip) are looked for: PATH, DISPLAY,
    #: WAYLAND_DISPLAY (tests give one without them: no helper is ever run).
    environ: Mapping[str, str] = field(default_factory=lambda: os.environ)
    #: The fleet's accounts, given the app's own session (reused for its profile). Runs key
    #: commands: called off the event loop.
    open_fleet: Callable[[Services | None], list[Member]] | None = None
    #: `--fleet`: the fleet opens at the start.
    fleet: bool = False
