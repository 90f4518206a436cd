"""What the simulated HOSTKEY sells, in the documented shapes (presets, OS, software, ...)."""

from __future__ import annotations

import itertools

from hostkey_tui.simulator.world import JSON, Catalog

LOCATIONS = ("NL", "US", "FI", "DE", "IS", "TR")

#: The customer role's permission list, as the documented login reply gives it.
CUSTOMER_PERMISSIONS = [
    "api_keys/edit", "api_keys/view", "auth/2fa_check", "auth/billing_list", "auth/flip_tag",
    "auth/sms_send", "customers/update_acl", "datacenter/list", "datacenter/show",
    "eq/add_ipmi_admin", "eq/add_ipmi_user", "eq/appraise", "eq/boot_dev", "eq/console",
    "eq/create_pxe", "eq/get_ipmi", "eq/get_traffic", "eq/list", "eq/novnc", "eq/off", "eq/on",
    "eq/order_instance", "eq/reboot", "eq/reinstall", "eq/remove_ipmi_user", "eq/sensors",
    "eq/set_pin", "eq/show", "eq/status", "eq/suspend", "eq/unit_reset", "eq/unsuspend",
    "foreman/get_hostgroup", "foreman/get_media", "foreman/get_network", "foreman/get_os",
    "foreman/get_ptable", "ip/get_ip", "ip/get_ptr", "ip/get_traffic", "ip/list_free_ip",
    "ip/set_main", "ip/update_ptr", "iso/list_iso", "iso/mount_iso", "iso/unmount_iso",
    "jenkins/call", "jenkins/get_tasks", "license/list", "location/list", "location/show",
    "locations/view", "nat/add_static_nat", "nat/remove_static_nat", "net/block_ip",
    "net/get_acl", "net/get_bps_in", "net/get_bps_out", "net/get_port", "net/get_pspeed",
    "net/get_snmp", "net/get_status", "net/ip_chart", "net/ip_settings", "net/nmap",
    "net/port_off", "net/port_on", "net/remove_ipv4", "net/show_cacti", "net/show_ip_graph",
    "net/unblock_ip", "os/list", "os/search", "paypal/check_order", "paypal/check_subscription",
    "paypal/create_order", "paypal/create_subscription", "pdns/add_dns", "pdns/add_domain",
    "pdns/add_subdomain", "pdns/create_dns", "pdns/create_zone", "pdns/delete_domain",
    "pdns/delete_zone", "pdns/edit", "pdns/get_domains", "pdns/get_subdomains", "pdns/get_zone",
    "pdns/list_domains", "pdns/list_servers", "pdns/list_subdomains", "pdns/view",
    "pdns/view_zone", "pdu/get", "presets/list", "presets/search", "soft/list", "ssh_keys/add",
    "ssh_keys/delete", "ssh_keys/list", "stocks/list", "stocks/show", "sumsub/get_token",
    "tag/add", "tag/clear", "tag/list", "tag/remove", "traffic_plans/list", "vat/check_vat",
    "vm/create_snapshot", "vm/get_engine", "vm/get_snapshot", "vm/load_stats",
    "vm/remove_snapshot", "vm/restore_snapshot", "whmcs/add_contact", "whmcs/add_os_addon",
    "whmcs/apply_credit", "whmcs/cancel_order", "whmcs/create_addfunds",
    "whmcs/delete_cancellation_request", "whmcs/delete_contact", "whmcs/download_invoice",
    "whmcs/generate_due_invoice", "whmcs/getcredits", "whmcs/getpaymentgw",
    "whmcs/get_billing_data", "whmcs/get_cancellation_requests", "whmcs/get_client",
    "whmcs/get_contacts", "whmcs/get_invoice", "whmcs/get_invoices",
    "whmcs/get_related_invoices", "whmcs/mass_pay", "whmcs/request_cancellation",
    "whmcs/transactions", "whmcs/update_client", "whmcs/update_contact", "whmcs/update_product",
    "whmcs/verify_address", "whmcs/verify_email", "yookassa/check_payment", "yookassa/init",
]  # fmt: skip

# Unbounded: a test run builds hundreds of worlds in one process (a range ran out).
_tag_ids = itertools.count(700_000)


