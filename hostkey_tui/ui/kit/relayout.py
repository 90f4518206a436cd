"""A mend to Textual 8's layout (seen on 8.2.8): a widget changed in size twice around a layout
pass keeps the size measured for the first change.

`Widget.refresh(layout=True)` counts a change of size (`_layout_updates`, part of the key of the
widget's cached box model) only when no layout is pending for that widget. A sibling's layout
can run in between (its idle check clears the arrangement the two share): the widget's box is
measured for its first new content and cached under the count; the second change, still
pending, does not move the count, so the box model cached for the first is used again and the
widget stays a line short, its last line cut off (seen: the Remote tab's ISO panel, reading its
lists on a loaded machine). Counting every change of size makes the cache miss as it should.
"""

from __future__ import annotations

from typing import Any

from textual.widget import Widget

_refresh = Widget.refresh


def _refresh_counting_every_change(self: Widget, *args: Any, **kwargs: Any) -> Widget:
    if kwargs.get("layout") and self._layout_required:
        self._layout_updates += 1
    return _refresh(self, *args, **kwargs)


def install() -> None:
    """Once per process (the kit's package does it on import). Only on a Textual whose widgets
    keep the count where 8.2 does: elsewhere nothing is mended, rather than every layout
    breaking on a missing attribute."""
    probe = Widget()
    if not (hasattr(probe, "_layout_required") and hasattr(probe, "_layout_updates")):
        return
    if Widget.refresh is _refresh:
        Widget.refresh = _refresh_counting_every_change  # type: ignore[method-assign,assignment]
