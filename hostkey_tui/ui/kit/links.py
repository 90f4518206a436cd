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


#: Browsers that run in the terminal: opened from here they would take over the app's screen.
_TERMINAL_BROWSERS = frozenset({"www-browser", "links", "elinks", "lynx", "w3m", "links2"})


def browser_found() -> bool:
    """Whether a graphical browser is there to open a link in (`$BROWSER` honoured); over SSH
    or on a server there is usually none, and the link is to be copied instead."""
    import webbrowser

    try:
        found = webbrowser.get()
    except webbrowser.Error:
        return False
    name = getattr(found, "name", "") or ""
    return name.rsplit("/", 1)[-1] not in _TERMINAL_BROWSERS


NO_BROWSER = "No browser was found on this machine (over SSH, open it on yours): y copies it."
