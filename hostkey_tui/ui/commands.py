"""`ctrl+p`: the command palette lists every action that works where the focus is, by name and
key (no changes when read-only)."""

from __future__ import annotations

from functools import partial

from textual.binding import Binding
from textual.command import CommandInput, CommandPalette, DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.dom import DOMNode

from hostkey_tui.ui.keys import ACTIONS
from hostkey_tui.ui.kit.keys import Key
from hostkey_tui.ui.kit.screen import SectionScreen


class Palette(CommandPalette):
    """Textual's palette, whose text cursor blinks only when the app's own inputs do."""

    def on_mount(self) -> None:
        if not getattr(self.app, "blink", True):
            self.query_one(CommandInput).cursor_blink = False


class ActionCommands(Provider):
    """Every key that works here now, by name with its key: the palette runs it where the key
    would (the app, the screen, or the open tab of a server's detail, billing or account).

    Not offered: the palette's own key, and the keys that only move the cursor of a table
    (a search for "down" is slower than the arrow; the help lists them).
    """

    def _actions(self) -> list[tuple[Key, DOMNode]]:
        return [(action, node) for action, node, _ in self._offered()]

    def _offered(self) -> list[tuple[Key, DOMNode, str]]:
        """(action, where it runs, its keys as shown): the focused tab's and the screen's first,
        what works anywhere last; each node's in the registry's order."""
        screen = self.screen
        moving = screen.HELP_MOVING if isinstance(screen, SectionScreen) else ""
        read_only = bool(getattr(self.app, "state", None) and self.app.state.read_only)  # type: ignore[attr-defined]
        bound = self._bound()
        offered: list[tuple[Key, DOMNode, str]] = []
        for action in ACTIONS:
            if action.id not in bound or action.action == "command_palette":
                continue
            if (read_only and action.mutating) or (moving and action.scope == moving):
                continue
            node, keys = bound[action.id]
            shown = " ".join(dict.fromkeys(self.app.get_key_display(b) for b in keys))
            offered.append((action, node, shown))
        depth = {node: index for index, node in enumerate(self._chain())}
        offered.sort(key=lambda entry: depth.get(entry[1], len(depth)))  # stable
        return offered

    def _chain(self) -> list[DOMNode]:
        """The focused widget up to the screen, then the app: where keys are looked up."""
        focused = self.screen.focused
        chain = [self.screen, self.app] if focused is None else list(focused.ancestors_with_self)
        # A modal screen (the welcome screen) keeps the app's keys out, as Textual does.
        return chain[: chain.index(self.screen) + 1] if self.screen.is_modal else chain

    def _bound(self) -> dict[str, tuple[DOMNode, list[Binding]]]:
        """Where each key would run now: the first node up the focus chain that binds it and
        does not refuse it (what cannot be done now, a VM's IPMI say, is not offered), with
        the keys it is bound to there (`[keymap]` included).

        Not `screen.active_bindings`: that leaves out every key a focused text field takes for
        typing, and a key that a focused widget binds to something else (enter on a table).
        """
        nodes: dict[str, tuple[DOMNode, list[Binding]]] = {}
        for node in self._chain():
            for _, binding in node._bindings:
                if not binding.id:
                    continue
                if binding.id in nodes:
                    if nodes[binding.id][0] is node:
                        nodes[binding.id][1].append(binding)  # "escape,q": two keys, one action
                elif self.app._check_action_state(binding.action, node) is not False:
                    nodes[binding.id] = (node, [binding])
        return nodes

    def _run(self, action: Key, node: DOMNode) -> None:
        self.app.call_later(self.app.run_action, action.action, node)

    @staticmethod
    def _prompt(name: Content, keys: str) -> Content:
        """The action's name, then its key, dim: what to press next time."""
        return Content.assemble(name, "  ", (keys, "dim bold"))

    async def discover(self) -> Hits:
        for action, node, keys in self._offered():
            yield DiscoveryHit(
                self._prompt(Content(action.description), keys),
                partial(self._run, action, node),
                text=action.description,
                help=action.help,
            )

    async def search(self, query: str) -> Hits:
        """By name, fuzzily; by the words of what it does ("password", "PTR"), after those.

        The help is matched word for word, not fuzzily: its long sentences hold the letters of
        almost any query in order ("port" in "The next tab: overview, power…").
        """
        matcher = self.matcher(query)
        words = query.lower().split()
        for action, node, keys in self._offered():
            score = matcher.match(action.description)
            name = matcher.highlight(action.description)
            if score <= 0 and words and all(word in action.help.lower() for word in words):
                score = 0.01
                name = Content(action.description)
            if score > 0:
                yield Hit(
                    score,
                    self._prompt(name, keys),
                    partial(self._run, action, node),
                    text=action.description,
                    help=action.help,
                )
