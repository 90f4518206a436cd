"""Run the reliability suite and write `tests/reliability/REPORT.md` from what it covered.

    .venv/bin/python -m tests.reliability.report          # CI profile: 500 examples a family
    .venv/bin/python -m tests.reliability.report --long   # 10,000 examples a family, chaos 300

Every figure in the report is a count of checks that passed in that run (a test records its
cells only after its assertions held); the pytest outcome is written at the top.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from collections import defaultdict
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from tests.reliability.matrix import RESULTS_ENV, cells

HERE = Path(__file__).parent
ROOT = HERE.parent.parent

NOT_YET = """## Limits

- The chaos run leaves out three actions (each is in the tables above): ordering (slow to
  follow at every step), deleting the API key the session signed in with (the app warns; the
  session then ends by design) and changing the PIN (every later PIN typed would be wrong).
- The lost-reply table gives each action one form of lost reply (the forms in turn); every
  form is covered, not every form for every action. `{"result": "OK"}` is a whole, correct
  reply to most changes, so that form is given only to actions whose reply must carry more.
- The kill chaos run kills only while a change request is at invapi, not during reads or
  between a reply and its journal line.
- Faults are injected by the simulator; a real network's partial failures (a reply cut in the
  middle, TLS errors) are covered at the client (tests/api), not per screen.
