"""Running a command of the command line whole, against the simulator, with no terminal.

`cli.run("servers", "-o", "json")` parses the words as the shell would give them and runs the
command with a `Context` of string streams, the test's manual clock and world, and folders of
its own; what a person would type at the terminal is queued in `answers` and `pins`.
"""

from __future__ import annotations

import io
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from hostkey_tui.cli.args import parser
from hostkey_tui.cli.context import Context
from hostkey_tui.cli.run import run
from hostkey_tui.clock import ManualClock
from hostkey_tui.records import dataclass
from hostkey_tui.simulator.scenarios import build_world
from hostkey_tui.simulator.transport import SimulatorTransport
from hostkey_tui.simulator.world import World
from tests.conftest import SIM_URL, assert_kept_the_contract

#: The simulated account's PIN here: digits no id or amount of the demo holds.
CLI_PIN = "80357"


@dataclass
class Ran:
    code: int
    out: str
    err: str
    #: What the command asked at the terminal (the prompts, never an answer).
    asked: list[str]


class Cli:
    def __init__(self, world: World, clock: ManualClock, folder: Path) -> None:
        self.world = world
        self.clock = clock
        self.folder = folder
        self.environ: dict[str, str] = {}
        self.interactive = False
        self.out_is_terminal = False
        self.err_is_terminal = False
        self.columns = 80
        self.answers: list[str] = []
        self.pins: list[str] = []
        self.pin_command_output = (CLI_PIN + "\n").encode()
        self.pin_command_code = 0
        self.commands: list[list[str]] = []
        #: Where a real profile's requests go (None: the world's simulator).
        self.transport: httpx.AsyncBaseTransport | None = None

    @property
    def state_dir(self) -> Path:
        return self.folder / "state"

    def run(self, *words: str) -> Ran:
        out, err = io.StringIO(), io.StringIO()
        asked: list[str] = []

        def ask(prompt: str) -> str:
            asked.append(prompt)
            return self.answers.pop(0)

        def ask_secret(prompt: str) -> str:
            asked.append(prompt)
            return self.pins.pop(0)

        def run_command(argv: list[str], **_: Any) -> subprocess.CompletedProcess[bytes]:
            self.commands.append(list(argv))
            return subprocess.CompletedProcess(
                argv, self.pin_command_code, self.pin_command_output, b""
            )

        ctx = Context(
            out=out,
            err=err,
            environ=self.environ,
            interactive=self.interactive,
            out_is_terminal=self.out_is_terminal,
            columns=lambda: self.columns,
            err_is_terminal=self.err_is_terminal,
            ask=ask,
            ask_secret=ask_secret,
            run_command=run_command,
            clock=self.clock,
            transport=self.transport or SimulatorTransport(self.world),
            world=self.world,
            state_dir=self.state_dir,
            cache_dir=self.folder / "cache",
        )
        try:
            args = parser().parse_args(list(words))
        except SystemExit as stop:
            return Ran(int(stop.code or 0), out.getvalue(), err.getvalue(), asked)
        code = run(args, ctx)
        ran = Ran(code, out.getvalue(), err.getvalue(), asked)
        for secret in (self.world.account_key, CLI_PIN):
            assert secret not in ran.out and secret not in ran.err, "a secret was printed"
        return ran

    def account(self, *words: str) -> Ran:
        """The command against a real profile (the key in HOSTKEY_API_KEY) at the simulator."""
        self.environ.setdefault("HOSTKEY_API_KEY", self.world.account_key)
        return self.run(*words, "--base-url", SIM_URL)


def rename(world: World, server_id: int, hostname: str) -> None:
    """What invapi would then say the server is called (its name is also a tag)."""
    server = world.servers[server_id]
    server.hostname = hostname
    for tag in server.tags:
        if tag["tag"] == "hostname":
            tag["value"] = hostname


@pytest.fixture
def cli(tmp_path: Path) -> Iterator[Cli]:
    clock = ManualClock(autoadvance=True)
    world = build_world(clock, pin=CLI_PIN)
    yield Cli(world, clock, tmp_path)
    assert_kept_the_contract(world)
