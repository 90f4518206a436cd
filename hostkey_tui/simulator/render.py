"""How simulated things look on the wire: `eq/show`, the IPMI sensor table, images and PDFs."""

from __future__ import annotations

import math
import struct
import zlib
from datetime import date

from hostkey_tui.simulator.world import JSON, SimServer, World

_SERVER_TYPES = {"vm": "VPS", "vgpu": "VPS", "bm": "Dedicated", "gpu": "Dedicated"}


def render_show(world: World, server: SimServer) -> dict[str, JSON]:
    """An `eq/show` reply, shaped like the documented one."""
    hw = server.hardware
    main_port = next((ip["port"] for ip in server.ips if ip.get("main_ip")), "eth0")
    ips = []
    for ip in server.ips:
        entry = dict(ip)
        blocked = server.blocks.get(ip["IP"])
        entry["locked"] = 1 if blocked else 0
        entry["date_block"] = blocked["since"] if blocked else None
        entry["status"] = "enable" if server.ports_enabled.get(ip["port"], True) else "disable"
        ips.append(entry)
    interfaces = []
    for index, port in enumerate(sorted({ip["port"] for ip in server.ips} | {main_port})):
        mac = next((ip["MAC"] for ip in server.ips if ip["port"] == port), "")
        interfaces.append(
            {
                "id": 122_000 + server.id % 1000 * 10 + index,
                "type": port,
                "mac": mac,
                "upstream_id": None,
                "IsMain": 1 if port == main_port else 0,
                "IsVirt": 1 if server.virtual else 0,
                "Status": "enable" if server.ports_enabled.get(port, True) else "disable",
                "switch_owner": "" if server.virtual else "hostkey",
                "switch_model": "virtual" if server.virtual else "Juniper EX3300",
            },
        )
    return {
        "result": "OK",
        "server_data": {
            "id": server.id,
            "ref_tableName": _SERVER_TYPES[server.kind],
            "Condition_Component": server.status,
            "account_id": server.account_id,
            "type_billing": "whmcs_com",
            "is_owner": "Rent",
            "cost_trafficIN": 0,
            "limit_trafficIN": server.limit_in_tb,
            "cost_traffic": 180 if server.virtual else 2,
            "limit_traffic": server.limit_out_tb,
            "new_limit_traffic": 0,
            "limit_bands": server.bandwidth,
            "trafficPeriodOut": round(server.traffic_out_gb, 2),
            "trafficPeriodIn": round(server.traffic_in_gb, 2),
            "trafficPeriodOutBilling": 0,
            "trafficPeriodInBilling": 0,
            "datePeriod": f"{server.due_date} 00:00:00",
            "IsShape": 1,
            "hwconfig": server.config,
            "status": server.status,
            "type": _SERVER_TYPES[server.kind],
            "days_left": days_left(world, server),
            "due_date": server.due_date,
        },
        "hardware": hw,
        "groups": [
            {"ID": "26", "Code": "Micro", "Name": "Micro", "active": 0},
            {
                "ID": "32",
                "Code": "1CPU",
                "Name": "1CPU",
                "active": 1 if hw.get("cpu_count", 1) == 1 else 0,
            },
            {
                "ID": "33",
                "Code": "2CPU",
                "Name": "2CPU",
                "active": 1 if hw.get("cpu_count", 1) == 2 else 0,
            },
            {
                "ID": "41",
                "Code": "Gpu",
                "Name": "Gpu",
                "active": 1 if server.kind in ("gpu", "vgpu") else 0,
            },
        ],
        "licenses": server.licenses,
        "location": {
            "dc_location": server.location,
            "location_id": 1 + "NLUSFIDEISTR".find(server.location) // 2,
        },
        "OS": None,
        "IP": ips,
        "interfaces": interfaces,
        "IPMI": {
            "model": "ovirt" if server.virtual else hw.get("ipmi_model", "supermicro"),
            "interfaces": []
            if server.virtual
            else [{"ip": f"10.20.{server.id % 250}.{server.id % 200 + 2}"}],
        },
        "tags": server.tags,
        "preset": server.preset,
        "preset_description": server.preset_description,
    }


