"""Confirming a change: every target named, the exact action said, focus on Cancel, and for the
risky ones the hostname or the count typed first (then the focus starts in that field, and Tab
goes field → confirm → Cancel).
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.css.query import QueryType
from textual.widget import Widget
from textual.widgets import Button, Static

from hostkey_tui.records import dataclass
from hostkey_tui.ui.kit.keys import bindings
from hostkey_tui.ui.kit.modals import keys
from hostkey_tui.ui.kit.modals.base import Dialog, acting_account
from hostkey_tui.ui.kit.text import fit, line, literal
from hostkey_tui.ui.kit.widgets.inputs import TextInput


@dataclass(frozen=True, slots=True)
class ConfirmTarget:
    server_id: int
    hostname: str
    main_ip: str = ""


class ConfirmModal(Dialog[bool]):
    """Dismissed with True only by the confirm button (after the typed word, when one is asked)."""

    DEFAULT_CSS = """
    ConfirmModal { align: center middle; }
    ConfirmModal > Vertical {
        width: 76;
        max-width: 96%;
        height: auto;
        max-height: 92%;
        border: thick $error 60%;
        background: $surface;
        padding: 0 1;
    }
    ConfirmModal #confirm-action { text-style: bold; }
    ConfirmModal #confirm-targets { height: auto; max-height: 10; margin: 1 0; }
    ConfirmModal #confirm-typed { margin-top: 1; }
    ConfirmModal #confirm-buttons { height: auto; margin-top: 1; align-horizontal: right; }
    ConfirmModal #confirm-buttons Button { margin-left: 2; }
    """
    BINDINGS = bindings(keys.CONFIRM)

    def __init__(
        self,
        action: str,
        targets: list[ConfirmTarget],
        *,
        button: str,
        typed: str = "",
        warning: str = "",
    ) -> None:
        super().__init__()
        self.action_text = action
        self.targets = targets
        self.button_text = button
        self.typed = typed
        self.warning = warning

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = "Confirm"
            account = acting_account(self)
            if account:
                box.border_subtitle = f"account {account}"
                yield Static(line("On account ", (account, "bold reverse")), id="confirm-account")
            yield Static(literal(self.action_text), id="confirm-action")
            if self.warning:
                yield Static(literal(self.warning, "bold yellow"))
            with VerticalScroll(id="confirm-targets"):
                for target in self.targets:
                    yield Static(
                        line(
                            (fit(target.hostname, 30).ljust(31), "bold"),
                            (str(target.server_id).rjust(7), ""),
                            "  ",
                            (target.main_ip, "dim"),
                        ),
                    )
            if self.typed:
                yield Static(line("Type ", (self.typed, "bold"), " to confirm:"))
                yield TextInput(id="confirm-typed", placeholder=self.typed, compact=True)
            with Horizontal(id="confirm-buttons"):
                yield Button("Cancel", id="cancel", compact=True)
                yield Button(
                    self.button_text,
                    id="confirm",
                    variant="error",
                    compact=True,
                    disabled=bool(self.typed),
                )

    def on_mount(self) -> None:
        # Where something is to be typed, the focus is there: nothing is sent by typing, and
        # the confirm button stays off until the word is right. Otherwise Cancel, the safe one.
        self.query_one("#confirm-typed" if self.typed else "#cancel").focus()

    def _tab_order(self) -> list[Widget]:
        """The field to type in, the confirm button (once the word is right), Cancel, then the
        targets when there are more than they show (to scroll them)."""
        order: list[Widget] = list(self.query("#confirm-typed"))
        order += [self.query_one("#confirm"), self.query_one("#cancel")]
        targets = self.query_one("#confirm-targets")
        if targets.max_scroll_y > 0:
            order.append(targets)
        return [widget for widget in order if widget.focusable]

    def _tab(self, step: int) -> Widget | None:
        order = self._tab_order()
        if not order:
            return None
        here = self.focused
        if here in order:
            chosen = order[(order.index(here) + step) % len(order)]
        else:
            chosen = order[0 if step > 0 else -1]
        chosen.focus()
        return chosen

    def focus_next(self, selector: str | type[QueryType] = "*") -> Widget | None:
        return self._tab(1) if selector == "*" else super().focus_next(selector)

    def focus_previous(self, selector: str | type[QueryType] = "*") -> Widget | None:
        return self._tab(-1) if selector == "*" else super().focus_previous(selector)

    @on(TextInput.Changed, "#confirm-typed")
    def _typed(self, event: TextInput.Changed) -> None:
        self.query_one("#confirm", Button).disabled = event.value.strip() != self.typed

    @on(TextInput.Submitted, "#confirm-typed")
    def _typed_enter(self, event: TextInput.Submitted) -> None:
        if event.value.strip() == self.typed:
            self.query_one("#confirm", Button).focus()

    @on(Button.Pressed, "#confirm")
    def _confirm(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(False)
