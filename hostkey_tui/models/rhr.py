"""A remote-hands request's conversation: the comments of `rhr/chat`'s `history`.

What is known (beyond-the-docs.md §4 b) [S9]): `rhr/chat` takes the request's `id` and a
`message`, and its reply carries `"history":[...]`. The reference's example shows each entry's
`id` and a field cut off after "compo"; nothing else of an entry is shown. So an entry is read
leniently: its text, its author and its time under the names such APIs use, none required.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from hostkey_tui.models.common import Obj, objs_of, total
from hostkey_tui.records import dataclass

# assumed: S9 shows no entry beyond `id`; these are the names a comment's parts go by in
# ticket systems (Jira's own `body`/`author`/`created` among them), tried in this order.
_TEXT = ("message", "text", "comment", "body")
_AUTHOR = ("author", "user", "login", "from", "created_by", "name")
_WHEN = ("created_at", "date", "created", "time", "updated_at")


@dataclass(frozen=True, slots=True)
class RhrComment:
    """One entry of a request's conversation (its text is invapi's: never markup)."""

    id: int | None
    text: str
    author: str = ""
    when: datetime | None = None


def _first_text(o: Obj, names: Iterable[str]) -> str:
    for name in names:
        found = o.text(name, single_line=False)
        if found:
            return found
    return ""


def _comment(o: Obj) -> RhrComment:
    when = next((o.datetime(name) for name in _WHEN if o.datetime(name) is not None), None)
    return RhrComment(
        id=o.int("id"),
        text=_first_text(o, _TEXT),
        author=" ".join(_first_text(o, _AUTHOR).split()),
        when=when,
    )


def comments_of(value: object, where: str) -> tuple[RhrComment, ...]:
    """A `history` list as invapi wrote it; entries that are not objects are skipped."""
    return tuple(_comment(o) for o in objs_of(value, where))


@total("rhr/chat")
def chat_history_from_json(data: object) -> tuple[RhrComment, ...] | None:
    """The conversation `rhr/chat` answers with; None when the reply carries none (never taken
    for an empty conversation: a comment was just added to it)."""
    reply = Obj(data, "rhr/chat")
    if reply.get("history") is None:
        return None
    return comments_of(reply.get("history"), "rhr/chat.history")
