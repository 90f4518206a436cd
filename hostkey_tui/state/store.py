"""The one Store: services dispatch events, the UI subscribes to new states."""

from __future__ import annotations

from collections.abc import Callable

from hostkey_tui.state.events import Event
from hostkey_tui.state.reduce import reduce
from hostkey_tui.state.state import AppState

Subscriber = Callable[[AppState], None]
#: Told the state before an event that changed it, and the event (what was, what came).
Observer = Callable[[AppState, Event], None]


class Store:
    """Holds the current `AppState`; `dispatch` reduces an event and tells subscribers.

    Synchronous on purpose: everything runs on one event loop, so an event is applied and
    announced before the next line of the service that dispatched it runs.
    """

    def __init__(self, state: AppState | None = None) -> None:
        self._state = state or AppState()
        self._subscribers: list[Subscriber] = []
        self._observers: list[Observer] = []
        self.dispatched = 0

    @property
    def state(self) -> AppState:
        return self._state

    def dispatch(self, event: Event) -> AppState:
        self.dispatched += 1
        new = reduce(self._state, event)
        if new is not self._state:
            before, self._state = self._state, new
            for observer in self._observers:
                observer(before, event)
            for subscriber in list(self._subscribers):
                subscriber(new)
        return new

    def observe(self, observer: Observer) -> None:
        """Call `observer` with the state before each event that changed it, and the event."""
        self._observers.append(observer)

    def subscribe(self, subscriber: Subscriber) -> Callable[[], None]:
        """Call `subscriber` with every new state; returns the way to stop."""
        self._subscribers.append(subscriber)

        def unsubscribe() -> None:
            if subscriber in self._subscribers:
                self._subscribers.remove(subscriber)

        return unsubscribe