def tag(
    component: str, component_id: int, name: str, value: JSON, extra: str = "", internal: int = 0
) -> dict[str, JSON]:
    return {
        "id": next(_tag_ids),
        "component": component,
        "component_id": component_id,
        "tag": name,
        "value": value,
        "extra": extra,
        "internal": internal,
    }


# id, name, description, cpu, ram, hdd, gpu, monthly EUR, locations, kind, available
_PRESETS = [
    (108, "vm.pico", "VM instance 1/1/15 SSD", 1, 1, 15, "", 3, "NL,US,FI,DE,IS,TR", "vm", 184),
    (109, "vm.nano", "VM instance 1/2/30 SSD", 1, 2, 30, "", 5, "NL,US,FI,DE,IS,TR", "vm", 120),
    (110, "vm.mini", "VM instance 4/4/60 SSD", 4, 4, 60, "", 8, "NL,US,FI,DE,IS,TR", "vm", 96),
    (111, "vm.medium", "VM instance 4/8/120 SSD", 4, 8, 120, "", 15, "NL,US,FI,DE,IS,TR", "vm", 64),
    (112, "vm.large", "VM instance 8/16/240 SSD", 8, 16, 240, "", 30, "NL,US,FI,DE", "vm", 12),
    (15, "bm.v1-mini", "BM i3/8/240", 2, 8, 240, "", 35, "NL,US,IS,TR", "bm", 3),
    (
        16,
        "bm.v2-large",
        "BM 2xE5-2680v4/64/2x960 SSD",
        28,
        64,
        1920,
        "",
        120,
        "NL,US,FI,DE",
        "bm",
        2,
    ),
    (
        20,
        "gpu.v1-2080",
        "GPU 8/32/480 + RTX 2080",
        8,
        32,
        480,
        "1xRTX2080",
        180,
        "NL,FI,IS",
        "gpu",
        1,
    ),
    (8, "vgpu.v1-mini", "vGPU 4/16/240 + 1080", 4, 16, 240, "1xGTX1080", 157, "NL", "vgpu", 0),
]


def _preset(spec: tuple[int, str, str, int, int, int, str, int, str, str, int]) -> dict[str, JSON]:
    preset_id, name, description, cpu, ram, hdd, gpu, monthly, locations, kind, available = spec
    prices = {
        loc: {
            "USD": monthly + 1 if loc == "US" else -1,
            "EUR": monthly if loc in locations.split(",") else -1,
        }
        for loc in LOCATIONS
    }
    tags = [
        tag("presets", preset_id, "web_group", "General", kind),
        tag("presets", preset_id, kind, "true", internal=1),
    ]
    if kind == "vgpu":
        tags.append(tag("presets", preset_id, "gpu", "1", internal=1))
    return {
        "id": preset_id,
        "name": name,
        "active": 1,
        "monthly_com": monthly,
        "description": description,
        "cpu": cpu,
        "ram": ram,
        "hdd": str(hdd),
        "gpu": gpu,
        "locations": locations,
        "virtual": 1 if kind in ("vm", "vgpu") else 0,
        "price": prices,
        "available": available,
        "server_type": "Virtual Private Server" if kind in ("vm", "vgpu") else "Dedicated Server",
        "tags": tags,
    }


# id, name, kinds, family, min_ram, min_hdd, windows plan (cores → EUR)
_OS = [
    (187, "Ubuntu 22.04", "vm bm gpu vgpu", "Ubuntu", None, None, None),
    (219, "Ubuntu 24.04", "vm bm gpu vgpu", "Ubuntu", None, None, None),
    (180, "Debian 11", "vm bm gpu vgpu", "Debian", None, None, None),
    (217, "Debian 12", "vm bm gpu vgpu", "Debian", None, None, None),
    (183, "RockyLinux 8", "vm bm gpu vgpu", "RockyLinux", None, None, None),
    (205, "RockyLinux 9", "vm bm", "RockyLinux", None, None, None),
    (184, "AlmaLinux 8", "vm bm", "AlmaLinux", None, None, None),
    (
        202,
        "Windows Server 2022 VM",
        "vm vgpu",
        "Windows Server",
        4,
        32,
        {"1": 2, "3": 6, "6": 12, "12": 24},
    ),
    (203, "Windows Server 2022", "bm gpu", "Windows Server", 8, 64, {"8": 30, "16": 60, "32": 120}),
]


