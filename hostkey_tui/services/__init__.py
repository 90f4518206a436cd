"""Use cases: call the API, dispatch events to the store. No Textual, no httpx."""
