"""The README's Keys table is the app's: every key the registry binds is in it, under the place
it works, and every key it names there is bound (so a changed key cannot leave it wrong)."""

from __future__ import annotations

import re
from pathlib import Path

from hostkey_tui.ui.keys import ACTIONS

README = Path(__file__).parent.parent / "README.md"

#: The README's "Where" column, and the registry scopes of the keys it lists.
WHERE = {
    "anywhere": {"app"},
    "every list": {"table"},
    # the cell keys are the server list's own table's (the only list with cells to copy)
    "server list": {"servers", "columns", "table.left", "table.right"},
    "fleet": {"fleet"},
    "server detail": {"detail"},
    "billing": {"billing"},
    "invoice": {"invoice"},
    "DNS": {"dns"},
    "order": {"order"},
    "account": {"account"},
    "jobs": {"jobs"},
}
#: How the README writes a key Textual names otherwise.
WRITTEN = {
    "question_mark": "?",
    "colon": ":",
    "slash": "/",
    "number_sign": "#",
    "exclamation_mark": "!",
    "left_square_bracket": "[",
    "right_square_bracket": "]",
    "up": "↑",
    "down": "↓",
    "left": "←",
    "right": "→",
    "pageup": "pgup",
    "pagedown": "pgdn",
}
#: Keys Textual's own widgets give: a list's enter chooses its row, tab moves the focus.
TEXTUAL = {"enter", "tab"}
#: Keys of the "table" scope that only the server list binds.
CELLS = {"table.left", "table.right"}
#: Keys the README words together rather than one by one.
TOGETHER = {"1", "2", "3", "4", "5", "6"}


def readme_keys() -> dict[str, set[str]]:
    """Each place's keys as the README's table writes them (the "Key" column's `...`)."""
    text = README.read_text(encoding="utf-8")
    table = text.split("## Keys", 1)[1].lstrip().split("\n\n", 1)[0]
    keys: dict[str, set[str]] = {}
    where = ""
    for row in table.splitlines():
        cells = [c.strip() for c in row.strip().strip("|").split("|")]
        if len(cells) < 3 or cells[0] in ("Where", "---"):
            continue
        where = cells[0] or where
        found = keys.setdefault(where, set())
        for token in re.findall(r"`([^`]+)`", cells[1]):
            found.update(token.split())
    return keys


def bound_keys(scopes: set[str]) -> set[str]:
    keys: set[str] = set()
    for action in ACTIONS:
        if (action.scope in scopes or action.id in scopes) and not (
            action.id in CELLS and action.id not in scopes
        ):
            for key in action.key.split(","):
                keys.add(WRITTEN.get(key.strip(), key.strip()))
    return keys


def test_every_bound_key_is_in_the_readme_under_its_place() -> None:
    written = readme_keys()
    assert set(written) == set(WHERE), "the README's places are the registry's"
    for where, scopes in WHERE.items():
        missing = bound_keys(scopes) - written[where] - TOGETHER
        # escape is everywhere: the README says it where it does something of its own
        missing.discard("escape")
        assert not missing, f"README Keys, {where}: not listed {sorted(missing)}"


def test_every_key_the_readme_names_is_bound_there() -> None:
    for where, keys in readme_keys().items():
        extra = keys - bound_keys(WHERE[where]) - {"…"} - TEXTUAL
        assert not extra, f"README Keys, {where}: names unbound keys {sorted(extra)}"
