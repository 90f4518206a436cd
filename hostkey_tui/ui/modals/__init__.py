"""Modal screens: help, jump line, column chooser, messages."""
