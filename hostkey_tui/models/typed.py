"""What a typed confirmation asks for when the thing's name comes from invapi.

The name is asked for so that the user reads what they are about to change. A name invapi
holds may be empty or blank (the step would vanish, or never match what can be typed), carry
characters no keyboard types (zero-width spaces, a decomposed accent) or be too long to type
sensibly: its id is asked for then, and said.
"""

from __future__ import annotations

import unicodedata

#: Longer names are not typed: the id stands in.
MAX_TYPED = 64


def typable(name: str) -> bool:
    """Whether `name` can be typed as shown and compared as typed (the confirm dialog strips
    what is typed)."""
    return (
        bool(name.strip())
        and name == name.strip()
        and len(name) <= MAX_TYPED
        and name.isprintable()
        and unicodedata.normalize("NFC", name) == name
    )


def typed_word(name: str, fallback: int | str) -> str:
    """The word to type to confirm a change to the thing called `name`: the name itself, or
    `fallback` (its id) when the name cannot be typed. Never empty: the step is never lost."""
    if typable(name):
        return name
    word = str(fallback).strip()
    return word if typable(word) else "yes"


def shown_name(name: str, fallback: int | str) -> str:
    """The name for a sentence (`Delete the API key …?`): an empty one is said as such."""
    return name.strip() or f"{fallback} (no name)"


def typed_note(name: str, word: str) -> str:
    """Why the dialog asks for something other than the name, or nothing when it asks for it."""
    if word == name:
        return ""
    why = "has no name" if not name.strip() else "has a name that cannot be typed as shown"
    return f"It {why}: type {word} instead."
