"""What each step of the order wizard shows in its table: pure functions from the draft and the
catalogue to a title, columns and rows. The texts around the table are in `panels`."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from rich.text import Text

from hostkey_tui.models.catalog import (
    DEPLOY_PERIODS,
    HOURLY,
    LOCATION_NAMES,
    Preset,
    StockServer,
    TrafficPlan,
)
from hostkey_tui.models.orders import ORDER_STEPS, Draft
from hostkey_tui.records import dataclass
from hostkey_tui.services.install import Catalog
from hostkey_tui.ui.flows.install import root_size_percent, root_size_text
from hostkey_tui.ui.kit.text import HIDDEN, cell, fit
from hostkey_tui.ui.kit.widgets.table import nothing_matches

STEPS = ORDER_STEPS
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
SUMMARY_TITLE = "8. Summary: what will be ordered"
PRESET_SORTS = ("price", "cpu", "ram", "disk", "name")
STOCK_SORTS = ("price", "score", "ram")
MANUAL = (
    "Hardware RAID or no_autodeploy: HOSTKEY deploys this server by hand, by the next "
    "business day (no live stages until then)."
)
#: What the summary and the confirmation say of an hourly order, where others show prices.
HOURLY_SAID = (
    "Billed by the hour: invapi publishes no hourly price; the invoice it issues says what "
    "this costs (Billing, 2).",
    'invapi\'s documentation calls hourly billing "coming soon": it may refuse the order, '
    "and then nothing is ordered.",
)


@dataclass(frozen=True, slots=True)
class Choices:
    """A step's table: its title, columns, rows, what each row stands for, and the chosen one."""

    title: str
    columns: tuple[str, ...]
    rows: Sequence[tuple[Text, ...]]
    items: Sequence[object]
    selected: object | None = None
    #: What the step has to say (None: the note stays as it is).
    note: str | None = None


def gb(value: int | None) -> str:
    if value is None:
        return ""
    return f"{value / 1024:g} TB" if value >= 1024 else f"{value} GB"


def _price(amount: Decimal | None, currency: str) -> str:
    return "—" if amount is None else f"{amount:.2f} {currency}"


def eur(amount: Decimal | None) -> str:
    return "—" if amount is None else f"{amount:.2f} €"


def missing_titles(draft: Draft) -> list[str]:
    return [STEP_TITLES[step] for step in draft.missing()]


# -- the steps' tables -------------------------------------------------------------------------


def locations(draft: Draft) -> Choices:
    return Choices(
        "1. Where should the server be?",
        ("Code", "Location"),
        [(cell(code, "bold"), cell(name)) for code, name in LOCATION_NAMES.items()],
        list(LOCATION_NAMES),
        draft.location,
    )


def presets(draft: Draft, catalog: Catalog | None, sort: str, query: str, wide: bool) -> Choices:
    """The instance presets sold here, filtered by `query`, sorted by `sort` (`wide`: with
    their descriptions)."""
    location = draft.location
    available = catalog.presets if catalog else ()
    # Where a preset is also priced in another currency here, that price is shown too.
    extra = [c for c in ("USD", "RUB") if any(p.price(location, c) is not None for p in available)]
    columns = ["Name", "Description", "CPU", "RAM", "Disk", "GPU", "Kind", "€/month"]
    columns += [f"{c}/month" for c in extra] + ["In stock"]
    shown = [
        p
        for p in available
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
        }[sort]

    shown.sort(key=key)
    rows = []
    for p in shown:
        # invapi's `available`: how many can be had at once (none: it waits for stock).
        now = "?" if p.available is None else (str(p.available) if p.available > 0 else "none")
        described = [cell(fit(p.description, 28))] if wide else []
        rows.append(
            (
                cell(p.name, "bold"),
                *described,
                cell(str(p.cpu or "")),
                cell(gb(p.ram_gb)),
                cell(gb(p.disk_gb)),
                cell(p.gpu or "—"),
                cell(p.kind.label),
                cell(eur(p.price(location))),
                *(cell(_price(p.price(location, c), c)) for c in extra),
                cell(now, "dim" if now in ("none", "?") else ""),
            )
        )
    note = None
    if catalog is not None and not shown:
        note = nothing_matches(query) if query else "Nothing is sold here now."
    return Choices(
        f"2. An instance preset in {LOCATION_NAMES.get(location, location)} (sorted by {sort})",
        tuple(c for c in columns if wide or c != "Description"),
        rows,
        list(shown),
        draft.preset,
        note,
    )


