"""Order options beyond the documented table, checked as HOSTKEY's Terraform provider checks
them, sent as it sends them, and dropped (said) when the server chosen no longer takes them."""

from __future__ import annotations

from decimal import Decimal

from hostkey_tui.models.catalog import Preset, StockServer
from hostkey_tui.models.order_options import (
    OrderOptions,
    Target,
    option_problem,
    parse_options,
)
from hostkey_tui.models.orders import Draft
from hostkey_tui.models.server import DiskGroup, ServerKind

BM_NL = Target(ServerKind.BARE_METAL, 2, "NL")
VM_NL = Target(ServerKind.VM, None, "NL")


def test_only_what_is_chosen_is_sent_in_terraforms_words() -> None:
    assert OrderOptions().fields() == {}
    chosen = parse_options(
        {
            "ipv4_amount": "3",
            "ipv6": "1",
            "vlan": "410",
            "private_vlan": "",
            "custom_domain": "Example.COM.",
            "disk_mirror": "RAID1",
            "no_lvm": "1",
        }
    )
    assert chosen.fields() == {
        "ipv4_amount": "3",
        "ipv6": "1",
        "vlan": "410",
        "custom_domain": "example.com",
        "disk_mirror": "raid1",
        "no_lvm": "1",
    }


def test_each_option_is_checked_against_the_server_and_location() -> None:
    assert (
        option_problem("ipv4_amount", "9", BM_NL)
        == "1 to 8 (more are added later, on the Network tab)"
    )
    assert option_problem("ipv4_amount", "two", BM_NL) == "a whole number"
    assert option_problem("vlan", "4095", BM_NL) == "a VLAN id, 1 to 4094"
    assert option_problem("custom_domain", "not a domain", BM_NL) == "a domain such as example.com"
    assert option_problem("ipv6", "1", VM_NL) == "for dedicated servers only"
    assert option_problem("ipv6", "1", Target(ServerKind.BARE_METAL, 2, "DE")) == (
        "offered in NL and US only"
    )
    assert option_problem("ipv6", "1", BM_NL) is None
    assert option_problem("no_lvm", "1", VM_NL) == "for bare-metal servers only"
    assert option_problem("disk_mirror", "raid10", BM_NL) == (
        "RAID10 needs 4 or more disks; this server has 2"
    )
    assert option_problem("disk_mirror", "raid1", BM_NL) is None
    assert option_problem("disk_mirror", "raid5", BM_NL) == "one of hba, raid0, raid1, raid10"


def test_a_server_that_no_longer_takes_an_option_drops_it_and_says_so() -> None:
    stock = StockServer(
        44717, "s", disks=(DiskGroup("SSD", "ssd", 2, 480),), prices=(("EUR", 1, Decimal(90)),)
    )
    chosen = OrderOptions(ipv6=True, no_lvm=True, disk_mirror="raid1", vlan=7)
    draft = Draft(location="NL", stock=stock, options=chosen)
    assert draft.fitted()[0].options == chosen  # a two-disk bare-metal server in NL: all fit
    vm = Preset(1, "vm.nano", virtual=True, prices=(("NL", "EUR", Decimal(5)),))
    fitted, said = Draft(location="NL", preset=vm, options=chosen).fitted()
    assert fitted.options == OrderOptions(vlan=7)  # the VLAN fits any server
    assert said == [
        "The option 'IPv6 /64 block' was dropped (for dedicated servers only).",
        "The option 'No LVM (plain partitions)' was dropped (for bare-metal servers only).",
        "The option 'Disk layout' was dropped (for bare-metal servers only).",
    ]
