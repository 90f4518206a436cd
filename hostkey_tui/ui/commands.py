"""`ctrl+p`: the command palette lists every action of the registry (no changes when read-only)."""

from __future__ import annotations

from functools import partial

from textual.command import CommandInput, CommandPalette, DiscoveryHit, Hit, Hits, Provider

from hostkey_tui.ui.keys import actions_for
from hostkey_tui.ui.kit.keys import Key
from hostkey_tui.ui.kit.screen import SectionScreen


class Palette(CommandPalette):
    """Textual's palette, whose text cursor blinks only when the app's own inputs do."""

    def on_mount(self) -> None:
        if not getattr(self.app, "blink", True):
            self.query_one(CommandInput).cursor_blink = False


class ActionCommands(Provider):
    def _actions(self) -> list[tuple[Key, SectionScreen | None]]:
        screen = self.screen if isinstance(self.screen, SectionScreen) else None
        scopes = ("app", screen.SCOPE) if screen else ("app",)
        read_only = bool(getattr(self.app, "state", None) and self.app.state.read_only)  # type: ignore[attr-defined]
        return [
            (a, screen)
            for a in actions_for(scopes, read_only)
            if a.action != "command_palette"
            # What the open tab cannot do now (a VM's IPMI, say) is not offered either.
            and (
                screen is None
                or a.scope == "app"
                or screen.check_action(a.action.split("(")[0], ()) is not False
            )
        ]

    def _run(self, action: Key, screen: SectionScreen | None) -> None:
        target = self.app if action.scope == "app" or screen is None else screen
        self.app.call_later(target.run_action, action.action)

    async def discover(self) -> Hits:
        for action, screen in self._actions():
            yield DiscoveryHit(
                action.description, partial(self._run, action, screen), help=action.help
            )

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for action, screen in self._actions():
            text = f"{action.description} — {action.help}"
            score = matcher.match(text)
            if score > 0:
                yield Hit(
                    score,
                    matcher.highlight(text),
                    partial(self._run, action, screen),
                    help=action.id,
                )
