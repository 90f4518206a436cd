"""Text from invapi made inert for where it is written: shown escaped, never acted on.

A hostname may hold terminal escapes that would retitle the window, or Markdown that would
become a link, a table break or a mention in an incident channel.
"""

from __future__ import annotations

import re

#: Control characters, C1 controls, and the invisible marks that reorder or hide text.
UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]")
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|#~!])")


def clean(text: str) -> str:
    """`text` with every control or hidden character shown as an escape, never acted on."""
    if not UNSAFE.search(text):
        return text
    return UNSAFE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def md(text: str) -> str:
    """Text made inert in Markdown (no link, no table break, no mention)."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", clean(text)).replace("@", "@\u200b")
