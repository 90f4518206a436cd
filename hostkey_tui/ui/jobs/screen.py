"""Section 5: every job of this session, live, and the audit journal of every change."""

from __future__ import annotations

from datetime import UTC, datetime

from textual import on
from textual.app import ComposeResult
from textual.reactive import var
from textual.widgets import DataTable, Static

from hostkey_tui.config.paths import downloads_dir
from hostkey_tui.models.tasks import TaskState
from hostkey_tui.services.audit import Entry
from hostkey_tui.state.state import AppState, Job
from hostkey_tui.ui.jobs import keys
from hostkey_tui.ui.kit.keys import bindings
from hostkey_tui.ui.kit.screen import SectionScreen
from hostkey_tui.ui.kit.status import status_text
from hostkey_tui.ui.kit.text import cell, literal
from hostkey_tui.ui.kit.widgets.chrome import StatusLine
from hostkey_tui.ui.kit.widgets.stages import STAGED_ACTIONS, InstallStages
from hostkey_tui.ui.kit.widgets.table import Table

STATE_STYLE = {
    TaskState.PENDING: "bold",
    TaskState.DONE: "green",
    TaskState.FAILED: "bold red",
    TaskState.GONE: "yellow",
    TaskState.TIMED_OUT: "yellow",
    TaskState.UNKNOWN: "bold yellow",
}


JOURNAL_HEADING = "Audit journal: every change sent, refused or aborted"
JOBS_HEADING = "Jobs of this session (newest first)"


def shown_entries(entries: list[Entry]) -> list[Entry]:
    """The journal as people read it: each change's own line, plus the request lines that
    matter (a request whose answer never came, a lost reply, what invapi was found to do);
    a request that was answered is said by its change's line already."""
    ended = {e.change for e in entries if e.change and e.outcome != "sending"}
    shown = []
    for entry in entries:
        if entry.change and entry.outcome in ("answered", "refused", "not sent"):
            continue
        if entry.outcome == "sending" and entry.change in ended:
            continue
        shown.append(entry)
    return shown


def clock_time(at: float) -> str:
    return datetime.fromtimestamp(at, UTC).strftime("%H:%M:%S")


def elapsed(job: Job, now: float) -> str:
    seconds = int((job.finished or now) - job.started)
    return f"{seconds // 60}:{seconds % 60:02d}"


class Heading(Static):
    """A one-line heading over a table; `text` is what it says."""

    text: var[str] = var("", init=False)

    def __init__(self, text: str, *, id: str) -> None:
        super().__init__(literal(text), classes="heading", id=id)
        self.set_reactive(Heading.text, text)

    def watch_text(self, text: str) -> None:
        self.update(literal(text))


