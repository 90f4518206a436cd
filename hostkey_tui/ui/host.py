"""`Host`: what a screen or a flow may ask of the application, and nothing more.

Screens and flows are written against this protocol, never against `HostkeyApp`: the app sits
above every feature and imports them, so a feature importing the app would close a circle. A
test can also drive a flow with a scripted host (`tests/ui/test_host.py`).
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine, Sequence
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

if TYPE_CHECKING:
    from textual.notifications import SeverityLevel
    from textual.screen import Screen
    from textual.worker import Worker

    from hostkey_tui.clock import Clock
    from hostkey_tui.config.model import ConfirmPolicy
    from hostkey_tui.config.ui_state import UiState
    from hostkey_tui.models.common import Secret
    from hostkey_tui.services.context import Services
    from hostkey_tui.services.fleet import Member
    from hostkey_tui.services.power import Target
    from hostkey_tui.state.state import AppState
    from hostkey_tui.state.store import Store
    from hostkey_tui.state.views import ServerIndex
    from hostkey_tui.ui.setup import AppSetup

T = TypeVar("T")


class Host(Protocol):
    """The application as its screens and flows see it."""

    setup: AppSetup
    clock: Clock
    services: Services | None
    store: Store
    index: ServerIndex
    ui_state: UiState
    #: What the server list shows now, in order (the refresh reads these first).
    viewport_source: Callable[[], Sequence[int]]
    #: A confirm/PIN/grace flow is on screen: another key press starts nothing.
    flow_running: bool

    @property
    def state(self) -> AppState: ...

    @property
    def policy(self) -> ConfirmPolicy: ...

    @property
    def starting(self) -> bool: ...

    @property
    def cache_ttl(self) -> float: ...

    # -- saying things and running work ----------------------------------------------------

    def say(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
    ) -> None: ...

    def report_error(self, error: BaseException) -> None: ...

    def run_job(self, work: Coroutine[Any, Any, object]) -> None: ...

    def run_worker(
        self,
        work: Coroutine[Any, Any, T],
        name: str | None = "",
        group: str = "default",
        description: str = "",
        exit_on_error: bool = True,
        start: bool = True,
        exclusive: bool = False,
        thread: bool = False,
    ) -> Worker[T]: ...

    def jobs_running(self) -> int: ...

    # -- screens -------------------------------------------------------------------------------

    def push_screen_wait(self, screen: Screen[T]) -> Coroutine[Any, Any, T]: ...

    def push_screen(
        self, screen: Screen[T], callback: Callable[[T | None], None] | None = None
    ) -> object: ...

    def copy_to_clipboard(self, text: str) -> None: ...

    def open_server(self, server_id: int) -> None: ...

    def open_invoice(self, invoice_id: int) -> None: ...

    # -- the fleet ---------------------------------------------------------------------------

    def use_account(self, member: Member, *, quiet: bool = False) -> bool: ...

    def open_fleet_server(self, member: Member, server_id: int, neighbours: list[int]) -> None: ...

    def refresh_fleet(self) -> None: ...

    @property
    def acting_account(self) -> str:
        """The account a confirmation names while a fleet is open ("" otherwise)."""
        ...

    def power_menu(
        self, targets: list[Target], cancelled: Callable[[], object] | None = None
    ) -> None: ...

    def section_titles(self) -> tuple[tuple[str, str, str], ...]: ...

    def refresh_servers(self, force: bool = True) -> None: ...

    def save_ui_state(self, state: UiState) -> None: ...

    # -- signing in (the welcome screen) -------------------------------------------------------

    def connect(self, key: Secret, base_url: str, profile: str) -> Services: ...

    def start_session(self, services: Services, opened: bool = False) -> None: ...

    def start_demo(self) -> None: ...
