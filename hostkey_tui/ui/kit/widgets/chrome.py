"""The frame around every section: header, section tabs, status line."""

from __future__ import annotations

from typing import ClassVar

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual.content import Content
from textual.events import Click
from textual.reactive import reactive
from textual.widget import Widget

from hostkey_tui.models.common import clean_text
from hostkey_tui.records import dataclass
from hostkey_tui.ui.kit.text import fit, line


@dataclass(frozen=True, slots=True)
class HeaderInfo:
    profile: str = ""
    email: str = ""
    credit: str = ""
    read_only: bool = False
    demo: bool = False


class AppHeader(Widget):
    """One line: who is signed in where, the credit balance, read-only or write, DEMO."""

    DEFAULT_CSS = """
        AppHeader {
        height: 1;
        background: $panel;
        color: $foreground;
    }
    """
    info: reactive[HeaderInfo] = reactive(HeaderInfo, layout=False)

    def render(self) -> Content:
        info = self.info
        left: list[str | tuple[str, str]] = [(" hostkey-tui ", "bold"), " "]
        if info.profile:
            left += [("profile ", "dim"), info.profile, "  "]
        if info.email:
            left += [info.email, "  "]
        if info.credit:
            left += [("credit ", "dim"), info.credit]
        badges: list[tuple[str, str]] = []
        badges.append((" READ-ONLY ", "bold reverse") if info.read_only else (" RW ", "dim"))
        if info.demo:
            badges.append((" DEMO ", "bold reverse"))
        right = line(*[item for badge in badges for item in (badge, " ")])
        left_content = line(*left)
        space = self.size.width - right.cell_length
        if left_content.cell_length > space:
            left_content = line(fit(left_content.plain, max(0, space - 1)))
        padding = max(0, space - left_content.cell_length)
        return Content.assemble(left_content, " " * padding, right)


class SectionBar(Widget):
    """The sections that exist, by number; the current one highlighted."""

    DEFAULT_CSS = """
        SectionBar {
        height: 1;
        background: $surface;
    }
    """
    sections: reactive[tuple[tuple[str, str, str], ...]] = reactive((), layout=False)
    current: reactive[str] = reactive("", layout=False)

    def render(self) -> Content:
        parts: list[str | tuple[str, str]] = [" "]
        for number, name, title in self.sections:
            style = "bold reverse" if name == self.current else ""
            parts += [(f" {number} {title} ", style), " "]
        return line(*parts)


class StatusLine(Widget):
    """Background work on the left ("loading servers 340/1000"), counts on the right."""

    DEFAULT_CSS = """
        StatusLine {
        height: 1;
        background: $panel;
        color: $text-muted;
    }
        StatusLine.-warning {
        color: $warning;
    }
        StatusLine.-error {
        color: $error;
    }
    """
    left: reactive[str] = reactive("", layout=False)
    right: reactive[str] = reactive("", layout=False)

    def render(self) -> Content:
        width = self.size.width
        right = clean_text(self.right, single_line=True)
        # One line: a message of several lines (an API error, say) is joined, not cut after its
        # first line.
        left = fit(clean_text(self.left, single_line=True), max(0, width - cell_len(right) - 3))
        padding = max(1, width - cell_len(left) - cell_len(right) - 2)
        return line(" ", left, " " * padding, right, " ")


@dataclass(frozen=True, slots=True)
class _KeySpan:
    start: int
    end: int
    key: str
    enabled: bool


class KeyBar(Widget, can_focus=False):
    """The keys of what has focus, on one line, as Textual's Footer shows them.

    One widget drawing text instead of a widget per key: Textual's Footer remounts a dozen
    widgets (each restyled twice) whenever focus or the bindings change, which cost about
    0.1 s of the first frame and of every focus move (issue 9). A key is clicked as there.
    """

    ALLOW_SELECT = False
    COMPONENT_CLASSES: ClassVar[set[str]] = {"keybar--key", "keybar--description"}
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
    }
    KeyBar > .keybar--key {
        color: $footer-key-foreground;
        background: $footer-key-background;
        text-style: bold;
    }
    KeyBar > .keybar--description {
        color: $footer-description-foreground;
        background: $footer-description-background;
    }
    """

    def __init__(self) -> None:
        super().__init__()
        self._spans: list[_KeySpan] = []

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: object) -> None:
        self.refresh()

    def _keys(self) -> tuple[list[tuple[str, str, str, bool]], tuple[str, str, str, bool] | None]:
        """(key, shown as, description, enabled) for each action shown, and the palette's."""
        active = self.screen.active_bindings
        seen: set[str] = set()
        keys: list[tuple[str, str, str, bool]] = []
        for _node, binding, enabled, _tooltip in active.values():
            if not binding.show or binding.action in seen:
                continue
            seen.add(binding.action)
            shown = self.app.get_key_display(binding)
            keys.append((binding.key, shown, binding.description, enabled))
        palette = None
        if self.app.ENABLE_COMMAND_PALETTE and self.app.COMMAND_PALETTE_BINDING in active:
            _node, binding, enabled, _tooltip = active[self.app.COMMAND_PALETTE_BINDING]
            palette = (binding.key, self.app.get_key_display(binding), binding.description, enabled)
            keys = [k for k in keys if k[0] != binding.key]
        return keys, palette

    def render(self) -> Text:
        keys, palette = self._keys()
        key_style = self.get_component_rich_style("keybar--key")
        description_style = self.get_component_rich_style("keybar--description")
        width = self.size.width
        right = Text()
        if palette is not None:
            right = Text.assemble(
                ("▏", Style(dim=True)),
                (palette[1], key_style),
                (f" {palette[2]} " if palette[2] else " ", description_style),
            )
        room = max(0, width - right.cell_len) if palette is not None else width
        left = Text(no_wrap=True, overflow="crop")
        spans: list[_KeySpan] = []
        for key, shown, description, enabled in keys:
            start = left.cell_len
            dim = Style(dim=not enabled)
            left.append(f" {shown} ", key_style + dim)
            if description:
                left.append(f"{description} ", description_style + dim)
            spans.append(_KeySpan(start, left.cell_len, key, enabled))
        left.truncate(room, overflow="crop", pad=True)
        if palette is not None:
            spans.append(_KeySpan(room, width, palette[0], palette[3]))
        self._spans = spans
        return Text.assemble(left, right, no_wrap=True, overflow="crop")

    def on_click(self, event: Click) -> None:
        for span in self._spans:
            if span.start <= event.x < span.end:
                if span.enabled:
                    self.app.simulate_key(span.key)
                else:
                    self.app.bell()
                return