def stock_servers(
    draft: Draft, stocks: tuple[StockServer, ...] | None, group: str, sort: str
) -> Choices:
    """The stock servers of `group` here (`stocks` None: still being read)."""
    location = draft.location
    listed = list(stocks or ())

    def key(s: StockServer) -> tuple[object, ...]:
        price = s.price(1) or Decimal(0)
        if sort == "score":
            return (-(s.cpu_score or 0), price)
        if sort == "ram":
            return (-(s.ram_gb or 0), price)
        return (price, s.id)

    listed.sort(key=key)
    rows = []
    for s in listed:
        disks = ", ".join(f"{d.count}×{d.name}" for d in s.disks)
        gpu = f"{s.gpu_count}×{s.gpu_name}" if s.gpu_count else "—"
        rows.append(
            (
                cell(str(s.id), "bold"),
                cell(fit(s.cpu_name, 22)),
                cell(str(s.cpu_score or "")),
                cell(gb(s.ram_gb)),
                cell(fit(disks, 16)),
                cell(gpu),
                cell(" ".join(s.raid_levels) or "—"),
                cell(eur(s.price(1))),
                cell(deploy_words(s), "yellow" if s.manual_deploy else ""),
            )
        )
    if stocks is None:
        note = "reading the stock servers…"
    elif not listed:
        note = f"No stock server in group {group} here: g tries another group."
    else:
        note = ""
    return Choices(
        f"2. A stock server in {LOCATION_NAMES.get(location, location)} · group {group} "
        f"(sorted by {sort if sort in STOCK_SORTS else 'price'})",
        ("Id", "CPU", "Score", "RAM", "Disks", "GPU", "RAID", "€/month", "Deploy"),
        rows,
        list(listed),
        draft.stock,
        note,
    )


def deploy_words(stock: StockServer) -> str:
    """How the stock server is set up: invapi's `deployment_estimate` ("auto", or a time)
    and whether a person deploys it."""
    estimate = stock.deployment.strip()
    said = "automatic" if estimate.lower() == "auto" else fit(estimate, 12)
    if stock.manual_deploy:
        return "manual" + (f", {said}" if said and said != "automatic" else "")
    return said or "—"


def images(draft: Draft, catalog: Catalog | None, *, wide: bool = False) -> Choices:
    """The OSes (`wide`: with invapi's description of each)."""
    machine = draft.machine
    active = [i for i in (catalog.os_list if catalog else ()) if i.active]
    cores = machine.cpu if machine else None
    rows = []
    for image in active:
        problem = draft.misfit(image)
        licence = image.licence_price(cores) if image.is_windows else None
        rows.append(
            (
                cell(image.name, "dim" if problem else "bold"),
                cell(problem or "yes", "dim" if problem else "green"),
                cell(fit(image.user_name, 14)),
                cell(eur(licence) if licence else "—"),
                *([cell(fit(image.description, 40))] if wide else []),
            )
        )
    return Choices(
        "3. The operating system (what does not fit this server is said why)",
        ("OS", "Fits", "Sign in as", "Licence / month", *(["Description"] if wide else [])),
        rows,
        list(active),
        draft.image,
    )


def software(draft: Draft, catalog: Catalog | None) -> Choices:
    image = draft.image
    active = [s for s in (catalog.software if catalog else ()) if s.active]
    rows = [(cell("none", "bold"), cell(""), cell("yes", "green"), cell(""))]
    for soft in active:
        problem = draft.misfit(soft)
        rows.append(
            (
                cell(soft.name, "dim" if problem else "bold"),
                cell(soft.group),
                cell(problem or "yes", "dim" if problem else "green"),
                cell(eur(soft.price) if soft.price else "—"),
            )
        )
    return Choices(
        f"4. Software with {image.name if image else 'the OS'} (optional)",
        ("Software", "Group", "Fits", "Price"),
        rows,
        ["none", *active],
        "none" if draft.no_soft else draft.soft,
    )


