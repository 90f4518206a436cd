"""What an order or a reinstall asks for, the local checks made before anything is sent, and
the order wizard's draft (what has been chosen so far, and what it costs)."""

from __future__ import annotations

import calendar
import re
from dataclasses import field, replace
from datetime import date
from decimal import Decimal

from hostkey_tui.models.account import check_ssh_public_key
from hostkey_tui.models.catalog import (
    HOURLY,
    OsImage,
    Preset,
    Software,
    StockServer,
    TrafficPlan,
    period_months,
)
from hostkey_tui.models.common import Secret
from hostkey_tui.models.order_options import OrderOptions, Target, unfit
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
    options: OrderOptions = field(default_factory=OrderOptions)


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


#: The traffic plans invapi lists for an instance of each kind (`traffic_plans/list` with
#: `instance_id`): a vGPU takes the VM plans, a GPU server the bare-metal ones.
# assumed: the documentation shows only "vm" plans (traffic_plans/list, api-documentation.txt);
# the rest is what the simulator's `traffic_plans/list` answers.
_PLAN_KIND = {ServerKind.VGPU: ServerKind.VM, ServerKind.GPU: ServerKind.BARE_METAL}


def plan_problem(plan: TrafficPlan, machine: Machine | None, location: str = "") -> str | None:
    """Why this traffic plan cannot go with the machine in `location` (its tags, its
    `locations`), or None."""
    if location and plan.locations and location not in plan.locations:
        return f"not sold in {location}"
    if machine is None or not plan.kinds:
        return None
    if machine.kind in plan.kinds or _PLAN_KIND.get(machine.kind) in plan.kinds:
        return None
    return f"not for {machine.kind.label} servers"


def next_due(ordered: date, months: int) -> date:
    """When the payment after the first one is due: `months` calendar months after the order
    (on the month's last day when it has no such day).

    # assumed: WHMCS moves `next_due_date` on by the `billing_cycle` (whmcs/get_billing_data
    # shows both, api-documentation.txt); the calendar-month rule is WHMCS's own.
    """
    index = ordered.month - 1 + months
    year, month = ordered.year + index // 12, index % 12 + 1
    return date(year, month, min(ordered.day, calendar.monthrange(year, month)[1]))


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


# -- the order wizard's draft ----------------------------------------------------------------

#: The steps of an order, in the wizard's order; the summary is the last and never "done".
ORDER_STEPS = ("location", "server", "os", "software", "traffic", "details", "period", "summary")


@dataclass(frozen=True, slots=True)
class Details:
    """The details step. The root password lives here, in memory only, until the order."""

    hostname: str = ""
    root_pass: Secret = field(default_factory=lambda: Secret(""))
    ssh_key: str = ""
    script: str = ""
    callback: str = ""
    root_size: str = ""
    own_os: bool = False
    jenkins: int | None = None

    @property
    def complete(self) -> bool:
        return bool(self.root_pass.reveal()) or self.own_os


_SOFTWARE_WORDS = re.compile(r"\b(software|soft_id)\b", re.I)
#: Whole words only: "host", "cost" or "post-install" must not send the user back to the OS.
_OS_WORDS = re.compile(r"\b(os|os_id|os_name|operating system|image|reinstall)\b", re.I)
_PERIOD_WORDS = re.compile(r"\b(deploy_period|hourly|billing period)\b", re.I)


def refused_step(message: str) -> str:
    """The order step an invapi refusal is about: "software", "os", "period" or "summary"."""
    if _SOFTWARE_WORDS.search(message):
        return "software"
    if _OS_WORDS.search(message):
        return "os"
    if _PERIOD_WORDS.search(message):
        return "period"
    return "summary"


@dataclass(frozen=True, slots=True)
class Offered:
    """What invapi lists for one preset: `os/list`, `software/list` and `traffic_plans/list`
    sent with its `instance_id` ("Returns a list of suitable operating systems for a given
    instance"). What fits is invapi's answer first, the catalogue's tags second."""

    preset_id: int
    os_ids: frozenset[int]
    soft_ids: frozenset[int]
    plan_ids: frozenset[int]

    def problem(self, choice: OsImage | Software | TrafficPlan) -> str | None:
        ids = (
            self.os_ids
            if isinstance(choice, OsImage)
            else (self.soft_ids if isinstance(choice, Software) else self.plan_ids)
        )
        return None if choice.id in ids else "not offered for this server by invapi"


