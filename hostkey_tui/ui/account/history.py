"""An API key's history: the range of days asked for, and the reads that fill the tab."""

from __future__ import annotations

import contextlib
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from hostkey_tui.api import InvapiError
from hostkey_tui.models.account import ApiKey
from hostkey_tui.services import account
from hostkey_tui.ui.kit.modals.form import Field, FormModal

if TYPE_CHECKING:
    from hostkey_tui.ui.host import Host

HISTORY_DAYS = 30


async def history_range(app: Host, key: ApiKey) -> None:
    services = app.services
    if services is None:
        return
    held = app.state.keys.history
    start, end = default_range(app.clock.now())
    if held is not None and held.key_id == key.id:
        start, end = held.start, held.end
    values = await app.push_screen_wait(
        FormModal(
            f"History of {key.name}",
            [
                Field("start", "From", start, _check_day, placeholder="YYYY-MM-DD"),
                Field("end", "To", end, _check_day, placeholder="YYYY-MM-DD"),
            ],
            intro="Either may be empty: from the start, or up to now.",
            submit="Show",
            check_all=_range_check,
        )
    )
    if values is None:
        return
    await read_history(app, key, values["start"].strip(), values["end"].strip())


def default_range(now: float) -> tuple[str, str]:
    today = datetime.fromtimestamp(now, UTC).date()
    return (today - timedelta(days=HISTORY_DAYS)).isoformat(), today.isoformat()


def _check_day(text: str) -> str | None:
    if not text.strip():
        return None
    try:
        datetime.strptime(text.strip(), "%Y-%m-%d")
    except ValueError:
        return "A date such as 2026-11-01."
    return None


def _range_check(values: dict[str, str]) -> dict[str, str]:
    start, end = values["start"].strip(), values["end"].strip()
    if start and end and start > end:
        return {"end": "The end comes before the start."}
    return {}


async def read_history(app: Host, key: ApiKey, start: str, end: str) -> None:
    """The key as invapi holds it now, and its history: two reads, each standing alone (a
    refused view does not keep the history from being read). A failure is kept in the store
    and said in its own place on the screen."""
    if app.services is None:
        return
    with contextlib.suppress(InvapiError):
        await account.view_key(app.services, key.id)
    with contextlib.suppress(InvapiError):
        await account.key_history(app.services, key.id, start, end)