def _os(
    spec: tuple[int, str, str, str, int | None, int | None, dict[str, int] | None],
) -> dict[str, JSON]:
    os_id, name, kinds, family, min_ram, min_hdd, plan = spec
    tags = [tag("OS", os_id, kind, "true") for kind in kinds.split()]
    tags.append(tag("OS", os_id, "family", family, "50"))
    entry: dict[str, JSON] = {
        "id": os_id,
        "name": name,
        "api_enabled": 0,
        "type_login": 1,
        "pxe_os_id": None,
        "active": 1,
        "description": "",
        "tags": tags,
    }
    if min_ram:
        tags.append(tag("OS", os_id, "min_ram", str(min_ram)))
    if min_hdd:
        tags.append(tag("OS", os_id, "min_hdd", str(min_hdd)))
    if plan:
        tags.append(tag("OS", os_id, "price_per_core_EUR", "2"))
        tags.append(tag("OS", os_id, "user_name", "Administrator"))
        entry["price_EUR"] = 2
        entry["billing_plan"] = {"EUR": plan}
    return entry


# id, name, os ids, kinds, min_cpu, min_ram, group
_SOFTWARE = [
    (20, "WordPress", ["187", "219", "180", "217"], "vm bm", 1, 1, "CMS"),
    (18, "Grafana", ["187", "219", "205", "217"], "vm bm gpu", 1, 2, "Monitoring"),
    (49, "Odoo", ["219", "217"], "vm bm", 2, 4, "Business"),
    (
        26,
        "3X-UI + Shadowsocks/Xray/V2ray VPN server",
        ["160", "183", "184", "157", "180", "144", "187", "193"],
        "vm bm gpu vgpu",
        1,
        1,
        "VPN servers",
    ),
    (
        65,
        "Minecraft: Java Edition Server",
        ["180", "219", "160", "187", "217"],
        "vm bm vgpu",
        1,
        4,
        "Games",
    ),
    (70, "Ollama + Open WebUI", ["187", "219"], "gpu vgpu", 4, 16, "AI"),
]


def _software(spec: tuple[int, str, list[str], str, int, int, str]) -> dict[str, JSON]:
    soft_id, name, os_ids, kinds, min_cpu, min_ram, group = spec
    tags = [tag("software", soft_id, kind, "1", internal=1) for kind in kinds.split()]
    tags += [
        tag("software", soft_id, "group", group),
        tag("software", soft_id, "os", os_ids, ", ".join(os_ids)),
        tag("software", soft_id, "min_cpu", str(min_cpu)),
        tag("software", soft_id, "min_ram", str(min_ram)),
    ]
    return {
        "id": soft_id,
        "name": name,
        "description": f"{name}, installed and configured after deployment.",
        "price": 0,
        "active": 1,
        "icon": "",
        "task": f"invapi_external_{soft_id}_install.dsl",
        "tags": tags,
    }


def _plan(
    plan_id: int, name: str, limit_out: int, rate_out: int, bandwidth: int, kind: str, price: int
) -> dict[str, JSON]:
    return {
        "id": plan_id,
        "name": name,
        "limit_in": 999,
        "limit_out": limit_out,
        "rate_in": 0,
        "rate_out": rate_out,
        "bandwidth": bandwidth,
        "locations": "NL,US,FI,DE,IS,TR,",
        "currency_id": 0,
        "active": 1,
        "web_plan": 0,
        "price": price,
        "main_plan": plan_id,
        "tags": [tag("traffic_plans", plan_id, kind, "true", internal=1)],
    }


