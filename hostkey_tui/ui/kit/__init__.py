"""What every screen shares: widgets, modals, keys, text. Importing it mends Textual's layout
count (`relayout`) before any app runs."""

from hostkey_tui.ui.kit import relayout

relayout.install()
