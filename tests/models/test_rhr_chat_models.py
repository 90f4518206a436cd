"""Any JSON given to the conversation's parser gives comments or `MalformedReply`, never another
error; and a request's conversation rides on its list entry only when invapi sent one."""

from __future__ import annotations

import contextlib
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from hostkey_tui.models.account import remote_hands_from_json
from hostkey_tui.models.errors import MalformedReply
from hostkey_tui.models.rhr import chat_history_from_json

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(
            st.sampled_from(["history", "id", "message", "author", "created_at", "requests", "x"]),
            inner,
            max_size=5,
        )
    ),
    max_leaves=20,
)


@settings(max_examples=150, deadline=None)
@given(JSON)
def test_any_reply_parses_or_is_malformed(data: Any) -> None:
    for parse in (chat_history_from_json, remote_hands_from_json):
        with contextlib.suppress(MalformedReply):
            parse(data)
    with contextlib.suppress(MalformedReply):
        chat_history_from_json({"history": [data]})
    with contextlib.suppress(MalformedReply):
        remote_hands_from_json({"requests": [{"id": 1, "history": data}]})


def test_times_and_authors_are_read_under_the_names_tried() -> None:
    history = chat_history_from_json(
        {"history": [{"id": 3, "body": "hello", "login": "duty", "date": "2026-01-02 10:00:00"}]}
    )
    assert history is not None
    (entry,) = history
    assert (entry.text, entry.author) == ("hello", "duty")
    assert entry.when is not None and entry.when.hour == 10
