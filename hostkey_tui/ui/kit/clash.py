"""`[keymap]` clashes (Textual's `App.handle_bindings_clash`): a key the user's keymap gives to
one action while another action of the same place keeps it by default. Textual gives the key to
the keymap's action and drops the other silently; the app says so, once per clash.

Textual 8.2.8 reports a clash only with a key that the keymap also names (`BindingsMap.
apply_keymap` compares `keymap.get(id)`, None for a key left as it is, with the key): a
keymap giving `q` to the help never reports that Quit lost it. `clashes_of` is that check
without the slip, run by the app over each screen it shows.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from textual.binding import Binding, BindingsMap


class Clashes:
    """The clashes said so far: Textual reports one on every key press while it lasts."""

    def __init__(self) -> None:
        self._said: set[tuple[str, str]] = set()

    def news(self, clashed: Iterable[Binding], keymap: Mapping[str, str]) -> list[str]:
        """A warning for each clash not said yet."""
        messages = []
        for lost in sorted(clashed, key=lambda b: (b.key, b.id or b.action)):
            said = (lost.key, lost.id or lost.action)
            if said in self._said:
                continue
            self._said.add(said)
            takers = [
                name
                for name, keys in keymap.items()
                if name != lost.id and lost.key in (k.strip() for k in keys.split(","))
            ]
            messages.append(
                f"[keymap] gives {lost.key} to {', '.join(takers) or 'another action'}, so "
                f"{_name(lost)} has no key there now: choose another key for one of them."
            )
        return messages


def clashes_of(bindings: BindingsMap, keymap: Mapping[str, str]) -> set[Binding]:
    """The bindings of one node (as its class declares them, before the keymap) that lose
    their key to the keymap: another action of the node is given it, and they keep it; or two
    actions the keymap names are both given it."""
    remapped = {
        name: [k.strip() for k in keys.split(",") if k.strip()] for name, keys in keymap.items()
    }
    taken: dict[str, list[Binding]] = {}
    for _, binding in bindings:
        if binding.id in remapped:
            for key in remapped[binding.id]:
                if binding not in taken.setdefault(key, []):
                    taken[key].append(binding)
    clashed: set[Binding] = set()
    for key, takers in taken.items():
        kept = [b for b in bindings.key_to_bindings.get(key, []) if b.id not in remapped]
        clashed.update(kept)
        if len({b.id for b in takers}) > 1:
            # both are bound to it: which runs is not the user's to see, so all but the last
            # are said (each as it would be pressed: with the key in question)
            clashed.update(b.with_key(key) for b in takers[:-1])
    return clashed


def _name(binding: Binding) -> str:
    """`servers.filter (Filter)`: the id `[keymap]` knows it by, and what it does."""
    if binding.id:
        return f"{binding.id} ({binding.description})" if binding.description else binding.id
    return binding.description or binding.action
