"""The user's TOML config (read strictly, never rewritten) and the app's own state.toml."""