def _stock(
    stock_id: int,
    name: str,
    location: str,
    cpu: str,
    cpu_type: str,
    cpus: int,
    cores: int,
    ghz: str,
    ram: int,
    disks: list[tuple[str, int, int]],
    gpu: tuple[str, int] | None,
    score: int,
    monthly: float,
    tags: dict[str, str],
) -> dict[str, JSON]:
    disk_text = "/".join(f"{count}x{label}" if count > 1 else label for label, count, _ in disks)
    config = f"{'2x' if cpus == 2 else ''}{cpu}/{ram}Gb/{disk_text}"
    return {
        "id": stock_id,
        "name": name,
        "hardware": {
            "config": config,
            "motherboard_name": "Supermicro X11" if cpu_type == "INTEL" else "ASRock X570D4U",
            "cpu_name": cpu,
            "cpu_type": cpu_type,
            "cpu_count": cpus,
            "cpu_cores": cores,
            "cpu_frq": ghz,
            "ram": ram,
            "ram_type": "ddr4ecc",
            "hdd_count": sum(c for _, c, _ in disks),
            "hdd_groups": [
                {"name": label, "type": "HDD", "count": count, "size": str(size)}
                for label, count, size in disks
            ],
            "hdd_pairs": 0,
            "gpu_name": gpu[0] if gpu else None,
            "gpu_count": gpu[1] if gpu else 0,
            "raid_levels": ["LVM_HBA", "LVM_RAID1"]
            if sum(c for _, c, _ in disks) >= 2
            else ["LVM_HBA"],
        },
        "location": location,
        "cpu_count": str(cpus),
        "cpu_perf": score,
        "cpu_perflink": "http://www.cpubenchmark.net/cpu_lookup.php?cpu=" + cpu.replace(" ", "+"),
        "tags": {
            name_: {"tag": name_, "value": value, "extra": ""} for name_, value in tags.items()
        },
        "deployment_estimate": "auto",
        "billing_plan": {
            "EUR": {
                "1": monthly,
                "3": round(monthly * 2.91, 2),
                "6": round(monthly * 5.64, 2),
                "12": round(monthly * 10.56, 2),
            }
        },
        "server_group": "GPU Server" if gpu else "Dedicated Server",
    }


_JENKINS = [
    {
        "id": -1,
        "task": "",
        "desc": "Do nothing",
        "tag": "",
        "tags": [{"tag": "gpu"}, {"tag": "vgpu"}, {"tag": "vm"}, {"tag": "bm"}],
    },
    {
        "id": 1,
        "task": "invapi_gpu_conf_iommu_patch_gpu_linux_auto.dsl",
        "desc": "Install GPU drivers",
        "tag": "gpu_driver",
        "tags": [{"tag": "gpu"}, {"tag": "vgpu"}, {"tag": "default"}],
    },
    {
        "id": 2,
        "task": "invapi_gpu_conf_iommu_patch_gpu_linux_auto.dsl",
        "desc": "Install GPU drivers + NVIDIA docker",
        "tag": "gpu_driver_docker",
        "tags": [{"tag": "gpu"}, {"tag": "vgpu"}],
    },
    {
        "id": 3,
        "task": "invapi_gpu_conf_iommu_patch_gpu_linux_auto.dsl",
        "desc": "Install GPU drivers + NVIDIA docker + IOMMU patch",
        "tag": "gpu_driver_docker_iommu",
        "tags": [{"tag": "gpu"}, {"tag": "vgpu"}],
    },
]

_ISOS = [
    {
        "id": 11,
        "name": "systemrescue-11.00-amd64.iso",
        "short_name": "SystemRescue 11",
        "iso_name": "systemrescue-11.00-amd64.iso",
        "private": "",
        "description": "Rescue system: filesystems, partitions, network tools",
        "admin_only": 0,
        "status": "Active",
    },
    {
        "id": 12,
        "name": "ubuntu-24.04-live-server-amd64.iso",
        "short_name": "Ubuntu 24.04 installer",
        "iso_name": "ubuntu-24.04-live-server-amd64.iso",
        "private": "",
        "description": "Ubuntu Server 24.04 LTS installer",
        "admin_only": 0,
        "status": "Active",
    },
    {
        "id": 13,
        "name": "gparted-live-1.6.0-amd64.iso",
        "short_name": "GParted Live",
        "iso_name": "gparted-live-1.6.0-amd64.iso",
        "private": "",
        "description": "Partition editor",
        "admin_only": 0,
        "status": "Active",
    },
    {
        "id": 14,
        "name": "memtest86-plus-7.00.iso",
        "short_name": "Memtest86+",
        "iso_name": "memtest86-plus-7.00.iso",
        "private": "",
        "description": "Memory test",
        "admin_only": 0,
        "status": "Active",
    },
]