class JobsScreen(SectionScreen):
    SCOPE = "jobs"
    HELP_TITLE = "Jobs"
    SECTION = "jobs"
    KEYS = keys.JOBS
    BINDINGS = bindings(KEYS)
    DEFAULT_CSS = """
    JobsScreen .heading { height: 1; padding: 0 1; text-style: bold; background: $boost; }
    JobsScreen #jobs { height: 2fr; }
    JobsScreen #journal { height: 1fr; }
    JobsScreen #job-stages { border-top: hkey $primary 40%; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.show_quiet = False
        self._journal_mark: tuple[int, int, int] = (-1, -1, -1)
        self._rows: list[str] = []

    def compose(self) -> ComposeResult:
        yield from self.chrome_top()
        yield Heading(JOBS_HEADING, id="jobs-heading")
        yield Table(id="jobs", cursor_type="row", zebra_stripes=True)
        yield InstallStages(id="job-stages")
        yield Heading(JOURNAL_HEADING, id="journal-heading")
        yield Table(id="journal", cursor_type="row")
        yield from self.chrome_bottom()

    def on_mount(self) -> None:
        jobs = self.query_one("#jobs", DataTable)
        jobs.add_columns("Started", "Server / job", "Action", "State", "Took", "Result")
        self.query_one("#journal", DataTable).add_columns(
            "When (UTC)", "Action", "Targets", "Outcome", "Detail"
        )
        # An empty list says what would be in it, never a blank.
        self.query_one("#journal", Table).empty = "No change written to the journal yet."
        jobs.focus()
        super().on_mount()
        self.every_second(self._tick)

    def _tick(self) -> None:
        if self.hostkey.state.jobs_running:
            self._show_jobs(self.hostkey.state)
        self._update_status()

    def state_changed(self, state: AppState) -> None:
        self._show_jobs(state)
        finished = sum(1 for j in state.jobs.values() if not j.running)
        mark = (finished, len(state.unsettled), len(state.settled))
        if mark != self._journal_mark:
            self._journal_mark = mark
            self._show_journal()
        self._update_status()

    def _update_status(self) -> None:
        state = self.hostkey.state
        status = self.query_one(StatusLine)
        status.left = status_text(state, self.hostkey.clock.now(), state.jobs_running)
        quiet = sum(1 for j in state.jobs.values() if j.quiet)
        hidden = f" · {quiet} routine reads hidden (h)" if quiet and not self.show_quiet else ""
        status.right = f"{len(state.jobs)} jobs{hidden}"

    def _show_jobs(self, state: AppState) -> None:
        table = self.query_one("#jobs", DataTable)
        now = self.hostkey.clock.now()
        jobs = [j for j in reversed(list(state.jobs.values())) if self.show_quiet or not j.quiet]
        cursor = table.cursor_row
        table.clear()
        self._rows = [j.id for j in jobs]
        for job in jobs:
            stage = f" ({job.stage.number}/5 {job.stage.name})" if job.stage and job.running else ""
            state_text = "sending" if job.sending else job.state.value
            table.add_row(
                cell(clock_time(job.started)),
                cell(job.title),
                cell(job.action),
                cell(state_text, STATE_STYLE.get(job.state, "")),
                cell(elapsed(job, now)),
                cell(job.message + stage),
                key=job.id,
            )
        if jobs:
            table.move_cursor(row=min(cursor, len(jobs) - 1))
        elif isinstance(table, Table):
            hidden = any(j.quiet for j in state.jobs.values())
            table.empty = (
                "Only routine reads so far: h shows them."
                if hidden
                else "No job in this session yet: power, orders, reinstalls and other changes "
                "show here."
            )
        self._show_stages()
        running = f" · {state.jobs_running} running" if state.jobs_running else ""
        self.query_one("#jobs-heading", Heading).text = JOBS_HEADING + running

    def _show_journal(self) -> None:
        services = self.hostkey.services
        table = self.query_one("#journal", DataTable)
        table.clear()
        journal = services.journal if services else None
        entries = journal.entries(500) if journal else []
        heading = JOURNAL_HEADING
        if journal is not None and journal.skipped:
            heading += f" · {journal.skipped} unreadable line(s) skipped"
        self.query_one("#journal-heading", Heading).text = heading
        for entry in shown_entries(entries):
            when = datetime.fromtimestamp(entry.at, UTC).strftime("%Y-%m-%d %H:%M:%S")
            style = "red" if entry.outcome in ("failed", "refused", "unknown", "sending") else ""
            table.add_row(
                cell(when),
                cell(entry.action),
                cell(", ".join(entry.targets)),
                cell(entry.outcome, style),
                cell(entry.message),
            )

    def _show_stages(self) -> None:
        """The install stages of the job under the cursor, when it has them."""
        table = self.query_one("#jobs", DataTable)
        job = None
        if self._rows:
            job = self.hostkey.state.jobs.get(
                self._rows[min(table.cursor_row, len(self._rows) - 1)]
            )
        staged = job if job is not None and job.action in STAGED_ACTIONS else None
        widget = self.query_one("#job-stages", InstallStages)
        widget.display = staged is not None
        widget.show(staged)

    @on(DataTable.RowHighlighted, "#jobs")
    def _job_moved(self) -> None:
        self._show_stages()

    @on(DataTable.RowSelected, "#jobs")
    def _job_chosen(self) -> None:
        self.action_open()

    def action_open(self) -> None:
        table = self.query_one("#jobs", DataTable)
        if not self._rows:
            return
        job = self.hostkey.state.jobs.get(self._rows[table.cursor_row])
        if job is not None and job.server_id is not None:
            self.hostkey.open_server(job.server_id)

    def action_toggle_quiet(self) -> None:
        self.show_quiet = not self.show_quiet
        self._show_jobs(self.hostkey.state)
        self._update_status()

    def action_switch_table(self) -> None:
        jobs, journal = self.query_one("#jobs", DataTable), self.query_one("#journal", DataTable)
        (journal if jobs.has_focus else jobs).focus()

    def action_export(self) -> None:
        services = self.hostkey.services
        if services is None or services.journal is None:
            return
        folder = self.hostkey.setup.config.ui.download_dir or downloads_dir()
        stamp = datetime.fromtimestamp(self.hostkey.clock.now(), UTC).strftime("%Y%m%d-%H%M%S")
        try:
            path = services.journal.export(folder / f"hostkey-tui-journal-{stamp}.jsonl")
        except OSError as error:
            self.hostkey.say(f"Could not save the journal: {error.strerror}", severity="error")
            return
        self.hostkey.say(f"Saved to {path} (mode 0600).", title="Journal exported")
