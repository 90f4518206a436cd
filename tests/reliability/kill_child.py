"""One life of the kill chaos run (tests/reliability/test_kill_chaos.py): a process that signs in
with the services (no UI), as the app does, and makes the script's changes one after the other,
until it is done or killed.

    KILL_CHAOS_KEY=<api key> python -m tests.reliability.kill_child BASE_URL JOURNAL INVOICE

At its start it does what the app does with the journal an earlier life left: the changes it
left open are registered unsettled (`reconcile_journal`). It then tries each of them again at
once, which must be refused before anything is sent; then invapi is asked what became of them
(`ask_earlier`), and the script goes on: a change the journal shows answered, or that invapi
was found to have made, is skipped; one found not to have happened is sent. Never blind.

One JSON line per event on stdout (nothing secret: no key, no PIN).
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

from hostkey_tui.api import ApiError, InvapiClient, Timeouts
from hostkey_tui.clock import ManualClock
from hostkey_tui.models.common import Secret
from hostkey_tui.models.orders import InstallOptions, OrderRequest
from hostkey_tui.models.tasks import TaskState
from hostkey_tui.services.audit import Journal
from hostkey_tui.services.billing import MONEY_PARTS, pay_from_credit
from hostkey_tui.services.billing_reads import load_billing
from hostkey_tui.services.changes import change_key
from hostkey_tui.services.context import Services
from hostkey_tui.services.dns import read_zone, save_record
from hostkey_tui.services.power import Target, power
from hostkey_tui.services.session import sign_in
from hostkey_tui.state.store import Store

START = 1_795_000_000.0  # the simulator's clock in the test: tokens and dates agree
PIN = Secret("1234")
KEY_ENV = "KILL_CHAOS_KEY"
ZONE = "example-shop.com"
RECORD = ("chaos", "A", "192.0.2.55")
POWERED_OFF = (40053, 34533, 40041)
ORDER_HOST = "chaos-01"


@dataclass(frozen=True)
class Step:
    name: str
    key: str  # the change key (services.changes.change_key) the step's request has


def script(invoice: int) -> list[Step]:
    """The changes meant, each once, in order."""
    steps = [Step(f"off {server}", f"power:{server}") for server in POWERED_OFF]
    steps.append(Step("dns record", f"zone:{ZONE}"))
    steps.append(Step("order", "order:account"))
    steps.append(Step(f"pay {invoice}", f"invoice:{invoice}"))
    return steps


#: How a change is refused while an earlier one's outcome is unknown (services.changes).
REFUSED = "Nothing was sent: the reply to"


def say(**event: object) -> None:
    print(json.dumps(event), flush=True)


async def attempt(services: Services, step: Step, invoice: int) -> tuple[str, str]:
    """Make the step's change once: ("refused", why) when it was refused because an earlier
    one's outcome is unknown, ("error", why) for any other refusal, ("done", "")."""
    try:
        result = await _run(services, step, invoice)()
    except ApiError as error:
        if REFUSED in error.message:
            return "refused", error.message[:200]
        # refused by the service's own check (an invoice read as paid): nothing sent either
        local = "Nothing was sent" in error.message
        return ("refused by another check" if local else "error"), error.message[:200]
    if isinstance(result, list):  # power's jobs: a refusal ends the job, it is not raised
        for job in result:
            if REFUSED in job.message:
                return "refused", job.message[:200]
            if job.state is not TaskState.DONE:
                return "error", f"{job.state.value}: {job.message[:200]}"
    return "done", ""


