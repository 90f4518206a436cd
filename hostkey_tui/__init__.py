"""hostkey-tui: a keyboard-driven terminal app for HOSTKEY's invapi control-panel API."""

# The one place the version is written: pyproject.toml reads it from here (statically, without
# importing), and so do `--version` and the HTTP User-Agent. Keep this module free of imports:
# `import hostkey_tui` must cost nothing.
__version__ = "0.1.0"
