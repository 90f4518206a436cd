"""A small form: labelled fields, each checked as typed, submitted only when all are right.

A problem is said under the field it is about, in the error colour, and that field gets the
focus: the correction is typed where it belongs. A check of several fields at once
(`check_all`) names the field each problem is about; one it cannot place is said above the
buttons.
"""

from __future__ import annotations

from collections.abc import Callable

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Label, Static

from hostkey_tui.records import dataclass
from hostkey_tui.ui.kit.keys import bindings
from hostkey_tui.ui.kit.modals import keys
from hostkey_tui.ui.kit.modals.base import Dialog
from hostkey_tui.ui.kit.text import literal
from hostkey_tui.ui.kit.widgets.inputs import Check, TextInput

#: A field's own check: why its value cannot be sent, or None.
Validator = Callable[[str], str | None]
#: A check of the whole form: the name of each field in error → its problem ("": the form).
CheckAll = Callable[[dict[str, str]], dict[str, str]]


@dataclass(frozen=True, slots=True)
class Field:
    name: str
    label: str
    value: str = ""
    check: Validator | None = None
    password: bool = False
    placeholder: str = ""
    #: A yes/no choice (a checkbox) rather than text: its value is "1" or "".
    toggle: bool = False


class FormModal(Dialog[dict[str, str] | None]):
    """Dismissed with every field's value, or None (cancelled: nothing sent)."""

    DEFAULT_CSS = """
    FormModal { align: center middle; }
    FormModal > Vertical {
        width: 80;
        max-width: 96%;
        height: auto;
        max-height: 94%;
        border: round $accent;
        background: $surface;
        padding: 0 1;
    }
    FormModal .intro { color: $text-muted; margin-bottom: 1; }
    FormModal VerticalScroll { height: auto; max-height: 24; }
    FormModal .row { height: auto; }
    FormModal .row Label { width: 16; }
    FormModal .row TextInput { width: 1fr; }
    FormModal .problem { color: $error; height: auto; padding-left: 16; }
    FormModal Check { margin-left: 16; }
    FormModal #form-problem { padding-left: 0; }
    FormModal #form-buttons { height: auto; margin-top: 1; align-horizontal: right; }
    FormModal #form-buttons Button { margin-left: 2; }
    """
    BINDINGS = bindings(keys.FORM)

    def __init__(
        self,
        title: str,
        fields: list[Field],
        *,
        intro: str = "",
        submit: str = "Save",
        check_all: CheckAll | None = None,
    ) -> None:
        super().__init__()
        #: Checks that need several fields at once (a PIN typed twice): field name → problem.
        self.check_all = check_all
        self.title_text = title
        self.fields = fields
        self.intro = intro
        self.submit_text = submit

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            # Titles carry API text (hostnames, zones): never parsed as markup.
            box.border_title = literal(self.title_text)
            if self.intro:
                yield Static(literal(self.intro), classes="intro")
            with VerticalScroll():
                for field in self.fields:
                    if field.toggle:
                        yield Check(
                            literal(field.label),
                            value=bool(field.value),
                            id=f"field-{field.name}",
                            compact=True,
                        )
                    else:
                        with Horizontal(classes="row"):
                            yield Label(literal(field.label))
                            yield TextInput(
                                value=field.value,
                                id=f"field-{field.name}",
                                password=field.password,
                                placeholder=field.placeholder,
                                compact=True,
                            )
                    yield Static(id=f"problem-{field.name}", classes="problem")
            yield Static(id="form-problem", classes="problem")
            with Horizontal(id="form-buttons"):
                yield Button("Cancel", id="form-cancel", compact=True)
                yield Button(self.submit_text, id="form-submit", variant="primary", compact=True)

    def on_mount(self) -> None:
        for problem in self.query(".problem"):
            problem.display = False
        if self.fields:
            self.query_one(f"#field-{self.fields[0].name}").focus()
        self.call_after_refresh(self._fit)

    def on_resize(self) -> None:
        self.call_after_refresh(self._fit)

    def _fit(self) -> None:
        """Keep the buttons on screen: the fields scroll within what the terminal leaves.

        A fixed cap on the fields fits 40 lines, not 24, where a problem line pushed Save off.
        """
        if not self.is_attached:
            return
        box_cap = self.size.height * 94 // 100
        taken = 2 + 2  # the box's border; the buttons and the line above them
        if self.intro:
            taken += self.query_one(".intro", Static).outer_size.height + 1
        said = self.query_one("#form-problem", Static)
        if said.display:
            taken += said.outer_size.height
        self.query_one(VerticalScroll).styles.max_height = max(3, min(24, box_cap - taken))

    def values(self) -> dict[str, str]:
        values = {}
        for field in self.fields:
            if field.toggle:
                values[field.name] = (
                    "1" if self.query_one(f"#field-{field.name}", Check).value else ""
                )
            else:
                values[field.name] = self.query_one(f"#field-{field.name}", TextInput).value
        return values

    def _say(self, name: str, problem: str) -> None:
        """A field's problem under it ("" hides the line); name "" is the form's own."""
        shown = self.query_one(f"#problem-{name}" if name else "#form-problem", Static)
        shown.update(literal(problem))
        shown.display = bool(problem)

    def show_problems(self, problems: dict[str, str]) -> None:
        """Each problem under its field, and the focus on the first field in error."""
        names = [field.name for field in self.fields]
        for name in names:
            self._say(name, problems.get(name, ""))
        self._say("", " ".join(p for name, p in problems.items() if name not in names))
        first = next((name for name in names if problems.get(name)), None)
        if first is not None:
            field = self.query_one(f"#field-{first}")
            field.focus()
            field.scroll_visible(animate=False)
        self.call_after_refresh(self._fit)

    def problems(self) -> dict[str, str]:
        values = self.values()
        found = {}
        for field in self.fields:
            problem = field.check(values[field.name]) if field.check else None
            if problem:
                found[field.name] = problem
        if not found and self.check_all is not None:
            found = self.check_all(values)
        return found

    @on(TextInput.Changed)
    def _changed(self, event: TextInput.Changed) -> None:
        name = (event.input.id or "").removeprefix("field-")
        field = next((f for f in self.fields if f.name == name), None)
        if field is not None:
            # What was said of the value before it changed no longer holds: its own check only.
            problem = field.check(event.value) if field.check and event.value else None
            self._say(name, problem or "")

    @on(Check.Changed)
    def _toggled(self, event: Check.Changed) -> None:
        self._say((event.checkbox.id or "").removeprefix("field-"), "")

    @on(TextInput.Submitted)
    @on(Button.Pressed, "#form-submit")
    def _submit(self) -> None:
        problems = self.problems()
        self.show_problems(problems)
        if not problems:
            self.dismiss(self.values())

    @on(Button.Pressed, "#form-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
