"""Power and sensor panels of the server detail, as Content (API text always literal)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from textual.content import Content

from hostkey_tui.models.billing import BillingData, CancellationRequest, Invoice
from hostkey_tui.models.sensors import SensorGroup, Severity
from hostkey_tui.state.state import Job, Power, Sensors
from hostkey_tui.ui.kit.status import ago
from hostkey_tui.ui.kit.text import fit, line, literal

SPARKS = "▁▂▃▄▅▆▇█"
SEVERITY_STYLE = {
    Severity.OK: "green",
    Severity.WARNING: "bold yellow",
    Severity.CRITICAL: "bold red",
    Severity.ABSENT: "dim",
}
GROUP_TITLES = {
    SensorGroup.TEMPERATURE: "Temperatures",
    SensorGroup.FAN: "Fans",
    SensorGroup.VOLTAGE: "Voltages",
    SensorGroup.POWER: "Power supply",
    SensorGroup.OTHER: "Other",
}


def sparkline(values: tuple[float, ...], width: int = 16) -> str:
    """The last `width` values as bars scaled to their own range."""
    shown = values[-width:]
    if not shown:
        return ""
    low, high = min(shown), max(shown)
    if high - low < 1e-9:
        return SPARKS[3] * len(shown)
    return "".join(SPARKS[min(7, int((v - low) / (high - low) * 7.999))] for v in shown)


def power_panel(
    power: Power | None, jobs: list[Job], now: float, read_only: bool, suspended: str = ""
) -> Content:
    """The power as last read (the one reading the header and the list row say too), how to
    change it, a suspension by billing (`suspended`: why, "" when none), and the power jobs."""
    status = next((job for job in jobs if job.action == "status"), None)
    if power is None and status is not None and not status.running:
        # The read failed: said in place, never left "reading…".
        state = literal(f"not read: {fit(status.message, 60)} · p: status tries again", "yellow")
    elif power is None and status is None:
        state = literal("not read yet", "dim")
    elif power is None:
        state = literal("reading…", "dim")
    elif power.on is None:
        state = literal(f"unknown — check status  ({ago(now - power.at)})", "bold yellow")
    else:
        word, style = ("● on", "bold green") if power.on else ("○ off", "bold red")
        state = line((word, style), "   ", power.text, (f"   (read {ago(now - power.at)})", "dim"))
    keys = "p: status" + ("" if read_only else " · on · off · reboot · force off (PIN, sent once)")
    rows = [
        Content.assemble(("Power   ", "dim"), state),
        literal(f"        {keys}", "dim"),
    ]
    if suspended:
        rows += [
            Content.assemble(("Billing ", "dim"), (f"⚠ {suspended}", "bold red")),
            literal(
                "        until the overdue invoice is paid, invapi may refuse to power it on, "
                "or billing may power it off again",
                "dim",
            ),
        ]
    rows.append(literal(""))
    rows.append(jobs_list(jobs, now, "Power jobs of this server", limit=8, width=28))
    return Content("\n").join(rows)


def jobs_list(
    jobs: list[Job], now: float, title: str, *, limit: int = 6, width: int = 30
) -> Content:
    """The latest jobs of one server: when, what, how it stands, how long, the last words."""
    rows = [literal(title, "bold")]
    if not jobs:
        rows.append(literal("  none this session", "dim"))
    for job in jobs[:limit]:
        when = datetime.fromtimestamp(job.started, UTC).strftime("%H:%M:%S")
        took = int((job.finished or now) - job.started)
        state_text = "sending" if job.sending else job.state.value
        rows.append(
            line(
                f"  {when}  ",
                (fit(job.title, width).ljust(width + 1), "bold"),
                (state_text.ljust(10), "yellow" if job.running else ""),
                f"{took:>4} s  ",
                (job.message, "dim"),
            ),
        )
    return Content("\n").join(rows)


def sensors_panel(sensors: Sensors | None, now: float, interval: int, virtual: bool) -> Content:
    if virtual:
        return literal(
            "Sensors are read over IPMI, which bare-metal servers have; this server is a VM.",
            "dim",
        )
    if sensors is None or (not sensors.readings and not sensors.error):
        return literal("reading the sensors…", "dim")
    rows: list[Content] = []
    if sensors.at is not None:
        age = now - sensors.at
        stale = sensors.error and sensors.error_at is not None and sensors.error_at >= sensors.at
        if stale or age > 3 * interval:
            why = f": {sensors.error}" if sensors.error else ""
            rows.append(
                literal(
                    f"STALE: last reading {ago(age)}, the last attempt failed{why}", "bold yellow"
                )
            )
        else:
            rows.append(
                literal(f"read {ago(age)} · every {interval} s while this tab is open", "dim")
            )
    elif sensors.error:
        rows.append(literal(f"No readings: {sensors.error}", "bold yellow"))
    for group in SensorGroup:
        readings = [r for r in sensors.readings if r.group is group]
        if not readings:
            continue
        rows.append(literal(GROUP_TITLES[group], "bold"))
        for reading in readings:
            style = SEVERITY_STYLE[reading.severity]
            rows.append(
                line(
                    "  ",
                    fit(reading.name, 20).ljust(21),
                    (
                        fit(reading.display(), 14).rjust(14),
                        style if reading.severity is not Severity.OK else "",
                    ),
                    "  ",
                    (reading.state.ljust(4), style),
                    "  ",
                    (
                        sparkline(sensors.history.get(reading.name, ())),
                        "dim" if reading.severity is Severity.OK else style,
                    ),
                ),
            )
    return Content("\n").join(rows)


def server_billing_panel(
    data: BillingData | None,
    related: tuple[Invoice, ...],
    cancellation: CancellationRequest | None,
    today: date,
    read_only: bool,
    cancellation_error: str = "",
    *,
    data_error: str = "",
    related_error: str = "",
    related_read: bool = True,
) -> Content:
    """The billing side of one server: cycle, amounts, due date, its invoices, a cancellation
    (or why the cancellation requests could not be read: never a silent "none"). The billing
    data and the invoices are read on their own: one that failed says so in its place."""
    if data is None:
        rows = [
            literal(f"Billing not read: {fit(data_error, 200)} · r tries again", "yellow")
            if data_error
            else literal("reading the billing of this server…", "dim")
        ]
    else:
        rows = _billing_rows(data)
        if data_error:  # the last read stays shown, said to be the last one
            rows.append(
                literal(
                    f"not read again ({fit(data_error, 200)}): the last read is shown", "yellow"
                )
            )
    rows += _cancellation_rows(cancellation, cancellation_error)
    rows += [
        literal(""),
        line(("Invoices of this server", "bold"), ("   amounts as invoiced, before credit", "dim")),
    ]
    if related_error and not related_read:
        rows.append(literal(f"  not read: {fit(related_error, 200)} · r tries again", "yellow"))
    elif related_error:
        rows.append(
            literal(
                f"  not read again ({fit(related_error, 200)}): the last read is shown", "yellow"
            )
        )
    elif not related_read:
        rows.append(literal("  reading…", "dim"))
    rows += _invoice_rows(related, today, related_read)
    if not read_only:
        withdraw = "W withdraws the cancellation" if cancellation else "C requests its cancellation"
        rows += [
            literal(""),
            literal(f"I creates the next invoice · {withdraw} · 2 opens billing", "dim"),
        ]
    return Content("\n").join(rows)


def _billing_rows(data: BillingData) -> list[Content]:
    days = data.days_left
    left = "—" if days is None else (f"{-days} days overdue" if days < 0 else f"{days} days")
    rows = [
        line(
            ("Status      ", "dim"),
            (data.status, "bold red" if data.status.lower() != "active" else "green"),
        ),
        line(("Product     ", "dim"), data.product or "—"),
        line(
            ("Cycle       ", "dim"),
            data.cycle or "—",
            ("   recurring ", "dim"),
            data.recurring.display(),
            ("   setup fee ", "dim"),
            data.setup_fee.display(),
        ),
        line(
            ("Next due    ", "dim"),
            data.next_due.isoformat() if data.next_due else "—",
            ("   left ", "dim"),
            (
                left,
                "bold red"
                if days is not None and days < 0
                else ("yellow" if days is not None and days <= 7 else ""),
            ),
        ),
        line(("Since       ", "dim"), data.registered.isoformat() if data.registered else "—"),
    ]
    if data.termination is not None:
        # WHMCS's termination date (null or 0000-00-00 while the service runs).
        rows.append(line(("Termination ", "dim"), (data.termination.isoformat(), "bold yellow")))
    if data.suspend_reason:
        rows.append(line(("Suspended   ", "dim"), (data.suspend_reason, "bold red")))
    return rows


def _cancellation_rows(
    cancellation: CancellationRequest | None, cancellation_error: str
) -> list[Content]:
    if cancellation is None and cancellation_error:
        return [
            literal(""),
            literal(
                f"Whether a cancellation is requested is unknown: the cancellation requests "
                f"could not be read ({cancellation_error}). Opening this tab again tries again.",
                "yellow",
            ),
        ]
    if cancellation is not None:
        when = f" on {cancellation.date:%Y-%m-%d}" if cancellation.date else ""
        reason = f": {cancellation.reason}" if cancellation.reason else ""
        return [
            literal(""),
            literal(f"Cancellation requested ({cancellation.type}){when}{reason}", "bold yellow"),
        ]
    return []


def _invoice_rows(related: tuple[Invoice, ...], today: date, read: bool) -> list[Content]:
    rows: list[Content] = []
    for invoice in related[:12]:
        overdue = invoice.days_overdue(today)
        state = f"{invoice.status}, {overdue} d overdue" if overdue else invoice.status
        if invoice.unpaid:
            state += f": {invoice.balance_due().display()} due"
        style = "bold red" if overdue else ("yellow" if invoice.unpaid else "")
        rows.append(
            line(
                "  ",
                invoice.number.ljust(9),
                (invoice.date.isoformat() if invoice.date else "").ljust(12),
                # invapi's total is net of credit: what was invoiced is the gross amount
                invoice.gross.display().rjust(14),
                "  ",
                (state, style),
            ),
        )
    if read and not related:
        rows.append(literal("  none", "dim"))
    return rows