"""


def run(long: bool) -> tuple[int, list[list[object]]]:
    with tempfile.TemporaryDirectory() as folder:
        results = Path(folder) / "results.json"
        environment = dict(os.environ, **{RESULTS_ENV: str(results)})
        if long:
            environment["HOSTKEY_FUZZ"] = "long"
            environment["HOSTKEY_CHAOS_STEPS"] = "300"
        command = [sys.executable, "-m", "pytest", "-q", str(HERE)]
        code = subprocess.run(command, cwd=ROOT, env=environment, check=False).returncode
        found = cells(results)
    return code, found


def render(code: int, cells: list[list[object]], long: bool) -> str:
    tables: dict[str, dict[str, dict[str, int]]] = defaultdict(lambda: defaultdict(dict))
    for table, row, column, count in cells:
        tables[str(table)][str(row)][str(column)] = int(str(count))
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    profile = "long (10,000 examples a family)" if long else "CI (500 examples a family)"
    lines = [
        "# Reliability report",
        "",
        f"Generated {when} by `python -m tests.reliability.report{' --long' if long else ''}`;"
        f" fuzz profile {profile}. pytest exit code: {code} "
        f"({'all passed' if code == 0 else 'FAILURES: see the run'}).",
        "",
    ]
    fuzz = tables.get("fuzz", {})
    lines += [
        "## Malformed replies: examples per reply family",
        "",
        "Each parsed to a model or to `MalformedReply`, never another error.",
        "",
        "| Reply family | Examples |",
        "| --- | ---: |",
    ]
    lines += [
        f"| {family} | {cols.get('examples', 0):,} |" for family, cols in sorted(fuzz.items())
    ]
    lines += [
        f"| **{len(fuzz)} families** | **{sum(c.get('examples', 0) for c in fuzz.values()):,}** |",
        "",
    ]
    hostile = tables.get("hostile", {})
    lines += [
        "## Hostile API text × widget kinds",
        "",
        "Markup, ANSI/OSC sequences, C0/C1 controls, bidirectional overrides, HTML: shown",
        "literally, nothing interpreted (tests/reliability/test_hostile_text.py).",
        "",
        "| Widget kind | Hostile strings passed |",
        "| --- | ---: |",
    ]
    lines += [f"| {kind} | {cols.get('strings', 0)} |" for kind, cols in sorted(hostile.items())]
    lines.append("")
    secrets = tables.get("secrets", {})
    lines += ["## Secrets", "", "| Check | Where | Passed |", "| --- | --- | ---: |"]
    for check, cols in sorted(secrets.items()):
        for where, count in sorted(cols.items()):
            lines.append(f"| {check} | {where} | {count} |")
    lines += [
        "",
        "## Exactly once at the wire",
        "",
        "Every mutating endpoint, over a real socket, with a fault before the work and the",
        "reply lost after it, and with a timeout (in-process: the read timeout passes on the",
        "injected clock): sent at most once, a lost outcome said as unknown",
        "(tests/reliability/test_exactly_once.py).",
        "",
        *_matrix(
            "Endpoint",
            tables.get("exactly once", {}),
            lambda count: "≤ 1 sent" if count else "—",
        ),
        "",
        "## Exactly once as the user sees it: every mutating action × fault point",
        "",
        "Each action driven by its keys, its sending buttons pressed three times at once;",
        "then with invapi answering 503 before the work, a timeout, and the reply lost after",
        "the work: at most one request, the journal and the screen saying the true state",
        "(failed; or unknown with a way to check, or what reading it back found), keys still",
        "answered (tests/reliability/test_actions_once.py). — : the action sends nothing.",
        "",
        *_matrix(
            "Action",
            tables.get("actions", {}),
            lambda count: "—" if count == 0 else ("✓" if count else "not run"),
        ),
        "",
        "## Faults × screens",
        "",
        "Said on screen, keys answered while it lasts, what was typed kept, nothing changed or",
        "sent more than the retry policy allows, read again with success once it is over",
        "(tests/reliability/test_faults_screens.py). Action faults name the action.",
        "",
        *_matrix("Fault", tables.get("faults", {}), lambda count: "✓" if count else ""),
    ]
    fuzzed = tables.get("fuzzed screens", {})
    lines += [
        "",
        "## Every screen with broken simulator data",
        "",
        "Values inside the account's raw JSON replaced at random (wrong types, null, empty,",
        "huge, odd dates, nested junk, unicode), then every section, both kinds of server with",
        "every tab, and an invoice walked: no crash, no unexpected error, keys still answered",
        "(tests/reliability/test_fuzzed_screens.py).",
        "",
        "| Broken account | Screens walked |",
        "| --- | ---: |",
    ]
    lines += [f"| {seed} | {cols.get('screens', 0)} |" for seed, cols in sorted(fuzzed.items())]
    read_only_ui = tables.get("read-only ui", {})
    chaos = tables.get("chaos", {})
    lines += [
        "",
        f"Read-only, as the user meets it: {len(read_only_ui)} mutating actions, each not",
        "offered on its screen and sending nothing when its keys are pressed anyway",
        "(tests/reliability/test_read_only_ui.py).",
        "",
        "## Chaos run",
        "",
        "A seeded random session: browsing, actions and faults interleaved; no crash, no",
        "unexpected error, nothing sent more than once per action, and at the end the app's",
        "servers, DNS domains and API keys equal invapi's (tests/reliability/test_chaos.py).",
        "",
        "| Count | Run |",
        "| --- | --- |",
    ]
    for name, cols in sorted(chaos.items()):
        for run, count in sorted(cols.items()):
            lines.append(f"| {name}: {count} | {run} |")
    lines += ["", *_lost_reply(tables.get("lost reply", {}), tables.get("kill chaos", {}))]
    read_only = tables.get("read-only", {})
    lines += [
        "",
        f"Read-only: {len(read_only)} mutating endpoints, each refused by the client before",
        "sending (the simulator's request log stays empty).",
        "",
        "Every run of the whole test suite also ends with the secrets audit",
        "(tests/secret_audit.py): every API key, token and root/IPMI/console password the",
        "simulator issued or received is looked for in every file the run wrote and in every",
        "snapshot and screenshot.",
        "",
        NOT_YET,
    ]
    return "\n".join(lines)


#: The lost-reply table's columns, in order (each cell recorded as `column=value`).
LOST_COLUMNS = (
    "fault",
    "reached invapi",
    "outcome shown",
    "reconciled to",
    "repeat offered before reconciling",
)


def _lost_reply(table: dict[str, dict[str, int]], kills: dict[str, dict[str, int]]) -> list[str]:
    """The "invapi did it, the reply was lost" table, and the kill chaos run's counts."""
    lines = [
        "## invapi did it, the reply was lost: every mutating action",
        "",
        "Each action done with invapi carrying the request out and its reply then unreadable",
        '(an HTML page with 200, a bad gzip body, a 302, a 524, a 408, `{"result": "OK"}` where',
        "the reply must carry an id or a secret; or the connection closed), every read",
        "answering 503 from then on; the same keys pressed again; then invapi readable and asked",
        "again (tests/reliability/test_done_then_lost.py). A cell is filled once its checks",
        "held; ✗: a check failed (the reason is listed below the table). Repeat: refused by the",
        "flow (its guard, before any PIN) or by the API (the client's safety net, after the",
        "dialogs listed); or not offered for the reason given; nothing was sent in any row.",
        "",
        "| Action | " + " | ".join(LOST_COLUMNS) + " |",
        "| --- | " + " | ".join("---" for _ in LOST_COLUMNS) + " |",
    ]
    known: dict[str, str] = {}
    for action, cols in sorted(table.items()):
        values = dict(column.partition("=")[::2] for column in cols)
        if "known" in values:
            known[action] = values["known"]
        cells = [_cell_text(values.get(column, "✗")) for column in LOST_COLUMNS]
        lines.append(f"| {action} | " + " | ".join(cells) + " |")
    if known:
        lines += ["", "Known failures (each test `xfail(strict=True)` until mended):", ""]
        lines += [f"- **{action}**: {why}" for action, why in sorted(known.items())]
    lines += [
        "",
        "## Kill chaos run",
        "",
        "Processes signing in with the services make a script of changes (three servers",
        "powered off, a DNS record, an order, a payment from credit); each is killed with",
        "SIGKILL at a seeded random change (invapi carries it out and the reply is never read,",
        "or the request hangs, never done), and the next starts on the same journal: every",
        "request invapi received has its journal line, every change id ends with an outcome",
        "(unknown ones reconciled), the cut-off change is refused until invapi was asked, and",
        "each change is carried out exactly once (tests/reliability/test_kill_chaos.py).",
        "",
        "| Count | Run |",
        "| --- | --- |",
    ]
    for name, cols in sorted(kills.items()):
        for run, count in sorted(cols.items()):
            lines.append(f"| {name}: {count} | {run} |")
    return lines


def _cell_text(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _matrix(
    corner: str, table: dict[str, dict[str, int]], mark: Callable[[int | None], str]
) -> list[str]:
    """A table of rows × every column any row has, each cell marked from its count (None: the
    row has no such cell)."""
    columns = sorted({column for cols in table.values() for column in cols})
    lines = [
        f"| {corner} | " + " | ".join(columns) + " |",
        "| --- | " + " | ".join("---" for _ in columns) + " |",
    ]
    for row, cols in sorted(table.items()):
        lines.append(f"| {row} | " + " | ".join(mark(cols.get(c)) for c in columns) + " |")
    return lines


def main() -> None:
    long = "--long" in sys.argv[1:]
    code, cells = run(long)
    (HERE / "REPORT.md").write_text(render(code, cells, long))
    print(f"wrote {HERE / 'REPORT.md'} (pytest exit code {code})")
    raise SystemExit(code)


if __name__ == "__main__":
    main()
