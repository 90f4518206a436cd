"""Opening a link invapi gave (a payment page, a noVNC console) in the user's browser, through
Textual's `App.open_url` (Python's `webbrowser`, which honours `$BROWSER`).

The link comes from the API: only a plain http(s) address is handed to a browser, never a
`file:` or `javascript:` one, nor text a browser's command line could take for an option.
"""

from __future__ import annotations

from urllib.parse import urlsplit


def browsable(url: str) -> bool:
    """An http(s) address with a host, and nothing in it a command line could misread."""
    # control, format (bidirectional) and space characters: none belongs in an address
    if not url or not all(c.isprintable() and not c.isspace() for c in url):
        return False
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme.lower() in ("https", "http") and bool(parts.hostname)