@dataclass(frozen=True, slots=True)
class Draft:
    """An order being chosen, step by step; going back keeps every choice."""

    location: str = ""
    preset: Preset | None = None
    stock: StockServer | None = None
    image: OsImage | None = None
    soft: Software | None = None
    no_soft: bool = False  # "none" was chosen (the step is done)
    plan: TrafficPlan | None = None
    details: Details = field(default_factory=Details)
    period: str = ""
    #: invapi's lists for the chosen preset (read once it is chosen; None until then).
    offered: Offered | None = None
    #: What Terraform offers beyond the documented table (addresses, VLANs, disks).
    options: OrderOptions = field(default_factory=OrderOptions)

    @property
    def target(self) -> Target | None:
        """What the options are checked against (None before the server is chosen)."""
        machine = self.machine
        if machine is None:
            return None
        disks = sum(d.count for d in self.stock.disks) if self.stock is not None else None
        return Target(machine.kind, disks, self.location)

    @property
    def server(self) -> Preset | StockServer | None:
        return self.preset or self.stock

    @property
    def name(self) -> str:
        """The server as the confirmation and the summary name it ("" before it is chosen)."""
        if self.preset is not None:
            return self.preset.name
        return f"stock server {self.stock.id}" if self.stock is not None else ""

    @property
    def machine(self) -> Machine | None:
        if self.preset is not None:
            p = self.preset
            return Machine(p.kind, p.cpu, p.ram_gb, p.disk_gb)
        if self.stock is not None:
            s = self.stock
            kind = ServerKind.GPU if s.gpu_count else ServerKind.BARE_METAL
            disk = s.disks[0].size_gb if s.disks else None
            return Machine(kind, s.cpu_cores, s.ram_gb, disk)
        return None

    def done(self, step: str) -> bool:
        return {
            "location": bool(self.location),
            "server": self.server is not None,
            "os": self.image is not None or self.details.own_os,
            "software": self.soft is not None or self.no_soft,
            "traffic": self.plan is not None,
            "details": self.details.complete,
            "period": bool(self.period),
            "summary": False,
        }[step]

    @property
    def os_id(self) -> int | None:
        """The OS software must go with (None: none chosen, or the user's own OS)."""
        return None if self.details.own_os or self.image is None else self.image.id

    def misfit(self, choice: OsImage | Software | TrafficPlan) -> str | None:
        """Why `choice` cannot go on the chosen server (software: with the chosen OS; a plan:
        in the chosen location), or None."""
        # The catalogue's own reason first (it says why: "needs 4 GB RAM"), then invapi's list.
        own = self._own_misfit(choice)
        offered = self.offered
        if own or offered is None or self.preset is None or offered.preset_id != self.preset.id:
            return own
        return offered.problem(choice)

    def _own_misfit(self, choice: OsImage | Software | TrafficPlan) -> str | None:
        machine = self.machine
        if isinstance(choice, TrafficPlan):
            return plan_problem(choice, machine, self.location)
        if machine is None:
            return None
        if isinstance(choice, OsImage):
            return os_problem(choice, machine)
        return software_problem(choice, self.os_id, machine)

    def missing(self) -> list[str]:
        """The steps before the summary still to choose."""
        return [step for step in ORDER_STEPS[:-1] if not self.done(step)]

    def prices(self, months: int) -> list[PriceLine] | None:
        """What it costs for `months`, line by line (None: no server chosen yet)."""
        if self.server is None:
            return None
        # An own OS installs none: no licence is billed for an OS chosen before it.
        image = None if self.details.own_os else self.image
        return order_prices(self.server, self.location, months, image, self.plan, self.soft)

    def total(self, months: int | None = None) -> Decimal | None:
        """The total for `months`, else for the chosen period (None: not known yet, or billed
        by the hour, whose price invapi does not publish)."""
        if months is None:
            months = period_months(self.period)
            if months is None:
                return None
        prices = self.prices(months)
        return None if prices is None else order_total(prices)

    def fitted(self) -> tuple[Draft, list[str]]:
        """This draft without the later choices that no longer fit the earlier ones (the OS,
        the software, the traffic plan, the period, the GPU task), and a sentence for each
        that went, to say on the step the user lands on."""
        d, machine, name = self, self.machine, self.name
        said: list[str] = []
        if machine is None:
            return d, said
        if d.image is not None and (problem := d.misfit(d.image)):
            said.append(f"The OS '{d.image.name}' does not fit {name} ({problem}): choose again.")
            d = replace(d, image=None)
            if d.soft is not None and d.soft.os_ids:
                said.append(f"The software '{d.soft.name}' went with that OS: choose again.")
                d = replace(d, soft=None, no_soft=False)
        if d.soft is not None and (problem := d.misfit(d.soft)):
            on = "the OS" if problem == "not for this OS" else name
            said.append(
                f"The software '{d.soft.name}' does not fit {on} ({problem}): choose again."
            )
            d = replace(d, soft=None, no_soft=False)
        if d.plan is not None and (problem := d.misfit(d.plan)):
            said.append(
                f"The traffic plan '{d.plan.name}' does not fit {name} ({problem}): choose again."
            )
            d = replace(d, plan=None)
        months = period_months(d.period)
        if d.period and d.stock is not None and (months is None or d.stock.price(months) is None):
            why = " (hourly billing is for instant servers)" if d.period == HOURLY else ""
            said.append(f"The period '{d.period}' is not offered for {name}{why}: choose again.")
            d = replace(d, period="")
        target = d.target
        if target is not None:
            options, went = unfit(d.options, target)
            if went:
                said += went
                d = replace(d, options=options)
        gpu = machine.kind in (ServerKind.GPU, ServerKind.VGPU)
        if d.details.jenkins not in (None, JENKINS_NOTHING) and not gpu:
            said.append(f"The GPU task {d.details.jenkins} does not fit {name} (no GPU): dropped.")
            d = replace(d, details=replace(d.details, jenkins=None))
        return d, said

    def moved(self, location: str) -> tuple[Draft, list[str]]:
        """A draft in another location: only the details are kept (the server, and so what
        goes with it, is chosen again there); what went is said."""
        if location == self.location:
            return self, []
        went = [
            what
            for what, chosen in (
                ("the server", self.server is not None),
                ("the OS", self.image is not None),
                ("the software", self.soft is not None or self.no_soft),
                ("the traffic plan", self.plan is not None),
            )
            if chosen
        ]
        said = []
        if went:
            listed = ", ".join(went[:-1]) + (" and " if len(went) > 1 else "") + went[-1]
            were = "were" if len(went) > 1 else "was"
            said.append(f"Another location: {listed} {were} cleared: choose again.")
        moved = Draft(location=location, details=self.details, period=self.period)
        return replace(moved, options=self.options), said

    def refused(self, step: str) -> Draft:
        """This draft after invapi refused the choice of `step` (see `refused_step`)."""
        if step == "software":
            return replace(self, soft=None, no_soft=False)
        if step == "os":
            return replace(self, image=None, soft=None, no_soft=False)
        if step == "period":
            return replace(self, period="")
        return self

    def without_password(self) -> Draft:
        """This draft with the root password dropped (it went with an order)."""
        return replace(self, details=replace(self.details, root_pass=Secret("")))

    def request(self, ssh_key: str, root_size: int | None) -> OrderRequest:
        """The order to send (every step done), with the SSH key itself and the root size as a
        percentage (both read from what the details step holds)."""
        server, plan, details = self.server, self.plan, self.details
        assert server is not None
        assert plan is not None
        assert self.period
        return OrderRequest(
            preset=self.preset.name if self.preset else str(server.id),
            location=self.location,
            traffic_plan=plan.id,
            deploy_period=self.period,
            install=InstallOptions(
                os_id=self.image.id if self.image else 0,
                root_pass=details.root_pass,
                hostname=details.hostname,
                soft_id=self.soft.id if self.soft else None,
                ssh_key=ssh_key,
                post_install_script=details.script,
                post_install_callback=details.callback,
                own_os=details.own_os,
                root_size=root_size,
                os_name=self.image.name if self.image else "",
                jenkins_task=details.jenkins,
            ),
            options=self.options,
        )
