"""What happened to what the Network and Remote tabs know of one server (`ServerNet`).

One event per thing learnt or done, each with its own typed fields; `net_reduce` turns each into
the server's new `ServerNet`. They share the base class `NetEvent`, so that `reduce` hands them
all to `net_reduce` in one case.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from hostkey_tui.records import dataclass

if TYPE_CHECKING:
    from hostkey_tui.models.common import Secret
    from hostkey_tui.models.network import (
        IpInfo,
        IpmiCredentials,
        IsoImage,
        NatGrant,
        PortStatus,
        PtrRecord,
    )
    from hostkey_tui.state.state import Console


class NetEvent:
    """Something the Network or Remote tab knows of server `server_id` changed."""

    __slots__ = ()
    server_id: int


# -- the switch port ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PortStatusAsked(NetEvent):
    """A read of the port status began: the failure said before is gone."""

    server_id: int


@dataclass(frozen=True, slots=True)
class PortStatusRead(NetEvent):
    server_id: int
    status: PortStatus
    at: float


@dataclass(frozen=True, slots=True)
class PortStatusFailed(NetEvent):
    """The port status could not be read: why, said in its place."""

    server_id: int
    message: str


@dataclass(frozen=True, slots=True)
class PortSwitched(NetEvent):
    """The port was switched on or off (or may have been): the status read before is void."""

    server_id: int


# -- PTR, IPs, blocks, graphs ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PtrRead(NetEvent):
    server_id: int
    ip: str
    record: PtrRecord


@dataclass(frozen=True, slots=True)
class PtrFailed(NetEvent):
    server_id: int
    ip: str
    message: str


@dataclass(frozen=True, slots=True)
class ForwardChecked(NetEvent):
    """Where PTR names resolve from here, by `"ip name"` (merged with those checked before)."""

    server_id: int
    checked: Mapping[str, str]


@dataclass(frozen=True, slots=True)
class IpInfoRead(NetEvent):
    server_id: int
    ip: str
    info: IpInfo


@dataclass(frozen=True, slots=True)
class IpBlocked(NetEvent):
    """This app blocked `ip`; `until`: when the block lifts, if it was set to (4 hours)."""

    server_id: int
    ip: str
    until: float | None = None


@dataclass(frozen=True, slots=True)
class IpUnblocked(NetEvent):
    server_id: int
    ip: str


@dataclass(frozen=True, slots=True)
class GraphSaved(NetEvent):
    """A traffic graph of `period` was saved at `path`."""

    server_id: int
    period: str
    path: str


# -- IPMI, consoles ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class NatOpened(NetEvent):
    """An IPMI pass-through is open (opened now, or by an earlier run and not expired)."""

    server_id: int
    grant: NatGrant


@dataclass(frozen=True, slots=True)
class NatClosed(NetEvent):
    server_id: int


@dataclass(frozen=True, slots=True)
class IpmiUserAdded(NetEvent):
    server_id: int
    user: IpmiCredentials


@dataclass(frozen=True, slots=True)
class IpmiUserRemoved(NetEvent):
    server_id: int


@dataclass(frozen=True, slots=True)
class IpmiReset(NetEvent):
    """The IPMI module was reset: the temporary user ended with it."""

    server_id: int


@dataclass(frozen=True, slots=True)
class ConsoleSaved(NetEvent):
    server_id: int
    console: Console


@dataclass(frozen=True, slots=True)
class NovncLinkRead(NetEvent):
    server_id: int
    url: Secret


# -- ISO images and the boot device ------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class IsosRead(NetEvent):
    server_id: int
    isos: tuple[IsoImage, ...]


@dataclass(frozen=True, slots=True)
class IsosFailed(NetEvent):
    server_id: int
    message: str


@dataclass(frozen=True, slots=True)
class IsoMounted(NetEvent):
    server_id: int
    name: str


@dataclass(frozen=True, slots=True)
class IsoUnmounted(NetEvent):
    """The ISO is gone, and with it booting from the CD (invapi boots from the disk again)."""

    server_id: int


@dataclass(frozen=True, slots=True)
class BootDeviceSet(NetEvent):
    server_id: int
    media: str


AnyNetEvent = (
    PortStatusAsked
    | PortStatusRead
    | PortStatusFailed
    | PortSwitched
    | PtrRead
    | PtrFailed
    | ForwardChecked
    | IpInfoRead
    | IpBlocked
    | IpUnblocked
    | GraphSaved
    | NatOpened
    | NatClosed
    | IpmiUserAdded
    | IpmiUserRemoved
    | IpmiReset
    | ConsoleSaved
    | NovncLinkRead
    | IsosRead
    | IsosFailed
    | IsoMounted
    | IsoUnmounted
    | BootDeviceSet
)
