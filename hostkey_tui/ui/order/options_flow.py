"""The order's options (`O` on the details step): what HOSTKEY's Terraform provider sends beyond
the documented fields. Only what fits the chosen server and location is offered; each value is
checked in the form, so nothing invapi would refuse is sent."""

from __future__ import annotations

from typing import TYPE_CHECKING

from hostkey_tui.models.order_options import (
    DISK_LAYOUTS,
    IPV6_LOCATIONS,
    MOST_IPV4,
    OPTION_LABELS,
    OrderOptions,
    Target,
    option_problem,
    parse_options,
)
from hostkey_tui.ui.kit.modals.form import Field, FormModal, Validator

if TYPE_CHECKING:
    from hostkey_tui.models.orders import Draft
    from hostkey_tui.ui.host import Host

#: A text field's label has 16 columns.
_SHORT = {
    "ipv4_amount": "IPv4 addresses",
    "vlan": "VLAN",
    "private_vlan": "Private VLAN",
    "custom_domain": "Custom domain",
    "disk_mirror": "Disk layout",
}


def _check(name: str, target: Target | None) -> Validator:
    return lambda value: option_problem(name, value, target)


def option_fields(options: OrderOptions, target: Target | None) -> list[Field]:
    """The options this server and location can take, filled with what is chosen."""
    dedicated = target is not None and target.dedicated
    fields = [
        Field(
            "ipv4_amount",
            _SHORT["ipv4_amount"],
            str(options.ipv4_amount or ""),
            _check("ipv4_amount", target),
            placeholder=f"1 to {MOST_IPV4} (empty: one)",
        )
    ]
    if dedicated and target is not None and target.location in IPV6_LOCATIONS:
        fields.append(
            Field("ipv6", OPTION_LABELS["ipv6"], "1" if options.ipv6 else "", toggle=True)
        )
    fields += [
        Field(
            "vlan", "VLAN", str(options.vlan or ""), _check("vlan", target), placeholder="1-4094"
        ),
        Field(
            "private_vlan",
            "Private VLAN",
            str(options.private_vlan or ""),
            _check("private_vlan", target),
            placeholder="reserved first (ipv4/reserve)",
        ),
        Field(
            "custom_domain",
            "Custom domain",
            options.custom_domain,
            _check("custom_domain", target),
            placeholder="example.com (optional)",
        ),
    ]
    if dedicated:
        fields += [
            Field(
                "disk_mirror",
                "Disk layout",
                options.disk_mirror,
                _check("disk_mirror", target),
                placeholder=" / ".join(DISK_LAYOUTS) + " (empty: as delivered)",
            ),
            Field("no_lvm", OPTION_LABELS["no_lvm"], "1" if options.no_lvm else "", toggle=True),
        ]
    return fields


async def edit_options(app: Host, draft: Draft) -> OrderOptions | None:
    """The options form; None if it was cancelled (the options stay as they were)."""
    target = draft.target
    if target is None:
        app.say("Choose the server first: what it takes depends on it.", severity="warning")
        return None
    values = await app.push_screen_wait(
        FormModal(
            "Order options",
            option_fields(draft.options, target),
            intro=(
                "Sent with the order as HOSTKEY's Terraform provider sends them; empty or off "
                "sends nothing. No price is published for extra addresses or a /64: the "
                "invoice says what they cost."
            ),
            submit="Use these",
        )
    )
    if values is None:
        return None
    return parse_options(values)
