"""Pure, synchronous app state: AppState, past-tense events, reduce, the Store, and views."""
