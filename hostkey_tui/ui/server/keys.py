"""The keys of the server detail: the tab shell's and each tab's (see `ui.kit.keys`).

Every id keeps its `detail.` prefix whichever widget binds it: `[keymap]` files name them so,
and the help lists them under "Server detail".
"""

from __future__ import annotations

from hostkey_tui.ui.kit.keys import Key

#: The shell's: any tab.
DETAIL: tuple[Key, ...] = (
    Key(id="detail.back", key="escape", action="back", description="Back", help="Back to the list"),
    Key(
        id="detail.refresh",
        key="r",
        action="refresh",
        description="Refresh",
        help="Read this server again from invapi",
    ),
    Key(
        id="detail.reveal",
        key="v",
        action="reveal",
        description="Reveal",
        help="Show or hide the password and other secrets",
    ),
    Key(
        id="detail.copy",
        key="y",
        action="copy",
        description="Copy",
        help="Copy a value of this server (works over SSH)",
    ),
    Key(
        id="detail.next",
        key="right_square_bracket",
        action="next_server",
        description="Next",
        help="The next server of the list",
        show=False,
        key_display="]",
    ),
    Key(
        id="detail.previous",
        key="left_square_bracket",
        action="previous_server",
        description="Previous",
        help="The previous server of the list",
        show=False,
        key_display="[",
    ),
    Key(
        id="detail.power",
        key="p",
        action="power",
        description="Power",
        help="Status, on, off or reboot this server",
    ),
    Key(
        id="detail.tab",
        key="t",
        action="tab(1)",
        description="Tab",
        help="The next tab: overview, power, sensors, network, remote, reinstall, snapshots, tags, "
        "billing, timeline",
    ),
    Key(
        id="detail.tab_back",
        key="T",
        action="tab(-1)",
        description="Tab back",
        help="The previous tab",
        show=False,
    ),
)

#: The Billing tab's.
BILLING: tuple[Key, ...] = (
    Key(
        id="detail.generate",
        key="I",
        action="generate_invoice",
        description="Next invoice",
        help="Create this server's next invoice now",
        mutating=True,
    ),
)

#: The shell's: the server's cancellation, from any tab (the Billing tab says it).
CANCELLATION: tuple[Key, ...] = (
    Key(
        id="detail.cancel",
        key="C",
        action="cancel_server",
        description="Cancel server",
        help="Request the cancellation of this server",
        show=False,
        mutating=True,
    ),
    Key(
        id="detail.withdraw",
        key="W",
        action="withdraw_cancellation",
        description="Withdraw",
        help="Withdraw this server's cancellation request",
        show=False,
        mutating=True,
    ),
)

#: The Network tab's.
NETWORK: tuple[Key, ...] = (
    Key(
        id="detail.port_status",
        key="s",
        action="port_status",
        description="Port status",
        help="Network tab: read the switch port's status (asks for the PIN)",
    ),
    Key(
        id="detail.port",
        key="o",
        action="port_switch",
        description="Port off/on",
        help="Network tab: switch the server's switch port off or on (PIN)",
        mutating=True,
    ),
    Key(
        id="detail.ptr",
        key="e",
        action="edit_ptr",
        description="Edit PTR",
        help="Network tab: set the reverse DNS names of the IP under the cursor",
        mutating=True,
    ),
    Key(
        id="detail.main_ip",
        key="m",
        action="set_main_ip",
        description="Main IP",
        help="Network tab: make the IP under the cursor the main one",
        show=False,
        mutating=True,
    ),
    Key(
        id="detail.ip_info",
        key="i",
        action="ip_details",
        description="IP details",
        help="Network tab: network, netmask, gateway of the IP under the cursor",
    ),
    Key(
        id="detail.block",
        key="b",
        action="block_ip",
        description="Block",
        help="Network tab: block the IP under the cursor at HOSTKEY's edge",
        mutating=True,
    ),
    Key(
        id="detail.unblock",
        key="u",
        action="unblock_ip",
        description="Unblock",
        help="Network tab: lift the block of the IP under the cursor",
        show=False,
        mutating=True,
    ),
    Key(
        id="detail.graph",
        key="H",
        action="traffic_graph",
        description="Graph",
        help="Network tab: the traffic graph of a day, a month or a year (PIN)",
    ),
    Key(
        id="detail.add_ipv4",
        key="a",
        action="add_ipv4",
        description="Add IPv4",
        help="Network tab: add extra IPv4 addresses to this server (PIN)",
        show=False,
        mutating=True,
    ),
    Key(
        id="detail.remove_ipv4",
        key="delete",
        action="remove_ipv4",
        description="Remove IP",
        help="Network tab: remove the extra IP under the cursor, typed to confirm (PIN)",
        show=False,
        mutating=True,
    ),
)

