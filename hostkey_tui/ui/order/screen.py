"""Section 4: order a server, step by step, back and forth, with the price said before the PIN.

Location → an instance preset or a stock server → OS → software → traffic plan → details →
period → summary. Going back keeps every choice; a later choice that no longer fits an earlier
one is dropped, and said. invapi's own refusal (an OS and software that do not go together)
brings the wizard back to the step to change.
"""

from __future__ import annotations

import re
from dataclasses import field, replace
from decimal import Decimal

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import DataTable, Static

from hostkey_tui.api import ApiError, InvapiError
from hostkey_tui.models.catalog import (
    DEPLOY_PERIODS,
    LOCATION_NAMES,
    STOCK_GROUPS,
    OsImage,
    Preset,
    Software,
    StockServer,
    TrafficPlan,
)
from hostkey_tui.models.common import Secret
from hostkey_tui.models.orders import (
    InstallOptions,
    Machine,
    OrderRequest,
    check_hostname,
    check_root_password,
    order_prices,
    order_total,
    os_problem,
    software_problem,
)
from hostkey_tui.models.server import ServerKind
from hostkey_tui.models.tasks import TaskState
from hostkey_tui.records import dataclass
from hostkey_tui.services import install
from hostkey_tui.services.changes import refusal
from hostkey_tui.services.install import Catalog
from hostkey_tui.state.state import AppState, Job
from hostkey_tui.ui.flows.install import (
    resolve_ssh_key,
    root_size_field,
    root_size_percent,
    root_size_text,
    saved_ssh_keys,
    ssh_key_field,
)
from hostkey_tui.ui.kit.guard import ask_pin, can_change
from hostkey_tui.ui.kit.keys import bindings
from hostkey_tui.ui.kit.modals.confirm import ConfirmModal, ConfirmTarget
from hostkey_tui.ui.kit.modals.form import Field, FormModal
from hostkey_tui.ui.kit.screen import SectionScreen
from hostkey_tui.ui.kit.status import clock_time, status_text
from hostkey_tui.ui.kit.text import HIDDEN, cell, fit, line, literal
from hostkey_tui.ui.kit.widgets.chrome import StatusLine
from hostkey_tui.ui.kit.widgets.inputs import TextInput
from hostkey_tui.ui.kit.widgets.stages import InstallStages
from hostkey_tui.ui.kit.widgets.table import Table
from hostkey_tui.ui.order import keys

STEPS = ("location", "server", "os", "software", "traffic", "details", "period", "summary")
STEP_TITLES = {
    "location": "Location",
    "server": "Server",
    "os": "OS",
    "software": "Software",
    "traffic": "Traffic",
    "details": "Details",
    "period": "Period",
    "summary": "Summary",
}
PRESET_SORTS = ("price", "cpu", "ram", "disk", "name")
STOCK_SORTS = ("price", "score", "ram")
MANUAL = (
    "Hardware RAID or no_autodeploy: HOSTKEY deploys this server by hand, by the next "
    "business day (no live stages until then)."
)


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


def refused_step(message: str) -> str:
    """The order step an invapi refusal is about: "software", "os", or "summary"."""
    if _SOFTWARE_WORDS.search(message):
        return "software"
    if _OS_WORDS.search(message):
        return "os"
    return "summary"


@dataclass(frozen=True, slots=True)
class Draft:
    location: str = ""
    preset: Preset | None = None
    stock: StockServer | None = None
    image: OsImage | None = None
    soft: Software | None = None
    no_soft: bool = False  # "none" was chosen (the step is done)
    plan: TrafficPlan | None = None
    details: Details = field(default_factory=Details)
    period: str = ""

    @property
    def server(self) -> Preset | StockServer | None:
        return self.preset or self.stock

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


def _gb(value: int | None) -> str:
    if value is None:
        return ""
    return f"{value / 1024:g} TB" if value >= 1024 else f"{value} GB"


def _price(amount: Decimal | None, currency: str) -> str:
    return "—" if amount is None else f"{amount:.2f} {currency}"


def _eur(amount: Decimal | None) -> str:
    return "—" if amount is None else f"{amount:.2f} €"


