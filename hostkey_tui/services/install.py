"""Ordering servers and reinstalling them, both documented ways, followed stage by stage.

`eq/order_instance` is never retried: a lost reply could otherwise order (and bill) twice, so
the job ends as "unknown" and the list is read again. The PXE way is a sequence of steps kept in
the ledger (step and reinstall key only, never a password or the PIN) so that it can be resumed
after a restart, and so that its last step, clearing the PXE config, is never forgotten.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from hostkey_tui.api import ApiError, InvapiError, PinRejected, TransportError
from hostkey_tui.api.tasks import TaskHandle, TaskKind
from hostkey_tui.models.catalog import (
    JenkinsTask,
    OsImage,
    Preset,
    Software,
    StockServer,
    TrafficPlan,
)
from hostkey_tui.models.common import Secret
from hostkey_tui.models.orders import InstallOptions, Offered, OrderRequest
from hostkey_tui.models.tasks import TaskState
from hostkey_tui.records import dataclass
from hostkey_tui.services import post_install, servers
from hostkey_tui.services.context import Services, outcome_of
from hostkey_tui.services.jobs import (
    end_job,
    end_unanswered,
    follow,
    new_job,
    refuse_early,
    send_once,
)
from hostkey_tui.state.events import PinAccepted, PxeChanged
from hostkey_tui.state.state import Job, PxeRun

if TYPE_CHECKING:
    from hostkey_tui.api.resources.eq import OrderResult

# -- the catalogue ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Catalog:
    """What can be ordered in one location (public lists: no session needed)."""

    location: str
    presets: tuple[Preset, ...]
    os_list: tuple[OsImage, ...]
    software: tuple[Software, ...]
    traffic_plans: tuple[TrafficPlan, ...]
    jenkins: tuple[JenkinsTask, ...]


async def load_catalog(services: Services, location: str) -> Catalog:
    client = services.client.catalog
    return Catalog(
        location,
        await client.presets(location),
        await client.os_list(),
        await client.software(location),
        await client.traffic_plans(location),
        await client.jenkins_tasks(),
    )


async def load_offered(services: Services, location: str, preset_id: int) -> Offered:
    """invapi's own lists for one preset (`instance_id`): the OSes, software and traffic plans
    it offers for it, read side by side (public lists: no session needed)."""
    client = services.client.catalog
    images, software, plans = await asyncio.gather(
        client.os_list(preset_id),
        client.software(location, preset_id),
        client.traffic_plans(location, preset_id),
    )
    return Offered(
        preset_id,
        frozenset(i.id for i in images),
        frozenset(s.id for s in software),
        frozenset(p.id for p in plans),
    )


async def load_stocks(services: Services, location: str, group: str) -> tuple[StockServer, ...]:
    return await services.client.catalog.stocks(location, group)


async def stock_detail(services: Services, server_id: int) -> StockServer:
    return await services.client.catalog.stock(server_id)


# -- ordering and reinstalling the first way -------------------------------------------------


async def _send_order(
    services: Services,
    job: Job,
    label: tuple[str, ...],
    start: Callable[[], Awaitable[OrderResult]],
) -> tuple[Job, OrderResult | None]:
    """Send `order_instance` once and follow what it started.

    Raises:
        ApiError: invapi refused it (an incompatible OS and software among others): the job
            says so too, and the caller may go back to change the choice.
    """
    try:
        result = await start()
    except InvapiError as error:
        ended = end_unanswered(services, job, label, error)
        if isinstance(error, (PinRejected, TransportError)):
            return ended, None
        raise  # refused by invapi: the wizard goes back to the step to change
    services.store.dispatch(PinAccepted())
    services.audit(job.action, label, "sent", f"invoice {result.invoice_id or '-'}")
    job = replace(job, server_id=job.server_id or result.server_id)
    if result.handle is None:
        why = {
            "manual_deploy": "ordered; HOSTKEY deploys it by hand, by the next business day",
            "awaiting_payment": (
                f"ordered; deploys once invoice {result.invoice_id} is paid (Billing, 2)"
            ),
        }.get(result.status, f"ordered ({result.status or 'no deploy key yet'})")
        return end_job(services, job, TaskState.DONE, why), result
    services.followed.add(result.handle.key)
    job, _ = await follow(services, job, result.handle)
    services.audit(job.action, label, job.state.value, job.message)
    return job, result


async def follow_deploys(services: Services) -> list[Job]:
    """Follow the deploys invapi lists (at sign-in and on each refresh: an order made before a
    restart, one that waited for its invoice, one made in the panel or by a script), each
    once, side by side."""
    new = [(i, k) for i, k in services.store.state.deploys if k not in services.followed]
    services.followed.update(k for _, k in new)

    async def one(invoice: str, key: str) -> Job:
        job = new_job(services, "deploy", "order_instance", f"Deploy (invoice {invoice})", None)
        handle = TaskHandle(key, "order_instance", TaskKind.DEPLOY, services.clock.now())
        finished, _ = await follow(services, job, handle)
        return finished

    done = list(await asyncio.gather(*(one(i, k) for i, k in new)))
    if done:
        with contextlib.suppress(InvapiError):
            await servers.refresh(services, force=False)
    return done


async def order_server(
    services: Services, order: OrderRequest, pin: Secret, title: str
) -> tuple[Job, OrderResult | None]:
    """Order a new server (`eq/order_instance`) and follow its deploy to the end.

    Raises:
        ApiError: refused by invapi (the job ends failed; the reason is the error's).
    """
    services.ensure_writable("Ordering a server")
    job = new_job(services, "deploy", "order_instance", title, None, sending=True)
    label = (order.preset, order.location, order.deploy_period)
    done, result = await _send_order(
        services, job, label, lambda: services.client.eq.order_instance(order, pin)
    )
    # The new server appears in the list once invapi has it.
    with contextlib.suppress(InvapiError):
        await servers.refresh(services, force=False)
    return done, result


async def reinstall_server(
    services: Services, server_id: int, hostname: str, options: InstallOptions, pin: Secret
) -> Job:
    """Reinstall the first way (`eq/order_instance` with the server's id), stage by stage.

    Raises:
        ApiError: a reinstall of this server is under way (nothing sent), or invapi refused.
    """
    refuse_early(services, "Reinstalling", server_id, hostname, "install", pin=True)
    job = new_job(
        services, "install", "reinstall", f"Reinstall {hostname}", server_id, sending=True
    )
    label = (f"{hostname} ({server_id})", options.os_name or f"os {options.os_id}")
    done, _ = await _send_order(
        services,
        job,
        label,
        lambda: services.client.eq.reinstall_instance(server_id, options, pin),
    )
    with contextlib.suppress(InvapiError):
        await servers.refresh_server(services, server_id)
    return done


# -- reinstalling the second way: PXE, step by step ------------------------------------------

#: The steps of the PXE way, in order, with what each does (said on screen).
PXE_STEPS: tuple[tuple[str, str], ...] = (
    ("reinstall", "get a reinstall key (eq/reinstall)"),
    ("create_pxe", "write the PXE config: OS, hostname, password, partitioning (PIN)"),
    ("boot_pxe", "boot from the network next time (eq/boot_dev pxe, PIN)"),
    ("reboot", "reboot into the installer (PIN)"),
    ("install", "the installer runs: the five stages"),
    ("boot_disk", "boot from the disk again (eq/boot_dev disk, PIN)"),
    # Where the documentation runs "an extra Jenkins task (i.e. install GPU drivers)".
    ("post_install", "a post-install task, e.g. GPU drivers (jenkins/call), or none"),
    ("clear_pxe", "clear the PXE config (eq/clear_pxe)"),
)
PIN_STEPS = frozenset({"create_pxe", "boot_pxe", "reboot", "boot_disk"})


def _section(services: Services) -> str:
    return f"pxe:{services.profile or 'default'}"


def restore_pxe(services: Services) -> None:
    """Bring back the PXE reinstalls an earlier run left half done (and their reminders)."""
    if services.ledger is None:
        return
    for key, value in services.ledger.read(_section(services)).items():
        try:
            run = PxeRun(
                server_id=int(key),
                hostname=str(value["hostname"]),
                step=_saved_step(value),
                reinstall_key=str(value.get("reinstall_key", "")),
                scheme=str(value.get("scheme", "")),
                os_name=str(value.get("os_name", "")),
            )
        except (AttributeError, KeyError, TypeError, ValueError):
            continue  # a damaged entry is left out, never guessed at
        if 0 <= run.step < len(PXE_STEPS):
            services.store.dispatch(PxeChanged(run.server_id, run))


#: The steps before the post-install one came in (a run saved then has no step names).
_OLD_STEPS = ("reinstall", "create_pxe", "boot_pxe", "reboot", "install", "boot_disk", "clear_pxe")


def _saved_step(value: dict[str, object]) -> int:
    """The index of the step a saved run is at: by its name, or for a run saved by an
    earlier version (no name), by the name its index had then.

    Raises:
        KeyError, TypeError, ValueError: a damaged entry.
    """
    names = [name for name, _ in PXE_STEPS]
    named = value.get("step_name")
    if isinstance(named, str) and named in names:
        return names.index(named)
    old = int(str(value["step"]))
    return names.index(_OLD_STEPS[old]) if 0 <= old < len(_OLD_STEPS) else old


def _keep(services: Services, run: PxeRun | None, server_id: int) -> None:
    services.store.dispatch(PxeChanged(server_id, run))
    if services.ledger is None:
        return
    entry = None
    if run is not None:
        entry = {
            "hostname": run.hostname,
            "step": run.step,
            # The step's name too: the steps may change between versions, a name does not.
            "step_name": PXE_STEPS[run.step][0] if 0 <= run.step < len(PXE_STEPS) else "",
            "reinstall_key": run.reinstall_key,
            "scheme": run.scheme,
            "os_name": run.os_name,
        }
    held = dict(services.ledger.read(_section(services)))
    if entry is None:
        held.pop(str(server_id), None)
    else:
        held[str(server_id)] = entry
    with contextlib.suppress(OSError):  # the run goes on; only a restart would lose track
        services.ledger.write(_section(services), held)


def start_pxe(services: Services, server_id: int, hostname: str) -> PxeRun:
    """Begin the PXE way for a server (nothing is sent until its first step)."""
    services.ensure_writable("Reinstalling")
    held = services.store.state.pxe.get(server_id)
    if held is not None:
        return held
    run = PxeRun(server_id, hostname, 0)
    _keep(services, run, server_id)
    return run


def forget_pxe(services: Services, server_id: int) -> None:
    """Stop following a PXE reinstall that has not written a PXE config yet."""
    run = services.store.state.pxe.get(server_id)
    if run is not None and run.step > 1:
        raise ApiError(
            "A PXE config has been written: finish the steps (the last clears it) instead.",
            title="Not dropped",
        )
    _keep(services, None, server_id)


async def pxe_step(
    services: Services,
    run: PxeRun,
    *,
    pin: Secret | None = None,
    options: InstallOptions | None = None,
    scheme: str = "",
    task: JenkinsTask | None = None,
) -> Job:
    """Take the next step of a PXE reinstall; on success the run moves on (and is kept).
    `task`: the post-install step's (None: none, the step passes with nothing sent).

    Raises:
        ApiError: a step that needs a PIN or the install options without them (nothing sent).
    """
    name, what = PXE_STEPS[run.step]
    refuse_early(services, what, run.server_id, run.hostname, "install", pin=name in PIN_STEPS)
    if name in PIN_STEPS and pin is None:
        raise ApiError(f"{what}: the PIN is needed. Nothing was sent.", title="Not sent")
    eq = services.client.eq
    server_id = run.server_id
    title = f"PXE {run.step + 1}/{len(PXE_STEPS)} {name} {run.hostname}"
    job = new_job(services, "install", f"pxe_{name}", title, server_id, sending=True)
    label = (f"{run.hostname} ({server_id})", name)
    start: Callable[[], Awaitable[TaskHandle]]
    if name == "reinstall":
        try:
            handle = await eq.reinstall(server_id)
        except InvapiError as error:
            services.audit("pxe_reinstall", label, outcome_of(error), error.message)
            end_job(services, job, TaskState.FAILED, error.message)
            raise
        services.audit("pxe_reinstall", label, "done")
        _keep(services, replace(run, step=1, reinstall_key=handle.key), server_id)
        return end_job(services, job, TaskState.DONE, "reinstall key received")
    if name == "create_pxe":
        if options is None:
            raise ApiError("The install options are needed. Nothing was sent.", title="Not sent")
        assert pin is not None
        key, chosen = run.reinstall_key, scheme
        start = lambda: eq.create_pxe(  # noqa: E731
            server_id, options, pin, reinstall_key=key, partitioning=chosen
        )
        run = replace(run, scheme=scheme, os_name=options.os_name)
    elif name in ("boot_pxe", "boot_disk"):
        assert pin is not None
        media = "pxe" if name == "boot_pxe" else "disk"
        start = lambda: eq.boot_dev(server_id, media, pin)  # noqa: E731
    elif name == "reboot":
        assert pin is not None
        start = lambda: eq.power(server_id, "reboot", pin)  # noqa: E731
    elif name == "install":

        async def stages() -> TaskHandle:
            return TaskHandle(
                run.reinstall_key,
                "reinstall",
                TaskKind.INSTALL,
                services.clock.now(),
                server_id,
                reinstall_key=True,
            )

        start = stages
    elif name == "post_install":
        done = await post_install.run_task(services, job, label, server_id, task)
    else:
        start = lambda: eq.clear_pxe(server_id, run.hostname)  # noqa: E731
    if name != "post_install":
        done, _ = await send_once(services, job, label, start, pin_sent=name in PIN_STEPS)
    if done.state is TaskState.DONE:
        following = run.step + 1
        _keep(
            services,
            None if following >= len(PXE_STEPS) else replace(run, step=following),
            server_id,
        )
        if following >= len(PXE_STEPS):
            with contextlib.suppress(InvapiError):
                await servers.refresh_server(services, server_id)
    elif name == "create_pxe":
        _keep(services, run, server_id)
    return done
