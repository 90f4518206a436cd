"""A traffic graph drawn in the terminal with half-block cells, and the file it was saved to.

Half blocks work in every colour terminal, over SSH and in tmux, without probing the terminal
(sixel and kitty graphics need both ends to agree, and tmux often does not pass them on).
"""

from __future__ import annotations

from pathlib import Path

from rich.console import RenderableType
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.events import Resize
from textual.widgets import Static

from hostkey_tui.ui.actions import bindings
from hostkey_tui.ui.modals.base import Dialog
from hostkey_tui.ui.text import display_path, line, literal


def draw(path: Path, columns: int, rows: int) -> RenderableType | str:
    """The image at `path` fitted into columns × rows cells, or why it cannot be drawn."""
    try:
        # Imported here: Pillow costs a tenth of a second the first frame does not need.
        from PIL import Image, UnidentifiedImageError
        from rich_pixels import Pixels
    except ImportError:
        return "Pillow and rich-pixels are not installed: the graph is in the file."
    try:
        with Image.open(path) as image:
            width, height = image.size
            scale = min(columns / width, (rows * 2) / height, 1.0)
            size = (max(1, int(width * scale)), max(2, int(height * scale)))
            pixels: RenderableType = Pixels.from_image(image.convert("RGB"), resize=size)
            return pixels
    except (OSError, UnidentifiedImageError, ValueError) as error:
        return f"The image could not be drawn: {error}"


class GraphModal(Dialog[None]):
    DEFAULT_CSS = """
    GraphModal { align: center middle; }
    GraphModal > Vertical {
        width: 96%;
        height: auto;
        max-height: 94%;
        border: round $accent;
        background: $surface;
        padding: 0 1;
    }
    GraphModal #graph-image { height: auto; overflow: hidden; }
    GraphModal #graph-file { color: $text-muted; margin-top: 1; }
    """
    BINDINGS = bindings("graph")

    def __init__(self, title: str, path: Path, *, can_open: bool) -> None:
        super().__init__()
        self.title_text = title
        self.path = path
        self.can_open = can_open

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            # Titles carry API text (hostnames, zones): never parsed as markup.
            box.border_title = literal(self.title_text)
            box.border_subtitle = (
                "o opens the file · escape closes" if self.can_open else ("escape closes")
            )
            yield Static(id="graph-image")
            yield Static(
                line(("Saved as ", "dim"), (display_path(self.path), "bold")), id="graph-file"
            )

    def on_mount(self) -> None:
        self._draw()

    def on_resize(self, event: Resize) -> None:
        self._draw()

    def _draw(self) -> None:
        # The box is 96% wide, less its border and padding (2 + 2), and a cell to spare.
        columns = max(10, int(self.size.width * 0.96) - 5)
        rows = max(3, int(self.size.height * 0.94) - 6)
        drawn = draw(self.path, columns, rows)
        image = self.query_one("#graph-image", Static)
        image.update(literal(drawn, "yellow") if isinstance(drawn, str) else drawn)

    def action_open(self) -> None:
        from hostkey_tui.ui.billing_flows import open_file

        if not open_file(self.path):
            self.notify(
                f"No desktop here to open it; the file is {self.path}",
                severity="warning",
                markup=False,
            )

    def action_close(self) -> None:
        self.dismiss(None)
