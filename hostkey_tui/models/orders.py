"""What an order or a reinstall asks for, and the local checks made before anything is sent."""

from __future__ import annotations

import re
from dataclasses import dataclass

from hostkey_tui.models.common import Secret

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
    if not key:
        return None
    if not re.match(
        r"(ssh-(rsa|ed25519|dss)|ecdsa-sha2-nistp\d+|sk-\S+) [A-Za-z0-9+/=]{16,}", key.strip()
    ):
        return "An OpenSSH public key: 'ssh-ed25519 AAAA… comment' (the .pub file, one line)."
    return None


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
