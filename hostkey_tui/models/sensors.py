"""IPMI sensor readings, parsed from the `Name | reading | state` table `eq/sensors` returns."""

from __future__ import annotations

import re
from decimal import Decimal
from enum import StrEnum

from hostkey_tui.models.common import as_decimal, clean_text
from hostkey_tui.records import dataclass


class SensorGroup(StrEnum):
    TEMPERATURE = "temperatures"
    FAN = "fans"
    VOLTAGE = "voltages"
    POWER = "power supply"
    OTHER = "other"


class Severity(StrEnum):
    OK = "ok"
    WARNING = "warning"
    CRITICAL = "critical"
    ABSENT = "absent"


# IPMI state abbreviations: non-critical, critical and non-recoverable, lower or upper.
_SEVERITY = {
    "ok": Severity.OK,
    "ns": Severity.ABSENT,
    "na": Severity.ABSENT,
    "nc": Severity.WARNING,
    "lnc": Severity.WARNING,
    "unc": Severity.WARNING,
    "cr": Severity.CRITICAL,
    "lcr": Severity.CRITICAL,
    "ucr": Severity.CRITICAL,
    "nr": Severity.CRITICAL,
    "lnr": Severity.CRITICAL,
    "unr": Severity.CRITICAL,
}

_UNITS = {
    "degrees c": "°C",
    "degrees f": "°F",
    "rpm": "RPM",
    "volts": "V",
    "watts": "W",
    "amps": "A",
}
_READING = re.compile(r"^\s*([+-]?\d+(?:\.\d+)?)\s*(.*?)\s*$")


@dataclass(frozen=True, slots=True)
class SensorReading:
    name: str
    raw: str
    value: Decimal | None
    unit: str
    state: str
    group: SensorGroup

    @property
    def no_reading(self) -> bool:
        return self.raw.lower() == "no reading"

    @property
    def severity(self) -> Severity:
        if self.no_reading:
            return Severity.ABSENT
        return _SEVERITY.get(self.state.lower(), Severity.WARNING)

    def display(self) -> str:
        if self.value is None:
            return self.raw or "—"
        return f"{self.value} {self.unit}".strip()


def _group(name: str, unit: str) -> SensorGroup:
    lowered = name.lower()
    if unit in ("°C", "°F") or "temp" in lowered:
        return SensorGroup.TEMPERATURE
    if unit == "RPM" or "fan" in lowered:
        return SensorGroup.FAN
    if lowered.startswith(("ps", "psu")) or "power supply" in lowered or unit in ("W", "A"):
        return SensorGroup.POWER
    if unit == "V":
        return SensorGroup.VOLTAGE
    return SensorGroup.OTHER


def parse_sensor_line(line: str) -> SensorReading | None:
    """`CPU Temp | 36 degrees C | ok` → a reading; lines of another shape → None."""
    parts = [clean_text(part, single_line=True).strip() for part in line.split("|")]
    if len(parts) < 3 or not parts[0]:
        return None
    name, reading, state = parts[0], parts[1], parts[2]
    value: Decimal | None = None
    unit = ""
    match = _READING.match(reading)
    if match and not reading.lower().startswith("0x"):
        value = as_decimal(match[1])
        unit = _UNITS.get(match[2].lower(), match[2])
    return SensorReading(
        name=name[:64],
        raw=reading[:64],
        value=value,
        unit=unit[:16],
        state=state[:8],
        group=_group(name, unit),
    )


def parse_sensor_table(text: str) -> tuple[SensorReading, ...]:
    """Every readable line of the table; a table with none gives an empty tuple."""
    lines = text.splitlines()[:2000] if isinstance(text, str) else []
    readings = (parse_sensor_line(line) for line in lines)
    return tuple(r for r in readings if r is not None)
