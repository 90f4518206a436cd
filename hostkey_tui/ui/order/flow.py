"""The order wizard's flows: the details form, a stock server's detail, and the order itself
(confirm, PIN, sent once, followed as an app job)."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Protocol

from hostkey_tui.api import ApiError
from hostkey_tui.models.account import SshKey
from hostkey_tui.models.catalog import HOURLY, LOCATION_NAMES, StockServer
from hostkey_tui.models.common import Secret
from hostkey_tui.models.orders import (
    Details,
    Draft,
    check_hostname,
    check_root_password,
    check_ssh_key,
)
from hostkey_tui.models.server import ServerKind
from hostkey_tui.models.tasks import TaskState
from hostkey_tui.services import install
from hostkey_tui.services.changes import refusal
from hostkey_tui.services.install import Catalog
from hostkey_tui.state.state import AppState, Job
from hostkey_tui.ui.flows.install import (
    resolve_ssh_key,
    root_size_field,
    root_size_percent,
    saved_ssh_keys,
    ssh_key_field,
)
from hostkey_tui.ui.kit.guard import ask_pin, can_change
from hostkey_tui.ui.kit.modals.confirm import ConfirmModal, ConfirmTarget
from hostkey_tui.ui.kit.modals.form import Field, FormModal
from hostkey_tui.ui.kit.status import clock_time
from hostkey_tui.ui.order.steps import HOURLY_SAID, MANUAL, eur, gb, missing_titles

if TYPE_CHECKING:
    from hostkey_tui.ui.host import Host


class Wizard(Protocol):
    """What the order flow reads and marks on the wizard screen."""

    #: When this summary's order went to invapi (None: not sent, or surely not taken).
    sent_at: float | None
    #: When the order was sent (its job is the first `order_instance` job since).
    order_started: float | None
    job_id: str

    @property
    def hostkey(self) -> Host: ...

    @property
    def draft(self) -> Draft: ...

    @property
    def is_mounted(self) -> bool: ...

    def ordered(self, job: Job) -> None: ...

    def refused(self, message: str) -> None: ...

    def cleared(self, note: str) -> None: ...

    def sending(self) -> None: ...


async def order(wizard: Wizard) -> None:
    """Order the draft: said refused up front if it was sent already, if an earlier order's
    outcome is still unknown, or if a step is missing; else confirmed, the PIN, sent once."""
    app, d = wizard.hostkey, wizard.draft
    services = app.services
    missing = missing_titles(d)
    if services is None or not can_change(app, "Ordering a server", pin=True):
        return
    if wizard.sent_at is not None:
        app.say(
            f"This order was sent at {clock_time(wizard.sent_at)}: it is not sent again. "
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
    saved = await saved_ssh_keys(app)
    stale = stale_ssh_key(d.details, saved)
    if stale:
        # A name is not a key: sent as it is, the server would get no usable key.
        app.say(
            f"The SSH key '{stale}' is no longer in your account: choose it again in Details.",
            severity="warning",
        )
        return
    server = d.server
    assert server is not None
    total = d.total()
    name = d.name
    cost = "billed by the hour" if d.period == HOURLY else f"for {eur(total)} ({d.period})"
    warnings = [MANUAL] if d.stock is not None and d.stock.manual_deploy else []
    if d.period == HOURLY:
        warnings.append(" ".join(HOURLY_SAID))
    if not await app.push_screen_wait(
        ConfirmModal(
            f"Order {name} in {d.location} {cost}?",
            [ConfirmTarget(server.id, d.details.hostname or name, d.location)],
            button="Order",
            warning="\n".join(warnings),
        )
    ):
        return
    hourly = ", billed by the hour" if d.period == HOURLY else ""
    pin = await ask_pin(app, f"Order {name}{hourly}", [d.details.hostname or name])
    if pin is None:
        return
    ssh_key = resolve_ssh_key(d.details.ssh_key, saved)
    request = d.request(ssh_key, root_size_percent(d.details.root_size))
    wizard.order_started = app.clock.now()
    wizard.job_id = ""
    title = f"Order {name} ({d.location})"

    # From the moment it is sent, this summary is done: the deploy that follows may take an
    # hour, and `o` meanwhile must not order a second server.
    wizard.sent_at = wizard.order_started
    wizard.sending()

    async def send() -> None:
        try:
            job, result = await install.order_server(services, request, pin, title)
        except ApiError as error:
            wizard.sent_at = None  # refused by invapi: change a step and order again
            if wizard.is_mounted:
                wizard.refused(error.message)
            else:
                app.report_error(error)
            return
        if result is None and job.state is TaskState.FAILED:
            wizard.sent_at = None  # surely not taken (a wrong PIN, nothing sent)
        if wizard.is_mounted:
            wizard.ordered(job)

    # A job of the app: the deploy is followed even if this screen is left.
    app.run_job(send())


async def start_over(wizard: Wizard) -> None:
    """Back to the first step with nothing chosen: a sent order is left to its job; an order
    being chosen is abandoned, asked first when something was chosen (nothing was sent)."""
    app, d = wizard.hostkey, wizard.draft
    if wizard.sent_at is not None:
        wizard.cleared("A new order: choose the location. The one sent is followed in Jobs (5).")
        return
    if d == Draft():
        wizard.cleared("A new order: choose the location.")
        return
    chosen = " in ".join(c for c in (d.name, LOCATION_NAMES.get(d.location, d.location)) if c)
    if not await app.push_screen_wait(
        ConfirmModal(
            f"Abandon this order ({chosen})? Every choice made so far is cleared.",
            [],
            button="Abandon",
            warning="Nothing has been sent: nothing is ordered or billed.",
        )
    ):
        return
    # Said in the first step's note (a toast would cover it with the same words).
    wizard.cleared("The order was abandoned: nothing was sent. Choose the location of a new one.")


def stale_ssh_key(details: Details, saved: tuple[SshKey, ...] | None) -> str:
    """The saved key's name the details hold that the account no longer has ("" when it has
    it, when it is a pasted key, or when the account's keys are not known)."""
    text = details.ssh_key.strip()
    if saved is None or not text or text in {k.name for k in saved}:
        return ""
    return text if check_ssh_key(text) else ""


