"""`ctrl+p`: the command palette lists every action of the registry (no changes when read-only)."""

from __future__ import annotations

from functools import partial

from textual.command import CommandInput, CommandPalette, DiscoveryHit, Hit, Hits, Provider
from textual.dom import DOMNode

from hostkey_tui.ui.keys import actions_for
from hostkey_tui.ui.kit.keys import Key
from hostkey_tui.ui.kit.screen import SectionScreen


class Palette(CommandPalette):
    """Textual's palette, whose text cursor blinks only when the app's own inputs do."""

    def on_mount(self) -> None:
        if not getattr(self.app, "blink", True):
            self.query_one(CommandInput).cursor_blink = False


class ActionCommands(Provider):
    """Every key that works here now, by name: the palette runs it where the key would (the
    app, the screen, or the open tab of a server's detail)."""

    def _actions(self) -> list[tuple[Key, DOMNode]]:
        screen = self.screen
        scopes = ("app", screen.SCOPE) if isinstance(screen, SectionScreen) else ("app",)
        read_only = bool(getattr(self.app, "state", None) and self.app.state.read_only)  # type: ignore[attr-defined]
        bound = self._bound()
        return [
            (a, bound[a.id])
            for a in actions_for(scopes, read_only)
            if a.action != "command_palette" and a.id in bound
        ]

    def _bound(self) -> dict[str, DOMNode]:
        """Where each key would run now: the first node up the focus chain that binds it and
        does not refuse it (what cannot be done now, a VM's IPMI say, is not offered).

        Not `screen.active_bindings`: that leaves out every key a focused text field takes for
        typing, and a key that a focused widget binds to something else (enter on a table).
        """
        screen = self.screen
        focused = screen.focused
        chain = focused.ancestors_with_self if focused is not None else [screen, self.app]
        nodes: dict[str, DOMNode] = {}
        for node in chain:
            for _, binding in node._bindings:
                if (
                    binding.id
                    and binding.id not in nodes
                    and self.app._check_action_state(binding.action, node) is not False
                ):
                    nodes[binding.id] = node
        return nodes

    def _run(self, action: Key, node: DOMNode) -> None:
        self.app.call_later(self.app.run_action, action.action, node)

    async def discover(self) -> Hits:
        for action, node in self._actions():
            yield DiscoveryHit(
                action.description, partial(self._run, action, node), help=action.help
            )

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for action, node in self._actions():
            text = f"{action.description} — {action.help}"
            score = matcher.match(text)
            if score > 0:
                yield Hit(
                    score,
                    matcher.highlight(text),
                    partial(self._run, action, node),
                    help=action.id,
                )
