"""The wizard's dumb text views, bound to the order screen's state (`data_bind`): each shows
what its reactives say, whoever changed them."""

from __future__ import annotations

from textual.reactive import var
from textual.widgets import Static

from hostkey_tui.models.orders import Draft
from hostkey_tui.ui.order.panels import draft_panel, step_note, steps_bar


class StepsBar(Static):
    """The numbered steps, the current one marked, those done ticked."""

    step: var[str] = var("location")
    draft: var[Draft] = var(Draft())
    #: Every step's title is shown (else only the current one's: a narrow terminal).
    titled: var[bool] = var(True)

    def _show(self) -> None:
        self.update(steps_bar(self.step, self.draft, self.titled))

    watch_step = watch_draft = watch_titled = _show


class DraftPanel(Static):
    """The order so far, and its total once the period is chosen."""

    draft: var[Draft] = var(Draft())

    def watch_draft(self, draft: Draft) -> None:
        self.update(draft_panel(draft))


class StepNote(Static):
    """What the step has to say, else which keys do what."""

    note: var[str] = var("")
    step: var[str] = var("location")
    stock_mode: var[bool] = var(False)
    sent: var[bool] = var(False)

    def _show(self) -> None:
        self.update(step_note(self.note, self.step, self.stock_mode, self.sent))

    watch_note = watch_step = watch_stock_mode = watch_sent = _show
