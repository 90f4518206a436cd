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


@dataclass(frozen=True, slots=True)
class ShownKey:
    """One key as the bar shows it: the key pressed, how it is written, what it does."""

    key: str
    shown: str
    description: str
    enabled: bool = True

    def text(self, key_style: Style, description_style: Style, lead: str = " ") -> Text:
        """Drawn as `width` cells; `lead` in place of the leading space (the palette's bar)."""
        dim = Style(dim=not self.enabled)
        text = Text(lead, Style(dim=True) if lead.strip() else key_style + dim)
        text.append(f"{self.shown} ", key_style + dim)
        if self.description:
            text.append(f"{self.description} ", description_style + dim)
        return text

    @property
    def width(self) -> int:
        return cell_len(f" {self.shown} ") + (
            cell_len(self.description) + 1 if self.description else 0
        )


#: Actions that move rather than do: the bar drops them before what the screen itself does.
NAVIGATION = frozenset({"back", "tab", "jump", "section", "next_server", "previous_server"})
#: Actions the bar always shows, at its right end: a person who sees nothing else sees these.
PINNED = ("help", "quit")


@dataclass(frozen=True, slots=True)
class KeyRow:
    """What the bar has to show: the keys by importance, the pinned ones, the palette's."""

    keys: tuple[ShownKey, ...]
    pinned: tuple[ShownKey, ...] = ()
    palette: ShownKey | None = None


def arrange(row: KeyRow, width: int) -> tuple[list[ShownKey], list[ShownKey], ShownKey | None]:
    """The keys that fit in `width` cells, whole: (left, pinned, palette).

    The pinned keys (help, quit) and the palette's stay; the others are taken in order of
    importance until the next one does not fit. A key is never cut mid-word (issue 22): half a
    description ("q Qu") tells nothing, and the keys after it would be the important ones.
    """
    pinned = list(row.pinned)
    palette = row.palette
    right = sum(k.width for k in pinned) + (palette.width if palette else 0)
    if palette is not None and right > width:
        right -= palette.width
        palette = None
    room = width - right
    left: list[ShownKey] = []
    for key in row.keys:
        if key.width > room:
            break
        left.append(key)
        room -= key.width
    return left, pinned, palette


class KeyBar(Widget, can_focus=False):
    """The keys of what has focus, on one line: the most important that fit, whole.

    One widget drawing text instead of a widget per key: Textual's Footer remounts a dozen
    widgets (each restyled twice) whenever focus or the bindings change, which cost about
    0.1 s of the first frame and of every focus move (issue 9). A key is clicked as there.

    Order of importance: what the open tab and the screen do (focused widget first, as Textual
    ranks the bindings), then the keys that only move (back, tab, jump); help and quit always,
    at the right end, before the palette's key.
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

    def key_row(self) -> KeyRow:
        """The keys shown now, ranked (see the class)."""
        app = self.app
        active = self.screen.active_bindings
        palette = None
        if app.ENABLE_COMMAND_PALETTE and app.COMMAND_PALETTE_BINDING in active:
            _node, binding, enabled, _tooltip = active[app.COMMAND_PALETTE_BINDING]
            palette = ShownKey(
                binding.key, app.get_key_display(binding), binding.description, enabled
            )
        seen: set[str] = set()
        own: list[ShownKey] = []
        moving: list[ShownKey] = []
        pinned: dict[str, ShownKey] = {}
        for node, binding, enabled, _tooltip in active.values():
            if not binding.show or binding.action in seen:
                continue
            if palette is not None and binding.key == palette.key:
                continue
            seen.add(binding.action)
            shown = ShownKey(
                binding.key, app.get_key_display(binding), binding.description, enabled
            )
            method = binding.action.partition("(")[0].rpartition(".")[2]
            if method in PINNED:
                pinned.setdefault(method, shown)
            elif method in NAVIGATION or node is app:
                moving.append(shown)
            else:
                own.append(shown)
        kept = tuple(pinned[method] for method in PINNED if method in pinned)
        return KeyRow(tuple(own + moving), kept, palette)

    def render(self) -> Text:
        left, pinned, palette = arrange(self.key_row(), self.size.width)
        key_style = self.get_component_rich_style("keybar--key")
        description_style = self.get_component_rich_style("keybar--description")
        width = self.size.width
        spans: list[_KeySpan] = []
        text = Text(no_wrap=True, overflow="crop")

        def add(key: ShownKey, lead: str = " ") -> None:
            start = text.cell_len
            text.append_text(key.text(key_style, description_style, lead))
            spans.append(_KeySpan(start, text.cell_len, key.key, key.enabled))

        for key in left:
            add(key)
        right = [*pinned, palette] if palette is not None else pinned
        text.append(" " * max(0, width - text.cell_len - sum(k.width for k in right)))
        for key in pinned:
            add(key)
        if palette is not None:
            add(palette, "▏")  # set apart: it opens every other action
        text.truncate(width, overflow="crop", pad=True)
        self._spans = spans
        return text

    def on_click(self, event: Click) -> None:
        for span in self._spans:
            if span.start <= event.x < span.end:
                if span.enabled:
                    self.app.simulate_key(span.key)
                else:
                    self.app.bell()
                return
