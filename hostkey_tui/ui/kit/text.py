"""API text as inert Content: never parsed as markup, never carrying escape sequences.

In Textual 8 a plain `str` given to a Label, Static, notify, OptionList or a border title is
parsed as markup: `[@click=app.quit]` would run an action and `[/x]` would crash. Everything
that shows text from the network goes through here.
"""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.content import Content

from hostkey_tui.models.common import clean_text

#: What a secret looks like until the user asks to see it.
HIDDEN = "••••••••"


def literal(text: str, style: str = "") -> Content:
    """Text shown exactly as written (control characters removed)."""
    cleaned = clean_text(text)
    return Content.styled(cleaned, style) if style else Content(cleaned)


def line(*parts: str | tuple[str, str] | Content) -> Content:
    """Join literal pieces, some styled: `line(("Host ", "dim"), hostname)`."""
    pieces: list[str | tuple[str, str] | Content] = []
    for part in parts:
        if isinstance(part, tuple):
            pieces.append((clean_text(part[0]), part[1]))
        elif isinstance(part, str):
            pieces.append(clean_text(part))
        else:
            pieces.append(part)
    return Content.assemble(*pieces)


def display_path(path: Path) -> str:
    """A path as a person writes it: the home folder as `~`."""
    try:
        return "~/" + str(path.expanduser().relative_to(Path.home()))
    except ValueError:
        return str(path)


def fit(text: str, width: int) -> str:
    """`text` cut to `width` cells with an ellipsis when it does not fit."""
    from rich.cells import cell_len, set_cell_size

    if cell_len(text) <= width:
        return text
    if width <= 1:
        return set_cell_size(text, width)
    return set_cell_size(text, width - 1) + "…"


def cell(text: str, style: str = "") -> Text:
    """A DataTable cell: a plain string there is parsed as markup, a Text is not."""
    return Text(clean_text(text, single_line=True), style=style, no_wrap=True, overflow="ellipsis")
