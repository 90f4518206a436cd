"""What can be ordered: presets, OS images, software, traffic plans, stock servers, tasks."""

from __future__ import annotations

from decimal import Decimal

from hostkey_tui.models.common import Obj, as_decimal, as_int, as_list, as_text, total
from hostkey_tui.models.server import DiskGroup, ServerKind
from hostkey_tui.models.tags import Tag, tag_true, tag_value, tags_from_json
from hostkey_tui.records import dataclass

LOCATIONS = ("NL", "US", "FI", "DE", "IS", "TR")
LOCATION_NAMES = {
    "NL": "Netherlands",
    "US": "USA",
    "FI": "Finland",
    "DE": "Germany",
    "IS": "Iceland",
    "TR": "Turkey",
}
STOCK_GROUPS = ("ALL", "1CPU", "2CPU", "GPU", "AMD", "AMD-MODERN", "INTEL")
#: deploy_period values and the months each covers (billing_plan keys are months).
DEPLOY_PERIODS = {"monthly": 1, "quarterly": 3, "semi-annually": 6, "annually": 12}
#: Billed by the hour: the documentation lists it as "coming soon" and publishes no hourly
#: price; HOSTKEY's Terraform provider sends it (resource_server.go's deploy_period). Offered
#: for instant presets only: a stock server's billing_plan has prices by months alone.
HOURLY = "hourly"


def period_months(period: str) -> int | None:
    """The months a deploy_period is paid for in advance (None: hourly, or not a period)."""
    return DEPLOY_PERIODS.get(period)


def _kinds(tags: tuple[Tag, ...]) -> frozenset[ServerKind]:
    return frozenset(kind for kind in ServerKind if tag_true(tags, kind.value))


def _locations(value: object) -> tuple[str, ...]:
    return tuple(part.strip() for part in as_text(value).split(",") if part.strip())


@dataclass(frozen=True, slots=True)
class Preset:
    id: int
    name: str
    description: str = ""
    cpu: int | None = None
    ram_gb: int | None = None
    disk_gb: int | None = None
    gpu: str = ""
    locations: tuple[str, ...] = ()
    virtual: bool = False
    monthly_eur: Decimal | None = None
    prices: tuple[tuple[str, str, Decimal], ...] = ()  # (location, currency, monthly price)
    available: int | None = None
    server_type: str = ""
    active: bool = True
    tags: tuple[Tag, ...] = ()

    @property
    def kind(self) -> ServerKind:
        if tag_true(self.tags, "vgpu"):
            return ServerKind.VGPU
        if tag_true(self.tags, "gpu") or self.gpu:
            return ServerKind.VGPU if self.virtual else ServerKind.GPU
        return ServerKind.VM if self.virtual else ServerKind.BARE_METAL

    def price(self, location: str, currency: str = "EUR") -> Decimal | None:
        """The monthly price in a location; None where it is not sold (the API says -1)."""
        for loc, cur, amount in self.prices:
            if loc == location and cur == currency:
                return amount if amount >= 0 else None
        if not self.prices and location in self.locations and currency == "EUR":
            return self.monthly_eur
        return None


def _preset(o: Obj) -> Preset:
    prices: list[tuple[str, str, Decimal]] = []
    price_obj = o.obj("price")
    for location in price_obj:
        per_currency = price_obj.obj(location)
        for currency in per_currency:
            amount = per_currency.decimal(currency)
            if amount is not None:
                prices.append((location[:4], currency[:4], amount))
    return Preset(
        id=o.req_int("id"),
        name=o.text("name"),
        description=o.text("description"),
        cpu=o.int("cpu"),
        ram_gb=o.int("ram"),
        disk_gb=o.int("hdd"),
        gpu=o.text("gpu"),
        locations=_locations(o.get("locations")),
        virtual=o.bool("virtual"),
        monthly_eur=o.decimal("monthly_com"),
        prices=tuple(prices),
        available=o.int("available"),
        server_type=o.text("server_type"),
        active=o.bool("active", True),
        tags=tags_from_json(o.list("tags"), "preset.tags"),
    )


@total("presets/list")
def presets_from_json(data: object) -> tuple[Preset, ...]:
    reply = Obj(data, "presets/list")
    return tuple(_preset(o) for o in reply.objs("presets") if o.int("id") is not None)