def days_left(world: World, server: SimServer) -> int:
    due = date.fromisoformat(server.due_date)
    return (due - date.fromisoformat(world.day())).days


# name, unit, base, swing, warn, crit (None: no thresholds)
_SENSORS = [
    ("CPU Temp", "degrees C", 41.0, 6.0, 80.0, 90.0),
    ("PCH Temp", "degrees C", 44.0, 3.0, 85.0, 95.0),
    ("System Temp", "degrees C", 27.0, 2.0, 60.0, 70.0),
    ("Peripheral Temp", "degrees C", 33.0, 2.0, 70.0, 80.0),
    ("P1-DIMMA1 Temp", "degrees C", 30.0, 2.0, 75.0, 85.0),
    ("P1-DIMMC1 Temp", "no reading", 0.0, 0.0, None, None),
    ("FAN1", "RPM", 3100.0, 250.0, None, None),
    ("FAN2", "RPM", 3300.0, 250.0, None, None),
    ("12V", "Volts", 12.06, 0.05, None, None),
    ("5VCC", "Volts", 5.08, 0.02, None, None),
    ("3.3VCC", "Volts", 3.33, 0.01, None, None),
    ("VBAT", "Volts", 3.00, 0.01, None, None),
    ("Vcpu", "Volts", 1.84, 0.02, None, None),
    ("PS1 Status", "hex", 1.0, 0.0, None, None),
    ("PS2 Status", "hex", 1.0, 0.0, None, None),
]


def sensor_table(world: World, server: SimServer) -> str:
    """The `Name | reading | state` table, drifting with the clock; one server runs hot."""
    now = world.now()
    lines = []
    for index, (name, unit, base, swing, warn, crit) in enumerate(_SENSORS):
        phase = (server.sensor_seed * 7 + index * 13) % 100 / 16.0
        wave = math.sin(now / 45.0 + phase)
        value = base + swing * wave
        state = "ok"
        if unit == "no reading":
            lines.append(f"{name} | no reading | ns")
            continue
        if server.degraded_sensor == name:
            if unit == "RPM":
                value, state = 0.0, "cr"
            else:
                value = (warn or base) + 3 + 2 * wave
                state = "cr" if crit is not None and value >= crit else "nc"
        elif warn is not None and value >= warn:
            state = "nc"
        if unit == "hex":
            shown = "0x02" if server.degraded_sensor == name else "0x01"
            lines.append(f"{name} | {shown} | {'cr' if shown == '0x02' else 'ok'}")
        elif unit == "RPM":
            lines.append(f"{name} | {round(value / 100) * 100:.0f} RPM | {state}")
        elif unit == "Volts":
            lines.append(f"{name} | {value:.2f} Volts | {state}")
        else:
            lines.append(f"{name} | {value:.0f} {unit} | {state}")
    return "\n".join(lines) + "\n"


def png_graph(seed: int, width: int = 240, height: int = 80) -> bytes:
    """A small traffic graph as a real PNG (no image library needed)."""
    rows = []
    for y in range(height):
        row = bytearray([0])  # filter: none
        for x in range(width):
            level = height * (
                0.45 + 0.3 * math.sin((x + seed) / 17.0) + 0.1 * math.sin(x / 3.0 + seed)
            )
            inside = (height - y) < level
            row += bytes((40, 160, 80) if inside else (250, 250, 250))
        rows.append(bytes(row))
    raw = b"".join(rows)

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def pdf_document(lines: list[str]) -> bytes:
    """A one-page PDF with the given lines of text (enough to be a real, openable file)."""
    escaped = [line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") for line in lines]
    text = "BT /F1 11 Tf 50 780 Td 14 TL " + " ".join(f"({line}) '" for line in escaped) + " ET"
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        "/Resources << /Font << /F1 5 0 R >> >> >>",
        f"<< /Length {len(text)} >>\nstream\n{text}\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1", "replace")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return bytes(out)
