"""The root of the error hierarchy, and the one error parsing may raise.

These live in `models` (not `api`) because parsers raise `MalformedReply` and models may not
import `api`. `hostkey_tui.api.errors` re-exports both and adds the rest of the family.
"""

from __future__ import annotations


class InvapiError(Exception):
    """Anything that went wrong talking to invapi, with words a person can act on.

    Attributes:
        title: a short headline ("Session expired").
        message: what happened and what to do next.
    """

    default_title = "invapi error"

    def __init__(self, message: str, *, title: str | None = None) -> None:
        super().__init__(message)
        self.title = title or self.default_title
        self.message = message

    def __str__(self) -> str:
        return f"{self.title}: {self.message}"


class MalformedReply(InvapiError):
    """The reply was not JSON, or not the shape the documentation promises."""

    default_title = "Unexpected reply"

    def __init__(self, message: str, *, where: str = "") -> None:
        text = f"{where}: {message}" if where else message
        super().__init__(
            f"{text}. The API answered in a way hostkey-tui does not understand "
            "(report it with --log).",
        )
        self.where = where
