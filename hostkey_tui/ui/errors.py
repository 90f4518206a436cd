"""What a failure says to the person at the terminal: never a traceback, never a secret."""

from __future__ import annotations

import logging

from hostkey_tui.api import InvapiError
from hostkey_tui.api.redact import redact_text
from hostkey_tui.logs import current_log

log = logging.getLogger("hostkey_tui")


def toast_of(error: BaseException) -> tuple[str, str, float]:
    """(message, title, seconds shown) of a failure; an unexpected one is logged (redacted)."""
    if isinstance(error, InvapiError):
        return error.message, error.title, 8
    log.error("unexpected error: %s", redact_text(repr(error)), exc_info=error)
    return (
        f"{type(error).__name__}: {error}. Nothing else was affected; {_details()}",
        "Unexpected error",
        10,
    )


def fatal_text(error: BaseException | None) -> str:
    """Said on the way out instead of Textual's traceback, which shows local variables (they
    may hold the API key or a PIN); the error is logged, redacted."""
    log.critical("hostkey-tui stopped: %s", redact_text(repr(error)), exc_info=error)
    return (
        f"hostkey-tui stopped on an unexpected error ({type(error).__name__}). "
        f"Nothing further was sent. {_details()}"
    )


def _details() -> str:
    """Where the details went: the log's file, or how to keep them when there is no log."""
    where = current_log()
    if where is None:
        return "Run with --log FILE to keep the details."
    return f"The details are in {where}."
