"""`python -m hostkey_tui.simulator --port 8765 [--servers N] [--pin 1234] [--seed S]`

Serves the simulated invapi on 127.0.0.1, answering curl like the documentation:
`curl -d action=login -d key=KEY http://127.0.0.1:8765/auth.php`. The account's API key is
printed at start.
"""

from __future__ import annotations

import argparse
import asyncio
import sys

from hostkey_tui.clock import SystemClock
from hostkey_tui.simulator.faults import KINDS
from hostkey_tui.simulator.routes.auth import DEMO_PASSWORD
from hostkey_tui.simulator.scenarios import build_world
from hostkey_tui.simulator.server import SimulatorServer


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m hostkey_tui.simulator",
        description="A simulated HOSTKEY invapi on 127.0.0.1.",
    )
    parser.add_argument(
        "--port", type=int, default=8765, help="TCP port (default 8765; 0 picks a free one)"
    )
    parser.add_argument(
        "--servers",
        type=int,
        default=None,
        help="generate a fleet of N servers instead of the demo account",
    )
    parser.add_argument("--pin", default="1234", help="the account PIN (default 1234)")
    parser.add_argument("--seed", type=int, default=7, help="seed of the generated world")
    parser.add_argument("--latency", type=float, default=0.0, help="seconds added to every reply")
    parser.add_argument(
        "--fault",
        action="append",
        default=[],
        metavar="KIND[:MATCH[:VALUE]]",
        help=f"switch a fault on; kinds: {', '.join(sorted(KINDS))}",
    )
    args = parser.parse_args(argv)

    world = build_world(SystemClock(), seed=args.seed, servers=args.servers, pin=args.pin)
    if args.latency:
        world.faults.add("latency", "*", args.latency)
    for spec in args.fault:
        kind, _, rest = spec.partition(":")
        match, _, value = rest.partition(":")
        try:
            world.faults.add(kind, match or "*", float(value or 0))
        except ValueError as error:
            parser.error(str(error))
    server = SimulatorServer(world, port=args.port)

    async def run() -> None:
        await server.start()
        print(
            f"invapi simulator on {server.base_url}  "
            f"({len(world.servers)} servers, PIN {world.pin})",
            flush=True,
        )
        print(f"API key: {world.account_key}", flush=True)
        print(
            f"billing login: {world.email} / {DEMO_PASSWORD} (2FA on: each code is printed here)",
            flush=True,
        )
        world.two_factor_device = lambda code: print(f"2FA code sent: {code}", flush=True)
        print(
            f"try: curl -d action=login -d key={world.account_key} {server.base_url}/auth.php",
            flush=True,
        )
        await server.serve_forever()

    try:
        asyncio.run(run())
    except KeyboardInterrupt:
        return 0
    except OSError as error:
        print(f"cannot listen on 127.0.0.1:{args.port}: {error.strerror}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
