"""The Network and Remote tabs' events, each reduced into the server's `ServerNet`."""

from __future__ import annotations

from hostkey_tui.models.common import Secret
from hostkey_tui.models.network import IpmiCredentials, NatGrant, PtrRecord
from hostkey_tui.state.net_events import (
    BootDeviceSet,
    ForwardChecked,
    IpBlocked,
    IpmiReset,
    IpmiUserAdded,
    IpUnblocked,
    IsoMounted,
    IsosFailed,
    IsosRead,
    IsoUnmounted,
    NatClosed,
    NatOpened,
    PortStatusAsked,
    PortStatusFailed,
    PortSwitched,
    PtrFailed,
    PtrRead,
)
from hostkey_tui.state.reduce import reduce
from hostkey_tui.state.state import AppState

SERVER = 7


def test_a_ptr_failure_is_kept_per_ip_until_that_ip_is_read() -> None:
    state = reduce(AppState(), PtrFailed(SERVER, "192.0.2.1", "timed out"))
    state = reduce(state, PtrFailed(SERVER, "192.0.2.2", "refused"))
    record = PtrRecord("192.0.2.1", ("a.example",))
    state = reduce(state, PtrRead(SERVER, "192.0.2.1", record))
    net = state.net_of(SERVER)
    assert dict(net.ptr) == {"192.0.2.1": record}
    assert dict(net.ptr_error) == {"192.0.2.2": "refused"}
    state = reduce(state, PtrFailed(SERVER, "192.0.2.2", ""))  # an empty reason says nothing
    assert not state.net_of(SERVER).ptr_error


def test_forward_checks_are_merged_with_those_held() -> None:
    state = reduce(AppState(), ForwardChecked(SERVER, {"192.0.2.1 a.example": "ok"}))
    state = reduce(state, ForwardChecked(SERVER, {"192.0.2.2 b.example": "no"}))
    assert len(state.net_of(SERVER).forward) == 2


def test_a_block_set_here_and_its_expiry_go_when_it_is_lifted() -> None:
    state = reduce(AppState(), IpBlocked(SERVER, "192.0.2.9", until=500.0))
    state = reduce(state, IpBlocked(SERVER, "192.0.2.8"))
    net = state.net_of(SERVER)
    assert net.blocked_here == {"192.0.2.9", "192.0.2.8"}
    assert dict(net.block_until) == {"192.0.2.9": 500.0}
    net = reduce(state, IpUnblocked(SERVER, "192.0.2.9")).net_of(SERVER)
    assert net.blocked_here == {"192.0.2.8"} and not net.block_until


def test_the_port_status_read_failed_and_void_once_switched() -> None:
    state = reduce(AppState(), PortStatusFailed(SERVER, "PIN rejected"))
    assert state.net_of(SERVER).port_error == "PIN rejected"
    assert reduce(state, PortStatusAsked(SERVER)).net_of(SERVER).port_error == ""
    switched = reduce(state, PortSwitched(SERVER)).net_of(SERVER)
    assert switched.port is None and switched.port_at is None


def test_unmounting_the_iso_boots_from_the_disk_again_only_if_it_booted_from_the_cd() -> None:
    state = reduce(AppState(), IsoMounted(SERVER, "rescue.iso"))
    state = reduce(state, BootDeviceSet(SERVER, "cd"))
    net = reduce(state, IsoUnmounted(SERVER)).net_of(SERVER)
    assert (net.mounted, net.boot) == ("", "disk")
    untouched = reduce(reduce(AppState(), BootDeviceSet(SERVER, "")), IsoUnmounted(SERVER))
    assert untouched.net_of(SERVER).boot == ""


def test_isos_read_clear_the_failure_said_before() -> None:
    state = reduce(AppState(), IsosFailed(SERVER, "down"))
    assert reduce(state, IsosRead(SERVER, ())).net_of(SERVER).iso_error == ""


def test_an_ipmi_reset_ends_the_temporary_user_and_nat_comes_and_goes() -> None:
    user = IpmiCredentials("tmp", Secret("pw"))
    state = reduce(AppState(), IpmiUserAdded(SERVER, user))
    assert state.net_of(SERVER).ipmi_user == user
    assert reduce(state, IpmiReset(SERVER)).net_of(SERVER).ipmi_user is None
    grant = NatGrant("203.0.113.5", "198.51.100.0/24", 3600.0, 1)
    opened = reduce(state, NatOpened(SERVER, grant))
    assert opened.net_of(SERVER).nat == grant
    assert reduce(opened, NatClosed(SERVER)).net_of(SERVER).nat is None


def test_an_event_that_changes_nothing_keeps_the_same_state() -> None:
    state = reduce(AppState(), IsoMounted(SERVER, "rescue.iso"))
    assert reduce(state, IsoMounted(SERVER, "rescue.iso")) is state
    empty = AppState()
    assert reduce(empty, NatClosed(SERVER)) is empty  # nothing open: nothing to close
