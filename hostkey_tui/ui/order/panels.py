"""The order wizard's texts around the table: the steps bar, the draft so far, the step's note,
and the summary. Pure functions from the wizard's state to `Content`."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from textual.content import Content

from hostkey_tui.models.catalog import HOURLY, LOCATION_NAMES, period_months
from hostkey_tui.models.common import Money
from hostkey_tui.models.orders import Draft, next_due
from hostkey_tui.ui.flows.install import root_size_percent, root_size_text
from hostkey_tui.ui.kit.status import clock_time
from hostkey_tui.ui.kit.text import HIDDEN, fit, line, literal
from hostkey_tui.ui.order.steps import HOURLY_SAID, MANUAL, STEP_TITLES, STEPS, eur, missing_titles

# -- around the table ------------------------------------------------------------------------


def steps_bar(step: str, draft: Draft, titled: bool) -> Content:
    """The numbered steps, the current one reversed, those done ticked (`titled`: every title
    is shown, else only the current one's)."""
    parts: list[str | tuple[str, str]] = []
    for number, each in enumerate(STEPS, start=1):
        style = "bold reverse" if each == step else ("" if draft.done(each) else "dim")
        mark = "✓" if draft.done(each) and each != step else ""
        title = STEP_TITLES[each] if each == step or titled else ""
        parts += [(f" {number} {title}{mark} ".replace("  ", " "), style), " "]
    return line(*parts)


def draft_panel(draft: Draft) -> Content:
    """The order so far, beside the steps."""
    d = draft
    server = ""
    if d.preset is not None:
        server = d.preset.name
    elif d.stock is not None:
        server = f"stock {d.stock.id} ({d.stock.cpu_name})"
    rows = [
        ("Location", LOCATION_NAMES.get(d.location, d.location)),
        ("Server", server),
        ("OS", "own OS" if d.details.own_os else (d.image.name if d.image else "")),
        ("Software", "none" if d.no_soft else (d.soft.name if d.soft else "")),
        ("Traffic", d.plan.name if d.plan else ""),
        ("Hostname", d.details.hostname),
        ("Password", HIDDEN if d.details.root_pass.reveal() else ""),
        ("Period", d.period),
    ]
    body = [literal("Your order", "bold"), literal("")]
    # 9 + 18 cells: the panel's 30 less its padding and border, so that no value wraps.
    body += [line((f"{k:<9}", "dim"), fit(v, 18) or "·") for k, v in rows]
    total = d.total()
    if total is not None:
        body += [literal(""), line(("Total    ", "dim"), (eur(total), "bold"))]
    return literal("\n").join(body)


def step_note(note: str, step: str, stock_mode: bool, sent: bool = False) -> Content:
    """What the step has to say, else which keys do what here (`sent`: the summary is done)."""
    if note:
        return literal(note, "yellow")
    if sent:
        return literal("N starts a new order · this one is sent: it is followed in Jobs (5)", "dim")
    hints = {
        "location": "enter choose",
        "server": (
            "enter choose · s sort · g group · t instance presets · i detail"
            if stock_mode
            else "enter choose · / filter · s sort · t stock servers"
        ),
        "details": "enter edit the details · the root password is checked here",
        "summary": "o order (then the PIN) · esc back to change a step · N abandon",
    }
    text = hints.get(step, "enter choose")
    return literal(text if "esc" in text else f"{text} · esc back a step", "dim")


# -- the summary -----------------------------------------------------------------------------


def summary(draft: Draft, credit: Money | None, sent_at: float | None, today: date) -> Content:
    """What will be ordered, what it costs, when the next payment is due (ordered `today`),
    whether the credit covers it; once sent (`sent_at`), that it is not sent again."""
    d = draft
    missing = missing_titles(d)
    rows: list[Content] = []
    if missing and sent_at is None:  # once sent, the password is gone on purpose
        rows.append(literal(f"Still to choose: {', '.join(missing)} (esc goes back).", "yellow"))
    chosen = [
        ("Location", LOCATION_NAMES.get(d.location, d.location)),
        ("Server", d.name),
        ("OS", "own OS" if d.details.own_os else (d.image.name if d.image else "")),
        ("Software", d.soft.name if d.soft else "none"),
        ("Traffic", d.plan.name if d.plan else ""),
        ("Hostname", d.details.hostname or "(named after its id)"),
        ("SSH key", fit(d.details.ssh_key, 40) or "none"),
        ("Post-install", "a script" if d.details.script else "none"),
    ]
    percent = root_size_percent(d.details.root_size)
    if percent is not None and percent != 100:
        # a partial root partition is easy to miss and costly to undo: said before `o`
        disk = d.preset.disk_gb if d.preset else None
        chosen.append(("Root size", root_size_text(percent, disk)))
    chosen += d.options.lines()
    rows += [line((f"{fit(k, 14):<15}", "dim"), v or "·") for k, v in chosen]
    if (d.options.ipv4_amount and d.options.ipv4_amount > 1) or d.options.ipv6:
        rows.append(
            literal("Extra addresses have no published price: the invoice says it.", "yellow")
        )
    rows.append(literal(""))
    months = period_months(d.period)
    prices = d.prices(months) if months is not None else None
    if d.period == HOURLY:
        rows += [literal(text, "yellow") for text in HOURLY_SAID]
    if prices is not None and months is not None:
        for price in prices:
            rows.append(line(f"{price.what:<46}", eur(price.amount)))
        total = d.total()
        rows.append(line((f"{'Total for ' + d.period:<46}", "bold"), (eur(total), "bold")))
        due = next_due(today, months)
        after = f"{months} month{'s' if months > 1 else ''} after the order"
        rows.append(line(("Next payment ", "dim"), f"due {due.isoformat()} ({after})"))
        if sent_at is None:  # once sent, the credit has moved: not compared again
            rows += _covered(credit, total)
    if d.stock is not None and d.stock.manual_deploy:
        rows.append(literal(MANUAL, "bold yellow"))
    rows.append(literal(""))
    if sent_at is not None:
        rows.append(
            literal(
                f"Sent at {clock_time(sent_at)}: this order is done and is not sent again "
                "(its job is in Jobs, 5). N starts a new order.",
                "bold yellow",
            )
        )
    else:
        rows.append(
            literal(
                "o orders it: you confirm, then give the PIN; it is sent once. N abandons it.",
                "dim",
            )
        )
    return literal("\n").join(rows)


def _covered(credit: Money | None, total: Decimal | None) -> list[Content]:
    """Whether the credit pays for it at once (nothing said when either is not known)."""
    if credit is None or credit.amount is None or total is None:
        return []
    if credit.amount >= total:
        return [
            literal(
                f"Your credit ({credit.display()}) covers it: paid at once, deployed now.", "green"
            )
        ]
    return [
        literal(
            f"Your credit ({credit.display()}) does not cover it: an invoice is made, and the "
            "server is deployed once it is paid.",
            "yellow",
        )
    ]
