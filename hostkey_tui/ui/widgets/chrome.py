"""The frame around every section: header, section tabs, status line."""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len
from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget

from hostkey_tui.ui.text import fit, line


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
        right = self.right
        left = fit(self.left, max(0, width - cell_len(right) - 3))
        padding = max(1, width - cell_len(left) - cell_len(right) - 2)
        return line(" ", left, " " * padding, right, " ")
