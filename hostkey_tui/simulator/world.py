"""The simulated account: servers, billing, DNS, keys, sessions, async keys, and the request log.

Plain data and raw JSON only. The simulator imports nothing of hostkey-tui but the clock, so a
bug in our models cannot hide behind the same bug here.
"""

from __future__ import annotations

import builtins
import os
import random
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

from hostkey_tui.clock import Clock
from hostkey_tui.simulator.faults import Faults

JSON = Any
ZERO_DATETIME = "0000-00-00 00:00:00"
#: Months of WHMCS's billing cycles (whmcs/get_billing_data's `billing_cycle`, lower-cased).
CYCLE_MONTHS = {"monthly": 1, "quarterly": 3, "semi-annually": 6, "annually": 12}


def add_months(day: str, months: int) -> str:
    """`2024-01-31` + 1 month → `2024-02-29`: the same day of the month, or its last day."""
    year, month, mday = (int(part) for part in day.split("-"))
    year, month = divmod(year * 12 + month - 1 + months, 12)
    month += 1
    last = (date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)).day
    return date(year, month, min(mday, last)).isoformat()


class Form:
    """A decoded form body. `get("zone")` finds `zone` or `params[zone]` (both forms are seen)."""

    def __init__(self, pairs: list[tuple[str, str]]) -> None:
        self.pairs = pairs

    def _values(self, name: str) -> list[str]:
        wanted = (name, f"params[{name}]", f"{name}[]", f"params[{name}][]")
        return [value for key, value in self.pairs if key in wanted]

    def get(self, name: str, default: str = "") -> str:
        values = self._values(name)
        return values[0] if values else default

    def has(self, name: str) -> bool:
        return bool(self._values(name))

    def list(self, name: str) -> builtins.list[str]:
        return self._values(name)

    def int(self, name: str) -> builtins.int | None:
        value = self.get(name).strip()
        try:
            return builtins.int(value)
        except ValueError:
            return None

    def as_dict(self) -> dict[str, builtins.list[str]]:
        result: dict[str, builtins.list[str]] = {}
        for key, value in self.pairs:
            result.setdefault(key, []).append(value)
        return result


#: Every secret a simulated world in this process issued or was sent (API keys, session tokens,
#: root, IPMI and console passwords). Not part of invapi: the test suite reads it at the end to
#: prove that none of them reached a log, a snapshot, a cache, a state file or a journal.
SECRETS_SEEN: set[str] = set()
#: How often each `new_key()` value was drawn, and how often as a secret: worlds share a seed, so
#: a token of one world can be an async key (shown, kept in the ledger) of another.
_KEYS_DRAWN: Counter[str] = Counter()
_SECRET_DRAWS: Counter[str] = Counter()


def auditable_secrets() -> set[str]:
    """The secrets never also drawn as an identifier that may be shown or stored."""
    return {s for s in SECRETS_SEEN if _KEYS_DRAWN[s] <= _SECRET_DRAWS[s]}


@dataclass
class Reply:
    """What the simulator answers: JSON, or raw bytes (a PDF, a PNG)."""

    body: JSON = None
    status: int = 200
    raw: bytes | None = None
    content_type: str = "application/json"
    headers: dict[str, str] = field(default_factory=dict)
    drop: bool = False  # the work was done, the reply is lost
    hang: bool = False  # never answer


@dataclass
class LoggedRequest:
    at: float
    resource: str
    action: str
    form: dict[str, list[str]]
    status: int = 200

    def field(self, name: str) -> str:
        values = self.form.get(name) or self.form.get(f"params[{name}]") or []
        return values[0] if values else ""


@dataclass
class SimTask:
    key: str
    action: str
    server_id: int | None
    created: float
    schedule: list[tuple[float, JSON]]  # (seconds after creation, reply); the last is final
    effect: Callable[[], None] | None = None
    effect_done: bool = False
    never_finish: bool = False


@dataclass
class SimToken:
    token: str
    expires: float
    permissions: list[str]
    key_id: int | None
    server_scope: int | None = None  # a per-server key's token sees only this server
    #: A billing login's token waits for the account's 2FA code (auth/2fa_check) first.
    second_factor: bool = False
    second_factor_failures: int = 0


