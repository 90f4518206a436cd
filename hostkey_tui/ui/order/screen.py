"""Section 4: order a server, step by step, back and forth, with the price said before the PIN.

Location → an instance preset or a stock server → OS → software → traffic plan → details →
period → summary. Going back keeps every choice; a later choice that no longer fits an earlier
one is dropped, and said. invapi's own refusal (an OS and software that do not go together)
brings the wizard back to the step to change.

Here: the wizard's state, bound to the text views (`views`), the moves between steps, and each
step's table (`steps`) put on screen. The order itself is in `flow`.
"""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import UTC, datetime

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.reactive import var
from textual.widgets import DataTable, Static

from hostkey_tui.api import InvapiError
from hostkey_tui.models.catalog import (
    STOCK_GROUPS,
    OsImage,
    Preset,
    Software,
    StockServer,
    TrafficPlan,
)
from hostkey_tui.models.orders import Draft, refused_step
from hostkey_tui.models.tasks import TaskState
from hostkey_tui.services import install
from hostkey_tui.services.install import Catalog
from hostkey_tui.state.state import AppState, Job
from hostkey_tui.ui.kit.keys import bindings
from hostkey_tui.ui.kit.screen import SectionScreen
from hostkey_tui.ui.kit.status import status_text
from hostkey_tui.ui.kit.text import literal
from hostkey_tui.ui.kit.widgets.chrome import StatusLine
from hostkey_tui.ui.kit.widgets.inputs import TextInput
from hostkey_tui.ui.kit.widgets.stages import InstallStages
from hostkey_tui.ui.kit.widgets.table import Table
from hostkey_tui.ui.order import flow, keys, options_flow, panels, steps
from hostkey_tui.ui.order.steps import MANUAL, PRESET_SORTS, STEPS, STOCK_SORTS, Choices
from hostkey_tui.ui.order.views import DraftPanel, StepNote, StepsBar


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

    #: What the views show (bound to them in `compose`); the table is filled by `_show`.
    step: var[str] = var("location")
    draft: var[Draft] = var(Draft())
    note: var[str] = var("")
    stock_mode: var[bool] = var(False)
    #: The order of this summary was sent: the summary is done (`N` starts a new one).
    sent: var[bool] = var(False)
    titled: var[bool] = var(True)  # wide enough for every title in the steps bar

    def __init__(self) -> None:
        super().__init__()
        self.catalog: Catalog | None = None
        self.stock_group = "ALL"
        self.stocks: tuple[StockServer, ...] | None = None
        self.sort = "price"
        self.rows: list[object] = []
        self.job_id = ""
        self.order_started: float | None = None
        #: When this summary's order went to invapi (None: not sent, or surely not taken): a
        #: sent order is never sent again from here; `N` starts a new one.
        self.sent_at: float | None = None
        self._ready = False

    def compose(self) -> ComposeResult:
        yield from self.chrome_top()
        yield StepsBar(id="steps").data_bind(
            OrderScreen.step, OrderScreen.draft, OrderScreen.titled
        )
        with Horizontal(id="order-body"):
            yield DraftPanel(id="draft").data_bind(OrderScreen.draft)
            with Vertical(id="step-pane"):
                yield Static(id="step-title")
                yield TextInput(placeholder="/ filter", id="choice-filter", compact=True)
                yield Table(id="choices", cursor_type="row")
                with VerticalScroll(id="summary-scroll"):
                    yield Static(id="summary")
                    yield InstallStages(id="order-stages")
                yield StepNote(id="step-note").data_bind(
                    OrderScreen.note, OrderScreen.step, OrderScreen.stock_mode, OrderScreen.sent
                )
        yield from self.chrome_bottom()

    def on_mount(self) -> None:
        self._fit_width()
        super().on_mount()
        self._ready = True
        self._show()

    def on_resize(self) -> None:
        self._fit_width()
        self._show()

    def _fit_width(self) -> None:
        self.set_class(self.app.size.width < 120, "-narrow")
        self.titled = self.app.size.width >= 100

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

    @work(group="offered", exclusive=True, exit_on_error=False)
    async def load_offered(self, location: str, preset_id: int) -> None:
        """invapi's lists for the chosen preset; what they leave out is cleared and said."""
        services = self.hostkey.services
        if services is None:
            return
        # Never within the choice that started it (tasks start eagerly on Python 3.12+): what
        # its answer clears is said after the wizard has moved on, not overwritten by it.
        await asyncio.sleep(0)
        try:
            offered = await install.load_offered(services, location, preset_id)
        except InvapiError as error:
            self.note = (
                f"What invapi offers for this server could not be read ({error.message}): "
                "the lists follow the catalogue's own tags."
            )
            self._show()
            return
        preset = self.draft.preset
        if preset is None or preset.id != preset_id or self.draft.location != location:
            return  # chosen again meanwhile: that choice reads its own
        self.draft = replace(self.draft, offered=offered)
        self._say_dropped(self._drop_what_no_longer_fits())
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
            self.job_id = flow.order_job(state, self.order_started)
        job = state.jobs.get(self.job_id)
        self.query_one("#order-stages", InstallStages).show(job)
        stale = flow.stale_ssh_key(self.draft.details, state.keys.ssh_keys)
        if stale and self.sent_at is None:
            details = replace(self.draft.details, ssh_key="")
            self.draft = replace(self.draft, details=details)
            self._say_dropped(
                [f"The SSH key '{stale}' is no longer in your account: dropped from this order."]
            )

    def _show(self) -> None:
        """Put the step's table (or the summary) on screen; the text views follow by binding."""
        if not self._ready:
            return
        self.sent = self.sent_at is not None
        self.set_class(self.step == "summary", "-summary")
        self.query_one("#choice-filter").display = self.step == "server" and not self.stock_mode
        if self.step == "summary":
            self._title(steps.SUMMARY_TITLE)
            credit = self.hostkey.state.account.credit
            ordered = self.sent_at if self.sent_at is not None else self.hostkey.clock.now()
            today = datetime.fromtimestamp(ordered, UTC).date()
            self.query_one("#summary", Static).update(
                panels.summary(self.draft, credit, self.sent_at, today)
            )
        else:
            self._fill(self._choices())
        self.refresh_bindings()

    def _choices(self) -> Choices:
        d, catalog = self.draft, self.catalog
        if self.step == "server" and self.stock_mode:
            return steps.stock_servers(d, self.stocks, self.stock_group, self.sort)
        if self.step == "server":
            query = self.query_one("#choice-filter", TextInput).value.lower().strip()
            return steps.presets(d, catalog, self.sort, query, self.app.size.width >= 140)
        if self.step == "os":
            return steps.images(d, catalog, wide=self.app.size.width >= 140)
        return steps.table(self.step, d, catalog)

    def _fill(self, choices: Choices) -> None:
        self._title(choices.title)
        table: DataTable[object] = self.query_one("#choices", DataTable)
        table.clear(columns=True)
        table.add_columns(*choices.columns)
        self.rows = list(choices.items)
        for row in choices.rows:
            table.add_row(*row)
        chosen = choices.selected
        if chosen is not None and chosen in self.rows:
            table.move_cursor(row=self.rows.index(chosen))
        if choices.note is not None:
            self.note = choices.note

    def _title(self, text: str) -> None:
        self.query_one("#step-title", Static).update(literal(text))

    # -- moving ------------------------------------------------------------------------------

    def _go(self, step: str) -> None:
        self.step = step
        self.note = ""
        self.sort = "price"
        self._show()
        self.query_one("#choices", DataTable).focus()

    def action_back(self) -> None:
        # As in every filtered list, esc clears the filter first; then it goes back a step.
        box = self.query_one("#choice-filter", TextInput)
        if box.has_focus or (box.display and box.value):
            box.value = ""
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
        if isinstance(picked, (OsImage, Software)) and (problem := d.misfit(picked)):
            self.hostkey.say(f"{picked.name}: {problem}.", severity="warning")
            return
        said: list[str] = []
        if self.step == "location":
            assert isinstance(picked, str)
            if picked != d.location:
                self.draft, said = d.moved(picked)
                self.catalog, self.stocks = None, None
                self.load_catalog(picked)
        elif isinstance(picked, StockServer):
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
            if d.offered is None or d.offered.preset_id != picked.id:
                self.load_offered(d.location, picked.id)
        elif isinstance(picked, OsImage):
            self.draft = replace(d, image=picked)
        elif isinstance(picked, Software) or self.step == "software":  # or "none"
            soft = picked if isinstance(picked, Software) else None
            self.draft = replace(d, soft=soft, no_soft=soft is None)
        elif isinstance(picked, TrafficPlan):
            self.draft = replace(d, plan=picked)
        elif self.step == "period":
            assert isinstance(picked, str)
            self.draft = replace(d, period=picked)
        said += self._drop_what_no_longer_fits()
        self.action_forward()
        self._say_dropped(said)

    def _drop_what_no_longer_fits(self) -> list[str]:
        """Clear the later choices that no longer fit the earlier ones; what went, in words."""
        self.draft, dropped = self.draft.fitted()
        return dropped

    def _say_dropped(self, said: list[str]) -> None:
        """Say what was cleared in the note of the step the user is on now (not in a toast as
        well: one would cover the note with the same words)."""
        if said:
            self.note = " ".join(said)
            self._show()

    async def _edit_details(self) -> None:
        details = await flow.edit_details(self.hostkey, self.draft, self.catalog)
        if details is None:
            return
        self.draft = replace(self.draft, details=details)
        dropped = self._drop_what_no_longer_fits()  # an own OS takes no software

        def forward() -> None:
            self.action_forward()
            self._say_dropped(dropped)

        # The table is rebuilt once this screen is shown again (columns measure then).
        self.call_after_refresh(forward)

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

    def action_options(self) -> None:
        self.run_flow(self._edit_options())

    async def _edit_options(self) -> None:
        options = await options_flow.edit_options(self.hostkey, self.draft)
        if options is not None:
            self.draft = replace(self.draft, options=options)
            self._show()

    def action_stock_detail(self) -> None:
        picked = self._current()
        if isinstance(picked, StockServer):
            self.run_flow(flow.stock_detail(self.hostkey, picked))

    def action_refresh(self) -> None:
        self.recheck_changes()
        if self.draft.location:
            self.load_catalog(self.draft.location)

    # -- ordering ----------------------------------------------------------------------------

    def action_order(self) -> None:
        self.run_flow(flow.order(self))

    def action_start_over(self) -> None:
        """Abandon this order (asked first when something was chosen and it was not sent), or
        once sent, start a new one: back to the first step either way."""
        self.run_flow(flow.start_over(self))

    def cleared(self, note: str) -> None:
        """The draft is dropped (see `flow.start_over`): a new order from the first step."""
        self.draft = Draft()
        self.sent_at = None
        self.job_id = ""
        self.order_started = None
        self.stock_mode = False
        self.query_one("#order-stages", InstallStages).show(None)
        self._go("location")
        self.note = note
        self._show()

    def sending(self) -> None:
        """The order is on its way (see `flow.order`): this summary is done, said at once;
        `o` is no longer offered, `N` is."""
        self._show()

    def ordered(self, job: Job) -> None:
        """The order's job began (see `flow.order`)."""
        self.job_id = job.id
        self.state_changed(self.hostkey.state)
        # The password goes with an order that may have been placed; it is not kept for another
        # one. An order that surely failed keeps it, so that trying again loses nothing typed.
        if job.state is not TaskState.FAILED:
            self.draft = self.draft.without_password()
        self._show()

    def refused(self, message: str) -> None:
        """invapi refused the order: back to the step to change, saying why."""
        step = refused_step(message)
        self.draft = self.draft.refused(step)
        self._go(step)
        self.note = f"invapi refused the order: {message} Change this step, then order again."
        self._show()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        allowed = super().check_action(action, parameters)
        if not allowed or not self.is_mounted:
            return allowed
        step, stock = self.step, self.stock_mode
        live = {
            "toggle_stock": step == "server",
            "cycle_sort": step == "server",
            # Something to abandon (or a sent order to leave): else there is nothing to clear.
            "start_over": self.sent_at is not None or self.draft != Draft() or step != "location",
            "focus_filter": step == "server" and not stock,
            "stock_group": step == "server" and stock,
            "stock_detail": step == "server" and stock,
            "options": step == "details" and self.draft.server is not None,
            # Once sent, this summary is done: `o` is neither offered nor taken (N starts over).
            "order": step == "summary" and self.sent_at is None,
            "forward": step != "summary" and self.draft.done(step),
        }
        if action == "back":
            # A sent summary is done: its choices are what was ordered, not to be changed.
            if self.sent_at is not None:
                return False
            return step != "location" or self.query_one("#choice-filter").has_focus
        return live.get(action, True)
