"""Records shaped as invapi lists them, shared by the scenarios and the routes."""

from __future__ import annotations

from hostkey_tui.simulator.world import JSON, ZERO_DATETIME, World


def contact_record(
    world: World, contact_id: int, firstname: str, lastname: str, email: str = ""
) -> dict[str, JSON]:
    """A contact as WHMCS lists it. A new one gets a random e-mail (the documented quirk)."""
    return {
        "id": contact_id,
        "userid": world.whmcs_id,
        "firstname": firstname,
        "lastname": lastname,
        "companyname": "",
        "email": email or f"{world.new_key()[:10]}@random.invalid",
        "address1": "",
        "address2": "",
        "city": "",
        "state": "",
        "postcode": "",
        "country": "NL",
        "phonenumber": "",
        "tax_id": "",
        "subaccount": 1,
        "password": "$2y$10$" + world.new_key(),
        "permissions": "",
        "domainemails": 0,
        "generalemails": 0,
        "invoiceemails": 0,
        "productemails": 0,
        "supportemails": 0,
        "affiliateemails": 0,
        "pwresetkey": "",
        "created_at": world.stamp(),
        "updated_at": world.stamp(),
        "pwresetexpiry": ZERO_DATETIME,
    }
