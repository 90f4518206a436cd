"""The five install stages of a deploy or a reinstall: where it is, how long each took, how it
ended (with invapi's own words when it failed)."""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content
from textual.widgets import Static

from hostkey_tui.models.tasks import STAGE_NAMES, TaskState
from hostkey_tui.services.install import PXE_STEPS
from hostkey_tui.state.state import Job, PxeRun
from hostkey_tui.ui.kit.text import line, literal

SPINNER = "◐◓◑◒"
#: invapi's final status codes, as a person reads them.
FINAL_WORDS = {"deploy_done": "installed; the server is online"}
#: Jobs that go through the five install stages.
STAGED_ACTIONS = frozenset({"reinstall", "pxe_install", "order_instance"})


def duration(seconds: float) -> str:
    seconds = max(int(seconds), 0)
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02}:{secs:02}" if hours else f"{minutes}:{secs:02}"


def stage_text(job: Job, now: float, frame: int = 0) -> Content:
    """The stages of `job` as lines: done ✓, current (animated), to come ·, failed ✗."""
    seen = dict(job.stage_times)
    end = job.finished if job.finished is not None else now
    current = job.stage.number if job.stage else 0
    failed = job.state.final and job.state is not TaskState.DONE
    if job.state is TaskState.DONE and current == 0:
        current = 6  # done with no stage seen (a fast task): all of them count as done
    rows = [
        line(
            (job.title, "bold"),
            ("   elapsed ", "dim"),
            duration(end - job.started),
        )
    ]
    for number, name in STAGE_NAMES.items():
        started = seen.get(number)
        following = seen.get(number + 1)
        spent = ""
        if started is not None:
            spent = duration((following if following is not None else end) - started)
        if number < current or (job.state is TaskState.DONE and number <= current):
            mark, style = "✓", "green"
        elif number == current and failed:
            mark, style = "✗", "bold red"
        elif number == current:
            mark, style = SPINNER[frame % len(SPINNER)], "bold yellow"
        else:
            mark, style, spent = "·", "dim", ""
        rows.append(line((f" {mark} ", style), (f"{number} {name}".ljust(38), style), spent))
    if job.sending:
        rows.append(literal(" sending…", "dim"))
    elif not job.state.final and current == 0:
        rows.append(literal(" waiting for the installer to report its first stage…", "dim"))
    elif job.state is TaskState.DONE:
        said = FINAL_WORDS.get(job.message, job.message)
        rows.append(line((" ✓ done: ", "bold green"), said))
    elif failed:
        rows.append(line((f" ✗ {job.state.value}: ", "bold red"), job.message))
        if job.debug:
            rows.append(line(("   invapi says: ", "dim"), job.debug))
    return literal("\n").join(rows)


def pxe_panel(run: PxeRun | None, jobs: Sequence[Job]) -> Content:
    """The PXE way's steps: done, next, to come; and the reminder while its config is set."""
    if run is None:
        return literal("")
    last = {job.action.removeprefix("pxe_"): job for job in reversed(jobs)}
    rows = [line(("PXE reinstall", "bold"), (f"  {run.hostname}", ""))]
    for number, (name, what) in enumerate(PXE_STEPS, start=1):
        index = number - 1
        job = last.get(name)
        if index < run.step:
            mark, style = "✓", "green"
        elif index == run.step:
            running = job is not None and job.running
            failed = job is not None and job.state.final and job.state is not TaskState.DONE
            mark, style = (
                ("…", "bold yellow")
                if running
                else (("✗", "bold red") if failed else ("→", "bold"))
            )
        else:
            mark, style = "·", "dim"
        note = ""
        if index == run.step and job is not None and job.state.final and job.message:
            note = f"  ({job.message})"
        rows.append(line((f" {mark} {number}. ", style), (what, style), (note, "dim")))
    if run.pxe_written:
        rows.append(
            line(
                ("⚠ The PXE config is set: ", "bold yellow"),
                "the last step clears it. Until then the server boots the installer again "
                "whenever it boots from the network.",
            )
        )
    return literal("\n").join(rows)


class InstallStages(Static):
    """Shows one job's stages; the current stage turns while the app's timers run."""

    DEFAULT_CSS = """
    InstallStages { height: auto; padding: 0 1; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.job: Job | None = None
        self.frame = 0

    def on_mount(self) -> None:
        # Frozen in tests and snapshots (no blinking there): the figures come from the clock.
        if getattr(self.app, "blink", True):
            self.set_interval(0.5, self._tick)

    def _tick(self) -> None:
        if self.job is not None and not self.job.state.final:
            self.frame += 1
            self._draw()

    def show(self, job: Job | None) -> None:
        if job == self.job:
            return
        self.job = job
        self._draw()

    def _draw(self) -> None:
        if self.job is None:
            self.update("")
            return
        clock = getattr(self.app, "clock", None)
        now = clock.now() if clock is not None else self.job.started
        self.update(stage_text(self.job, now, self.frame))
