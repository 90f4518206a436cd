"""The documented example config, shipped inside the package.

A user who installed with pipx or uv never has the repository, so the example travels as package
data and `hostkey-tui config example` prints it from here.
"""

from __future__ import annotations

from importlib.resources import files

#: The file's name beside this module (package data in pyproject.toml).
EXAMPLE_NAME = "config.example.toml"


def example_text() -> str:
    """The example config, every key with its default and what it does."""
    # importlib.resources, not a path beside __file__: it also reads from a zipped install.
    return files("hostkey_tui.config").joinpath(EXAMPLE_NAME).read_text("utf-8")
