"""The keys of DNS, by scope (see `ui.kit.keys`)."""

from __future__ import annotations

from hostkey_tui.ui.kit.keys import Key

DNS: tuple[Key, ...] = (
    Key(
        id="dns.filter",
        key="slash",
        action="focus_filter",
        description="Filter",
        help="Filter records: type:MX name:www or any text",
        key_display="/",
    ),
    Key(
        id="dns.clear",
        key="escape",
        action="clear_filter",
        description="Clear",
        help="Clear the record filter",
        show=False,
    ),
    Key(
        id="dns.sort",
        key="s",
        action="cycle_sort",
        description="Sort",
        help="Sort records by name, type, content or TTL",
    ),
    Key(
        id="dns.new",
        key="n",
        action="new_record",
        description="New record",
        help="Add a record to the zone (checked per type)",
        mutating=True,
    ),
    Key(
        id="dns.edit",
        key="e",
        action="edit_record",
        description="Edit",
        help="Replace the record set of the name and type under the cursor",
        mutating=True,
    ),
    Key(
        id="dns.delete",
        key="delete",
        action="delete_record",
        description="Delete",
        help="Delete the record under the cursor (only it)",
        mutating=True,
    ),
    Key(
        id="dns.add_domain",
        key="a",
        action="add_domain",
        description="Add domain",
        help="Add a domain (a new zone)",
        mutating=True,
    ),
    Key(
        id="dns.delete_domain",
        key="D",
        action="delete_domain",
        description="Delete domain",
        help="Delete the domain and every record of it",
        show=False,
        mutating=True,
    ),
    Key(
        id="dns.export",
        key="x",
        action="export",
        description="Save BIND",
        help="Save the zone as a BIND zone file (mode 0600)",
    ),
    Key(
        id="dns.copy",
        key="Y",
        action="copy_zone",
        description="Copy BIND",
        help="Copy the zone as BIND text (works over SSH)",
        show=False,
    ),
    Key(
        id="dns.refresh",
        key="r",
        action="refresh",
        description="Refresh",
        help="Read the domains and the zone again",
        show=False,
    ),
)

#: Every key of this package, for the registry.
KEYS: tuple[Key, ...] = DNS
