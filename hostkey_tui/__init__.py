"""hostkey-tui: a keyboard-driven terminal app for HOSTKEY's invapi control-panel API."""

__version__ = "0.1.0"
