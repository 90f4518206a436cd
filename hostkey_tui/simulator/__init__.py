"""A faithful, seeded simulator of invapi: raw JSON only, nothing of ours but the clock."""