@dataclass(frozen=True, slots=True)
class OsImage:
    id: int
    name: str
    active: bool = True
    description: str = ""
    kinds: frozenset[ServerKind] = frozenset()
    family: str = ""
    min_ram_gb: int | None = None
    min_disk_gb: int | None = None
    price_per_core_eur: Decimal | None = None
    licence_by_cores: tuple[tuple[int, Decimal], ...] = ()  # (cores, EUR) from billing_plan
    user_name: str = "root"
    short_name: str = ""

    @property
    def is_windows(self) -> bool:
        return "windows" in (self.family + " " + self.name).lower()

    def licence_price(self, cores: int | None) -> Decimal | None:
        """The monthly licence for `cores` cores: the plan's step at or above, else per core."""
        if cores is None:
            return None
        for step, price in sorted(self.licence_by_cores):
            if cores <= step:
                return price
        if self.price_per_core_eur is not None:
            return self.price_per_core_eur * cores
        return None


def _os(o: Obj) -> OsImage:
    tags = tags_from_json(o.list("tags"), "os.tags")
    plan: list[tuple[int, Decimal]] = []
    eur = o.obj("billing_plan").obj("EUR")
    for cores in eur:
        count, price = as_int(cores), eur.decimal(cores)
        if count is not None and price is not None:
            plan.append((count, price))
    return OsImage(
        id=o.req_int("id"),
        name=o.text("name"),
        active=o.bool("active", True),
        description=o.text("description"),
        kinds=_kinds(tags),
        family=tag_value(tags, "family"),
        min_ram_gb=as_int(tag_value(tags, "min_ram")),
        min_disk_gb=as_int(tag_value(tags, "min_hdd")),
        price_per_core_eur=as_decimal(tag_value(tags, "price_per_core_EUR")),
        licence_by_cores=tuple(sorted(plan)),
        user_name=tag_value(tags, "user_name") or "root",
        short_name=tag_value(tags, "short_name"),
    )


@total("os/list")
def os_list_from_json(data: object) -> tuple[OsImage, ...]:
    reply = Obj(data, "os/list")
    return tuple(_os(o) for o in reply.objs("os_list") if o.int("id") is not None)


@dataclass(frozen=True, slots=True)
class Software:
    id: int
    name: str
    description: str = ""
    price: Decimal | None = None
    active: bool = True
    task: str = ""
    kinds: frozenset[ServerKind] = frozenset()
    os_ids: frozenset[int] = frozenset()
    min_cpu: int | None = None
    min_ram_gb: int | None = None
    group: str = ""


def _software(o: Obj) -> Software:
    tags = tags_from_json(o.list("tags"), "software.tags")
    os_ids: set[int] = set()
    for item in o.list("tags"):
        if isinstance(item, dict) and item.get("tag") == "os":
            for value in as_list(item.get("value")):
                number = as_int(value)
                if number is not None:
                    os_ids.add(number)
    return Software(
        id=o.req_int("id"),
        name=o.text("name"),
        description=o.text("description"),
        price=o.decimal("price"),
        active=o.bool("active", True),
        task=o.text("task"),
        kinds=_kinds(tags),
        os_ids=frozenset(os_ids),
        min_cpu=as_int(tag_value(tags, "min_cpu")),
        min_ram_gb=as_int(tag_value(tags, "min_ram")),
        group=tag_value(tags, "group") or tag_value(tags, "family"),
    )


@total("software/list")
def software_from_json(data: object) -> tuple[Software, ...]:
    reply = Obj(data, "software/list")
    return tuple(_software(o) for o in reply.objs("software") if o.int("id") is not None)


@dataclass(frozen=True, slots=True)
class TrafficPlan:
    id: int
    name: str
    limit_in_tb: Decimal | None = None
    limit_out_tb: Decimal | None = None
    rate_in: Decimal | None = None
    rate_out: Decimal | None = None
    bandwidth_mbps: int | None = None
    locations: tuple[str, ...] = ()
    price: Decimal | None = None
    kinds: frozenset[ServerKind] = frozenset()
    active: bool = True


@total("traffic_plans/list")
def traffic_plans_from_json(data: object) -> tuple[TrafficPlan, ...]:
    reply = Obj(data, "traffic_plans/list")
    plans = []
    for o in reply.objs("traffic_plans"):
        if o.int("id") is None:
            continue
        tags = tags_from_json(o.list("tags"), "traffic_plans.tags")
        plans.append(
            TrafficPlan(
                id=o.req_int("id"),
                name=o.text("name"),
                limit_in_tb=o.decimal("limit_in"),
                limit_out_tb=o.decimal("limit_out"),
                rate_in=o.decimal("rate_in"),
                rate_out=o.decimal("rate_out"),
                bandwidth_mbps=o.int("bandwidth"),
                locations=_locations(o.get("locations")),
                price=o.decimal("price"),
                kinds=_kinds(tags),
                active=o.bool("active", True),
            ),
        )
    return tuple(plans)


