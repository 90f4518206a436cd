"""A usage bar: how much of a limit is used."""

from __future__ import annotations

from textual.content import Content

from hostkey_tui.ui.kit.text import line


def usage_bar(fraction: float | None, width: int = 20) -> Content:
    """`███████░░░░░░ 35%`; an unknown share is an empty bar with `no limit`."""
    if fraction is None:
        return line(("░" * width, "dim"), " ", ("no limit", "dim"))
    share = max(0.0, fraction)
    filled = min(width, round(share * width))
    style = "bold red" if share >= 0.9 else ("yellow" if share >= 0.75 else "green")
    return line(
        ("█" * filled, style), ("░" * (width - filled), "dim"), " ", (f"{share:.0%}", style)
    )