class OrderScreen(SectionScreen):
    SCOPE = "order"
    HELP_TITLE = "Order"
    SECTION = "order"
    AUTO_FOCUS = "#choices"
    KEYS = keys.ORDER
    BINDINGS = bindings(KEYS)
    DEFAULT_CSS = """
    OrderScreen #steps { height: 1; padding: 0 1; background: $surface; }
    OrderScreen #order-body { height: 1fr; }
    OrderScreen #draft { width: 30; padding: 0 1; border-right: vkey $primary 40%; }
    OrderScreen.-narrow #draft { display: none; }
    OrderScreen #step-pane { width: 1fr; }
    OrderScreen #step-title { height: 1; padding: 0 1; text-style: bold; background: $boost; }
    OrderScreen #choice-filter { height: 1; padding: 0 1; }
    OrderScreen #choices { height: 1fr; }
    OrderScreen #step-note { height: auto; max-height: 6; padding: 0 1; color: $text-muted; }
    OrderScreen #summary-scroll { height: 1fr; display: none; }
    OrderScreen.-summary #summary-scroll { display: block; }
    OrderScreen.-summary #choices, OrderScreen.-summary #choice-filter { display: none; }
    OrderScreen #summary { padding: 0 1; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.step = "location"
        self.draft = Draft()
        self.catalog: Catalog | None = None
        self.stock_mode = False
        self.stock_group = "ALL"
        self.stocks: tuple[StockServer, ...] | None = None
        self.sort = "price"
        self.rows: list[object] = []
        self.note = ""
        self.job_id = ""
        self.order_started: float | None = None
        #: When this summary's order went to invapi (None: not sent, or surely not taken): a
        #: sent order is never sent again from here; `N` starts a new one.
        self.sent_at: float | None = None
        self._ready = False

    def compose(self) -> ComposeResult:
        yield from self.chrome_top()
        yield Static(id="steps")
        with Horizontal(id="order-body"):
            yield Static(id="draft")
            with Vertical(id="step-pane"):
                yield Static(id="step-title")
                yield TextInput(placeholder="/ filter", id="choice-filter", compact=True)
                yield Table(id="choices", cursor_type="row")
                with VerticalScroll(id="summary-scroll"):
                    yield Static(id="summary")
                    yield InstallStages(id="order-stages")
                yield Static(id="step-note")
        yield from self.chrome_bottom()

    def on_mount(self) -> None:
        self.set_class(self.app.size.width < 120, "-narrow")
        super().on_mount()
        self._ready = True
        self._show()

    def on_resize(self) -> None:
        self.set_class(self.app.size.width < 120, "-narrow")
        self._show()

    # -- data ------------------------------------------------------------------------------

    @work(group="catalog", exclusive=True, exit_on_error=False)
    async def load_catalog(self, location: str) -> None:
        services = self.hostkey.services
        if services is None:
            return
        self.note = "reading what can be ordered here…"
        self._show()
        try:
            self.catalog = await install.load_catalog(services, location)
        except InvapiError as error:
            self.note = f"The catalogue could not be read: {error.message} (r tries again)"
            self._show()
            return
        self.note = ""
        self._show()

    @work(group="stocks", exclusive=True, exit_on_error=False)
    async def load_stocks(self) -> None:
        services = self.hostkey.services
        if services is None or not self.draft.location:
            return
        self.stocks = None
        self._show()
        try:
            self.stocks = await install.load_stocks(services, self.draft.location, self.stock_group)
        except InvapiError as error:
            self.stocks = ()
            self.note = f"The stock servers could not be read: {error.message}"
        self._show()

    # -- rendering ---------------------------------------------------------------------------

    def state_changed(self, state: AppState) -> None:
        status = self.query_one(StatusLine)
        status.left = status_text(state, self.hostkey.clock.now(), self.hostkey.jobs_running())
        credit = state.account.credit.display() if state.account.credit else "—"
        status.right = f"credit {credit}"
        if not self.job_id and self.order_started is not None:
            # The order's job, recorded the moment it was sent.
            ours = [
                j
                for j in state.jobs.values()
                if j.action == "order_instance" and j.started >= self.order_started
            ]
            self.job_id = ours[-1].id if ours else ""
        job = state.jobs.get(self.job_id)
        self.query_one("#order-stages", InstallStages).show(job)

    def _show(self) -> None:
        if not self._ready:
            return
        self.set_class(self.step == "summary", "-summary")
        parts: list[str | tuple[str, str]] = []
        for number, step in enumerate(STEPS, start=1):
            style = (
                "bold reverse" if step == self.step else ("" if self.draft.done(step) else "dim")
            )
            mark = "✓" if self.draft.done(step) and step != self.step else ""
            title = STEP_TITLES[step] if step == self.step or self.app.size.width >= 100 else ""
            parts += [(f" {number} {title}{mark} ".replace("  ", " "), style), " "]
        self.query_one("#steps", Static).update(line(*parts))
        self.query_one("#draft", Static).update(self._draft_text())
        self.query_one("#choice-filter").display = self.step == "server" and not self.stock_mode
        getattr(self, f"_show_{self.step}")()
        self.query_one("#step-note", Static).update(
            literal(self.note, "yellow") if self.note else self._hint()
        )
        self.refresh_bindings()

    def _draft_text(self) -> Content:
        d = self.draft
        server = ""
        if d.preset is not None:
            server = d.preset.name
        elif d.stock is not None:
            server = f"stock {d.stock.id} ({d.stock.cpu_name})"
        rows = [
            ("Location", LOCATION_NAMES.get(d.location, d.location)),
            ("Server", server),
            ("OS", "own OS" if d.details.own_os else (d.image.name if d.image else "")),
            ("Software", "none" if d.no_soft else (d.soft.name if d.soft else "")),
            ("Traffic", d.plan.name if d.plan else ""),
            ("Hostname", d.details.hostname),
            ("Password", HIDDEN if d.details.root_pass.reveal() else ""),
            ("Period", d.period),
        ]
        body = [literal("Your order", "bold"), literal("")]
        body += [line((f"{k:<9}", "dim"), fit(v, 19) or "·") for k, v in rows]
        total = self._total()
        if total is not None:
            body += [literal(""), line(("Total    ", "dim"), (_eur(total), "bold"))]
        return literal("\n").join(body)

    def _hint(self) -> Content:
        hints = {
            "location": "enter choose",
            "server": (
                "enter choose · s sort · g group · t instance presets · i detail"
                if self.stock_mode
                else "enter choose · / filter · s sort · t stock servers"
            ),
            "details": "enter edit the details · the root password is checked here",
            "summary": "o order (then the PIN) · esc back to change a step",
        }
        text = hints.get(self.step, "enter choose")
        return literal(text if "esc" in text else f"{text} · esc back a step", "dim")

    def _table(self, *columns: str) -> DataTable[object]:
        table: DataTable[object] = self.query_one("#choices", DataTable)
        table.clear(columns=True)
        table.add_columns(*columns)
        return table

    def _title(self, text: str) -> None:
        self.query_one("#step-title", Static).update(literal(text))

    def _select(self, table: DataTable[object], chosen: object) -> None:
        if chosen is not None and chosen in self.rows:
            table.move_cursor(row=self.rows.index(chosen))

    def _show_location(self) -> None:
        self._title("1. Where should the server be?")
        table = self._table("Code", "Location")
        self.rows = list(LOCATION_NAMES)
        for code, name in LOCATION_NAMES.items():
            table.add_row(cell(code, "bold"), cell(name))
        self._select(table, self.draft.location)

    def _show_server(self) -> None:
        if self.stock_mode:
            self._show_stocks()
            return
        location = self.draft.location
        self._title(
            f"2. An instance preset in {LOCATION_NAMES.get(location, location)} "
            f"(sorted by {self.sort})"
        )
        wide = self.app.size.width >= 140
        # Where a preset is also priced in another currency here, that price is shown too.
        extra = [
            c
            for c in ("USD", "RUB")
            if any(
                p.price(location, c) is not None
                for p in (self.catalog.presets if self.catalog else ())
            )
        ]
        columns = ["Name", "Description", "CPU", "RAM", "Disk", "GPU", "Kind", "€/month"]
        columns += [f"{c}/month" for c in extra] + ["Now"]
        table = self._table(*(c for c in columns if wide or c != "Description"))
        presets = self.catalog.presets if self.catalog else ()
        query = self.query_one("#choice-filter", TextInput).value.lower().strip()
        shown = [
            p
            for p in presets
            if p.active
            and p.price(location) is not None
            and (not query or query in f"{p.name} {p.description} {p.gpu} {p.kind.label}".lower())
        ]

        def key(p: Preset) -> tuple[object, ...]:
            price = p.price(location) or Decimal(0)
            return {
                "price": (price, p.name),
                "cpu": (-(p.cpu or 0), price),
                "ram": (-(p.ram_gb or 0), price),
                "disk": (-(p.disk_gb or 0), price),
                "name": (p.name,),
            }[self.sort]

        shown.sort(key=key)
        self.rows = list(shown)
        for p in shown:
            available = "yes" if (p.available or 0) > 0 else "no"
            described = [cell(fit(p.description, 28))] if wide else []
            table.add_row(
                cell(p.name, "bold"),
                *described,
                cell(str(p.cpu or "")),
                cell(_gb(p.ram_gb)),
                cell(_gb(p.disk_gb)),
                cell(p.gpu or "—"),
                cell(p.kind.label),
                cell(_eur(p.price(location))),
                *(cell(_price(p.price(location, c), c)) for c in extra),
                cell(available, "" if available == "yes" else "dim"),
            )
        self._select(table, self.draft.preset)
        if self.catalog is not None and not shown:
            self.note = "Nothing matches here." if query else "Nothing is sold here now."

    def _show_stocks(self) -> None:
        location = self.draft.location
        self._title(
            f"2. A stock server in {LOCATION_NAMES.get(location, location)} · "
            f"group {self.stock_group} "
            f"(sorted by {self.sort if self.sort in STOCK_SORTS else 'price'})"
        )
        table = self._table("Id", "CPU", "Score", "RAM", "Disks", "GPU", "RAID", "€/month", "Note")
        stocks = list(self.stocks or ())

        def key(s: StockServer) -> tuple[object, ...]:
            price = s.price(1) or Decimal(0)
            if self.sort == "score":
                return (-(s.cpu_score or 0), price)
            if self.sort == "ram":
                return (-(s.ram_gb or 0), price)
            return (price, s.id)

        stocks.sort(key=key)
        self.rows = list(stocks)
        for s in stocks:
            disks = ", ".join(f"{d.count}×{d.name}" for d in s.disks)
            gpu = f"{s.gpu_count}×{s.gpu_name}" if s.gpu_count else "—"
            table.add_row(
                cell(str(s.id), "bold"),
                cell(fit(s.cpu_name, 22)),
                cell(str(s.cpu_score or "")),
                cell(_gb(s.ram_gb)),
                cell(fit(disks, 16)),
                cell(gpu),
                cell(" ".join(s.raid_levels) or "—"),
                cell(_eur(s.price(1))),
                cell("manual deploy" if s.manual_deploy else "", "yellow"),
            )
        self._select(table, self.draft.stock)
        if self.stocks is None:
            self.note = "reading the stock servers…"
        elif not stocks:
            self.note = f"No stock server in group {self.stock_group} here: g tries another group."
        else:
            self.note = ""

    def _show_os(self) -> None:
        machine = self.draft.machine
        self._title("3. The operating system (what does not fit this server is said why)")
        table = self._table("OS", "Fits", "Licence / month")
        images = [i for i in (self.catalog.os_list if self.catalog else ()) if i.active]
        cores = machine.cpu if machine else None
        self.rows = list(images)
        for image in images:
            problem = os_problem(image, machine) if machine else None
            licence = image.licence_price(cores) if image.is_windows else None
            table.add_row(
                cell(image.name, "dim" if problem else "bold"),
                cell(problem or "yes", "dim" if problem else "green"),
                cell(_eur(licence) if licence else "—"),
            )
        self._select(table, self.draft.image)

    def _show_software(self) -> None:
        machine, image = self.draft.machine, self.draft.image
        self._title(f"4. Software with {image.name if image else 'the OS'} (optional)")
        table = self._table("Software", "Group", "Fits", "Price")
        software = [s for s in (self.catalog.software if self.catalog else ()) if s.active]
        self.rows = ["none", *software]
        table.add_row(cell("none", "bold"), cell(""), cell("yes", "green"), cell(""))
        for soft in software:
            problem = (
                software_problem(soft, image.id if image else None, machine) if machine else None
            )
            table.add_row(
                cell(soft.name, "dim" if problem else "bold"),
                cell(soft.group),
                cell(problem or "yes", "dim" if problem else "green"),
                cell(_eur(soft.price) if soft.price else "—"),
            )
        self._select(table, "none" if self.draft.no_soft else self.draft.soft)

    def _show_traffic(self) -> None:
        machine = self.draft.machine
        self._title("5. The traffic plan")
        table = self._table("Plan", "Out TB", "Bandwidth", "€/month")
        plans = [
            p
            for p in (self.catalog.traffic_plans if self.catalog else ())
            if p.active
            and (
                not p.kinds
                or machine is None
                or machine.kind in p.kinds
                or (machine.kind is ServerKind.GPU and ServerKind.BARE_METAL in p.kinds)
            )
        ]
        self.rows = list(plans)
        for plan in plans:
            table.add_row(
                cell(plan.name, "bold"),
                cell(
                    "unmetered" if (plan.limit_out_tb or 0) >= 999 else f"{plan.limit_out_tb or ''}"
                ),
                cell(f"{plan.bandwidth_mbps} Mbps" if plan.bandwidth_mbps else ""),
                cell(_eur(plan.price or Decimal(0))),
            )
        self._select(table, self.draft.plan)

    def _show_details(self) -> None:
        self._title("6. Hostname, root password, SSH key, post-install")
        d = self.draft.details
        table = self._table("Detail", "Value")
        jenkins = next(
            (
                j.description
                for j in (self.catalog.jenkins if self.catalog else ())
                if j.id == d.jenkins
            ),
            "",
        )
        rows = [
            ("Hostname", d.hostname or "(named after its id)"),
            ("Root password", HIDDEN if d.root_pass.reveal() else "not set yet"),
            ("SSH key", fit(d.ssh_key, 50) or "none"),
            ("Post-install script", fit(d.script, 50) or "none"),
            ("Callback URL", d.callback or "none"),
            ("GPU task", jenkins or "none"),
            (
                "Root size",
                root_size_text(
                    root_size_percent(d.root_size),
                    self.draft.preset.disk_gb if self.draft.preset else None,
                ),
            ),
            ("Own OS", "yes (no OS installed by HOSTKEY)" if d.own_os else "no"),
        ]
        self.rows = [name for name, _ in rows]
        for name, value in rows:
            table.add_row(cell(name, "bold"), cell(value))

    def _show_period(self) -> None:
        self._title("7. Pay for how long?")
        table = self._table("Period", "Months", "Total")
        self.rows = list(DEPLOY_PERIODS)
        for period, months in DEPLOY_PERIODS.items():
            table.add_row(cell(period, "bold"), cell(str(months)), cell(_eur(self._total(months))))
        self._select(table, self.draft.period)

    def _total(self, months: int | None = None) -> Decimal | None:
        d = self.draft
        if d.server is None:
            return None
        if months is None:
            if not d.period:
                return None
            months = DEPLOY_PERIODS[d.period]
        return order_total(order_prices(d.server, d.location, months, d.image, d.plan, d.soft))

    def _show_summary(self) -> None:
        self._title("8. Summary: what will be ordered")
        self.query_one("#summary", Static).update(self._summary_text())

    def _summary_text(self) -> Content:
        d = self.draft
        missing = [STEP_TITLES[s] for s in STEPS[:-1] if not d.done(s)]
        rows: list[Content] = []
        if missing and self.sent_at is None:  # once sent, the password is gone on purpose
            rows.append(
                literal(f"Still to choose: {', '.join(missing)} (esc goes back).", "yellow")
            )
        server = d.preset.name if d.preset else (f"stock server {d.stock.id}" if d.stock else "")
        chosen = [
            ("Location", LOCATION_NAMES.get(d.location, d.location)),
            ("Server", server),
            ("OS", "own OS" if d.details.own_os else (d.image.name if d.image else "")),
            ("Software", d.soft.name if d.soft else "none"),
            ("Traffic", d.plan.name if d.plan else ""),
            ("Hostname", d.details.hostname or "(named after its id)"),
            ("SSH key", fit(d.details.ssh_key, 40) or "none"),
            ("Post-install", "a script" if d.details.script else "none"),
        ]
        percent = root_size_percent(d.details.root_size)
        if percent is not None and percent != 100:
            # a partial root partition is easy to miss and costly to undo: said before `o`
            disk = d.preset.disk_gb if d.preset else None
            chosen.append(("Root size", root_size_text(percent, disk)))
        rows += [line((f"{k:<13}", "dim"), v or "·") for k, v in chosen]
        rows.append(literal(""))
        if d.server is not None and d.period:
            months = DEPLOY_PERIODS[d.period]
            prices = order_prices(d.server, d.location, months, d.image, d.plan, d.soft)
            for price in prices:
                rows.append(line(f"{price.what:<46}", _eur(price.amount)))
            total = order_total(prices)
            rows.append(line((f"{'Total for ' + d.period:<46}", "bold"), (_eur(total), "bold")))
            credit = self.hostkey.state.account.credit
            unsent = self.sent_at is None  # once sent, the credit has moved: not compared again
            if unsent and credit is not None and credit.amount is not None and total is not None:
                if credit.amount >= total:
                    rows.append(
                        literal(
                            f"Your credit ({credit.display()}) covers it: paid at once, "
                            "deployed now.",
                            "green",
                        )
                    )
                else:
                    rows.append(
                        literal(
                            f"Your credit ({credit.display()}) does not cover it: an invoice is "
                            "made, and the server is deployed once it is paid.",
                            "yellow",
                        )
                    )
        if d.stock is not None and d.stock.manual_deploy:
            rows.append(literal(MANUAL, "bold yellow"))
        rows.append(literal(""))
        if self.sent_at is not None:
            rows.append(
                literal(
                    f"Sent at {clock_time(self.sent_at)}: this order is not sent again "
                    "(its job is in Jobs, 5). N starts a new order.",
                    "bold yellow",
                )
            )
        else:
            rows.append(
                literal("o orders it: you confirm, then give the PIN; it is sent once.", "dim")
            )
        return literal("\n").join(rows)

    # -- moving ------------------------------------------------------------------------------

    def _go(self, step: str) -> None:
        self.step = step
        self.note = ""
        self.sort = "price"
        self._show()
        self.query_one("#choices", DataTable).focus()

    def action_back(self) -> None:
        if self.query_one("#choice-filter").has_focus:
            self.query_one("#choice-filter", TextInput).value = ""
            self.query_one("#choices", DataTable).focus()
            return
        index = STEPS.index(self.step)
        if index > 0:
            self._go(STEPS[index - 1])

    def action_forward(self) -> None:
        index = STEPS.index(self.step)
        if index + 1 < len(STEPS) and self.draft.done(self.step):
            self._go(STEPS[index + 1])

    @on(DataTable.RowSelected, "#choices")
    def _chosen(self) -> None:
        self.action_choose()

    def _current(self) -> object | None:
        if not self.rows:
            return None
        row = self.query_one("#choices", DataTable).cursor_row
        return self.rows[min(max(row, 0), len(self.rows) - 1)]

    def action_choose(self) -> None:
        picked = self._current()
        if self.step == "details":
            self.run_flow(self._edit_details())
            return
        if self.step == "summary" or picked is None:
            return
        d = self.draft
        if self.step == "location":
            assert isinstance(picked, str)
            if picked != d.location:
                self.draft = Draft(location=picked, details=d.details)
                self.catalog, self.stocks = None, None
                self.load_catalog(picked)
        elif self.step == "server":
            if isinstance(picked, StockServer):
                self.draft = replace(d, stock=picked, preset=None)
                if picked.manual_deploy:
                    self.hostkey.say(
                        MANUAL, title=f"Stock server {picked.id}", severity="warning", timeout=10
                    )
            elif isinstance(picked, Preset):
                if (picked.available or 0) <= 0:
                    self.hostkey.say(f"{picked.name} is not available now.", severity="warning")
                    return
                self.draft = replace(d, preset=picked, stock=None)
            self._drop_what_no_longer_fits()
        elif self.step == "os":
            assert isinstance(picked, OsImage)
            problem = os_problem(picked, d.machine) if d.machine else None
            if problem:
                self.hostkey.say(f"{picked.name}: {problem}.", severity="warning")
                return
            self.draft = replace(d, image=picked)
            self._drop_what_no_longer_fits()
        elif self.step == "software":
            if picked == "none":
                self.draft = replace(d, soft=None, no_soft=True)
            else:
                assert isinstance(picked, Software)
                problem = (
                    software_problem(picked, d.image.id if d.image else None, d.machine)
                    if d.machine
                    else None
                )
                if problem:
                    self.hostkey.say(f"{picked.name}: {problem}.", severity="warning")
                    return
                self.draft = replace(d, soft=picked, no_soft=False)
        elif self.step == "traffic":
            assert isinstance(picked, TrafficPlan)
            self.draft = replace(d, plan=picked)
        elif self.step == "period":
            assert isinstance(picked, str)
            self.draft = replace(d, period=picked)
        self.action_forward()

    def _drop_what_no_longer_fits(self) -> None:
        d, machine = self.draft, self.draft.machine
        dropped = []
        if d.image is not None and machine is not None and os_problem(d.image, machine):
            dropped.append(f"the OS {d.image.name}")
            d = replace(d, image=None, soft=None, no_soft=False)
        if (
            d.soft is not None
            and machine is not None
            and software_problem(d.soft, d.image.id if d.image else None, machine)
        ):
            dropped.append(f"the software {d.soft.name}")
            d = replace(d, soft=None, no_soft=False)
        self.draft = d
        if dropped:
            self.hostkey.say(
                f"{' and '.join(dropped).capitalize()} no longer fit: choose again.",
                severity="warning",
            )

    async def _edit_details(self) -> None:
        d = self.draft.details
        saved = await saved_ssh_keys(self.hostkey)
        jenkins = self.catalog.jenkins if self.catalog else ()
        gpu = self.draft.machine is not None and self.draft.machine.kind in (
            ServerKind.GPU,
            ServerKind.VGPU,
        )
        fields = [
            Field(
                "hostname",
                "Hostname",
                d.hostname,
                check_hostname,
                placeholder="empty: named after its id",
            ),
            Field(
                "root_pass",
                "Root password",
                d.root_pass.reveal(),
                check_root_password,
                password=True,
            ),
            ssh_key_field(d.ssh_key, saved),
            Field(
                "script", "Post-install", d.script, placeholder="a script to run once (optional)"
            ),
            Field("callback", "Callback URL", d.callback, placeholder="https://… (optional)"),
            root_size_field(d.root_size, self.draft.preset.disk_gb if self.draft.preset else None),
        ]
        if gpu and jenkins:
            fields.append(
                Field(
                    "jenkins",
                    "GPU task id",
                    str(d.jenkins) if d.jenkins is not None else "",
                    lambda t: (
                        None
                        if not t.strip() or any(str(j.id) == t.strip() for j in jenkins)
                        else "One of: " + ", ".join(f"{j.id} {j.description}" for j in jenkins)
                    ),
                    placeholder=", ".join(f"{j.id}={j.description}" for j in jenkins[:3]),
                )
            )
        fields.append(
            Field("own_os", "Own OS (install nothing)", "1" if d.own_os else "", toggle=True)
        )
        values = await self.hostkey.push_screen_wait(
            FormModal(
                "Order details",
                fields,
                intro=(
                    "Root password: 8 or more characters, upper- and lower-case letters, and a "
                    "digit or a special character. It is kept in memory until the order, "
                    "then dropped."
                ),
                submit="Use these",
            )
        )
        if values is None:
            return
        jenkins_text = values.get("jenkins", "").strip()
        self.draft = replace(
            self.draft,
            details=Details(
                hostname=values["hostname"].strip(),
                root_pass=Secret(values["root_pass"]),
                ssh_key=values["ssh_key"].strip(),
                script=values["script"].strip(),
                callback=values["callback"].strip(),
                root_size=values["root_size"].strip(),
                own_os=bool(values["own_os"]),
                jenkins=int(jenkins_text) if jenkins_text.lstrip("-").isdigit() else None,
            ),
        )
        # The table is rebuilt once this screen is shown again (columns measure then).
        self.call_after_refresh(self.action_forward)

    # -- keys of the server step -------------------------------------------------------------

    def action_toggle_stock(self) -> None:
        self.stock_mode = not self.stock_mode
        self.sort = "price"
        if self.stock_mode and self.stocks is None:
            self.load_stocks()
        self._show()

    def action_stock_group(self) -> None:
        self.stock_group = STOCK_GROUPS[
            (STOCK_GROUPS.index(self.stock_group) + 1) % len(STOCK_GROUPS)
        ]
        self.load_stocks()

    def action_cycle_sort(self) -> None:
        sorts = STOCK_SORTS if self.stock_mode else PRESET_SORTS
        self.sort = (
            sorts[(sorts.index(self.sort) + 1) % len(sorts)] if self.sort in sorts else sorts[0]
        )
        self._show()

    def action_focus_filter(self) -> None:
        self.query_one("#choice-filter", TextInput).focus()

    @on(TextInput.Changed, "#choice-filter")
    def _filtered(self) -> None:
        if self.step == "server":
            self._show()

    @on(TextInput.Submitted, "#choice-filter")
    def _filter_done(self) -> None:
        self.query_one("#choices", DataTable).focus()

    def action_stock_detail(self) -> None:
        picked = self._current()
        if isinstance(picked, StockServer):
            self.run_flow(self._stock_detail(picked))

    async def _stock_detail(self, stock: StockServer) -> None:
        services = self.hostkey.services
        if services is None:
            return
        try:
            full = await install.stock_detail(services, stock.id)
        except InvapiError as error:
            self.hostkey.report_error(error)
            return
        tags = {
            "ipmi": "remote management (IPMI) available",
            "hwraid": "hardware RAID controller: deployed by hand",
            "no_autodeploy": "no automatic deployment: deployed by hand",
        }
        lines = [
            f"{full.cpu_count or 1} × {full.cpu_name} "
            f"({full.cpu_cores} cores, score {full.cpu_score})",
            f"RAM {_gb(full.ram_gb)} {full.ram_type}".strip(),
            "Disks " + ", ".join(f"{d.count}×{d.name}" for d in full.disks),
            f"GPU {full.gpu_count}×{full.gpu_name}" if full.gpu_count else "No GPU",
            "RAID " + (" ".join(full.raid_levels) or "none"),
            "Prices " + " · ".join(f"{m} mo {_eur(full.price(m))}" for m in (1, 3, 6, 12)),
        ]
        lines += [f"{name}: {tags.get(name, value)}" for name, value in full.tags]
        await self.hostkey.push_screen_wait(
            ConfirmModal(
                f"Stock server {full.id}: " + " · ".join(lines),
                [ConfirmTarget(full.id, full.name, full.location)],
                button="Close",
                warning=MANUAL if full.manual_deploy else "",
            )
        )

    def action_refresh(self) -> None:
        self.recheck_changes()
        if self.draft.location:
            self.load_catalog(self.draft.location)

    # -- ordering ----------------------------------------------------------------------------

    def action_order(self) -> None:
        self.run_flow(self._order())

    def action_start_over(self) -> None:
        """A new order from the first step (a sent one stays followed in Jobs)."""
        self.draft = Draft()
        self.sent_at = None
        self.job_id = ""
        self.order_started = None
        self.query_one("#order-stages", InstallStages).show(None)
        self._go("location")
        self.note = "A new order: choose the location."
        self._show()

    async def _order(self) -> None:
        app, d = self.hostkey, self.draft
        services = app.services
        missing = [STEP_TITLES[s] for s in STEPS[:-1] if not d.done(s)]
        if services is None or not can_change(app, "Ordering a server", pin=True):
            return
        if self.sent_at is not None:
            app.say(
                f"This order was sent at {clock_time(self.sent_at)}: it is not sent again. "
                "N starts a new order.",
                severity="warning",
            )
            return
        unsettled = app.state.unsettled.get("order:account")
        if unsettled is not None:
            app.say(refusal(unsettled), severity="warning")
            return
        if missing:
            app.say(f"Still to choose: {', '.join(missing)}.", severity="warning")
            return
        server = d.server
        assert server is not None
        assert d.plan is not None
        months = DEPLOY_PERIODS[d.period]
        total = self._total(months)
        name = d.preset.name if d.preset else f"stock server {server.id}"
        if not await app.push_screen_wait(
            ConfirmModal(
                f"Order {name} in {d.location} for {_eur(total)} ({d.period})?",
                [ConfirmTarget(server.id, d.details.hostname or name, d.location)],
                button="Order",
                warning=MANUAL if d.stock is not None and d.stock.manual_deploy else "",
            )
        ):
            return
        pin = await ask_pin(app, f"Order {name}", [d.details.hostname or name])
        if pin is None:
            return
        details = d.details
        order = OrderRequest(
            preset=d.preset.name if d.preset else str(server.id),
            location=d.location,
            traffic_plan=d.plan.id,
            deploy_period=d.period,
            install=InstallOptions(
                os_id=d.image.id if d.image else 0,
                root_pass=details.root_pass,
                hostname=details.hostname,
                soft_id=d.soft.id if d.soft else None,
                ssh_key=resolve_ssh_key(details.ssh_key, await saved_ssh_keys(app)),
                post_install_script=details.script,
                post_install_callback=details.callback,
                own_os=details.own_os,
                root_size=root_size_percent(details.root_size),
                os_name=d.image.name if d.image else "",
                jenkins_task=details.jenkins,
            ),
        )
        self.order_started = app.clock.now()
        self.job_id = ""
        title = f"Order {name} ({d.location})"

        # From the moment it is sent, this summary is done: the deploy that follows may take an
        # hour, and `o` meanwhile must not order a second server.
        self.sent_at = self.order_started

        async def send() -> None:
            try:
                job, result = await install.order_server(services, order, pin, title)
            except ApiError as error:
                self.sent_at = None  # refused by invapi: change a step and order again
                if self.is_mounted:
                    self._refused(error.message)
                else:
                    app.report_error(error)
                return
            if result is None and job.state is TaskState.FAILED:
                self.sent_at = None  # surely not taken (a wrong PIN, nothing sent)
            if self.is_mounted:
                self._ordered(job)

        # A job of the app: the deploy is followed even if this screen is left.
        app.run_job(send())

    def _ordered(self, job: Job) -> None:
        self.job_id = job.id
        self.state_changed(self.hostkey.state)
        # The password goes with an order that may have been placed; it is not kept for another
        # one. An order that surely failed keeps it, so that trying again loses nothing typed.
        if job.state is not TaskState.FAILED:
            self.draft = replace(
                self.draft, details=replace(self.draft.details, root_pass=Secret(""))
            )
        self._show()

    def _refused(self, message: str) -> None:
        """invapi refused the order: back to the step to change, saying why."""
        step = refused_step(message)
        if step == "software":
            self.draft = replace(self.draft, soft=None, no_soft=False)
        elif step == "os":
            self.draft = replace(self.draft, image=None, soft=None, no_soft=False)
        self._go(step)
        self.note = f"invapi refused the order: {message} Change this step, then order again."
        self._show()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        allowed = super().check_action(action, parameters)
        if not allowed or not self.is_mounted:
            return allowed
        if action in ("toggle_stock", "cycle_sort"):
            return self.step == "server"
        if action == "start_over":
            return self.step == "summary"
        if action == "focus_filter":
            return self.step == "server" and not self.stock_mode
        if action in ("stock_group", "stock_detail"):
            return self.step == "server" and self.stock_mode
        if action == "order":
            return self.step == "summary"
        if action == "forward":
            return self.step != "summary" and self.draft.done(self.step)
        if action == "back":
            return self.step != "location" or self.query_one("#choice-filter").has_focus
        return True
