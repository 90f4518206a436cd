"""The app's inputs: a text input whose cursor blink follows the app (frozen in snapshot tests),
and yes/no choices whose state is written in characters, not only in colour.

Textual draws a checkbox as `▐X▌` both ways and tells on from off by colour alone: unreadable
with NO_COLOR, on a monochrome terminal or to a colour-blind admin. Here it is `[x]` or `[ ]`.
"""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from textual.content import Content
from textual.strip import Strip
from textual.widgets import Checkbox, Input, RadioButton, SelectionList
from textual.widgets._toggle_button import ToggleButton
from textual.widgets.option_list import OptionDoesNotExist

ON, OFF = "x", " "


class TextInput(Input):
    def on_mount(self) -> None:
        self.cursor_blink = bool(getattr(self.app, "blink", True))


class Check(Checkbox):
    """A checkbox that reads `[x]` when on and `[ ]` when off."""

    @property
    def _button(self) -> Content:
        return Content.assemble(
            "[", (ON if self.value else OFF, self.get_visual_style("toggle--button")), "]"
        )


class Radio(RadioButton):
    """A radio button that reads `(•)` when chosen and `( )` when not."""

    @property
    def _button(self) -> Content:
        mark = "•" if self.value else " "
        return Content.assemble("(", (mark, self.get_visual_style("toggle--button")), ")")


class CheckList(SelectionList[str]):
    """A selection list whose boxes read `[x]` / `[ ]` as `Check` does."""

    def render_line(self, y: int) -> Strip:
        line = super().render_line(y)
        segments = list(line)
        # SelectionList puts Textual's three-character box before each option's prompt.
        if len(segments) < 4 or segments[0].text != ToggleButton.BUTTON_LEFT:
            return line
        try:
            selection = self.get_option_at_index(self.scroll_offset.y + y)
        except OptionDoesNotExist:
            return line
        mark = ON if selection.value in self._selected else OFF
        left, inner, _, gap = segments[:4]
        # The brackets take the prompt's colours, and keep the option's index (meta) for clicks.
        plain = (gap.style or Style()) + Style(meta=left.style.meta if left.style else None)
        return Strip(
            [
                Segment("[", plain),
                Segment(mark, inner.style),
                Segment("]", plain),
                *segments[3:],
            ],
            line.cell_length,
        )
