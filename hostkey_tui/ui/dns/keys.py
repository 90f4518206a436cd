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
        id="dns.zones",
        key="z",
        action="zones",
        description="Zones",
        help="The zones on HOSTKEY's name servers: add one (SOA, DNSSEC) or delete one",
    ),
    Key(
        id="dns.subdomains",
        key="u",
        action="subdomains",
        description="Subdomains",
        help="The domain's subdomains (by server): add, move to another server, delete",
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

#: The zones dialog (`z`).
ZONES: tuple[Key, ...] = (
    Key(
        id="dnszones.add",
        key="a",
        action="add_zone",
        description="Add zone",
        help="Add a zone: kind, DNSSEC, SOA fields and name servers",
        mutating=True,
    ),
    Key(
        id="dnszones.delete",
        key="delete",
        action="delete_zone",
        description="Delete zone",
        help="Delete the zone under the cursor with all its records (its name typed)",
        mutating=True,
    ),
    Key(
        id="dnszones.help",
        key="question_mark",
        action="app.help",
        description="Help",
        help="Show every key of the zones dialog",
        key_display="?",
        show=False,
    ),
    Key(
        id="dnszones.close",
        key="escape",
        action="close",
        description="Close",
        help="Back to the records",
    ),
)

#: The subdomains dialog (`u`).
SUBDOMAINS: tuple[Key, ...] = (
    Key(
        id="dnssubs.add",
        key="n",
        action="add_subdomain",
        description="Add",
        help="Add a subdomain of this domain on the server shown",
        mutating=True,
    ),
    Key(
        id="dnssubs.edit",
        key="e",
        action="move_subdomain",
        description="Move",
        help="Give the subdomain under the cursor another server (all invapi's edit takes)",
        mutating=True,
    ),
    Key(
        id="dnssubs.delete",
        key="delete",
        action="delete_subdomain",
        description="Delete",
        help="Delete the subdomain under the cursor",
        mutating=True,
    ),
    Key(
        id="dnssubs.server",
        key="s",
        action="pick_server",
        description="Server",
        help="List another server's subdomains (invapi lists them by server)",
    ),
    Key(
        id="dnssubs.help",
        key="question_mark",
        action="app.help",
        description="Help",
        help="Show every key of the subdomains dialog",
        key_display="?",
        show=False,
    ),
    Key(
        id="dnssubs.close",
        key="escape",
        action="close",
        description="Close",
        help="Back to the records",
    ),
)

#: Every key of this package, for the registry.
KEYS: tuple[Key, ...] = DNS + ZONES + SUBDOMAINS
