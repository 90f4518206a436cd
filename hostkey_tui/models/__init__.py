"""Frozen value objects and their total parsers: no I/O, no httpx, no Textual."""