def traffic(draft: Draft, catalog: Catalog | None) -> Choices:
    """The plans that go with the chosen server here (as `traffic_plans/list` lists them for
    it): one that does not is not offered."""
    plans = [
        p for p in (catalog.traffic_plans if catalog else ()) if p.active and not draft.misfit(p)
    ]
    rows = [
        (
            cell(plan.name, "bold"),
            cell(_limit(plan.limit_in_tb)),
            cell(_limit(plan.limit_out_tb)),
            cell(f"{plan.bandwidth_mbps} Mbps" if plan.bandwidth_mbps else ""),
            cell(_over(plan)),
            cell(eur(plan.price or Decimal(0))),
        )
        for plan in plans
    ]
    return Choices(
        "5. The traffic plan (over its limits, each TB is billed at the rate shown)",
        ("Plan", "In TB", "Out TB", "Bandwidth", "Over, €/TB", "€/month"),
        rows,
        list(plans),
        draft.plan,
    )


def details(draft: Draft, catalog: Catalog | None) -> Choices:
    d = draft.details
    jenkins = next(
        (j.description for j in (catalog.jenkins if catalog else ()) if j.id == d.jenkins), ""
    )
    disk = draft.preset.disk_gb if draft.preset else None
    shown = [
        ("Hostname", d.hostname or "(named after its id)"),
        ("Root password", HIDDEN if d.root_pass.reveal() else "not set yet"),
        ("SSH key", fit(d.ssh_key, 50) or "none"),
        ("Post-install script", fit(d.script, 50) or "none"),
        ("Callback URL", d.callback or "none"),
        ("GPU task", jenkins or "none"),
        ("Root size", root_size_text(root_size_percent(d.root_size), disk)),
        ("Own OS", "yes (no OS installed by HOSTKEY)" if d.own_os else "no"),
        ("Options (O)", ", ".join(f"{k} {v}" for k, v in draft.options.lines()) or "none"),
    ]
    return Choices(
        "6. Hostname, root password, SSH key, post-install (O: order options)",
        ("Detail", "Value"),
        [(cell(name, "bold"), cell(value)) for name, value in shown],
        [name for name, _ in shown],
    )


def periods(draft: Draft) -> Choices:
    rows = [
        (cell(period, "bold"), cell(str(months)), cell(eur(draft.total(months))))
        for period, months in DEPLOY_PERIODS.items()
    ]
    items = list(DEPLOY_PERIODS)
    if draft.stock is None:
        # A stock server's billing_plan prices months only; an instant preset may be billed
        # by the hour, at a price invapi does not publish (said here and on the summary).
        rows.append((cell(HOURLY, "bold"), cell("by the hour"), cell("no published price")))
        items.append(HOURLY)
    return Choices("7. Pay for how long?", ("Period", "Months", "Total"), rows, items, draft.period)


def table(step: str, draft: Draft, catalog: Catalog | None) -> Choices:
    """The table of a step other than the server (see `presets`, `stock_servers`) and the
    summary."""
    if step == "location":
        return locations(draft)
    if step == "period":
        return periods(draft)
    return {"os": images, "software": software, "traffic": traffic, "details": details}[step](
        draft, catalog
    )


def _limit(tb: Decimal | None) -> str:
    """A traffic limit in TB; invapi writes 999 for none."""
    if tb is None:
        return "?"
    return "unmetered" if tb >= 999 else f"{tb.normalize():f}"


def _over(plan: TrafficPlan) -> str:
    """What each TB beyond the limits costs (`rate_out`/`rate_in`, documented as €/TB)."""
    said = []
    if plan.rate_out is not None and (plan.limit_out_tb or 0) < 999:
        said.append(f"out {plan.rate_out.normalize():f}")
    if plan.rate_in and (plan.limit_in_tb or 0) < 999:
        said.append(f"in {plan.rate_in.normalize():f}")
    return ", ".join(said) or "—"
