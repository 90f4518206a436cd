"""A small form: labelled fields, each checked as typed, submitted only when all are right."""

from __future__ import annotations

from collections.abc import Callable

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Checkbox, Label, Static

from hostkey_tui.records import dataclass
from hostkey_tui.ui.kit.keys import bindings
from hostkey_tui.ui.kit.modals import keys
from hostkey_tui.ui.kit.modals.base import Dialog
from hostkey_tui.ui.kit.text import literal
from hostkey_tui.ui.kit.widgets.inputs import TextInput

Check = Callable[[str], str | None]


@dataclass(frozen=True, slots=True)
class Field:
    name: str
    label: str
    value: str = ""
    check: Check | None = None
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
    FormModal Checkbox { margin-left: 16; }
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
        check_all: Callable[[dict[str, str]], dict[str, str]] | None = None,
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
                        yield Checkbox(
                            literal(field.label),
                            value=bool(field.value),
                            id=f"field-{field.name}",
                            compact=True,
                        )
                        continue
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
            with Horizontal(id="form-buttons"):
                yield Button("Cancel", id="form-cancel", compact=True)
                yield Button(self.submit_text, id="form-submit", variant="primary", compact=True)

    def on_mount(self) -> None:
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
        self.query_one(VerticalScroll).styles.max_height = max(3, min(24, box_cap - taken))

    def values(self) -> dict[str, str]:
        values = {}
        for field in self.fields:
            if field.toggle:
                values[field.name] = (
                    "1" if self.query_one(f"#field-{field.name}", Checkbox).value else ""
                )
            else:
                values[field.name] = self.query_one(f"#field-{field.name}", TextInput).value
        return values

    def show_problems(self, problems: dict[str, str]) -> None:
        for field in self.fields:
            if field.toggle:
                continue
            self.query_one(f"#problem-{field.name}", Static).update(
                literal(problems.get(field.name, ""))
            )

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
        if field is not None and field.check is not None:
            problem = field.check(event.value) if event.value else None
            self.query_one(f"#problem-{name}", Static).update(literal(problem or ""))

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
