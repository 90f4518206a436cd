"""The Remote tab's work: IPMI pass-through, temporary IPMI users, IPMI reset, VM consoles, ISOs.

Everything here is async on invapi's side and followed as a job. Credentials (an IPMI password,
a console file, a noVNC link) stay in memory or in a 0600 file the user asked for: the jobs,
the audit journal and the logs say only how the work went.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hostkey_tui.api import ApiError, InvapiError
from hostkey_tui.config.paths import write_private
from hostkey_tui.models.common import Secret
from hostkey_tui.models.errors import MalformedReply
from hostkey_tui.models.iso import merged, not_mountable
from hostkey_tui.models.network import (
    IsoImage,
    NatGrant,
    check_ip_acl,
    console_from_scope,
    ipmi_user_from_context,
    nat_from_reply,
)
from hostkey_tui.models.tasks import TaskState
from hostkey_tui.services.context import Services
from hostkey_tui.services.jobs import end_job, send_job
from hostkey_tui.state.events import ClientIpRead
from hostkey_tui.state.net_events import (
    BootDeviceSet,
    ConsoleSaved,
    IpmiReset,
    IpmiUserAdded,
    IpmiUserRemoved,
    IsoMounted,
    IsosFailed,
    IsosRead,
    IsoUnmounted,
    NatClosed,
    NatOpened,
    NovncLinkRead,
)
from hostkey_tui.state.state import Console, Job

NAT_TTL_HOURS = range(1, 25)
BOOT_DEVICES = {"cd": "the mounted ISO (CD)", "disk": "the disk"}


async def read_client_ip(services: Services) -> str:
    """The public address invapi sees this machine at (the NAT source offered by default)."""
    ip = await services.client.ip.get_client_ip()
    services.store.dispatch(ClientIpRead(ip))
    return ip


# -- IPMI pass-through ---------------------------------------------------------------------


def _nat_section(services: Services) -> str:
    return f"nat:{services.profile or 'default'}"


def restore_nats(services: Services) -> None:
    """Bring back the pass-throughs opened in an earlier run that have not expired yet."""
    if services.ledger is None:
        return
    now = services.clock.now()
    for key, value in services.ledger.read(_nat_section(services)).items():
        try:
            server_id = int(key)
            grant = NatGrant(
                str(value["public_ip"]),
                str(value["acl"]),
                float(value["expires"]),
                int(value["ttl_hours"]),
            )
        except (KeyError, TypeError, ValueError):
            continue
        if grant.expires > now:
            services.store.dispatch(NatOpened(server_id, grant))


def _keep_nat(services: Services, server_id: int, grant: NatGrant | None) -> None:
    if services.ledger is None:
        return
    section = _nat_section(services)
    held: dict[str, Any] = dict(services.ledger.read(section))
    now = services.clock.now()
    held = {k: v for k, v in held.items() if isinstance(v, dict) and v.get("expires", 0) > now}
    if grant is None:
        held.pop(str(server_id), None)
    else:
        held[str(server_id)] = {
            "public_ip": grant.public_ip,
            "acl": grant.acl,
            "expires": grant.expires,
            "ttl_hours": grant.ttl_hours,
        }
    try:
        services.ledger.write(section, held)
    except OSError as error:
        # The grant still works; only its memory across restarts is lost.
        services.audit(
            "add_static_nat",
            services.server_labels((server_id,)),
            "note",
            f"not kept: {error.strerror}",
        )


async def open_nat(
    services: Services, server_id: int, hostname: str, pin: Secret, acl: str, ttl_hours: int
) -> Job:
    """Open IPMI to `acl` for `ttl_hours` (1 to 24) through a public address; followed as a job.

    Raises:
        ReadOnlyRefused, PinRejected, ApiError: refused before anything was sent.
    """
    problem = check_ip_acl(acl)
    if problem:
        raise ApiError(f"{problem} Nothing was sent.", title="Not sent")
    if ttl_hours not in NAT_TTL_HOURS:
        raise ApiError("The time to live is 1 to 24 hours. Nothing was sent.", title="Not sent")
    acl = acl.strip()
    job, event = await send_job(
        services,
        (server_id, hostname),
        ("nat", "add_static_nat", f"IPMI access to {hostname}"),
        lambda: services.client.nat.add_static_nat(server_id, pin, acl, ttl_hours),
        what="Opening IPMI access",
        detail=(f"from {acl}", f"{ttl_hours} h"),
        pin_sent=True,
    )
    if job.state is not TaskState.DONE or event is None or event.reply is None:
        return job
    try:
        grant = nat_from_reply(
            dict(event.reply.context),
            event.message,
            acl,
            ttl_hours,
            # The TTL runs from when the pass-through was made, not from when it was asked.
            services.clock.now(),
        )
    except MalformedReply as error:
        return end_job(services, job, TaskState.UNKNOWN, f"opened, but {error.message}")
    services.store.dispatch(NatOpened(server_id, grant))
    _keep_nat(services, server_id, grant)
    return job


async def close_nat(services: Services, server_id: int, hostname: str) -> Job:
    grant = services.store.state.net_of(server_id).nat
    job, _ = await send_job(
        services,
        (server_id, hostname),
        ("nat", "remove_static_nat", f"Close IPMI access to {hostname}"),
        lambda: services.client.nat.remove_static_nat(server_id, grant.acl if grant else ""),
        what="Closing IPMI access",
    )
    if job.state is TaskState.DONE:
        services.store.dispatch(NatClosed(server_id))
        _keep_nat(services, server_id, None)
    return job


# -- IPMI users and reset -------------------------------------------------------------------


async def add_ipmi_user(services: Services, server_id: int, hostname: str) -> Job:
    """A temporary IPMI user; its password is kept in memory only and shown only when asked."""
    job, event = await send_job(
        services,
        (server_id, hostname),
        ("ipmi", "add_ipmi_user", f"IPMI user on {hostname}"),
        lambda: services.client.eq.add_ipmi_user(server_id),
        what="Adding an IPMI user",
        secret=True,
    )
    if job.state is TaskState.DONE and event is not None and event.reply is not None:
        try:
            user = ipmi_user_from_context(dict(event.reply.context))
        except MalformedReply as error:
            return end_job(services, job, TaskState.UNKNOWN, f"added, but {error.message}")
        services.store.dispatch(IpmiUserAdded(server_id, user))
    return job


async def remove_ipmi_user(services: Services, server_id: int, hostname: str) -> Job:
    job, _ = await send_job(
        services,
        (server_id, hostname),
        ("ipmi", "remove_ipmi_user", f"Remove IPMI user on {hostname}"),
        lambda: services.client.eq.remove_ipmi_user(server_id),
        what="Removing the IPMI user",
    )
    if job.state is TaskState.DONE:
        services.store.dispatch(IpmiUserRemoved(server_id))
    return job


async def reset_ipmi(services: Services, server_id: int, hostname: str, pin: Secret) -> Job:
    """A cold reset of the IPMI module (the server itself keeps running)."""
    job, _ = await send_job(
        services,
        (server_id, hostname),
        ("ipmi", "unit_reset", f"Reset IPMI of {hostname}"),
        lambda: services.client.eq.unit_reset(server_id, pin),
        what="Resetting the IPMI module",
        pin_sent=True,
    )
    if job.state is TaskState.DONE:
        # A reset ends the temporary user and the pass-through session with it.
        services.store.dispatch(IpmiReset(server_id))
    return job


# -- VM console ------------------------------------------------------------------------------


async def console(
    services: Services, server_id: int, hostname: str, pin: Secret, folder: Path
) -> tuple[Job, Path | None]:
    """A virt-viewer file for the VM, written 0600 in `folder` (its password lasts 120 s)."""
    job, event = await send_job(
        services,
        (server_id, hostname),
        ("console", "console", f"Console of {hostname}"),
        lambda: services.client.eq.console(server_id, pin),
        what="Opening the console",
        pin_sent=True,
        secret=True,
    )
    if job.state is not TaskState.DONE or event is None or event.reply is None:
        return job, None
    try:
        vv = console_from_scope(event.reply.scope)
    except MalformedReply as error:
        return end_job(services, job, TaskState.FAILED, error.message), None
    path = folder / f"console-{server_id}.vv"
    try:
        write_private(path, vv.content.reveal().encode())
    except OSError as error:
        return end_job(services, job, TaskState.FAILED, f"not saved: {error.strerror}"), None
    saved = Console(str(path), services.clock.now() + vv.valid_seconds)
    services.store.dispatch(ConsoleSaved(server_id, saved))
    return end_job(services, job, TaskState.DONE, f"saved {path.name}"), path


async def novnc(services: Services, server_id: int) -> Secret:
    """The browser console link of the VM (it grants access: kept as a Secret)."""
    with services.journaled("novnc", (f"server {server_id}",)):
        url = await services.client.eq.novnc(server_id)
    services.audit("novnc", (f"server {server_id}",), "done", "a console link (not kept here)")
    services.store.dispatch(NovncLinkRead(server_id, url))
    return url


# -- ISO images and the boot device --------------------------------------------------------


async def list_isos(services: Services, server_id: int) -> tuple[IsoImage, ...]:
    """The library's ISOs for the server, then the customer's own uploads (marked `own`).

    Raises:
        InvapiError: the library could not be read (said in the state). The uploads failing
            alone is said in the state too, beside the library's list, and not raised.
    """
    try:
        library = await services.client.iso.list_iso(server_id)
    except InvapiError as error:
        services.store.dispatch(IsosFailed(server_id, error.message))
        raise
    try:
        own = await services.client.iso.uploaded()
    except InvapiError as error:
        services.store.dispatch(IsosRead(server_id, library))
        services.store.dispatch(IsosFailed(server_id, f"your uploaded ISOs: {error.message}"))
        return library
    isos = merged(library, own)
    services.store.dispatch(IsosRead(server_id, isos))
    return isos


async def mount_iso(services: Services, server_id: int, hostname: str, iso: IsoImage) -> Job:
    """Mount an ISO, the library's or one's own alike (`iso_id`, else `name`: S5 `iso.ts`).

    Raises:
        ApiError: one's own upload not downloaded yet (or failed): nothing was sent.
    """
    held_back = not_mountable(iso)
    if held_back:
        raise ApiError(held_back, title="Not sent")
    name = iso.name or iso.iso_name
    job, _ = await send_job(
        services,
        (server_id, hostname),
        ("iso", "mount_iso", f"Mount {name} on {hostname}"),
        lambda: services.client.iso.mount_iso(server_id, iso.id, "" if iso.id else name),
        what="Mounting an ISO",
        detail=(name,),
    )
    if job.state is TaskState.DONE:
        services.store.dispatch(IsoMounted(server_id, name))
    return job


async def unmount_iso(services: Services, server_id: int, hostname: str) -> Job:
    job, _ = await send_job(
        services,
        (server_id, hostname),
        ("iso", "unmount_iso", f"Unmount ISO of {hostname}"),
        lambda: services.client.iso.unmount_iso(server_id),
        what="Unmounting the ISO",
    )
    if job.state is TaskState.DONE:
        services.store.dispatch(IsoUnmounted(server_id))
    return job


async def boot_device(
    services: Services, server_id: int, hostname: str, media: str, pin: Secret
) -> Job:
    """Boot next from the mounted ISO (`cd`) or from the disk again (`disk`)."""
    if media not in BOOT_DEVICES:
        raise ApiError(f"Not a boot device here: {media}.")
    job, _ = await send_job(
        services,
        (server_id, hostname),
        ("boot", f"boot_{media}", f"Boot {hostname} from {BOOT_DEVICES[media]}"),
        lambda: services.client.eq.boot_dev(server_id, media, pin),
        what="Changing the boot device",
        detail=(media,),
        pin_sent=True,
    )
    if job.state is TaskState.DONE:
        services.store.dispatch(BootDeviceSet(server_id, media))
    return job
