"""The only package that imports Textual."""

from hostkey_tui.ui.kit import relayout

relayout.install()
