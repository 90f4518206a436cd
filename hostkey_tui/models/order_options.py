"""`eq/order_instance`'s options beyond the documented table, as HOSTKEY's Terraform provider
sends them (`internal/invapi/eq.go`, checked as its `resource_server.go` and `server_bm.go`
check them): more IPv4 addresses, an IPv6 /64, a VLAN or a private VLAN, a custom domain, the
disk layout of a bare-metal server and no LVM.

None is sent unless chosen. Each is checked against the chosen server and location first, so
that a choice invapi would refuse never leaves: the rules are Terraform's (sources above).
"""

from __future__ import annotations

import re
from dataclasses import replace

from hostkey_tui.models.common import whole
from hostkey_tui.models.server import ServerKind
from hostkey_tui.records import dataclass

#: The most IPv4 addresses asked for with an order (Terraform's bound is "a conservative
#: static guess, not a documented InvAPI quota"; ours is the same kind of guess).
MOST_IPV4 = 8
DISK_LAYOUTS = {"hba": 1, "raid0": 2, "raid1": 2, "raid10": 4}  # layout → disks it needs
#: "Hostkey documents IPv6 /64 for dedicated servers only in NL and US" (server_bm.go).
IPV6_LOCATIONS = ("NL", "US")
OPTION_LABELS = {
    "ipv4_amount": "IPv4 addresses",
    "ipv6": "IPv6 /64 block",
    "vlan": "VLAN",
    "private_vlan": "Private VLAN",
    "custom_domain": "Custom domain",
    "disk_mirror": "Disk layout",
    "no_lvm": "No LVM (plain partitions)",
}
_DOMAIN = re.compile(r"(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}")


@dataclass(frozen=True, slots=True)
class OrderOptions:
    ipv4_amount: int | None = None
    ipv6: bool = False
    vlan: int | None = None
    private_vlan: int | None = None
    custom_domain: str = ""
    disk_mirror: str = ""
    no_lvm: bool = False

    def fields(self) -> dict[str, str]:
        """What `eq/order_instance` is sent, as Terraform sends it (nothing not chosen)."""
        sent: dict[str, str] = {}
        if self.ipv4_amount:
            sent["ipv4_amount"] = str(self.ipv4_amount)
        if self.ipv6:
            sent["ipv6"] = "1"
        if self.vlan:
            sent["vlan"] = str(self.vlan)
        if self.private_vlan:
            sent["private_vlan"] = str(self.private_vlan)
        if self.custom_domain:
            sent["custom_domain"] = self.custom_domain
        if self.disk_mirror:
            sent["disk_mirror"] = self.disk_mirror
        if self.no_lvm:
            sent["no_lvm"] = "1"
        return sent

    def lines(self) -> list[tuple[str, str]]:
        """The chosen options in words, for the summary."""
        said = []
        if self.ipv4_amount:
            said.append((OPTION_LABELS["ipv4_amount"], str(self.ipv4_amount)))
        if self.ipv6:
            said.append((OPTION_LABELS["ipv6"], "yes"))
        if self.vlan:
            said.append((OPTION_LABELS["vlan"], str(self.vlan)))
        if self.private_vlan:
            said.append((OPTION_LABELS["private_vlan"], f"{self.private_vlan} (reserved first)"))
        if self.custom_domain:
            said.append((OPTION_LABELS["custom_domain"], self.custom_domain))
        if self.disk_mirror:
            said.append((OPTION_LABELS["disk_mirror"], self.disk_mirror.upper()))
        if self.no_lvm:
            said.append((OPTION_LABELS["no_lvm"], "yes"))
        return said


@dataclass(frozen=True, slots=True)
class Target:
    """What the options are checked against: the server's kind, its disks, the location."""

    kind: ServerKind
    disks: int | None
    location: str

    @property
    def dedicated(self) -> bool:
        return not self.kind.is_virtual


def option_problem(name: str, value: str, target: Target | None) -> str | None:
    """Why this option's value cannot go with the order ("" and off are always fine)."""
    text = value.strip()
    if not text:
        return None
    if name in ("ipv4_amount", "vlan", "private_vlan"):
        if not whole(text):
            return "a whole number"
        number = int(text)
        if name == "ipv4_amount" and not 1 <= number <= MOST_IPV4:
            return f"1 to {MOST_IPV4} (more are added later, on the Network tab)"
        if name != "ipv4_amount" and not 1 <= number <= 4094:
            return "a VLAN id, 1 to 4094"
        return None
    if name == "custom_domain":
        return (
            None if _DOMAIN.fullmatch(text.lower().rstrip(".")) else "a domain such as example.com"
        )
    if target is None:
        return None
    if name == "ipv6":
        if not target.dedicated:
            return "for dedicated servers only"
        if target.location not in IPV6_LOCATIONS:
            return f"offered in {' and '.join(IPV6_LOCATIONS)} only"
        return None
    if name == "no_lvm":
        return None if target.dedicated else "for bare-metal servers only"
    if name == "disk_mirror":
        layout = text.lower()
        if layout not in DISK_LAYOUTS:
            return "one of " + ", ".join(DISK_LAYOUTS)
        if not target.dedicated:
            return "for bare-metal servers only"
        needs = DISK_LAYOUTS[layout]
        if target.disks is not None and target.disks < needs:
            return f"{layout.upper()} needs {needs} or more disks; this server has {target.disks}"
        return None
    return None


def parse_options(values: dict[str, str]) -> OrderOptions:
    """The form's values (already checked) as options."""

    def number(name: str) -> int | None:
        text = values.get(name, "").strip()
        return int(text) if whole(text) else None

    return OrderOptions(
        ipv4_amount=number("ipv4_amount"),
        ipv6=bool(values.get("ipv6")),
        vlan=number("vlan"),
        private_vlan=number("private_vlan"),
        custom_domain=values.get("custom_domain", "").strip().lower().rstrip("."),
        disk_mirror=values.get("disk_mirror", "").strip().lower(),
        no_lvm=bool(values.get("no_lvm")),
    )


def unfit(options: OrderOptions, target: Target) -> tuple[OrderOptions, list[str]]:
    """The options without those the server or location no longer takes, and what went."""
    kept, said = options, []
    for name, value in (
        ("ipv6", "1" if options.ipv6 else ""),
        ("no_lvm", "1" if options.no_lvm else ""),
        ("disk_mirror", options.disk_mirror),
    ):
        problem = option_problem(name, value, target)
        if problem:
            said.append(f"The option '{OPTION_LABELS[name]}' was dropped ({problem}).")
            kept = _without(kept, name)
    return kept, said


def _without(options: OrderOptions, name: str) -> OrderOptions:
    if name == "ipv6":
        return replace(options, ipv6=False)
    if name == "no_lvm":
        return replace(options, no_lvm=False)
    return replace(options, disk_mirror="")
