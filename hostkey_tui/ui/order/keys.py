"""The keys of ordering a server, by scope (see `ui.kit.keys`)."""

from __future__ import annotations

from hostkey_tui.ui.kit.keys import Key

ORDER: tuple[Key, ...] = (
    Key(
        id="order.back",
        key="escape",
        action="back",
        description="Back",
        help="Back a step (every choice is kept)",
    ),
    Key(
        id="order.next",
        key="n",
        action="forward",
        description="Next",
        help="The next step (when this one is chosen)",
    ),
    Key(
        id="order.filter",
        key="slash",
        action="focus_filter",
        description="Filter",
        help="Filter the presets",
        key_display="/",
    ),
    Key(
        id="order.sort",
        key="s",
        action="cycle_sort",
        description="Sort",
        help="Sort by price, CPU, RAM, disk or name",
    ),
    Key(
        id="order.stock",
        key="t",
        action="toggle_stock",
        description="Stock/presets",
        help="Between instance presets and stock servers",
    ),
    Key(
        id="order.group",
        key="c",
        action="stock_group",
        description="Group",
        help="The next stock group (ALL, 1CPU, …)",
    ),
    Key(
        id="order.detail",
        key="i",
        action="stock_detail",
        description="Detail",
        help="The stock server's detail",
    ),
    Key(
        id="order.options",
        key="O",
        action="options",
        description="Options",
        help="Order options: more IPv4 addresses, an IPv6 /64, VLANs, a custom domain, the "
        "disk layout and no LVM (what the chosen server takes)",
    ),
    Key(
        id="order.refresh",
        key="r",
        action="refresh",
        description="Refresh",
        help="Read the catalogue again",
        show=False,
    ),
    Key(
        id="order.order",
        key="o",
        action="order",
        description="Order",
        help="Order it: confirm, then the PIN",
        mutating=True,
    ),
    Key(
        id="order.start_over",
        key="N",
        action="start_over",
        description="Start over",
        help=(
            "Abandon this order, asked first when something was chosen (nothing is sent); "
            "once one is sent, start a new one. Both go back to the first step (a sent order "
            "stays followed in Jobs)"
        ),
    ),
)

#: Every key of this package, for the registry.
KEYS: tuple[Key, ...] = ORDER
