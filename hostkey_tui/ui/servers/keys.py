"""The keys of the server list, by scope (see `ui.kit.keys`)."""

from __future__ import annotations

from hostkey_tui.ui.kit.keys import Key
from hostkey_tui.ui.kit.widgets.table import ROWS

SERVERS: tuple[Key, ...] = (
    Key(
        id="servers.filter",
        key="slash",
        action="focus_filter",
        description="Filter",
        help="Filter as you type: loc:NL status:power_off tag:env=prod gpu",
        key_display="/",
    ),
    Key(
        id="servers.open",
        key="enter",
        action="open",
        description="Open",
        help="Open the server under the cursor",
    ),
    Key(
        id="servers.mark",
        key="space",
        action="mark",
        description="Mark",
        help="Mark or unmark the row for bulk actions",
    ),
    Key(
        id="servers.mark_all",
        key="ctrl+a",
        action="mark_all",
        description="Mark all",
        help="Mark every row the filter shows",
        show=False,
    ),
    Key(
        id="servers.unmark",
        key="u",
        action="clear_marks",
        description="Unmark",
        help="Clear every mark",
        show=False,
    ),
    Key(
        id="servers.copy",
        key="y",
        action="copy_cell",
        description="Copy",
        help="Copy the focused cell (works over SSH)",
    ),
    Key(
        id="servers.sort",
        key="s",
        action="cycle_sort",
        description="Sort",
        help="Sort by the next column",
    ),
    Key(
        id="servers.reverse",
        key="S",
        action="reverse_sort",
        description="Reverse",
        help="Reverse the sort order",
        show=False,
    ),
    Key(
        id="servers.columns",
        key="c",
        action="choose_columns",
        description="Columns",
        help="Choose and order the columns",
        show=False,
    ),
    Key(
        id="servers.refresh",
        key="r",
        action="refresh",
        description="Refresh",
        help="Read the servers again from invapi",
    ),
    Key(
        id="servers.clear",
        key="escape",
        action="clear_filter",
        description="Clear",
        help="Clear the filter",
        show=False,
    ),
    Key(
        id="servers.power",
        key="p",
        action="power",
        description="Power",
        help="Status, on, off or reboot: the marked rows, else this one",
    ),
    Key(
        id="servers.tag",
        key="number_sign",
        action="tag_marked",
        description="Tag",
        help="Set a tag on the marked rows (else this one), in one request",
        mutating=True,
        key_display="#",
    ),
    Key(
        id="servers.attention",
        key="exclamation_mark",
        action="attention",
        description="Attention",
        help="Only the servers that need a look, and why",
        key_display="!",
    ),
)

FLEET: tuple[Key, ...] = (
    Key(
        id="fleet.filter",
        key="slash",
        action="focus_filter",
        description="Filter",
        help="Filter as you type, as the list: profile:NAME -profile:NAME loc:NL gpu",
        key_display="/",
    ),
    Key(
        id="fleet.open",
        key="enter",
        action="open",
        description="Open",
        help="Open the server in its own account (the app then acts on that account)",
    ),
    Key(
        id="fleet.power",
        key="p",
        action="power",
        description="Power",
        help="Status, on, off or reboot of this server, in its own account",
    ),
    Key(
        id="fleet.attention",
        key="exclamation_mark",
        action="attention",
        description="Attention",
        help="Only the servers of every account that need a look, most urgent first",
        key_display="!",
    ),
    Key(
        id="fleet.copy",
        key="y",
        action="copy_cell",
        description="Copy",
        help="Copy the focused cell (works over SSH)",
    ),
    Key(
        id="fleet.sort",
        key="s",
        action="cycle_sort",
        description="Sort",
        help="Sort by the next column (the account, then the list's columns)",
    ),
    Key(
        id="fleet.reverse",
        key="S",
        action="reverse_sort",
        description="Reverse",
        help="Reverse the sort order",
        show=False,
    ),
    Key(
        id="fleet.refresh",
        key="r",
        action="refresh",
        description="Refresh",
        help="Read every account again (signing in again where it failed)",
    ),
    Key(
        id="fleet.back",
        key="escape",
        action="back",
        description="Back",
        help="Clear the filter; with none, back to the list of the account in use",
    ),
)

TABLE: tuple[Key, ...] = (
    # Moving by rows is every list's (`ui.kit.widgets.table.ROWS`); the cells are this one's.
    *ROWS,
    Key(
        id="table.left",
        key="left,h",
        action="column(-1)",
        description="Column left",
        help="Focus the cell to the left (what y copies)",
        show=False,
    ),
    Key(
        id="table.right",
        key="right,l",
        action="column(1)",
        description="Column right",
        help="Focus the cell to the right (what y copies)",
        show=False,
    ),
)

COLUMNS: tuple[Key, ...] = (
    Key(
        id="columns.cancel",
        key="escape",
        action="cancel",
        description="Cancel",
        help="Keep the columns as they were",
    ),
    Key(
        id="columns.done",
        key="enter",
        action="done",
        description="Use these",
        help="Show the chosen columns",
        priority=True,
    ),
)

#: Every key of this package, for the registry.
KEYS: tuple[Key, ...] = SERVERS + FLEET + TABLE + COLUMNS
