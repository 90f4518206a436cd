"""What each tab of the Account section shows: its rows, the note under its table, the PIN text.

Pure functions of the state (and of what the screen knows besides, such as the key whose
history was asked for), so the screen only puts them in place; the PIN tab is a widget that
renders itself from the slice of the state it is given.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from rich.text import Text
from textual.content import Content
from textual.reactive import var
from textual.widgets import Static

from hostkey_tui.models.account import ApiKey, RemoteHandsRequest, SshKey
from hostkey_tui.state.reduce import PIN_TRIES
from hostkey_tui.state.state import AppState, KeyHistory, Keys, Pin
from hostkey_tui.ui.kit.text import cell, fit, line, literal

OPEN_REQUEST = {"PENDING", "NEW", "OPEN", "IN_PROGRESS"}
#: How each part read on its own is named where its failure is said.
PART_NAMES = {"api_keys": "API keys", "ssh_keys": "SSH keys", "remote_hands": "Requests"}


def count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def when(moment: datetime | None) -> str:
    return moment.strftime("%Y-%m-%d %H:%M") if moment else ""


def not_read(what: str, why: str, retry: str) -> Content:
    """A part that could not be read, in its own place: what, why (invapi's words, literal),
    and how to try again. Never shown as empty or as zero."""
    return literal(f"{what}: not read ({why}) · {retry}", "yellow")


def summary(keys: Keys) -> str:
    """The status line's count of each part; a part not read (yet) says so, never 0."""

    def part(name: str, held: tuple[object, ...] | None, counted: str) -> str:
        if name in keys.errors:
            return f"{PART_NAMES[name]}: not read"
        return f"{PART_NAMES[name]}: reading…" if held is None else counted

    open_requests = sum(1 for r in keys.remote_hands or () if r.status in OPEN_REQUEST)

    def count(number: int, what: str) -> str:
        return f"{number} {what}" + ("" if number == 1 else "s")

    parts = [
        part("api_keys", keys.api_keys, count(len(keys.api_keys or ()), "API key")),
        part("ssh_keys", keys.ssh_keys, count(len(keys.ssh_keys or ()), "SSH key")),
        part("remote_hands", keys.remote_hands, count(open_requests, "open request")),
    ]
    if any(name in keys.errors for name in PART_NAMES):
        parts.append("r retries")
    return " · ".join(parts)


def server_name(state: AppState, server_id: int) -> str:
    server = state.servers.get(server_id)
    return f"{server.hostname} ({server_id})" if server else str(server_id)


# -- API keys ------------------------------------------------------------------------------


def api_key_cells(state: AppState, key: ApiKey, in_use: bool) -> tuple[Text, ...]:
    notice = key.notify_method + (f" {key.notify_address}" if key.notify_address else "")
    return (
        cell("●" if in_use else "", "bold green"),
        cell(key.name, "bold"),
        cell(f"{key.token_view}…" if key.token_view else ""),
        cell(server_name(state, key.server_id) if key.server_id else "account"),
        cell("yes" if key.active else "off", "" if key.active else "yellow"),
        cell(fit(key.ip or "anywhere", 28)),
        cell(fit(notice, 28)),
    )


def api_note(state: AppState, any_in_use: bool, viewed: ApiKey | None) -> Content:
    """Under the API keys: why they are not there, whose keys these are, or the keys to use.

    `viewed` is the key whose history was asked for last (its name titles a failed read).
    """
    keys = state.keys
    if "api_keys" in keys.errors:
        return not_read("API keys", keys.errors["api_keys"], "r retries")
    if keys.api_keys is None:
        return literal("reading the API keys…")
    if "view" in keys.errors:
        which = f"Key {viewed.name}" if viewed else "The key"
        return not_read(f"{which} as invapi holds it now", keys.errors["view"], "enter retries")
    if keys.for_server is not None:
        return literal(
            f"Keys made for {server_name(state, keys.for_server)} only "
            "(api_keys/list_for_server) · esc shows every key"
        )
    marker = "● this session's key · " if any_in_use else ""
    changes = "" if state.read_only else " · n new · e edit · del delete"
    return literal(f"{marker}enter history{changes}")


def history_title(keys: Keys, asked: ApiKey | None) -> Content:
    """The title over a key's history: whose, which days, how many events, or why not."""
    history = keys.history
    failed = keys.errors.get("history")
    if failed is not None:
        name = asked.name if asked is not None else "the key"
        return not_read(f"History of {name}", failed, "enter retries")
    if history is None:
        return literal("History: enter on a key shows its last 30 days", "dim")
    name = next((k.name for k in keys.api_keys or () if k.id == history.key_id), "")
    span = f"{history.start or 'the start'} to {history.end or 'now'}"
    return line(
        f"History of {name or history.key_id}",
        (f"  {span} · {count(len(history.events), 'event')} · h another range", "dim"),
    )


def history_rows(keys: Keys) -> list[tuple[Text, ...]]:
    """The events of the history shown (none while it failed or was not asked for)."""
    history: KeyHistory | None = keys.history
    if history is None or keys.errors.get("history") is not None:
        return []
    return [
        (cell(when(e.when)), cell(e.type), cell(fit(e.message, 60)), cell(e.login))
        for e in history.events
    ]


# -- SSH keys ------------------------------------------------------------------------------


def ssh_key_cells(key: SshKey) -> tuple[Text, ...]:
    return (
        cell(key.name, "bold"),
        cell(key.fingerprint_hint),
        cell("default" if key.default else ""),
        cell(when(key.created)),
    )


def ssh_note(keys: Keys, read_only: bool) -> Content:
    if "ssh_keys" in keys.errors:
        return not_read("SSH keys", keys.errors["ssh_keys"], "r retries")
    if keys.ssh_keys is None:
        return literal("reading the SSH keys…")
    if not keys.ssh_keys:
        return literal("No SSH keys yet · n adds one (the line of a .pub file)")
    changes = "" if read_only else " · n add · del delete"
    return literal(f"Offered when ordering or reinstalling · y copy{changes}")


# -- remote hands --------------------------------------------------------------------------


def requests_in_order(requests: Sequence[RemoteHandsRequest]) -> list[RemoteHandsRequest]:
    """Open ones first, newest first within each."""
    return sorted(
        requests,
        key=lambda r: (
            r.status not in OPEN_REQUEST,
            -(r.created.timestamp() if r.created else 0),
        ),
    )


def request_cells(request: RemoteHandsRequest, width: int) -> tuple[Text, ...]:
    style = "bold yellow" if request.status in OPEN_REQUEST else "dim"
    return (
        cell(request.ticket or str(request.id)),
        cell(request.server_name or str(request.server_id or "")),
        cell(request.location),
        cell(request.type),
        cell(request.status, style),
        cell(when(request.created)),
        cell(fit(request.request, width)),
    )


def requests_note(keys: Keys, read_only: bool) -> Content:
    if "remote_hands" in keys.errors:
        return not_read("Remote-hands requests", keys.errors["remote_hands"], "r retries")
    if keys.remote_hands is None:
        return literal("reading the remote-hands requests…")
    return literal(
        "Read-only: requests are listed here, not made · enter opens · / s l filter"
        if read_only
        else "enter opens · / s l filter · n request · a ask sales · del discard"
        " · h in a server's detail: one-click requests too"
    )


# -- PIN -----------------------------------------------------------------------------------


def pin_text(pin: Pin, read_only: bool) -> Content:
    if pin.blocked and not 0 < pin.rejections < PIN_TRIES:
        state = line(
            ("invapi said it blocks PINs", "bold red"),
            " (last refusal): it may refuse every PIN for a while, and each try may extend "
            "that. PIN actions stay offered: you decide when to try again.",
        )
    elif pin.rejections:
        left = max(0, PIN_TRIES - pin.rejections)
        state = line(
            (f"{pin.rejections} wrong entr{'y' if pin.rejections == 1 else 'ies'}", "bold yellow"),
            f" this session: {left} more and invapi blocks the PIN.",
        )
    elif pin.accepted:
        state = line(("accepted", "green"), " this session (it is still asked for each action).")
    else:
        state = literal("not asked for yet.", "dim")
    parts = [
        literal("PIN", "bold"),
        literal(""),
        literal(
            "The PIN guards power, reinstall, console, IPMI and the other dangerous actions. "
            "hostkey-tui asks for it each time, checks it with invapi before sending anything, "
            "and never writes it anywhere."
        ),
        literal(""),
        line(("This session  ", "dim"), state),
        literal(""),
    ]
    if not read_only:
        parts.append(
            line(("p", "bold"), "  set or change it: the current PIN, then the new one twice")
        )
    parts.append(
        line(("c", "bold"), "  check a PIN with invapi (a wrong one counts toward the block)")
    )
    return literal("\n").join(parts)


class PinText(Static):
    """The PIN tab: what this session knows of the PIN, redrawn only when that changes."""

    #: The session's PIN state and whether the session is read-only (None: not given yet).
    pin: var[tuple[Pin, bool] | None] = var(None)

    def watch_pin(self, pin: tuple[Pin, bool] | None) -> None:
        if pin is not None:
            self.update(pin_text(*pin))
