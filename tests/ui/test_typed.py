"""The word a typed confirmation asks for: the name when it can be typed, else the id (said)."""

from __future__ import annotations

import pytest

from hostkey_tui.ui.kit.typed import shown_name, typed_note, typed_word


@pytest.mark.parametrize(
    ("name", "word"),
    [
        ("web-01.example.com", "web-01.example.com"),
        ("my key", "my key"),
        ("ключ", "ключ"),  # typable where it was named
        ("", "484"),
        ("   ", "484"),
        (" padded ", "484"),  # the dialog strips what is typed: it could never match
        ("web\u200b01", "484"),  # a zero-width space nobody can see to type
        ("cafe\u0301", "484"),  # a decomposed accent: what is typed is composed
        ("x" * 65, "484"),
    ],
)
def test_the_word_is_the_name_only_when_it_can_be_typed(name: str, word: str) -> None:
    assert typed_word(name, 484) == word


def test_the_dialog_says_why_another_word_is_asked_for() -> None:
    assert typed_note("web", "web") == ""
    assert typed_note("", "484") == "It has no name: type 484 instead."
    assert "cannot be typed" in typed_note("web\u200b01", "484")
    assert shown_name("", 484) == "484 (no name)" and shown_name(" web ", 484) == "web"
