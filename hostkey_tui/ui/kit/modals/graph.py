"""A traffic graph drawn in the terminal with half-block cells, and the file it was saved to.

Half blocks work in every colour terminal, over SSH and in tmux, without probing the terminal
(sixel and kitty graphics need both ends to agree, and tmux often does not pass them on).
"""

from __future__ import annotations

import struct
import warnings
from pathlib import Path
from typing import BinaryIO

from rich.console import RenderableType
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.events import Resize
from textual.widgets import Static

from hostkey_tui.ui.kit.keys import bindings
from hostkey_tui.ui.kit.modals import keys
from hostkey_tui.ui.kit.modals.base import Dialog
from hostkey_tui.ui.kit.text import display_path, line, literal

#: The most pixels decoded to draw a graph: a cacti graph is well under a megapixel, and this
#: is 64 MB as RGBA. A few kilobytes of PNG can declare 15000 x 15000 (900 MB decoded).
MAX_PIXELS = 4096 * 4096
#: The longest side drawn (a long strip is few pixels, but no graph is this long).
MAX_SIDE = 16384
#: Markers of a JPEG frame header (SOF0-SOF15 less DHT, JPG and DAC), which hold the size.
_JPEG_FRAMES = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}


def header_size(path: Path) -> tuple[int, int] | None:
    """Width and height as the PNG, GIF or JPEG header at `path` declares them, read without
    decoding anything; None when the file is none of those or its header is cut short."""
    with path.open("rb") as file:
        head = file.read(32)
        if head.startswith(b"\x89PNG\r\n\x1a\n") and head[12:16] == b"IHDR" and len(head) >= 24:
            width, height = struct.unpack(">II", head[16:24])
            return int(width), int(height)
        if head[:6] in (b"GIF87a", b"GIF89a") and len(head) >= 10:
            width, height = struct.unpack("<HH", head[6:10])
            return int(width), int(height)
        if head.startswith(b"\xff\xd8"):
            return _jpeg_size(file)
    return None


def _jpeg_size(file: BinaryIO) -> tuple[int, int] | None:
    """The size in a JPEG's frame header, found by skipping the segments before it."""
    file.seek(2)
    for _ in range(256):  # a few segments come first (APPn, DQT, DHT), not hundreds
        marker = file.read(2)
        if len(marker) < 2 or marker[0] != 0xFF:
            return None
        if marker[1] == 0xFF:  # fill before a marker
            file.seek(-1, 1)
            continue
        if marker[1] in (0xD8, 0x01) or 0xD0 <= marker[1] <= 0xD7:
            continue  # markers without a length
        length = file.read(2)
        if len(length) < 2:
            return None
        if marker[1] in _JPEG_FRAMES:
            frame = file.read(5)
            if len(frame) < 5:
                return None
            height, width = struct.unpack(">HH", frame[1:5])
            return int(width), int(height)
        file.seek(struct.unpack(">H", length)[0] - 2, 1)
    return None


def too_large(size: tuple[int, int]) -> bool:
    width, height = size
    return width * height > MAX_PIXELS or max(width, height) > MAX_SIDE


def draw(path: Path, columns: int, rows: int) -> RenderableType | str:
    """The image at `path` fitted into columns × rows cells, or why it cannot be drawn.

    Its size is read from its header first, and one too large is not decoded (Pillow would
    take the memory, or end the app with DecompressionBombError).
    """
    try:
        # Imported here: Pillow costs a tenth of a second the first frame does not need.
        from PIL import Image, UnidentifiedImageError
        from rich_pixels import Pixels
    except ImportError:
        # An optional extra: the graph was saved all the same, and opening the file still works.
        return (
            f"Drawing graphs here needs the graphs extra (Pillow and rich-pixels): "
            f"pipx install 'hostkey-tui[graphs]'. The graph is saved to {display_path(path)}"
        )
    saved = display_path(path)
    try:
        declared = header_size(path)
        if declared is None:
            return f"The image could not be drawn: not a PNG, GIF or JPEG; saved to {saved}"
        width, height = declared
        if too_large(declared):
            return f"The graph is too large to draw ({width} x {height}); saved to {saved}"
        if width < 1 or height < 1:
            return f"The image could not be drawn: it is {width} x {height}; saved to {saved}"
        with warnings.catch_warnings():
            # Pillow's own bomb limits, as errors: ours is lower, but a second check is cheap.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                width, height = image.size
                if image.size != declared:  # another header than the one read: not trusted
                    return f"The image could not be drawn: its header is unclear; saved to {saved}"
                scale = min(columns / width, (rows * 2) / height, 1.0)
                size = (max(1, int(width * scale)), max(2, int(height * scale)))
                pixels: RenderableType = Pixels.from_image(image.convert("RGB"), resize=size)
                return pixels
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        return f"The graph is too large to draw ({error}); saved to {saved}"
    except (OSError, UnidentifiedImageError, ValueError, struct.error) as error:
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
    GraphModal #graph-about { margin-bottom: 1; }
    GraphModal #graph-image { height: auto; overflow: hidden; }
    GraphModal #graph-file { color: $text-muted; margin-top: 1; }
    """
    BINDINGS = bindings(keys.GRAPH)

    def __init__(
        self, title: str, path: Path, *, can_open: bool, about: Content | None = None
    ) -> None:
        """`about`: what the graph shows (port, period, unit), said above it, since the
        image's own axes and legend cannot be read once drawn in cells."""
        super().__init__()
        self.title_text = title
        self.path = path
        self.can_open = can_open
        self.about = about

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            # Titles carry API text (hostnames, zones): never parsed as markup.
            box.border_title = literal(self.title_text)
            box.border_subtitle = (
                "o opens the file · escape closes" if self.can_open else ("escape closes")
            )
            if self.about is not None:
                yield Static(self.about, id="graph-about")
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
        about = 0 if self.about is None else len(self.about.plain.splitlines()) + 1
        rows = max(3, int(self.size.height * 0.94) - 6 - about)
        drawn = draw(self.path, columns, rows)
        image = self.query_one("#graph-image", Static)
        image.update(literal(drawn, "yellow") if isinstance(drawn, str) else drawn)

    def action_open(self) -> None:
        from hostkey_tui.ui.kit.files import open_file

        if not open_file(self.path):
            self.notify(
                f"No desktop here to open it; the file is {self.path}",
                severity="warning",
                markup=False,
            )

    def action_close(self) -> None:
        self.dismiss(None)