def order_job(state: AppState, started: float) -> str:
    """The id of the order's job: the last `order_instance` job since it was sent ("": none)."""
    ours = [j for j in state.jobs.values() if j.action == "order_instance" and j.started >= started]
    return ours[-1].id if ours else ""


async def edit_details(app: Host, draft: Draft, catalog: Catalog | None) -> Details | None:
    """The details form, filled with what the draft holds; None if it was cancelled."""
    d = draft.details
    saved = await saved_ssh_keys(app)
    if stale_ssh_key(d, saved):
        # Only what exists is offered: a key deleted since is not filled in again (the
        # account's default, if it has one, is offered instead).
        d = replace(d, ssh_key="")
    jenkins = catalog.jenkins if catalog else ()
    gpu = draft.machine is not None and draft.machine.kind in (ServerKind.GPU, ServerKind.VGPU)
    fields = [
        Field(
            "hostname",
            "Hostname",
            d.hostname,
            check_hostname,
            placeholder="empty: named after its id",
        ),
        Field(
            "root_pass", "Root password", d.root_pass.reveal(), check_root_password, password=True
        ),
        ssh_key_field(d.ssh_key, saved),
        Field("script", "Post-install", d.script, placeholder="a script to run once (optional)"),
        Field("callback", "Callback URL", d.callback, placeholder="https://… (optional)"),
        root_size_field(d.root_size, draft.preset.disk_gb if draft.preset else None),
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
    fields.append(Field("own_os", "Own OS (install nothing)", "1" if d.own_os else "", toggle=True))
    values = await app.push_screen_wait(
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
        return None
    jenkins_text = values.get("jenkins", "").strip()
    return Details(
        hostname=values["hostname"].strip(),
        root_pass=Secret(values["root_pass"]),
        ssh_key=values["ssh_key"].strip(),
        script=values["script"].strip(),
        callback=values["callback"].strip(),
        root_size=values["root_size"].strip(),
        own_os=bool(values["own_os"]),
        jenkins=int(jenkins_text) if jenkins_text.lstrip("-").isdigit() else None,
    )


#: A stock server's tags, in words.
_TAGS = {
    "ipmi": "remote management (IPMI) available",
    "hwraid": "hardware RAID controller: deployed by hand",
    "no_autodeploy": "no automatic deployment: deployed by hand",
}


async def stock_detail(app: Host, stock: StockServer) -> None:
    """A stock server's full detail, read from invapi (a failed read is the app's error)."""
    services = app.services
    if services is None:
        return
    full = await install.stock_detail(services, stock.id)
    lines = [
        f"{full.cpu_count or 1} × {full.cpu_name} ({full.cpu_cores} cores, score {full.cpu_score})",
        f"RAM {gb(full.ram_gb)} {full.ram_type}".strip(),
        "Disks " + ", ".join(f"{d.count}×{d.name}" for d in full.disks),
        f"GPU {full.gpu_count}×{full.gpu_name}" if full.gpu_count else "No GPU",
        "RAID " + (" ".join(full.raid_levels) or "none"),
        "Prices " + " · ".join(f"{m} mo {eur(full.price(m))}" for m in (1, 3, 6, 12)),
    ]
    lines += [f"{name}: {_TAGS.get(name, value)}" for name, value in full.tags]
    await app.push_screen_wait(
        ConfirmModal(
            f"Stock server {full.id}: " + " · ".join(lines),
            [ConfirmTarget(full.id, full.name, full.location)],
            button="Close",
            warning=MANUAL if full.manual_deploy else "",
        )
    )