@dataclass
class SimApiKey:
    id: int
    name: str
    secret: str
    server_id: int = 0
    active: int = 1
    ip: str = ""
    notify_method: str = "none"
    notify_address: str | None = None
    permissions: list[str] | None = None  # None: the full customer role


@dataclass
class SimServer:
    id: int
    hostname: str
    location: str
    kind: str  # vm, bm, gpu, vgpu
    preset: str
    preset_description: str
    config: str
    os_name: str
    ips: list[dict[str, JSON]]
    hardware: dict[str, JSON]
    due_date: str
    status: str = "rent"
    power_on: bool = True
    account_id: int = 5000
    tags: list[dict[str, JSON]] = field(default_factory=list)
    licenses: list[dict[str, JSON]] = field(default_factory=list)
    traffic_in_gb: float = 0.0
    traffic_out_gb: float = 0.0
    limit_in_tb: int = 999
    limit_out_tb: int = 3
    bandwidth: int = 1000
    ptr: dict[str, list[str]] = field(default_factory=dict)
    blocks: dict[str, dict[str, JSON]] = field(default_factory=dict)
    ports_enabled: dict[str, bool] = field(default_factory=dict)
    nat: dict[str, JSON] | None = None
    ipmi_user: dict[str, str] | None = None
    iso_mounted: str | None = None
    boot_dev: str = "disk"
    pxe: dict[str, JSON] | None = None
    reinstall_key: str | None = None
    #: The root partition (/) of the last install, in GB: `root_size` percent of the disk.
    root_gb: int | None = None
    installing: str | None = None  # async key of a running install
    sensor_seed: int = 0
    degraded_sensor: str | None = None
    billing_cycle: str = "Monthly"
    recurring: str = "5.00"
    reg_date: str = "2024-01-14"
    #: The Terraform order options it was ordered with (ipv6, vlan, disk_mirror, ...).
    order_options: dict[str, str] = field(default_factory=dict)

    @property
    def virtual(self) -> bool:
        return self.kind in ("vm", "vgpu")


@dataclass
class SimInvoice:
    id: int
    date: str
    due: str
    subtotal: str
    credit: str = "0.00"
    tax: str = "0.00"
    total: str = ""
    status: str = "Unpaid"
    datepaid: str = ZERO_DATETIME
    paymentmethod: str = "paypal"
    notes: str = ""
    server_id: int | None = None
    items: list[dict[str, JSON]] = field(default_factory=list)
    on_paid: Callable[[], None] | None = None
    created_at: str = ""

    def __post_init__(self) -> None:
        if not self.total:
            self.total = self.subtotal


@dataclass
class Catalog:
    presets: list[dict[str, JSON]] = field(default_factory=list)
    os_list: list[dict[str, JSON]] = field(default_factory=list)
    software: list[dict[str, JSON]] = field(default_factory=list)
    traffic_plans: list[dict[str, JSON]] = field(default_factory=list)
    stocks: list[dict[str, JSON]] = field(default_factory=list)
    jenkins_tasks: list[dict[str, JSON]] = field(default_factory=list)
    isos: list[dict[str, JSON]] = field(default_factory=list)


ASYNC_FORMS = ("documented", "callback", "direct")
#: How long invapi refuses every PIN after three wrong ones in a row (assumed: the
#: documentation says only "long delays"), and how much each try while blocked adds.
PIN_BLOCK_SECONDS = 15 * 60


