"""The one action registry: bindings, footer, help, command palette and `[keymap]` all read it.

Every action has a binding id (`servers.filter`) that a user can remap in `[keymap]`. Actions
that change something are marked `mutating`: in read-only mode they are absent everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding, BindingType


@dataclass(frozen=True, slots=True)
class Action:
    id: str
    key: str
    action: str
    description: str
    help: str
    scope: str  # "app", or the screen it belongs to
    show: bool = True
    mutating: bool = False
    priority: bool = False
    key_display: str | None = None

    def binding(self) -> Binding:
        return Binding(
            self.key,
            self.action,
            self.description,
            show=self.show,
            priority=self.priority,
            key_display=self.key_display,
            id=self.id,
            tooltip=self.help,
        )


ACTIONS: tuple[Action, ...] = (
    # Anywhere
    Action(
        "app.servers",
        "1",
        "section('servers')",
        "Servers",
        "Go to the server list",
        "app",
        show=False,
    ),
    Action(
        "app.jump",
        "colon",
        "jump",
        "Jump",
        "Jump to a section or a server (:server 34533)",
        "app",
        key_display=":",
    ),
    Action(
        "app.help",
        "question_mark",
        "help",
        "Help",
        "Show every key of this screen",
        "app",
        key_display="?",
    ),
    Action(
        "app.palette",
        "ctrl+p",
        "command_palette",
        "Commands",
        "Search every action",
        "app",
        show=False,
    ),
    Action("app.quit", "q", "quit", "Quit", "Sign out and quit", "app"),
    Action(
        "app.jobs",
        "5",
        "section('jobs')",
        "Jobs",
        "Go to the jobs and the audit journal",
        "app",
        show=False,
    ),
    Action(
        "app.billing",
        "2",
        "section('billing')",
        "Billing",
        "Go to the account, invoices and payments",
        "app",
        show=False,
    ),
    # Server list
    Action(
        "servers.filter",
        "slash",
        "focus_filter",
        "Filter",
        "Filter as you type: loc:NL status:power_off tag:env=prod gpu",
        "servers",
        key_display="/",
    ),
    Action("servers.open", "enter", "open", "Open", "Open the server under the cursor", "servers"),
    Action(
        "servers.mark",
        "space",
        "mark",
        "Mark",
        "Mark or unmark the row for bulk actions",
        "servers",
    ),
    Action(
        "servers.mark_all",
        "ctrl+a",
        "mark_all",
        "Mark all",
        "Mark every row the filter shows",
        "servers",
        show=False,
    ),
    Action(
        "servers.unmark", "u", "clear_marks", "Unmark", "Clear every mark", "servers", show=False
    ),
    Action(
        "servers.copy",
        "y",
        "copy_cell",
        "Copy",
        "Copy the focused cell (works over SSH)",
        "servers",
    ),
    Action("servers.sort", "s", "cycle_sort", "Sort", "Sort by the next column", "servers"),
    Action(
        "servers.reverse",
        "S",
        "reverse_sort",
        "Reverse",
        "Reverse the sort order",
        "servers",
        show=False,
    ),
    Action(
        "servers.columns",
        "c",
        "choose_columns",
        "Columns",
        "Choose and order the columns",
        "servers",
        show=False,
    ),
    Action(
        "servers.refresh",
        "r",
        "refresh",
        "Refresh",
        "Read the servers again from invapi",
        "servers",
    ),
    Action(
        "servers.clear",
        "escape",
        "clear_filter",
        "Clear",
        "Clear the filter",
        "servers",
        show=False,
    ),
    Action(
        "servers.power",
        "p",
        "power",
        "Power",
        "Status, on, off or reboot: the marked rows, else this one",
        "servers",
    ),
    Action(
        "servers.attention",
        "exclamation_mark",
        "attention",
        "Attention",
        "Only the servers that need a look, and why",
        "servers",
        key_display="!",
    ),
    # Server detail
    Action("detail.back", "escape", "back", "Back", "Back to the list", "detail"),
    Action(
        "detail.refresh", "r", "refresh", "Refresh", "Read this server again from invapi", "detail"
    ),
    Action(
        "detail.reveal",
        "v",
        "reveal",
        "Reveal",
        "Show or hide the password and other secrets",
        "detail",
    ),
    Action(
        "detail.copy", "y", "copy", "Copy", "Copy a value of this server (works over SSH)", "detail"
    ),
    Action(
        "detail.next",
        "right_square_bracket",
        "next_server",
        "Next",
        "The next server of the list",
        "detail",
        show=False,
        key_display="]",
    ),
    Action(
        "detail.previous",
        "left_square_bracket",
        "previous_server",
        "Previous",
        "The previous server of the list",
        "detail",
        show=False,
        key_display="[",
    ),
    Action(
        "detail.power", "p", "power", "Power", "Status, on, off or reboot this server", "detail"
    ),
    Action(
        "detail.tab",
        "t",
        "tab(1)",
        "Tab",
        "The next tab: overview, power, sensors, network, remote, billing",
        "detail",
    ),
    Action("detail.tab_back", "T", "tab(-1)", "Tab back", "The previous tab", "detail", show=False),
    Action(
        "detail.generate",
        "g",
        "generate_invoice",
        "Next invoice",
        "Create this server's next invoice now",
        "detail",
        show=False,
        mutating=True,
    ),
    Action(
        "detail.cancel",
        "C",
        "cancel_server",
        "Cancel server",
        "Request the cancellation of this server",
        "detail",
        show=False,
        mutating=True,
    ),
    Action(
        "detail.withdraw",
        "W",
        "withdraw_cancellation",
        "Withdraw",
        "Withdraw this server's cancellation request",
        "detail",
        show=False,
        mutating=True,
    ),
    # Server detail: the Network and Remote tabs (offered only while that tab is open)
    Action(
        "detail.port_status",
        "s",
        "port_status",
        "Port status",
        "Network tab: read the switch port's status again",
        "detail",
    ),
    Action(
        "detail.port",
        "o",
        "port_switch",
        "Port off/on",
        "Network tab: switch the server's switch port off or on (PIN)",
        "detail",
        mutating=True,
    ),
    Action(
        "detail.ptr",
        "e",
        "edit_ptr",
        "Edit PTR",
        "Network tab: set the reverse DNS names of the IP under the cursor",
        "detail",
        mutating=True,
    ),
    Action(
        "detail.main_ip",
        "m",
        "set_main_ip",
        "Main IP",
        "Network tab: make the IP under the cursor the main one",
        "detail",
        show=False,
        mutating=True,
    ),
    Action(
        "detail.ip_info",
        "i",
        "ip_details",
        "IP details",
        "Network tab: network, netmask, gateway of the IP under the cursor",
        "detail",
    ),
    Action(
        "detail.block",
        "b",
        "block_ip",
        "Block",
        "Network tab: block the IP under the cursor at HOSTKEY's edge",
        "detail",
        mutating=True,
    ),
    Action(
        "detail.unblock",
        "u",
        "unblock_ip",
        "Unblock",
        "Network tab: lift the block of the IP under the cursor",
        "detail",
        show=False,
        mutating=True,
    ),
    Action(
        "detail.graph",
        "G",
        "traffic_graph",
        "Graph",
        "Network tab: the traffic graph of a day, a month or a year",
        "detail",
    ),
    Action(
        "detail.nat_open",
        "n",
        "open_nat",
        "Open IPMI",
        "Remote tab: open IPMI to your address for some hours (PIN)",
        "detail",
        mutating=True,
    ),
    Action(
        "detail.nat_close",
        "N",
        "close_nat",
        "Close IPMI",
        "Remote tab: close the IPMI pass-through now",
        "detail",
        show=False,
        mutating=True,
    ),
    Action(
        "detail.ipmi_user",
        "a",
        "add_ipmi_user",
        "IPMI user",
        "Remote tab: a temporary IPMI user and password",
        "detail",
        mutating=True,
    ),
    Action(
        "detail.ipmi_remove",
        "A",
        "remove_ipmi_user",
        "Remove user",
        "Remote tab: remove the temporary IPMI user",
        "detail",
        show=False,
        mutating=True,
    ),
    Action(
        "detail.ipmi_reset",
        "R",
        "reset_ipmi",
        "Reset IPMI",
        "Remote tab: cold-reset the IPMI module (PIN)",
        "detail",
        show=False,
        mutating=True,
    ),
    Action(
        "detail.console",
        "c",
        "console",
        "Console",
        "Remote tab: a SPICE console file for the VM (PIN)",
        "detail",
        mutating=True,
    ),
    Action(
        "detail.launch",
        "l",
        "launch_viewer",
        "Open console",
        "Remote tab: open the console file in remote-viewer",
        "detail",
    ),
    Action(
        "detail.novnc",
        "w",
        "novnc",
        "noVNC link",
        "Remote tab: the VM's browser console link",
        "detail",
        mutating=True,
    ),
    Action(
        "detail.mount",
        "M",
        "mount_iso",
        "Mount ISO",
        "Remote tab: mount the ISO under the cursor",
        "detail",
        mutating=True,
    ),
    Action(
        "detail.unmount",
        "U",
        "unmount_iso",
        "Unmount",
        "Remote tab: unmount the ISO",
        "detail",
        show=False,
        mutating=True,
    ),
    Action(
        "detail.boot",
        "B",
        "boot_device",
        "Boot from",
        "Remote tab: boot next from the CD or the disk (PIN)",
        "detail",
        mutating=True,
    ),
    # Billing
    Action(
        "billing.filter",
        "slash",
        "focus_filter",
        "Filter",
        "Filter invoices: status:unpaid from:2026-01 to:2026-06 min:5 max:100",
        "billing",
        key_display="/",
    ),
    Action(
        "billing.mark",
        "space",
        "mark",
        "Mark",
        "Mark an unpaid invoice to pay several at once",
        "billing",
    ),
    Action(
        "billing.mass_pay",
        "m",
        "mass_pay",
        "Mass pay",
        "One group invoice for the marked invoices",
        "billing",
        mutating=True,
    ),
    Action(
        "billing.pay",
        "c",
        "pay_credit",
        "Pay from credit",
        "Pay the invoice under the cursor from the credit balance",
        "billing",
        mutating=True,
    ),
    Action(
        "billing.how",
        "w",
        "how_to_pay",
        "How to pay",
        "Payment methods of the invoice: links and bank details",
        "billing",
    ),
    Action(
        "billing.pdf", "d", "download", "PDF", "Save the invoice as a PDF (mode 0600)", "billing"
    ),
    Action(
        "billing.export",
        "x",
        "export",
        "Export",
        "Save the shown invoices as CSV",
        "billing",
        show=False,
    ),
    Action(
        "billing.funds",
        "a",
        "add_funds",
        "Add funds",
        "An invoice that tops up the credit balance",
        "billing",
        mutating=True,
    ),
    Action(
        "billing.edit",
        "e",
        "edit",
        "Edit",
        "Edit the account (or the contact under the cursor)",
        "billing",
        mutating=True,
    ),
    Action(
        "billing.password",
        "P",
        "reset_password",
        "Reset password",
        "Send a password reset link to the account's e-mail",
        "billing",
        show=False,
        mutating=True,
    ),
    Action(
        "billing.new_contact",
        "n",
        "new_contact",
        "New contact",
        "Add a contact",
        "billing",
        mutating=True,
    ),
    Action(
        "billing.delete_contact",
        "delete",
        "delete_contact",
        "Delete contact",
        "Delete the contact under the cursor",
        "billing",
        mutating=True,
    ),
    Action(
        "billing.refresh",
        "r",
        "refresh",
        "Refresh",
        "Read the billing again",
        "billing",
        show=False,
    ),
    Action(
        "billing.tab",
        "t",
        "tab(1)",
        "Tab",
        "The next tab: invoices, account, credit, transactions, contacts",
        "billing",
    ),
    Action(
        "billing.tab_back", "T", "tab(-1)", "Tab back", "The previous tab", "billing", show=False
    ),
    # Invoice
    Action("invoice.back", "escape", "back", "Back", "Back to the invoices", "invoice"),
    Action(
        "invoice.pay",
        "c",
        "pay_credit",
        "Pay from credit",
        "Pay this invoice from the credit balance",
        "invoice",
        mutating=True,
    ),
    Action(
        "invoice.how",
        "w",
        "how_to_pay",
        "How to pay",
        "Payment methods: links and bank details",
        "invoice",
    ),
    Action("invoice.pdf", "d", "download", "PDF", "Save the PDF (mode 0600)", "invoice"),
    Action(
        "invoice.open",
        "o",
        "open_pdf",
        "Open PDF",
        "Save the PDF and open it (where a desktop is present)",
        "invoice",
    ),
    # Jobs
    Action("jobs.open", "enter", "open", "Open", "Open the server of this job", "jobs"),
    Action(
        "jobs.quiet",
        "h",
        "toggle_quiet",
        "Routine",
        "Show or hide routine reads (sensor polling)",
        "jobs",
    ),
    Action(
        "jobs.export",
        "e",
        "export",
        "Export",
        "Save a copy of the audit journal to the downloads folder",
        "jobs",
    ),
    Action(
        "jobs.switch",
        "tab",
        "switch_table",
        "Journal",
        "Between the jobs and the audit journal",
        "jobs",
    ),
    # Moving in the server table
    Action("table.up", "up,k", "move(-1)", "Up", "Previous row", "table", show=False),
    Action("table.down", "down,j", "move(1)", "Down", "Next row", "table", show=False),
    Action(
        "table.page_up",
        "pageup,ctrl+b",
        "page(-1)",
        "Page up",
        "One screen up",
        "table",
        show=False,
    ),
    Action(
        "table.page_down",
        "pagedown,ctrl+f",
        "page(1)",
        "Page down",
        "One screen down",
        "table",
        show=False,
    ),
    Action("table.first", "home,g", "move_to(0)", "First", "First row", "table", show=False),
    Action("table.last", "end,G", "move_to(-1)", "Last", "Last row", "table", show=False),
    Action(
        "table.left",
        "left,h",
        "column(-1)",
        "Column left",
        "Focus the cell to the left (what y copies)",
        "table",
        show=False,
    ),
    Action(
        "table.right",
        "right,l",
        "column(1)",
        "Column right",
        "Focus the cell to the right (what y copies)",
        "table",
        show=False,
    ),
    # Dialogs
    Action("cancel.close", "escape", "close", "Keep", "Keep the server: nothing is sent", "cancel"),
    Action("form.cancel", "escape", "cancel", "Cancel", "Close without sending anything", "form"),
    Action(
        "payment.copy", "y", "copy_link", "Copy link", "Copy one of the payment links", "payment"
    ),
    Action("payment.close", "escape,q", "close", "Close", "Close", "payment"),
    Action(
        "graph.open",
        "o",
        "open",
        "Open file",
        "Open the image file (where a desktop is present)",
        "graph",
    ),
    Action("graph.close", "escape,q", "close", "Close", "Close the graph", "graph"),
    Action("help.close", "escape,question_mark,q", "close", "Close", "Close the help", "help"),
    Action("jump.cancel", "escape", "cancel", "Cancel", "Close the jump line", "jump"),
    Action("choose.cancel", "escape", "cancel", "Cancel", "Choose nothing", "choose"),
    Action(
        "columns.cancel", "escape", "cancel", "Cancel", "Keep the columns as they were", "columns"
    ),
    Action(
        "columns.done",
        "enter",
        "done",
        "Use these",
        "Show the chosen columns",
        "columns",
        priority=True,
    ),
    Action("confirm.cancel", "escape", "cancel", "Cancel", "Do nothing", "confirm"),
    Action("pin.cancel", "escape", "cancel", "Cancel", "Send nothing", "pin"),
    Action(
        "grace.abort",
        "escape",
        "abort",
        "Abort",
        "Abort: nothing has been sent yet",
        "grace",
        priority=True,
    ),
    Action("welcome.demo", "d", "demo", "Demo", "Try the simulated account", "welcome"),
    Action("welcome.quit", "q", "app.quit", "Quit", "Quit", "welcome"),
)

BY_ID = {action.id: action for action in ACTIONS}


def all_binding_ids() -> frozenset[str]:
    """Every id `[keymap]` may remap."""
    return frozenset(BY_ID)


def bindings(scope: str) -> list[BindingType]:
    """The bindings of one scope (`BINDINGS` of the screen or the app)."""
    return [action.binding() for action in ACTIONS if action.scope == scope]


def actions_for(scopes: tuple[str, ...], read_only: bool) -> list[Action]:
    """What the palette and help offer in these scopes; no changes when read-only."""
    return [a for a in ACTIONS if a.scope in scopes and not (read_only and a.mutating)]


def mutating_actions(scope: str) -> frozenset[str]:
    """Action names that change something, for `check_action` to hide in read-only mode."""
    return frozenset(a.action.split("(")[0] for a in ACTIONS if a.scope == scope and a.mutating)
