"""What an order or a reinstall asks for, and the local checks made before anything is sent."""

from __future__ import annotations

import re
from decimal import Decimal

from hostkey_tui.models.account import check_ssh_public_key
from hostkey_tui.models.catalog import OsImage, Preset, Software, StockServer, TrafficPlan
from hostkey_tui.models.common import Secret
from hostkey_tui.models.server import ServerKind
from hostkey_tui.records import dataclass

PXE_SCHEMES = {
    "LVM_RAID0": "a stripe across all disks via LVM (fast, no redundancy)",
    "LVM_HBA": "the OS on the smallest disk; the others are left untouched (more than one disk)",
    "LVM_RAID1": "a mirror of two similar disks via LVM",
    "LVM_RAID10": "LVM RAID10 across all disk pairs (at least two pairs)",
    "LVM_RAID10S": "RAID1 on the smallest pair for the OS, RAID10 on the other pairs",
}
JENKINS_NOTHING = -1


def check_root_password(password: str) -> str | None:
    """Why invapi would refuse this root password, or None.

    The documentation asks for at least 8 characters with upper- and lower-case Latin letters
    and a special character, yet its own example (`mdLus8Ng`) has a digit and no special
    character; `create_pxe` asks for "some numbers and letters in caps". Both forms are
    accepted: a digit or a special character.
    """
    if len(password) < 8:
        return f"At least 8 characters (this one has {len(password)})."
    if not re.search(r"[A-Z]", password):
        return "At least one upper-case Latin letter (A-Z)."
    if not re.search(r"[a-z]", password):
        return "At least one lower-case Latin letter (a-z)."
    if not re.search(r"[0-9]", password) and not re.search(r"[^A-Za-z0-9]", password):
        return "At least one digit or special character (such as ! % _ -)."
    if re.search(r"\s", password):
        return "No spaces or line breaks."
    return None


_HOSTNAME = re.compile(
    r"(?=.{1,253}$)(?!-)[A-Za-z0-9-]{1,63}(?<!-)(\.(?!-)[A-Za-z0-9-]{1,63}(?<!-))*"
)


def check_hostname(hostname: str) -> str | None:
    if not hostname:
        return None  # optional: invapi names the server after its id
    if not _HOSTNAME.fullmatch(hostname):
        return "Letters, digits, '-' and dots; no '-' at either end of a label."
    return None


def check_ssh_key(key: str) -> str | None:
    """An optional SSH key: empty, or an OpenSSH public key (a private one is refused)."""
    return check_ssh_public_key(key) if key.strip() else None


@dataclass(frozen=True, slots=True)
class InstallOptions:
    """What a fresh OS gets, for an order and for both ways of reinstalling."""

    os_id: int
    root_pass: Secret
    hostname: str = ""
    soft_id: int | None = None
    ssh_key: str = ""
    post_install_script: str = ""
    post_install_callback: str = ""
    own_os: bool = False
    root_size: int | None = None
    os_name: str = ""
    jenkins_task: int | None = None


@dataclass(frozen=True, slots=True)
class OrderRequest:
    """`eq/order_instance` for a new instance (preset) or a stock server (its id as preset)."""

    preset: str
    location: str
    traffic_plan: int
    deploy_period: str
    install: InstallOptions
    deploy_notify: bool = True


# -- what goes with what (the checks invapi makes, made first) -------------------------------


@dataclass(frozen=True, slots=True)
class Machine:
    """What an OS or software must fit: a preset, a stock server, or a server to reinstall."""

    kind: ServerKind
    cpu: int | None = None
    ram_gb: int | None = None
    disk_gb: int | None = None


def os_problem(image: OsImage, machine: Machine) -> str | None:
    """Why this OS cannot go on the machine (its tags, `min_ram`, `min_hdd`), or None."""
    if image.kinds and machine.kind not in image.kinds:
        return f"not for {machine.kind.label} servers"
    if image.min_ram_gb and machine.ram_gb is not None and machine.ram_gb < image.min_ram_gb:
        return f"needs {image.min_ram_gb} GB RAM"
    if image.min_disk_gb and machine.disk_gb is not None and machine.disk_gb < image.min_disk_gb:
        return f"needs {image.min_disk_gb} GB of disk"
    return None


def software_problem(soft: Software, os_id: int | None, machine: Machine) -> str | None:
    """Why this software cannot go with the OS on the machine (`os`, `min_cpu`, `min_ram`)."""
    if soft.os_ids and (os_id is None or os_id not in soft.os_ids):
        return "not for this OS"
    if soft.kinds and machine.kind not in soft.kinds:
        return f"not for {machine.kind.label} servers"
    if soft.min_cpu and machine.cpu is not None and machine.cpu < soft.min_cpu:
        return f"needs {soft.min_cpu} cores"
    if soft.min_ram_gb and machine.ram_gb is not None and machine.ram_gb < soft.min_ram_gb:
        return f"needs {soft.min_ram_gb} GB RAM"
    return None


@dataclass(frozen=True, slots=True)
class PriceLine:
    what: str
    amount: Decimal | None  # None: not known (then the total is not known either)


def order_prices(
    server: Preset | StockServer,
    location: str,
    months: int,
    image: OsImage | None,
    plan: TrafficPlan | None,
    soft: Software | None,
) -> list[PriceLine]:
    """What the order costs for the period, line by line (EUR)."""
    if isinstance(server, Preset):
        monthly = server.price(location)
        base = monthly * months if monthly is not None else None
        cores = server.cpu
        name = server.name
    else:
        base = server.price(months)
        cores = server.cpu_cores
        name = f"stock server {server.id}"
    lines = [PriceLine(f"{name}, {months} month{'s' if months > 1 else ''}", base)]
    if image is not None:
        licence = image.licence_price(cores)
        if licence:
            lines.append(PriceLine(f"{image.name} licence ({cores} cores)", licence * months))
    if plan is not None and plan.price:
        lines.append(PriceLine(plan.name, plan.price * months))
    if soft is not None and soft.price:
        lines.append(PriceLine(soft.name, soft.price * months))
    return lines


def order_total(lines: list[PriceLine]) -> Decimal | None:
    if any(p.amount is None for p in lines):
        return None
    return sum((p.amount for p in lines if p.amount is not None), Decimal(0))
