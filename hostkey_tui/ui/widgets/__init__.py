"""Dumb widgets: they show what they are given and post what the user asks."""