#: The Remote tab's.
REMOTE: tuple[Key, ...] = (
    Key(
        id="detail.nat_open",
        key="n",
        action="open_nat",
        description="Open IPMI",
        help="Remote tab: open IPMI to your address for some hours (PIN)",
        mutating=True,
    ),
    Key(
        id="detail.nat_close",
        key="N",
        action="close_nat",
        description="Close IPMI",
        help="Remote tab: close the IPMI pass-through now",
        show=False,
        mutating=True,
    ),
    Key(
        id="detail.ipmi_user",
        key="a",
        action="add_ipmi_user",
        description="IPMI user",
        help="Remote tab: a temporary IPMI user and password",
        mutating=True,
    ),
    Key(
        id="detail.ipmi_remove",
        key="A",
        action="remove_ipmi_user",
        description="Remove user",
        help="Remote tab: remove the temporary IPMI user",
        show=False,
        mutating=True,
    ),
    Key(
        id="detail.ipmi_reset",
        key="R",
        action="reset_ipmi",
        description="Reset IPMI",
        help="Remote tab: cold-reset the IPMI module (PIN)",
        show=False,
        mutating=True,
    ),
    Key(
        id="detail.console",
        key="c",
        action="console",
        description="Console",
        help="Remote tab: a SPICE console file for the VM (PIN)",
        mutating=True,
    ),
    Key(
        id="detail.launch",
        key="l",
        action="launch_viewer",
        description="Open console",
        help="Remote tab: open the console file in remote-viewer",
    ),
    Key(
        id="detail.novnc",
        key="w",
        action="novnc",
        description="noVNC link",
        help="Remote tab: the VM's browser console link",
        mutating=True,
    ),
    Key(
        id="detail.novnc_open",
        key="O",
        action="open_novnc",
        description="Open noVNC",
        help="Remote tab: open the noVNC link in your web browser",
    ),
    Key(
        id="detail.mount",
        key="M",
        action="mount_iso",
        description="Mount ISO",
        help="Remote tab: mount the ISO under the cursor",
        mutating=True,
    ),
    Key(
        id="detail.upload_iso",
        key="u",
        action="upload_iso",
        description="Upload ISO",
        help="Remote tab: upload your own ISO from a URL (mounted once downloaded)",
        mutating=True,
    ),
    Key(
        id="detail.unmount",
        key="U",
        action="unmount_iso",
        description="Unmount",
        help="Remote tab: unmount the ISO",
        show=False,
        mutating=True,
    ),
    Key(
        id="detail.boot",
        key="B",
        action="boot_device",
        description="Boot from",
        help="Remote tab: boot next from the CD or the disk (PIN)",
        mutating=True,
    ),
)

#: The Reinstall tab's.
REINSTALL: tuple[Key, ...] = (
    Key(
        id="detail.reinstall",
        key="i",
        action="reinstall",
        description="Reinstall",
        help="Reinstall the OS (the disk is wiped): OS, software, password, typed hostname, PIN",
        mutating=True,
    ),
    Key(
        id="detail.pxe_next",
        key="x",
        action="pxe_next",
        description="PXE step",
        help="Reinstall the PXE way: take the next step",
        mutating=True,
    ),
    Key(
        id="detail.pxe_drop",
        key="X",
        action="pxe_drop",
        description="Stop PXE",
        help="Stop following a PXE reinstall that has written nothing yet",
        mutating=True,
    ),
)

#: The Snapshots tab's (a VM's snapshots: vm.php).
SNAPSHOTS: tuple[Key, ...] = (
    Key(
        id="detail.snapshot_take",
        key="n",
        action="take_snapshot",
        description="Snapshot",
        help="Snapshots tab: take a snapshot of this VM's disk, named (PIN)",
        mutating=True,
    ),
    Key(
        id="detail.snapshot_restore",
        key="R",
        action="restore_snapshot",
        description="Restore",
        help="Snapshots tab: restore the VM from the snapshot under the cursor (its disk replaced; "
        "the hostname typed, PIN)",
        mutating=True,
    ),
    Key(
        id="detail.snapshot_remove",
        key="delete",
        action="remove_snapshot",
        description="Remove",
        help="Snapshots tab: remove the snapshot under the cursor (its name typed, PIN)",
        mutating=True,
    ),
)

#: The Timeline tab's.
TIMELINE: tuple[Key, ...] = (
    Key(
        id="detail.timeline_copy",
        key="y",
        action="copy_timeline",
        description="Copy timeline",
        help="Timeline tab: copy the timeline shown as a Markdown table",
    ),
)

#: The shell's: any tab.
REMOTE_HANDS: tuple[Key, ...] = (
    Key(
        id="detail.remote_hands",
        key="h",
        action="remote_hands",
        description="Remote hands",
        help="Ask the datacentre for work on this server (KVM, reboot, PXE, check, ...)",
        mutating=True,
    ),
)

#: The Tags tab's.
TAGS: tuple[Key, ...] = (
    Key(
        id="detail.new_tag",
        key="n",
        action="new_tag",
        description="Set tag",
        help="Tags tab: set a tag on this server",
        mutating=True,
    ),
    Key(
        id="detail.edit_tag",
        key="e",
        action="edit_tag",
        description="Change tag",
        help="Tags tab: change the value of the tag under the cursor",
        mutating=True,
    ),
    Key(
        id="detail.remove_tag",
        key="delete",
        action="remove_tag",
        description="Remove tag",
        help="Tags tab: remove the tag under the cursor",
        mutating=True,
    ),
)

#: The shell's: rename the server (its name at HOSTKEY, eq/rename_server), from any tab.
RENAME: tuple[Key, ...] = (
    Key(
        id="detail.rename",
        key="E",
        action="rename",
        description="Rename",
        help="Rename this server (its hostname at HOSTKEY)",
        mutating=True,
        # in help and the palette: shown in the bar it pushed "esc Back" off at 120 columns
        show=False,
    ),
)

CANCEL: tuple[Key, ...] = (
    Key(
        id="cancel.close",
        key="escape",
        action="close",
        description="Keep",
        help="Keep the server: nothing is sent",
    ),
)

#: The keys of the tab shell (the screen itself).
SHELL: tuple[Key, ...] = DETAIL + CANCELLATION + REMOTE_HANDS + RENAME

#: Every key of this package, for the registry, in the order the help and the key bar list them.
KEYS: tuple[Key, ...] = (
    DETAIL
    + BILLING
    + CANCELLATION
    + NETWORK
    + REMOTE
    + REINSTALL
    + SNAPSHOTS
    + TIMELINE
    + REMOTE_HANDS
    + RENAME
    + TAGS
    + CANCEL
)