def build_catalog() -> Catalog:
    return Catalog(
        presets=[_preset(p) for p in _PRESETS],
        os_list=[_os(o) for o in _OS],
        software=[_software(s) for s in _SOFTWARE],
        traffic_plans=[
            _plan(25, "3Tb traffic (1Gbps) VM", 3, 2, 1000, "vm", 0),
            _plan(26, "10Tb traffic (1Gbps) VM", 10, 2, 1000, "vm", 5),
            _plan(40, "10Tb traffic (1Gbps) BM", 10, 2, 1000, "bm", 0),
            _plan(41, "Unmetered (100Mbps) BM", 999, 0, 100, "bm", 20),
        ],
        stocks=[
            _stock(
                40514,
                "40514",
                "FI",
                "AMD Ryzen 9 5950X 3.4GHz (16 cores)",
                "AMD-MODERN",
                1,
                16,
                "3.4",
                128,
                [("1Tb NVMe SSD", 1, 1024)],
                None,
                46719,
                115,
                {"ipmi": "ami_bmc"},
            ),
            _stock(
                44717,
                "44717 2U",
                "FI",
                "Xeon E5-2680v2 2.8GHz (10 cores)",
                "INTEL",
                2,
                20,
                "2.8",
                128,
                [("960Gb SSD", 1, 960)],
                None,
                12615,
                107,
                {"ipmi": "dell_idrac9", "hwraid": "1"},
            ),
            _stock(
                41020,
                "41020",
                "NL",
                "Xeon E-2288G 3.7GHz (8 cores)",
                "INTEL",
                1,
                8,
                "3.7",
                64,
                [("480Gb SSD", 2, 480)],
                None,
                19214,
                89,
                {"ipmi": "supermicro"},
            ),
            _stock(
                41877,
                "41877",
                "NL",
                "AMD EPYC 7402P 2.8GHz (24 cores)",
                "AMD",
                1,
                24,
                "2.8",
                256,
                [("1.92Tb NVMe SSD", 2, 1920)],
                None,
                40110,
                219,
                {"ipmi": "supermicro"},
            ),
            _stock(
                42301,
                "42301 GPU",
                "NL",
                "AMD Ryzen 9 7950X 4.5GHz (16 cores)",
                "AMD-MODERN",
                1,
                16,
                "4.5",
                128,
                [("2Tb NVMe SSD", 1, 2048)],
                ("RTX 4090", 1),
                62877,
                399,
                {"ipmi": "ami_bmc"},
            ),
            _stock(
                43012,
                "43012",
                "US",
                "Xeon Silver 4214 2.2GHz (12 cores)",
                "INTEL",
                2,
                24,
                "2.2",
                192,
                [("4Tb HDD", 4, 4000)],
                None,
                26553,
                149,
                {"ipmi": "supermicro"},
            ),
            _stock(
                43555,
                "43555",
                "DE",
                "Xeon E5-1650v4 3.6GHz (6 cores)",
                "INTEL",
                1,
                6,
                "3.6",
                64,
                [("480Gb SSD", 2, 480)],
                None,
                10312,
                59,
                {"ipmi": "supermicro", "no_autodeploy": "1"},
            ),
            _stock(
                44100,
                "44100",
                "IS",
                "AMD Ryzen 7 5800X 3.8GHz (8 cores)",
                "AMD-MODERN",
                1,
                8,
                "3.8",
                64,
                [("1Tb NVMe SSD", 1, 1024)],
                None,
                28422,
                79,
                {"ipmi": "ami_bmc"},
            ),
            _stock(
                44420,
                "44420",
                "TR",
                "Xeon E-2236 3.4GHz (6 cores)",
                "INTEL",
                1,
                6,
                "3.4",
                32,
                [("480Gb SSD", 2, 480)],
                None,
                13016,
                69,
                {"ipmi": "supermicro"},
            ),
        ],
        jenkins_tasks=_JENKINS,
        isos=_ISOS,
    )
