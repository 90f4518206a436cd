"""The keys of the account section, by scope (see `ui.kit.keys`)."""

from __future__ import annotations

from hostkey_tui.ui.kit.keys import Key

ACCOUNT: tuple[Key, ...] = (
    Key(
        id="account.tab",
        key="t",
        action="tab(1)",
        description="Tab",
        help="The next tab: API keys, SSH keys, remote hands, PIN",
    ),
    Key(
        id="account.tab_back",
        key="T",
        action="tab(-1)",
        description="Tab back",
        help="The previous tab",
        show=False,
    ),
    Key(
        id="account.refresh",
        key="r",
        action="refresh",
        description="Refresh",
        help="Read this tab again",
    ),
    Key(
        id="account.history",
        key="enter",
        action="key_history",
        description="History",
        help="What was done with this key (the last 30 days)",
    ),
    Key(
        id="account.range",
        key="h",
        action="history_range",
        description="Range",
        help="The key's history between two dates",
    ),
    Key(
        id="account.for_server",
        key="f",
        action="keys_for_server",
        description="For server",
        help="Only the keys made for one server",
    ),
    Key(
        id="account.all_keys",
        key="escape",
        action="all_keys",
        description="All keys",
        help="Every key again",
    ),
    Key(
        id="account.new_key",
        key="n",
        action="new_api_key",
        description="New key",
        help="Make an API key (shown once)",
        mutating=True,
    ),
    Key(
        id="account.edit_key",
        key="e",
        action="edit_api_key",
        description="Edit",
        help="Name, allowed IPs, login notice, on/off",
        mutating=True,
    ),
    Key(
        id="account.delete_key",
        key="delete",
        action="delete_api_key",
        description="Delete",
        help="Delete this API key",
        mutating=True,
    ),
    Key(
        id="account.add_ssh",
        key="n",
        action="add_ssh_key",
        description="Add key",
        help="Add an SSH public key",
        mutating=True,
    ),
    Key(
        id="account.delete_ssh",
        key="delete",
        action="delete_ssh_key",
        description="Delete",
        help="Delete this SSH key",
        mutating=True,
    ),
    Key(
        id="account.copy_ssh",
        key="y",
        action="copy_ssh_key",
        description="Copy",
        help="Copy the public key",
    ),
    Key(
        id="account.new_rhr",
        key="n",
        action="new_remote_hands",
        description="Request",
        help="Ask the datacentre for hands-on work (KVM, unblock, service)",
        mutating=True,
    ),
    Key(
        id="account.discard_rhr",
        key="delete",
        action="discard_remote_hands",
        description="Discard",
        help="Discard this request",
        mutating=True,
    ),
    Key(
        id="account.set_pin",
        key="p",
        action="set_pin",
        description="Set PIN",
        help="Set or change the PIN (the new one asked twice)",
        mutating=True,
    ),
    Key(
        id="account.check_pin",
        key="c",
        action="check_pin",
        description="Check PIN",
        help="Check a PIN with invapi (a wrong one counts toward the block)",
    ),
)

#: Every key of this package, for the registry.
KEYS: tuple[Key, ...] = ACCOUNT