class World:
    """One customer's account as invapi would hold it, moving with an injected clock."""

    def __init__(self, clock: Clock, *, seed: int = 7, pin: str = "1234") -> None:
        self.clock = clock
        self.seed = seed
        self.rng = random.Random(seed)
        self.pin: str | None = pin
        self.pin_failures = 0
        #: World time until which every PIN is refused (three wrong ones in a row block PINs
        #: for a while; each try while blocked extends it). None: not blocked.
        self.pin_blocked_until: float | None = None
        #: How async actions answer: "documented" (directly where the documentation shows it,
        #: else a callback key), "callback" (always a key) or "direct" (directly whenever the
        #: work is one step). Tests pick one per run; HOSTKEY_SIM_ASYNC overrides the default.
        form = os.environ.get("HOSTKEY_SIM_ASYNC", "documented")
        self.async_form = form if form in ASYNC_FORMS else "documented"
        #: Set by the adapters while a fault needs the request's async key to exist.
        self.defer_async = False
        #: Refuse a request the documentation does not allow (an undocumented parameter, a
        #: missing required one, the wrong nesting or type), as a validating server would.
        self.strict = True
        #: What strictness refused, in words (tests fail on any; the demo logs them).
        self.contract_refusals: list[str] = []
        #: Whether eq/order_instance takes deploy_period=hourly. Sources disagree: HOSTKEY's
        #: Terraform provider sends it, the documentation calls it "coming soon" (False: the
        #: refusal a user would then meet).
        self.hourly_billing = True
        self.servers: dict[int, SimServer] = {}
        self.client: dict[str, JSON] = {}
        self.credit = Decimal("0.00")
        self.currency = "EUR"
        self.invoices: dict[int, SimInvoice] = {}
        self.credit_log: list[dict[str, JSON]] = []
        self.transactions: list[dict[str, JSON]] = []
        self.contacts: dict[int, dict[str, JSON]] = {}
        self.zones: dict[str, dict[str, JSON]] = {}
        self.domains: dict[int, str] = {}
        #: The subdomains table (routes/dns_zones.py), by row id; None until first asked.
        self.subdomains: dict[int, dict[str, JSON]] | None = None
        self.api_keys: dict[int, SimApiKey] = {}
        self.key_history: list[dict[str, JSON]] = []
        self.ssh_keys: dict[int, dict[str, JSON]] = {}
        self.rhr: dict[int, dict[str, JSON]] = {}
        self.jira: list[dict[str, JSON]] = []
        self.cancellations: dict[int, dict[str, JSON]] = {}
        #: The customer's uploaded ISOs (routes/iso_upload.py), each with when it is downloaded.
        self.uploaded_isos: list[dict[str, JSON]] = []
        #: Each VM's snapshots (routes/vm.py), in the order they were taken.
        self.snapshots: dict[int, list[dict[str, JSON]]] = {}
        self.tasks: dict[str, SimTask] = {}
        #: Servers with an IP block or a NAT that expires (`tick` looks at these only).
        self.expiring: set[int] = set()
        self.tokens: dict[str, SimToken] = {}
        #: The code the account's 2FA device was sent at the last billing login, and who
        #: plays the device (`python -m hostkey_tui.simulator` prints it).
        self.two_factor_code = ""
        self.two_factor_device: Callable[[str], None] | None = None
        self.deploy_keys: dict[str, str] = {}
        #: Orders invapi has no server for yet (eq/update_servers' billing_servers lists them).
        self.pending_orders: dict[int, dict[str, JSON]] = {}
        self.catalog = Catalog()
        self.requests: list[LoggedRequest] = []
        self.faults = Faults()
        self.client_ip = "185.130.215.70"
        self.account_key = ""
        self.email = "john@example.com"
        self.customer_id = 38157
        self.whmcs_id = 3172
        self.full_permissions: list[str] = []
        self.fail_next_install = False  # the next install fails at stage 3 (for tests)
        self._next_id = 900_000

    # -- identifiers, time ----------------------------------------------------------------

    def next_id(self) -> int:
        self._next_id += 1
        return self._next_id

    def new_key(self) -> str:
        key = "".join(self.rng.choice("0123456789abcdef") for _ in range(32))
        _KEYS_DRAWN[key] += 1
        return key

    def secret(self, value: str) -> str:
        """A secret this world issues or is sent: kept in `SECRETS_SEEN` (see there)."""
        if len(value) >= 8:
            SECRETS_SEEN.add(value)
            _SECRET_DRAWS[value] += 1
        return value

    def now(self) -> float:
        return self.clock.now()

    def stamp(self, offset_days: float = 0.0) -> str:
        when = datetime.fromtimestamp(self.now(), UTC) + timedelta(days=offset_days)
        return when.strftime("%Y-%m-%d %H:%M:%S")

    def day(self, offset_days: float = 0.0) -> str:
        return self.stamp(offset_days)[:10]

    def settle(self, invoice: SimInvoice) -> None:
        """An invoice paid in full: marked paid, then what paying it does (`on_paid`: credit
        added, a suspension lifted, a deploy started), and a server's invoice for its current
        period renews the server: its next due date moves on by its billing cycle.

        # assumed: as WHMCS does when a service's invoice is paid (the documentation does not
        # say); `days_left` in eq/show and whmcs/get_billing_data follows the new date.
        """
        invoice.status = "Paid"
        invoice.datepaid = self.stamp()
        server = self.servers.get(invoice.server_id) if invoice.server_id is not None else None
        if server is not None and invoice.due >= server.due_date:
            months = CYCLE_MONTHS.get(server.billing_cycle.lower(), 1)
            server.due_date = add_months(server.due_date, months)
        if invoice.on_paid is not None:
            callback, invoice.on_paid = invoice.on_paid, None
            callback()

    # -- the request log ----------------------------------------------------------------------

    def ptr_names(self, ip: str) -> list[str]:
        """The PTR names of an address: as set, else the provider's default name."""
        for server in self.servers.values():
            for entry in server.ips:
                if entry["IP"] == ip:
                    return server.ptr.get(ip) or [f"{ip.replace('.', '-')}.hostkey.example"]
        return []

    def resolve(self, name: str) -> tuple[str, ...]:
        """Forward DNS as the demo's world sees it: the provider's default PTR names resolve.

        # assumed: stands in for real DNS in --demo, so the forward check has something to
        # show; names a customer sets are in DNS the simulator does not serve.
        """
        wanted = name.lower().rstrip(".")
        return tuple(
            entry["IP"]
            for server in self.servers.values()
            for entry in server.ips
            if wanted == f"{entry['IP'].replace('.', '-')}.hostkey.example"
        )

    def count(self, resource: str, action: str | None = None) -> int:
        """How many requests for `resource` (and `action`) arrived."""
        return sum(
            1
            for r in self.requests
            if r.resource == resource and (action is None or r.action == action)
        )

    def logged(self, resource: str, action: str) -> list[LoggedRequest]:
        return [r for r in self.requests if r.resource == resource and r.action == action]

    # -- async keys ---------------------------------------------------------------------------

    def add_task(
        self,
        action: str,
        server_id: int | None,
        schedule: list[tuple[float, JSON]],
        effect: Callable[[], None] | None = None,
        *,
        key: str | None = None,
    ) -> str:
        key = key or self.new_key()
        self.tasks[key] = SimTask(key, action, server_id, self.now(), schedule, effect)
        return key

    def tick(self) -> None:
        """Apply the effects of tasks whose time has come, checked or not; expire IP blocks."""
        now = self.now()
        # Every request ticks: only the servers with something that expires are looked at
        # (going through all of them cost 16 ms a request with 10,000 servers).
        for server_id in list(self.expiring):
            server = self.servers.get(server_id)
            if server is None:
                self.expiring.discard(server_id)
                continue
            for ip, block in list(server.blocks.items()):
                if block.get("until") and now >= block["until"]:
                    del server.blocks[ip]
            if server.nat and now >= server.nat["expires"]:
                server.nat = None
            if server.nat is None and not any(b.get("until") for b in server.blocks.values()):
                self.expiring.discard(server_id)
        for task in list(self.tasks.values()):
            if task.never_finish or task.effect_done or not task.schedule:
                continue
            if now - task.created >= task.schedule[-1][0]:
                task.effect_done = True
                if task.effect is not None:
                    task.effect()

    def check_task(self, key: str) -> JSON:
        self.tick()
        task = self.tasks.get(key)
        if task is None:
            return {"code": -1, "message": "AsyncKey not found", "key": key}
        if task.never_finish:
            return {"result": "Not ready", "key": key}
        elapsed = self.now() - task.created
        current: JSON = None
        final = False
        for index, (at, reply) in enumerate(task.schedule):
            if elapsed >= at:
                current, final = reply, index == len(task.schedule) - 1
        if current is None:
            return {"result": "Not ready", "key": key}
        body = {**current, "key": key}
        if final:
            if not task.effect_done:
                task.effect_done = True
                if task.effect is not None:
                    task.effect()
            if str(current.get("result", "")).upper() == "OK":
                del self.tasks[key]  # invapi deletes a key once it has said OK
        return body
