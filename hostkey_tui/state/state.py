"""`AppState`: everything the screens show, in one frozen value.

Mappings inside are never mutated: `reduce` builds new ones, so a state can be compared by
identity (a refresh that changed nothing yields the very same state, and repaints nothing).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType

from hostkey_tui.models.common import Money
from hostkey_tui.models.server import Server

EMPTY: Mapping[int, object] = MappingProxyType({})


class Link(StrEnum):
    CONNECTING = "connecting"
    OK = "ok"
    UNREACHABLE = "unreachable"
    SIGNED_OUT = "signed out"  # the key or session was refused: retrying will not help


@dataclass(frozen=True, slots=True)
class Connection:
    link: Link = Link.CONNECTING
    message: str = ""
    retry_at: float | None = None


@dataclass(frozen=True, slots=True)
class Loading:
    active: bool = False
    done: int = 0
    total: int = 0


@dataclass(frozen=True, slots=True)
class Account:
    email: str = ""
    name: str = ""
    credit: Money | None = None


@dataclass(frozen=True, slots=True)
class AppState:
    profile: str = ""
    demo: bool = False
    read_only: bool = False
    account: Account = field(default_factory=Account)
    #: Every server the session may see, in invapi's order.
    server_ids: tuple[int, ...] = ()
    #: Details of the servers read so far.
    servers: Mapping[int, Server] = field(default_factory=lambda: MappingProxyType({}))
    #: When each server's details arrived (clock seconds), for the cache time.
    fetched_at: Mapping[int, float] = field(default_factory=lambda: MappingProxyType({}))
    #: Servers whose details could not be read, and why.
    failed: Mapping[int, str] = field(default_factory=lambda: MappingProxyType({}))
    #: The list shows the disk cache and has not been revalidated yet.
    stale: bool = False
    cached_at: float | None = None
    refreshed_at: float | None = None
    loading: Loading = field(default_factory=Loading)
    connection: Connection = field(default_factory=Connection)
    #: Rows marked for bulk actions.
    marked: frozenset[int] = frozenset()
