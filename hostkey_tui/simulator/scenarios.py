"""Seeded worlds: the default demo account (a few dozen servers in all six locations), and a
fleet of any size for benchmarks (`--servers 10000`).

The default fleet has what the screens need to show: VMs, bare metal with IPMI sensors (one
running hot, one with a dead fan), GPU and vGPU servers, one powered off, one suspended with an
overdue invoice, one with a pending cancellation, servers due within a week.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from hostkey_tui.clock import Clock
from hostkey_tui.simulator.catalog_data import CUSTOMER_PERMISSIONS, build_catalog, tag
from hostkey_tui.simulator.records import contact_record
from hostkey_tui.simulator.world import JSON, SimApiKey, SimInvoice, SimServer, World

_IP_PREFIX = {
    "NL": ("31.207.44", "5.39.222"),
    "US": ("45.86.165", "45.86.166"),
    "FI": ("193.124.18", "193.124.19"),
    "DE": ("193.222.96", "193.222.97"),
    "IS": ("82.221.130", "82.221.131"),
    "TR": ("185.46.54", "185.46.55"),
}
_CPU = {
    "bm.v1-mini": ("Core i3-9100 3.6GHz (4 cores)", "INTEL", 1, 4, "3.6"),
    "bm.v2-large": ("Xeon E5-2680v4 2.4GHz (14 cores)", "INTEL", 2, 28, "2.4"),
    "gpu.v1-2080": ("AMD Ryzen 7 3700X 3.6GHz (8 cores)", "AMD-MODERN", 1, 8, "3.6"),
}

# (id, hostname, location, kind, preset, os, public tags, state)
_FLEET: list[tuple[int, str, str, str, str, str, dict[str, str], str]] = [
    (
        34533,
        "nl-vmmini",
        "NL",
        "vm",
        "vm.mini",
        "Ubuntu 22.04",
        {"env": "prod", "role": "panel"},
        "",
    ),
    (
        32645,
        "nl-web-01",
        "NL",
        "vm",
        "vm.medium",
        "Ubuntu 24.04",
        {"env": "prod", "role": "web"},
        "",
    ),
    (
        17405,
        "nl-web-02",
        "NL",
        "vm",
        "vm.medium",
        "Ubuntu 24.04",
        {"env": "prod", "role": "web"},
        "due-soon",
    ),
    (40021, "nl-db-01", "NL", "bm", "bm.v2-large", "Debian 12", {"env": "prod", "role": "db"}, ""),
    (
        40022,
        "nl-gpu-01",
        "NL",
        "gpu",
        "gpu.v1-2080",
        "Ubuntu 22.04",
        {"env": "ml", "role": "train"},
        "",
    ),
    (
        40023,
        "nl-vgpu-01",
        "NL",
        "vgpu",
        "vgpu.v1-mini",
        "Ubuntu 22.04",
        {"env": "ml", "role": "infer"},
        "",
    ),
    (40031, "us-api-01", "US", "vm", "vm.large", "Debian 12", {"env": "prod", "role": "api"}, ""),
    (40032, "us-api-02", "US", "vm", "vm.large", "Debian 12", {"env": "prod", "role": "api"}, ""),
    (
        40033,
        "us-db-01",
        "US",
        "bm",
        "bm.v1-mini",
        "RockyLinux 9",
        {"env": "prod", "role": "db"},
        "",
    ),
    (
        40034,
        "us-edge-01",
        "US",
        "vm",
        "vm.nano",
        "Debian 11",
        {"env": "staging", "role": "edge"},
        "cancelling",
    ),
    (
        40041,
        "fi-build-01",
        "FI",
        "bm",
        "bm.v2-large",
        "Ubuntu 22.04",
        {"env": "ci", "role": "build"},
        "hot",
    ),
    (
        40042,
        "fi-ci-runner",
        "FI",
        "vm",
        "vm.medium",
        "Ubuntu 24.04",
        {"env": "ci", "role": "runner"},
        "",
    ),
    (
        40043,
        "fi-gpu-02",
        "FI",
        "gpu",
        "gpu.v1-2080",
        "Ubuntu 22.04",
        {"env": "ml", "role": "train"},
        "",
    ),
    (
        40044,
        "fi-backup-01",
        "FI",
        "bm",
        "bm.v2-large",
        "Debian 12",
        {"env": "prod", "role": "backup"},
        "off",
    ),
    (
        40051,
        "de-mail-01",
        "DE",
        "vm",
        "vm.mini",
        "AlmaLinux 8",
        {"env": "prod", "role": "mail"},
        "",
    ),
    (
        40052,
        "de-app-01",
        "DE",
        "vm",
        "vm.medium",
        "Ubuntu 24.04",
        {"env": "prod", "role": "app"},
        "due-soon",
    ),
    (
        40053,
        "de-db-02",
        "DE",
        "bm",
        "bm.v2-large",
        "Debian 12",
        {"env": "prod", "role": "db"},
        "fan",
    ),
    (
        40054,
        "de-cache-01",
        "DE",
        "vm",
        "vm.nano",
        "Debian 12",
        {"env": "prod", "role": "cache"},
        "",
    ),
    (
        40055,
        "de-win-01",
        "DE",
        "vm",
        "vm.large",
        "Windows Server 2022 VM",
        {"env": "prod", "role": "rdp"},
        "",
    ),
    (
        40061,
        "is-ml-01",
        "IS",
        "gpu",
        "gpu.v1-2080",
        "Ubuntu 22.04",
        {"env": "ml", "role": "train"},
        "",
    ),
    (
        40062,
        "is-storage-01",
        "IS",
        "bm",
        "bm.v1-mini",
        "Debian 12",
        {"env": "prod", "role": "storage"},
        "",
    ),
    (40063, "is-vpn-01", "IS", "vm", "vm.pico", "Debian 12", {"env": "ops", "role": "vpn"}, ""),
    (40071, "tr-web-01", "TR", "vm", "vm.mini", "Ubuntu 22.04", {"env": "prod", "role": "web"}, ""),
    (
        40072,
        "tr-legacy-01",
        "TR",
        "bm",
        "bm.v1-mini",
        "Debian 11",
        {"env": "legacy", "role": "app"},
        "suspended",
    ),
    (
        40073,
        "tr-dev-01",
        "TR",
        "vm",
        "vm.pico",
        "Ubuntu 24.04",
        {"env": "dev", "role": "sandbox"},
        "",
    ),
    (
        40081,
        "nl-monitor-01",
        "NL",
        "vm",
        "vm.mini",
        "RockyLinux 9",
        {"env": "ops", "role": "monitoring"},
        "",
    ),
    (
        40082,
        "us-stage-01",
        "US",
        "vm",
        "vm.mini",
        "Ubuntu 24.04",
        {"env": "staging", "role": "web"},
        "",
    ),
    (
        40083,
        "fi-stage-db",
        "FI",
        "vm",
        "vm.medium",
        "Debian 12",
        {"env": "staging", "role": "db"},
        "",
    ),
]


def _mac(server_id: int, n: int) -> str:
    value = (server_id * 7919 + n * 104729) & 0xFFFFFFFFFF
    return "56:" + ":".join(f"{(value >> s) & 0xFF:02x}" for s in (32, 24, 16, 8, 0))


def _ips(server_id: int, location: str, count: int) -> list[dict[str, JSON]]:
    first, second = _IP_PREFIX[location]
    ips = []
    for n in range(count):
        prefix = first if n == 0 else second
        ips.append(
            {
                "port": "eth0",
                "MAC": _mac(server_id, 0),
                "IP": f"{prefix}.{(server_id * 13 + n * 37) % 250 + 2}",
                "status": "enable",
                "main_ip": 1 if n == 0 else 0,
                "locked": 0,
                "date_block": None,
                "license_id": None,
                "main_int": 1,
                "vlan": 400 + server_id % 50,
                "updated": 13,
                "license_name": "",
                "white_ddos": 0,
                "description": "",
            },
        )
    return ips


def _hardware(preset: dict[str, JSON], kind: str) -> tuple[str, dict[str, JSON]]:
    cpu, ram, hdd = int(preset["cpu"]), int(preset["ram"]), int(preset["hdd"])
    gpu = str(preset.get("gpu") or "")
    if kind in ("vm", "vgpu"):
        config = f"{cpu} vCore/{ram}Gb/{hdd}Gb SSD" + (f" + {gpu}" if gpu else "")
        components = [
            {"Type": "Platform", "Name": "Ovirt VM", "Count": 1, "hdd_type": "SSD"},
            {"Type": "CPU", "Name": "VPS Core", "Count": cpu, "Cores": cpu, "cpu_type": "INTEL"},
            {"Type": "RAM", "Name": "VPS RAM 1Gb", "Count": ram, "Size": 1},
            {
                "Type": "HDD",
                "Name": "VPS HDD 10 Gb",
                "Count": max(1, hdd // 10),
                "hdd_type": "SSD",
                "Size": 10,
            },
        ]
        if gpu:
            components.append({"Type": "GPU", "Name": gpu.split("x", 1)[-1], "Count": 1})
        hw: dict[str, JSON] = {
            "config": config,
            "components": components,
            "tags": {"platform_vm": ["true"], "platform_ipmi": ["ovirt"], "eta": 0.07},
            "vm": 1,
            "gpu": 1 if gpu else 0,
            "vds": 0,
            "uefi": 0,
            "hwraid": 0,
            "motherboard_name": "",
            "cpu_name": "vCPU",
            "cpu_type": "vCPU",
            "cpu_count": cpu,
            "cpu_cores": cpu,
            "cpu_frq": "2.4",
            "ram": ram,
            "ram_type": "vram",
            "hdd": hdd,
            "hdd_count": 1,
            "hdd_groups": [{"name": f"{hdd}Gb SSD", "type": "HDD", "count": 1, "size": str(hdd)}],
            "hdd_pairs": 0,
            "gpu_name": gpu.split("x", 1)[-1] if gpu else None,
            "gpu_count": 1 if gpu else 0,
            "raid_levels": ["LVM_HBA"],
        }
        return config, hw
    cpu_name, cpu_type, cpus, cores, ghz = _CPU.get(str(preset["name"]), _CPU["bm.v1-mini"])
    disks = 2 if hdd >= 960 else 1
    size = hdd // disks
    config = f"{'2x' if cpus == 2 else ''}{cpu_name}/{ram}Gb/{disks}x{size}Gb SSD" + (
        f" + {gpu}" if gpu else ""
    )
    components = [
        {"Type": "Platform", "Name": "Supermicro 1U chassis", "Count": 1},
        {
            "Type": "CPU",
            "Name": cpu_name,
            "Count": cpus,
            "Cores": cores // cpus,
            "cpu_type": cpu_type,
        },
        {"Type": "RAM", "Name": "DDR4 ECC 16Gb", "Count": max(1, ram // 16), "Size": 16},
        {"Type": "HDD", "Name": f"SSD {size}Gb", "Count": disks, "hdd_type": "SSD", "Size": size},
    ]
    if gpu:
        components.append({"Type": "GPU", "Name": gpu.split("x", 1)[-1], "Count": 1})
    hw = {
        "config": config,
        "components": components,
        "tags": {"platform_ipmi": ["supermicro"]},
        "vm": 0,
        "gpu": 1 if gpu else 0,
        "vds": 0,
        "uefi": 1,
        "hwraid": 0,
        "motherboard_name": "Supermicro X11SCH-F" if cpus == 1 else "Supermicro X10DRi",
        "cpu_name": cpu_name,
        "cpu_type": cpu_type,
        "cpu_count": cpus,
        "cpu_cores": cores,
        "cpu_frq": ghz,
        "ram": ram,
        "ram_type": "ddr4ecc",
        "hdd": hdd,
        "hdd_count": disks,
        "hdd_groups": [{"name": f"{size}Gb SSD", "type": "HDD", "count": disks, "size": str(size)}],
        "hdd_pairs": 1 if disks == 2 else 0,
        "gpu_name": gpu.split("x", 1)[-1] if gpu else None,
        "gpu_count": 1 if gpu else 0,
        "raid_levels": ["LVM_HBA", "LVM_RAID0", "LVM_RAID1"] if disks == 2 else ["LVM_HBA"],
        "ipmi_model": "supermicro",
    }
    return config, hw


def _system_tags(
    server_id: int, hostname: str, os_name: str, password: str, windows: bool
) -> list[dict[str, JSON]]:
    return [
        tag("Component1", server_id, "order_origin", "invapi", "1"),
        tag("Component1", server_id, "hostname", hostname),
        tag("Component1", server_id, "password", password),
        tag("Component1", server_id, "OS", os_name),
        tag("Component1", server_id, "user_name", "Administrator" if windows else "root"),
    ]


def _server(
    world: World,
    server_id: int,
    hostname: str,
    location: str,
    kind: str,
    preset: dict[str, JSON],
    os_name: str,
    public: dict[str, str],
    due_in: int,
) -> SimServer:
    config, hw = _hardware(preset, kind)
    password = world.secret(f"{world.new_key()[:4].upper()}{world.new_key()[:6]}_{server_id % 97}")
    tags = _system_tags(server_id, hostname, os_name, password, "Windows" in os_name)
    tags += [tag("Component1", server_id, key, value) for key, value in public.items()]
    server = SimServer(
        id=server_id,
        hostname=hostname,
        location=location,
        kind=kind,
        preset=str(preset["name"]),
        preset_description=str(preset["description"]),
        config=config,
        os_name=os_name,
        ips=_ips(server_id, location, 2 if server_id % 3 == 0 else 1),
        hardware=hw,
        due_date=world.day(due_in),
        tags=tags,
        traffic_in_gb=round((server_id * 37 % 900) / 3.0, 1),
        traffic_out_gb=round((server_id * 53 % 2600) / 1.0, 1),
        limit_out_tb=3 if kind in ("vm", "vgpu") else 10,
        sensor_seed=server_id % 1000,
        recurring=f"{Decimal(str(preset['monthly_com'])):.2f}",
        reg_date=world.day(due_in - 30 * (1 + server_id % 11)),
    )
    if server_id == 34533:  # the documentation's own example server
        server.ips[0].update(IP="31.207.44.105", MAC="56:6f:ff:5b:08:7b", vlan=415)
        server.licenses = [
            {
                "id": 124,
                "name": f"ISPmanager 6 Lite on IP {server.ips[0]['IP']}",
                "amount": 1,
                "date_buy": "",
            }
        ]
        server.tags.append(
            tag(
                "Component1",
                server_id,
                "webpanel",
                "ispmanager6",
                f"https://isp{server_id}.hostkey.in:1500/ispmgr",
            )
        )
    return server


def make_server_from_preset(
    world: World,
    preset: dict[str, JSON] | None,
    stock: dict[str, JSON] | None,
    location: str,
    hostname: str,
    os_name: str,
    password: str,
) -> SimServer:
    """The server an order will create (added to the account when its deploy finishes)."""
    server_id = world.next_id()
    if preset is None:
        assert stock is not None
        hw = stock["hardware"]
        preset = {
            "name": str(stock["id"]),
            "description": hw["config"],
            "cpu": hw["cpu_cores"],
            "ram": hw["ram"],
            "hdd": hw["hdd_groups"][0]["size"],
            "gpu": hw.get("gpu_name") or "",
            "monthly_com": stock["billing_plan"]["EUR"]["1"],
        }
        kind = "gpu" if hw.get("gpu_count") else "bm"
    else:
        flags = {t["tag"] for t in preset.get("tags", []) if str(t.get("value")) in ("true", "1")}
        kind = next((k for k in ("vgpu", "gpu", "bm", "vm") if k in flags), "vm")
    server = _server(
        world, server_id, hostname or str(server_id), location, kind, preset, os_name, {}, 30
    )
    for entry in server.tags:
        if entry["tag"] == "password" and password:
            entry["value"] = password
    return server


def _preset(world: World, name: str) -> dict[str, JSON]:
    return next(p for p in world.catalog.presets if p["name"] == name)


def build_world(
    clock: Clock, *, seed: int = 7, servers: int | None = None, pin: str = "1234"
) -> World:
    """The default demo account, or (`servers=N`) a generated fleet of N servers."""
    world = World(clock, seed=seed, pin=pin)
    world.catalog = build_catalog()
    world.full_permissions = list(CUSTOMER_PERMISSIONS)
    _account(world)
    if servers is None:
        _default_fleet(world)
    else:
        _big_fleet(world, servers)
    _billing(world)
    _dns(world)
    return world


def _default_fleet(world: World) -> None:
    due_offsets = {"due-soon": 3, "suspended": -12, "hot": 18, "fan": 26, "off": 9}
    for index, (
        server_id,
        hostname,
        location,
        kind,
        preset_name,
        os_name,
        public,
        state,
    ) in enumerate(_FLEET):
        due_in = due_offsets.get(state, 10 + (index * 7) % 25)
        server = _server(
            world,
            server_id,
            hostname,
            location,
            kind,
            _preset(world, preset_name),
            os_name,
            public,
            due_in,
        )
        if state == "off":
            server.power_on = False
        elif state == "suspended":
            server.status = "power_off"
            server.power_on = False
        elif state == "hot":
            server.degraded_sensor = "CPU Temp"
        elif state == "fan":
            server.degraded_sensor = "FAN2"
        elif state == "cancelling":
            world.cancellations[server_id] = {
                "id": 9001,
                "relid": server_id,
                "type": "End of Billing Period",
                "reason": "Moving to a bigger plan",
                "date": world.stamp(-2),
            }
        world.servers[server_id] = server
    # A staff block on the second address: the client's unblock is refused.
    world.servers[40044].blocks[str(world.servers[40044].ips[1]["IP"])] = {
        "reason": "abuse: outgoing DDoS",
        "since": world.stamp(-1),
        "until": None,
        "staff": True,
    }


_ROLES = ("web", "api", "db", "cache", "worker", "ci", "mail", "edge", "ml", "storage")
_BIG_PRESETS = (
    ("vm", "vm.mini"),
    ("vm", "vm.medium"),
    ("vm", "vm.nano"),
    ("bm", "bm.v2-large"),
    ("vm", "vm.large"),
    ("gpu", "gpu.v1-2080"),
    ("bm", "bm.v1-mini"),
    ("vm", "vm.pico"),
)
_BIG_OS = ("Ubuntu 22.04", "Ubuntu 24.04", "Debian 12", "RockyLinux 9", "Debian 11")


def _big_fleet(world: World, count: int) -> None:
    locations = ("NL", "US", "FI", "DE", "IS", "TR")
    hardware_cache: dict[tuple[str, str], tuple[str, dict[str, JSON]]] = {}
    for n in range(count):
        server_id = 100_000 + n
        location = locations[n % 6]
        kind, preset_name = _BIG_PRESETS[n % len(_BIG_PRESETS)]
        preset = _preset(world, preset_name)
        role = _ROLES[(n // 6) % len(_ROLES)]
        hostname = f"{location.lower()}-{role}-{n:05d}"
        key = (kind, preset_name)
        if key not in hardware_cache:
            hardware_cache[key] = _hardware(preset, kind)
        config, hw = hardware_cache[key]
        password = f"Pw{n:06d}_x"
        os_name = _BIG_OS[n % len(_BIG_OS)]
        tags = _system_tags(server_id, hostname, os_name, password, False)
        tags.append(tag("Component1", server_id, "env", ("prod", "staging", "dev")[n % 3]))
        world.servers[server_id] = SimServer(
            id=server_id,
            hostname=hostname,
            location=location,
            kind=kind,
            preset=preset_name,
            preset_description=str(preset["description"]),
            config=config,
            os_name=os_name,
            ips=_ips(server_id, location, 1),
            hardware=hw,
            due_date=world.day(1 + n % 45),
            tags=tags,
            power_on=n % 97 != 0,
            traffic_out_gb=float(n % 2000),
            sensor_seed=n % 1000,
        )


def _checkbox(name: str, value: str) -> dict[str, JSON]:
    return {"name": name, "type": "checkbox", "required": False, "value": value}


def _account(world: World) -> None:
    world.account_key = world.secret(f"{world.new_key()[:16]}-{world.new_key()[:16]}")
    world.api_keys[484] = SimApiKey(id=484, name="new_api", secret=world.account_key)
    world.api_keys[237] = SimApiKey(
        id=237,
        name="test_control_panel",
        secret=world.secret(f"{world.new_key()[:16]}-{world.new_key()[:16]}"),
        server_id=34533,
    )
    world.client = {
        "userid": world.whmcs_id,
        "id": world.whmcs_id,
        "uuid": "b6d0bd75-1bd1-4ffc-9ec5-3870668b1ea9",
        "firstname": "John",
        "lastname": "Hostkey",
        "fullname": "John Hostkey",
        "companyname": "Example Ops B.V.",
        "email": world.email,
        "address1": "Veldweg 111",
        "address2": "",
        "city": "Amsterdam",
        "fullstate": "",
        "state": "",
        "postcode": "7845 TC",
        "countrycode": "NL",
        "country": "NL",
        "phonenumber": "31695005645",
        "tax_id": "",
        "countryname": "Netherlands",
        "phonecc": 31,
        "phonenumberformatted": "+31.695005645",
        "twofaenabled": True,
        "currency": 2,
        "status": "Active",
        "language": "",
        "lastlogin": "Date: 2026/11/20 09:12<br>IP Address: 185.130.215.70<br>Host: 185.130.215.70",
        "co_customertype": {
            "name": "Client type",
            "type": "select",
            "options": ["Individual", "Legal entity"],
            "required": True,
            "value": "Legal entity",
        },
        "co_smsnum": {
            "name": "SMS number for 2FA and notices",
            "type": "text",
            "required": False,
            "value": "310695005645",
        },
        "co_skype": {"name": "Skype/Telegram", "type": "text", "required": False, "value": ""},
        # As the documentation's get_client example shows them.
        "co_autopayment": _checkbox("Autopayment enabled", ""),
        "co_payfirstday": _checkbox("Services for first day", ""),
        "co_marktemails": _checkbox("Marketing e-mails", "on"),
        "co_marktsms": _checkbox("Marketing SMS", ""),
    }
    world.credit = Decimal("250.00")
    world.contacts[121] = contact_record(world, 121, "Dimitry", "Servers", "dimitry@example.com")
    world.ssh_keys[11] = {
        "id": 11,
        "customer_id": world.customer_id,
        "name": "laptop",
        "key": "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHVx0C6lA3w2m9bq7r0q8Q5cWwq6y5v1z0m4Xq7n2p3a john@laptop",
        "default": 1,
        "created": world.stamp(-200),
    }
    world.ssh_keys[12] = {
        "id": 12,
        "customer_id": world.customer_id,
        "name": "ci-deploy",
        "key": "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIM4t6H8h2Yp0v7Xw3Qe9Rz1Kc5Ld2Fb8Gn4Js6Tm0Ua ci@runner",
        "default": 0,
        "created": world.stamp(-90),
    }
    world.rhr[7001] = {
        "id": 7001,
        "eq_id": 40041,
        "type": "SERVICE",
        "status": "DONE",
        "request_origin": "CLIENT",
        "priority": "NORMAL",
        "created_at": world.stamp(-40).replace(" ", "T") + "Z",
        "updated_at": world.stamp(-39).replace(" ", "T") + "Z",
        "eq_location": "FI",
        "eq_name": "fi-build-01",
        "request": "Please reseat the second PSU",
        "assignee": "duty-fi",
        "ticket": "RH-7001",
        # assumed: a conversation's shape (routes/rhr_chat.py says what is known of it).
        "history": [
            {
                "id": 70011,
                "component": "rhr",
                "component_id": 7001,
                "author": "duty-fi",
                "message": "PSU 2 reseated, both supplies green. Closing.",
                "created_at": world.stamp(-39).replace(" ", "T") + "Z",
            }
        ],
    }
    world.rhr[7002] = {
        "id": 7002,
        "eq_id": 40053,
        "type": "KVM",
        "status": "IN_PROGRESS",
        "request_origin": "CLIENT",
        "priority": "HIGH",
        "created_at": world.stamp(-2).replace(" ", "T") + "Z",
        "updated_at": world.stamp(-1).replace(" ", "T") + "Z",
        "eq_location": "DE",
        "eq_name": "de-db-02",
        "request": "The OS does not boot after a kernel update: please attach a KVM",
        "assignee": "duty-de",
        "ticket": "RH-7002",
        "history": [
            {
                "id": 70021,
                "component": "rhr",
                "component_id": 7002,
                "author": "duty-de",
                "message": "KVM attached on port 3; the link follows by e-mail.",
                "created_at": world.stamp(-1).replace(" ", "T") + "Z",
            }
        ],
    }
    world.key_history.append(
        {
            "key_id": 484,
            "date": world.stamp(-60),
            "message": "Created new api_key 484.",
            "type": "action",
        }
    )


def _billing(world: World) -> None:
    servers = list(world.servers.values())[:40]
    for index, server in enumerate(servers):
        invoice = SimInvoice(
            id=10_000 + index * 3,
            date=world.day(-30 - index % 5),
            due=world.day(-15 - index % 5),
            subtotal=server.recurring,
            server_id=server.id,
            paymentmethod="paypal",
            items=[
                {
                    "type": "Hosting",
                    "description": f"{server.hostname} ({server.preset})",
                    "amount": server.recurring,
                }
            ],
        )
        invoice.created_at = f"{invoice.date} 09:00:00"
        if index % 2 == 0:
            invoice.credit, invoice.total = invoice.subtotal, "0.00"
            world.credit_log.append(
                {
                    "id": 2500 + index,
                    "date": invoice.date,
                    "description": f"Credit Applied to Invoice #{invoice.id}",
                    "amount": f"-{server.recurring}",
                    "relid": 0,
                }
            )
        else:
            world.transactions.append(
                {
                    "id": 5000 + index,
                    "userid": world.whmcs_id,
                    "currency": 0,
                    "gateway": "paypal",
                    "date": f"{invoice.date} 12:00:00",
                    "description": "Invoice Payment",
                    "amountin": server.recurring,
                    "fees": "0.35",
                    "amountout": "0.00",
                    "rate": "1.00000",
                    "transid": f"PAYPAL-{8000 + index}",
                    "invoiceid": invoice.id,
                    "refundid": 0,
                }
            )
        invoice.status = "Paid"
        invoice.datepaid = f"{invoice.date} 13:08:58"
        world.invoices[invoice.id] = invoice
    # The documentation's own malformed amount, kept so that the screens meet it.
    world.invoices[10116] = SimInvoice(
        id=10116,
        date=world.day(-120),
        due=world.day(-105),
        subtotal="2.5.00",
        credit="2.5.00",
        total="0.00",
        status="Paid",
        datepaid=world.stamp(-120),
        items=[{"type": "Hosting", "description": "vm.pico (IS)", "amount": "2.5.00"}],
    )
    world.credit_log.append(
        {
            "id": 2400,
            "date": world.day(-120),
            "description": "Credit Applied to Invoice #10116",
            "amount": "-2.5.00",
            "relid": 0,
        }
    )
    world.credit_log.append(
        {
            "id": 2300,
            "date": world.day(-150),
            "description": "Add Funds Invoice #9001",
            "amount": "300.00",
            "relid": 0,
        }
    )
    unpaid = [
        (s, due)
        for s, due in (
            (world.servers.get(17405), 3),
            (world.servers.get(40052), 3),
            (world.servers.get(40072), -12),
        )
        if s is not None
    ]
    for n, (server, due) in enumerate(unpaid):
        invoice = SimInvoice(
            id=23_450 + n,
            date=world.day(due - 14),
            due=world.day(due),
            subtotal=server.recurring,
            server_id=server.id,
            items=[
                {
                    "type": "Hosting",
                    "description": f"{server.hostname} ({server.preset})",
                    "amount": server.recurring,
                }
            ],
        )
        invoice.created_at = f"{invoice.date} 11:20:31"
        if server.status == "power_off":
            # assumed: as WHMCS does, paying the overdue invoice lifts the suspension.
            invoice.on_paid = _unsuspend(server)
        world.invoices[invoice.id] = invoice
    world.credit_log.sort(key=lambda c: str(c["date"]))


def _unsuspend(server: SimServer) -> Callable[[], None]:
    def lift() -> None:
        server.status = "rent"
        server.power_on = True

    return lift


def _dns(world: World) -> None:
    zones = {
        "example-shop.com": [
            ("example-shop.com", "A", "31.207.44.105", 3600, 0),
            ("www.example-shop.com", "CNAME", "example-shop.com", 3600, 0),
            ("example-shop.com", "MX", "mail.example-shop.com", 3600, 10),
            ("example-shop.com", "MX", "mx2.example-shop.com", 3600, 20),
            ("mail.example-shop.com", "A", "193.222.96.29", 3600, 0),
            ("example-shop.com", "TXT", "v=spf1 mx a ip4:193.222.96.29 -all", 3600, 0),
            ("_sip._tcp.example-shop.com", "SRV", "10 5060 sip.example-shop.com", 3600, 10),
            ("api.example-shop.com", "AAAA", "2a0f:6800:1:2::10", 300, 0),
        ],
        "hostkey-demo.net": [
            ("hostkey-demo.net", "A", "5.39.222.44", 3600, 0),
            ("status.hostkey-demo.net", "CNAME", "hostkey-demo.net", 600, 0),
        ],
    }
    for n, (name, records) in enumerate(zones.items()):
        domain_id = 1001 + n
        world.domains[domain_id] = name
        serial = world.day().replace("-", "") + "01"
        rows: list[dict[str, JSON]] = [
            {
                "id": domain_id * 100,
                "name": name,
                "type": "SOA",
                "content": f"ns1.hostkey.com. hostmaster.{name}. {serial} 10800 3600 604800 3600",
                "ttl": 3600,
                "priority": 0,
            },
            {
                "id": domain_id * 100 + 1,
                "name": name,
                "type": "NS",
                "content": "ns1.hostkey.com",
                "ttl": 3600,
                "priority": 0,
            },
            {
                "id": domain_id * 100 + 2,
                "name": name,
                "type": "NS",
                "content": "ns2.hostkey.com",
                "ttl": 3600,
                "priority": 0,
            },
        ]
        for m, (record_name, kind, content, ttl, priority) in enumerate(records):
            rows.append(
                {
                    "id": domain_id * 100 + 10 + m,
                    "name": record_name,
                    "type": kind,
                    "content": content,
                    "ttl": ttl,
                    "priority": priority,
                }
            )
        world.zones[name] = {
            "id": domain_id,
            "name": name,
            "server_id": 32645 if n == 1 else None,
            "records": rows,
        }