@dataclass(frozen=True, slots=True)
class StockServer:
    id: int
    name: str
    config: str = ""
    location: str = ""
    motherboard: str = ""
    cpu_name: str = ""
    cpu_type: str = ""
    cpu_count: int | None = None
    cpu_cores: int | None = None
    cpu_ghz: str = ""
    cpu_score: int | None = None
    ram_gb: int | None = None
    ram_type: str = ""
    disks: tuple[DiskGroup, ...] = ()
    gpu_name: str = ""
    gpu_count: int = 0
    raid_levels: tuple[str, ...] = ()
    tags: tuple[tuple[str, str], ...] = ()  # name → value
    deployment: str = ""
    prices: tuple[tuple[str, int, Decimal], ...] = ()  # (currency, months, price)
    group: str = ""

    def tag(self, name: str) -> str | None:
        return next((v for k, v in self.tags if k == name), None)

    @property
    def manual_deploy(self) -> bool:
        """Hardware RAID or no_autodeploy: our operations team deploys it by hand."""
        hwraid = self.tag("hwraid")
        return (hwraid is not None and hwraid not in ("", "0")) or self.tag(
            "no_autodeploy"
        ) is not None

    def price(self, months: int = 1, currency: str = "EUR") -> Decimal | None:
        for cur, period, amount in self.prices:
            if cur == currency and period == months:
                return amount
        return None


def _stock(o: Obj) -> StockServer:
    hw = o.obj("hardware")
    location_value = o.get("location")
    location = (
        o.obj("location").text("dc_location")
        if isinstance(location_value, dict)
        else as_text(location_value, single_line=True)
    )
    tags_obj = o.obj("tags")
    tags = tuple((name[:32], tags_obj.obj(name).text("value")) for name in tags_obj)
    prices: list[tuple[str, int, Decimal]] = []
    plan = o.obj("billing_plan")
    for currency in plan:
        per = plan.obj(currency)
        for months in per:
            count, amount = as_int(months), per.decimal(months)
            if count is not None and amount is not None:
                prices.append((currency[:4], count, amount))
    return StockServer(
        id=o.req_int("id"),
        name=o.text("name"),
        config=hw.text("config"),
        location=location,
        motherboard=hw.text("motherboard_name"),
        cpu_name=hw.text("cpu_name"),
        cpu_type=hw.text("cpu_type"),
        cpu_count=hw.int("cpu_count") or o.int("cpu_count"),
        cpu_cores=hw.int("cpu_cores"),
        cpu_ghz=hw.text("cpu_frq"),
        cpu_score=o.int("cpu_perf"),
        ram_gb=hw.int("ram"),
        ram_type=hw.text("ram_type"),
        disks=tuple(
            DiskGroup(d.text("name"), d.text("type"), d.int("count", 1) or 1, d.int("size"))
            for d in hw.objs("hdd_groups")
        ),
        gpu_name=hw.text("gpu_name"),
        gpu_count=hw.int0("gpu_count"),
        raid_levels=tuple(as_text(r) for r in hw.list("raid_levels") if as_text(r)),
        tags=tags,
        deployment=o.text("deployment_estimate"),
        prices=tuple(sorted(prices)),
        group=o.text("server_group"),
    )


@total("stocks/list")
def stocks_from_json(data: object) -> tuple[StockServer, ...]:
    reply = Obj(data, "stocks/list")
    return tuple(_stock(o) for o in reply.objs("servers") if o.int("id") is not None)


@total("stocks/show")
def stock_from_json(data: object) -> StockServer:
    return _stock(Obj(data, "stocks/show").req_obj("server_data"))


@dataclass(frozen=True, slots=True)
class JenkinsTask:
    id: int
    task: str
    description: str
    variant: str = ""
    tags: frozenset[str] = frozenset()


@total("jenkins/get_tasks")
def jenkins_tasks_from_json(data: object) -> tuple[JenkinsTask, ...]:
    reply = Obj(data, "jenkins/get_tasks")
    return tuple(
        JenkinsTask(
            id=o.req_int("id"),
            task=o.text("task"),
            description=o.text("desc"),
            variant=o.text("tag"),
            tags=frozenset(t.text("tag") for t in o.objs("tags") if t.text("tag")),
        )
        for o in reply.objs("tasks")
        if o.int("id") is not None
    )