def _run(services: Services, step: Step, invoice: int) -> Callable[[], Awaitable[object]]:
    """The step's change, made as the app makes it (the service it calls)."""
    if step.key.startswith("power:"):
        server = int(step.key.partition(":")[2])
        return lambda: power(services, [Target(server, f"server {server}")], "off", PIN)
    if step.key.startswith("zone:"):
        name, kind, value = RECORD
        return lambda: save_record(services, ZONE, name, kind, [value])
    if step.key == "order:account":
        install = InstallOptions(
            os_id=187, root_pass=Secret("Kill-Chaos-Root-1"), hostname=ORDER_HOST
        )
        order = OrderRequest("vm.nano", "NL", 25, "monthly", install)
        return lambda: services.client.eq.order_instance(order, PIN)

    async def pay() -> object:
        detail = await pay_from_credit(services, invoice, 35)
        return detail.invoice.status

    return pay


def _last_outcomes(journal: Journal) -> dict[str, tuple[str, str]]:
    """Per change key, the last outcome of its latest change and what that line says."""
    found: dict[str, tuple[str, str]] = {}
    keys: dict[str, str] = {}
    for entry in reversed(journal.entries(20000)):  # oldest first
        if not entry.change:
            continue
        if entry.outcome == "sending":
            keys[entry.change] = change_key(entry.endpoint, dict(entry.about))
        key = keys.get(entry.change)
        if key is not None:
            found[key] = (entry.outcome, entry.message)
    return found


async def _happened(services: Services, step: Step, found: str) -> bool | None:
    """Whether what invapi was found to hold shows the change made (None: it cannot tell)."""
    if found.startswith("it happened"):
        return True
    if step.key.startswith("power:") and " is still " in found:
        return False
    if step.key.startswith("zone:"):
        zone = await read_zone(services, ZONE)  # looked at, as the message asks
        name, kind, value = RECORD
        return any(
            r.relative_name(ZONE) == name and r.type == kind and r.content == value
            for r in zone.records
        )
    if step.key == "order:account" and found.startswith("no sign of it"):
        return False
    if step.key.startswith("invoice:") and "is Unpaid" in found:
        return False
    return None


async def life(base_url: str, journal_path: Path, invoice: int) -> None:
    clock = ManualClock(START, autoadvance=True)
    client = InvapiClient(
        base_url,
        api_key=Secret(os.environ[KEY_ENV]),
        clock=clock,
        rand=lambda: 0.5,
        # generous: only the kill may cut a request short, never a busy machine
        timeouts=Timeouts(connect=20.0, read=60.0, total=120.0),
    )
    journal = Journal(journal_path)
    services = Services(client, Store(), clock, journal=journal, profile="chaos")
    steps = script(invoice)
    async with client:
        await sign_in(services)
        left_open = services.changes.reconcile_journal()
        say(event="start", left_open=left_open, skipped_lines=journal.skipped)
        await load_billing(services, MONEY_PARTS)
        # Before invapi is asked, the same change again must be refused, nothing sent.
        for step in steps:
            if step.key in services.store.state.unsettled:
                did, why = await attempt(services, step, invoice)
                event = did if did.startswith("refused") else f"{did} while unsettled"
                say(event=event, step=step.name, why=why)
        services.changes.ask_earlier()
        while services.changes.tasks:
            await asyncio.gather(*list(services.changes.tasks))
        say(event="reconciled", unsettled=sorted(services.store.state.unsettled))
        for step in steps:
            outcome, message = _last_outcomes(journal).get(step.key, ("", ""))
            if outcome in ("answered", "refused"):
                say(event="skipped", step=step.name, why=outcome)
                continue
            if outcome == "reconciled":
                happened = await _happened(services, step, message)
                if happened is not False:  # made, or cannot tell: never sent blind
                    unclear = " (cannot tell)" if happened is None else ""
                    why = f"reconciled{unclear}: {message[:120]}"
                    say(event="skipped", step=step.name, why=why)
                    continue
            say(event="sending", step=step.name, after=outcome or "nothing")
            did, why = await attempt(services, step, invoice)
            say(event=did, step=step.name, why=why)
    say(event="end")


def main() -> None:
    base_url, journal_path, invoice = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3])
    asyncio.run(life(base_url, journal_path, invoice))


if __name__ == "__main__":
    main()
