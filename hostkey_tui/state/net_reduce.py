"""The Network and Remote tabs' part of `reduce`: each `net_events` event into a `ServerNet`."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from types import MappingProxyType
from typing import TypeVar

from hostkey_tui.state.net_events import (
    AnyNetEvent,
    BootDeviceSet,
    ConsoleSaved,
    ForwardChecked,
    GraphSaved,
    IpBlocked,
    IpInfoRead,
    IpmiReset,
    IpmiUserAdded,
    IpmiUserRemoved,
    IpUnblocked,
    IsoMounted,
    IsosFailed,
    IsosRead,
    IsoUnmounted,
    NatClosed,
    NatOpened,
    NovncLinkRead,
    PortStatusAsked,
    PortStatusFailed,
    PortStatusRead,
    PortSwitched,
    PtrFailed,
    PtrRead,
)
from hostkey_tui.state.state import AppState, ServerNet

_V = TypeVar("_V")


def reduce_net(state: AppState, event: AnyNetEvent) -> AppState:
    held = state.net_of(event.server_id)
    changed = _changed(held, event)
    if changed == held:
        return state
    return replace(state, net=MappingProxyType({**state.net, event.server_id: changed}))


def _with(held: Mapping[str, _V], key: str, value: _V) -> Mapping[str, _V]:
    return MappingProxyType({**held, key: value})


def _without(held: Mapping[str, _V], key: str) -> Mapping[str, _V]:
    return MappingProxyType({k: v for k, v in held.items() if k != key})


def _changed(net: ServerNet, event: AnyNetEvent) -> ServerNet:
    match event:
        case PortStatusAsked():
            return replace(net, port_error="")
        case PortStatusRead(_, status, at):
            return replace(net, port=status, port_at=at, port_error="")
        case PortStatusFailed(_, message):
            return replace(net, port_error=message)
        case PortSwitched():
            return replace(net, port=None, port_at=None)
        case PtrRead(_, ip, record):
            return replace(
                net, ptr=_with(net.ptr, ip, record), ptr_error=_without(net.ptr_error, ip)
            )
        case PtrFailed(_, ip, message):
            # an empty message says nothing: the IP's failure is gone rather than blank
            errors = _with(net.ptr_error, ip, message) if message else _without(net.ptr_error, ip)
            return replace(net, ptr_error=errors)
        case ForwardChecked(_, checked):
            return replace(net, forward=MappingProxyType({**net.forward, **checked}))
        case IpInfoRead(_, ip, info):
            return replace(net, ip_info=_with(net.ip_info, ip, info))
        case IpBlocked(_, ip, until):
            block_until = net.block_until if until is None else _with(net.block_until, ip, until)
            return replace(net, blocked_here=net.blocked_here | {ip}, block_until=block_until)
        case IpUnblocked(_, ip):
            return replace(
                net,
                blocked_here=net.blocked_here - {ip},
                block_until=_without(net.block_until, ip),
            )
        case GraphSaved(_, period, path):
            return replace(net, graphs=_with(net.graphs, period, path))
        case NatOpened(_, grant):
            return replace(net, nat=grant)
        case NatClosed():
            return replace(net, nat=None)
        case IpmiUserAdded(_, user):
            return replace(net, ipmi_user=user)
        case IpmiUserRemoved() | IpmiReset():
            return replace(net, ipmi_user=None)
        case ConsoleSaved(_, console):
            return replace(net, console=console)
        case NovncLinkRead(_, url):
            return replace(net, novnc=url)
        case IsosRead(_, isos):
            return replace(net, isos=isos, iso_error="")
        case IsosFailed(_, message):
            return replace(net, iso_error=message)
        case IsoMounted(_, name):
            return replace(net, mounted=name)
        case IsoUnmounted():
            return replace(net, mounted="", boot="disk" if net.boot == "cd" else net.boot)
        case BootDeviceSet(_, media):
            return replace(net, boot=media)
