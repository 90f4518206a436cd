"""The reading commands: servers, server, invoices, invoice, dns, triage, journal."""

from __future__ import annotations

import csv
import io
import json
import stat

from hostkey_tui.cli.output import clean, write_json
from tests.cli.conftest import Cli, rename

SERVER_KEYS = {
    "id", "hostname", "status", "invapi_status", "suspended", "power", "location", "kind",
    "preset", "os", "main_ip", "ips", "due_date", "days_left", "tags", "cancellation",
}  # fmt: skip


def test_servers_json_lists_every_server_with_the_documented_fields(cli: Cli) -> None:
    ran = cli.account("servers", "-o", "json")
    assert ran.code == 0, ran.err
    rows = json.loads(ran.out)
    assert {r["id"] for r in rows} == set(cli.world.servers)
    assert all(set(r) == SERVER_KEYS for r in rows)
    suspended = [r for r in rows if r["suspended"]]
    assert [r["hostname"] for r in suspended] == ["tr-legacy-01"]
    # one eq/show per server, nothing that changes anything
    assert cli.world.count("eq", "show") == len(cli.world.servers)
    assert not [r for r in cli.world.requests if r.action in ("reboot", "off", "on")]


def test_a_cancellation_asked_for_is_shown_as_in_the_app(cli: Cli) -> None:
    rows = json.loads(cli.run("servers", "--demo", "-o", "json").out)
    asked = {r["hostname"]: r["cancellation"] for r in rows if r["cancellation"]}
    assert asked == {"us-edge-01": "End of Billing Period"}
    table = cli.run("servers", "--demo", "--filter", "us-edge").out
    assert "rent, cancel asked" in table
    cli.world.faults.add("status", "whmcs/get_cancellation_requests", value=503)
    failed = cli.run("servers", "--demo", "-o", "json")
    assert failed.code == 0 and "cancellations asked for could not be read" in failed.err


def test_a_filter_on_power_reads_power_and_an_unknown_field_is_refused(cli: Cli) -> None:
    cli.world.servers[40054].power_on = False
    off = json.loads(cli.run("servers", "--demo", "--filter", "status:off", "-o", "json").out)
    assert "de-cache-01" in [r["hostname"] for r in off]
    assert {r["power"] for r in off} == {"off"}
    assert cli.world.count("eq", "status") == len(cli.world.servers)
    unknown = cli.run("servers", "--demo", "--filter", "power:on")
    assert unknown.code == 2 and "no field 'power'" in unknown.err


def test_csv_numbers_stay_numbers_and_unreadable_amounts_are_said(cli: Cli) -> None:
    rows = list(csv.DictReader(io.StringIO(cli.run("servers", "--demo", "-o", "csv").out)))
    legacy = next(r for r in rows if r["hostname"] == "tr-legacy-01")
    assert legacy["days_left"].startswith("-") and int(legacy["days_left"]) < 0
    invoices = list(csv.DictReader(io.StringIO(cli.account("invoices", "-o", "csv").out)))
    odd = [r for r in invoices if r["unreadable"]]
    assert odd, "the demo has an invoice with an unreadable amount"
    assert odd[0]["invoiced"] == "" and "invoiced=" in odd[0]["unreadable"]
    records = json.loads(cli.account("invoices", "-o", "json").out)
    same = next(r for r in records if r["id"] == int(odd[0]["id"]))
    assert same["invoiced"] is None and "invoiced" in same["unreadable"]
    assert set(same["unreadable"]) == set(
        dict(p.split("=", 1) for p in odd[0]["unreadable"].split("; "))
    )


def test_secret_tags_never_leave_the_command_line(cli: Cli) -> None:
    server = next(iter(cli.world.servers.values()))
    rows = json.loads(cli.account("servers", "-o", "json").out)
    detail = json.loads(cli.account("server", str(server.id), "-o", "json").out)
    for record in [*rows, detail]:
        assert not {"root_password", "password", "rdp_password"} & set(record["tags"])


def test_global_options_go_before_or_after_the_command(cli: Cli) -> None:
    before = cli.run("--demo", "servers", "-o", "json")
    after = cli.run("servers", "-o", "json", "--demo")
    assert before.code == after.code == 0
    assert json.loads(before.out) == json.loads(after.out)


def test_the_filter_is_the_apps(cli: Cli) -> None:
    ran = cli.run("servers", "--demo", "--filter", "loc:NL tag:role=web", "-o", "json")
    assert sorted(r["hostname"] for r in json.loads(ran.out)) == ["nl-web-01", "nl-web-02"]
    none = cli.run("servers", "--demo", "--filter", "nothing-is-called-this")
    assert none.code == 0
    assert "No server matches" in none.out


def test_table_and_csv(cli: Cli) -> None:
    table = cli.run("servers", "--demo", "--filter", "nl-web")
    lines = table.out.splitlines()
    assert lines[0].split()[:3] == ["ID", "Hostname", "Main", "IP"][:3]
    assert len(lines) == 3
    rows = list(csv.DictReader(io.StringIO(cli.run("servers", "--demo", "-o", "csv").out)))
    assert len(rows) == len(cli.world.servers)
    assert {"id", "hostname", "main_ip", "due_date"} <= set(rows[0])


def test_a_narrow_terminal_drops_the_least_needed_columns(cli: Cli) -> None:
    cli.out_is_terminal = True
    narrow = cli.run("servers", "--demo").out.splitlines()
    assert narrow[0].split()[:4] == ["ID", "Hostname", "Main", "IP"]
    assert not {"Tags", "OS", "Preset"} & set(narrow[0].split())
    assert all(len(line) <= 80 for line in narrow)
    assert "31.207.44.137" in "".join(narrow)  # kept whole, never cut
    cli.columns = 200
    assert "Tags" in cli.run("servers", "--demo").out.splitlines()[0]
    cli.out_is_terminal = False
    cli.columns = 20  # into a pipe: never cut
    piped = cli.run("servers", "--demo").out.splitlines()
    assert "Tags" in piped[0]


def test_hostile_text_is_shown_never_acted_on(cli: Cli) -> None:
    hostile = "=cmd|' /C calc'!A0\x1b]0;owned\x07"
    rename(cli.world, 32645, hostile)
    for form in ("table", "json", "csv"):
        shown = cli.run("servers", "--demo", "-o", form, "--filter", "id:32645").out
        assert "\x1b" not in shown and "\x07" not in shown
        assert "owned" in shown
    rows = list(csv.reader(io.StringIO(cli.run("servers", "--demo", "-o", "csv").out)))
    row = next(r for r in rows if r[0] == "32645")
    assert row[1].startswith("'=")


def test_control_characters_are_escaped_in_every_form() -> None:
    # defence in depth: the models already drop control characters from invapi's names
    assert clean("web\x1b]0;x\x07\u202e") == "web\\x1b]0;x\\x07\\u202e"
    out = io.StringIO()
    write_json(out, {"name": "a\x9b2Jb\u2028"})
    assert out.getvalue() == '{\n  "name": "a\\u009b2Jb\\u2028"\n}\n'


def test_server_by_id_hostname_and_prefix(cli: Cli) -> None:
    by_id = cli.run("server", "32645", "--demo")
    assert by_id.code == 0
    assert "nl-web-01" in by_id.out and "31.207.44.137" in by_id.out
    # by id: that server's eq/show only
    assert cli.world.count("eq", "show") == 1
    by_name = json.loads(cli.run("server", "NL-WEB-01", "--demo", "-o", "json").out)
    assert by_name["id"] == 32645 and by_name["hardware"]["ram_gb"] is not None
    assert json.loads(cli.run("server", "is-vpn", "--demo", "-o", "json").out)["id"] == 40063


def test_a_server_named_ambiguously_is_a_usage_error_and_none_a_failure(cli: Cli) -> None:
    several = cli.run("server", "nl-web", "--demo")
    assert several.code == 2
    assert "32645" in several.err and "17405" in several.err
    missing = cli.run("server", "no-such-host", "--demo")
    assert missing.code == 1 and "no server 'no-such-host'" in missing.err


def test_invoices_unpaid_and_by_month(cli: Cli) -> None:
    every = json.loads(cli.account("invoices", "-o", "json").out)
    unpaid = json.loads(cli.account("invoices", "--unpaid", "-o", "json").out)
    assert unpaid and all(i["status"] == "Unpaid" for i in unpaid)
    assert len(unpaid) < len(every)
    october = json.loads(
        cli.account("invoices", "--from", "2026-10", "--to", "2026-10", "-o", "json").out
    )
    assert october and all(i["date"].startswith("2026-10") for i in october)
    first = unpaid[0]
    assert first["balance_due"] == first["total_after_credit"]
    assert isinstance(first["invoiced"], str)  # an exact decimal, never a float
    paid_from_credit = [i for i in every if i["status"] == "Paid" and i["credit_used"] != "0.00"]
    assert paid_from_credit and paid_from_credit[0]["balance_due"] == "0.00"
    assert paid_from_credit[0]["invoiced"] != "0.00"


def test_a_month_that_is_not_one_is_a_usage_error(cli: Cli) -> None:
    ran = cli.account("invoices", "--from", "October")
    assert ran.code == 2 and "YYYY-MM" in ran.err
    backwards = cli.account("invoices", "--from", "2026-10", "--to", "2026-01")
    assert backwards.code == 2


def test_invoice_with_items_and_its_pdf(cli: Cli) -> None:
    invoice_id = int(json.loads(cli.account("invoices", "--unpaid", "-o", "json").out)[0]["id"])
    detail = json.loads(cli.account("invoice", str(invoice_id), "-o", "json").out)
    assert detail["id"] == invoice_id and detail["items"]
    target = cli.folder / "pdfs"
    target.mkdir()
    ran = cli.account("invoice", str(invoice_id), "--pdf", str(target))
    assert ran.code == 0, ran.err
    saved = target / f"invoice-{invoice_id}.pdf"
    assert saved.read_bytes().startswith(b"%PDF")
    assert stat.S_IMODE(saved.stat().st_mode) == 0o600
    assert str(saved) in ran.err and "Balance due" in ran.out


def test_an_invoice_that_cannot_be_read_fails(cli: Cli) -> None:
    ran = cli.account("invoice", "999999")
    assert ran.code == 1
    assert "invoice 999999 could not be read" in ran.err


def test_dns_zones_and_a_bind_export(cli: Cli) -> None:
    zones = json.loads(cli.run("dns", "zones", "--demo", "-o", "json").out)
    names = [z["name"] for z in zones]
    assert "example-shop.com" in names
    exported = cli.run("dns", "export", "example-shop.com", "--demo")
    assert exported.code == 0
    assert exported.out.startswith("$ORIGIN example-shop.com.\n")
    assert "\tIN\tA\t" in exported.out
    missing = cli.run("dns", "export", "nowhere.example", "--demo")
    assert missing.code == 1 and "no DNS zone" in missing.err


def test_triage_as_text_markdown_and_json(cli: Cli) -> None:
    text = cli.run("triage", "--demo")
    assert text.code == 0
    assert "tr-legacy-01" in text.out and "suspended for non-payment" in text.out
    assert "cancellation requested" in text.out
    board = json.loads(cli.run("triage", "--demo", "-o", "json").out)
    assert board["attention"][0]["hostname"] == "tr-legacy-01"
    assert board["attention"][0]["urgency"] == "high"
    assert board["power_read"] is False
    rename(cli.world, 32645, "a|b [x](http://evil) @here")
    cli.world.servers[32645].due_date = cli.world.servers[40052].due_date
    markdown = cli.run("triage", "--demo", "-o", "markdown").out
    row = next(line for line in markdown.splitlines() if "32645" in line)
    assert "a\\|b" in row
    assert row.count("|") - row.count("\\|") == 6  # the hostname's | does not split the row
    assert "[x](" not in row and "@here" not in row


def test_triage_reads_power_when_asked(cli: Cli) -> None:
    cli.world.servers[40054].power_on = False
    board = json.loads(cli.run("triage", "--demo", "--power", "-o", "json").out)
    assert board["power_read"] is True
    off = [a for a in board["attention"] if a["id"] == 40054]
    assert off and "powered off" in off[0]["reasons"]
    assert cli.world.count("eq", "status") == len(cli.world.servers)


def test_journal_since_and_by_profile(cli: Cli) -> None:
    empty = cli.run("journal", "--demo")
    assert empty.code == 0 and "no entries" in empty.out
    done = cli.run("power", "reboot", "40054", "--demo", "--yes", "--pin-command", "pin")
    assert done.code == 0, done.err
    lines = json.loads(cli.run("journal", "--demo", "-o", "json").out)
    assert lines[0]["targets"] == ["de-cache-01 (40054)"]
    assert {line["outcome"] for line in lines} >= {"sending", "sent"}
    cli.clock.advance(3 * 3600)
    assert json.loads(cli.run("journal", "--demo", "--since", "2h", "-o", "json").out) == []
    assert len(json.loads(cli.run("journal", "--demo", "--since", "4h", "-o", "json").out)) == len(
        lines
    )
    bad = cli.run("journal", "--demo", "--since", "yesterday-ish")
    assert bad.code == 2
    assert cli.run("journal", "--demo", "--since", "999999999999w").code == 2
    assert cli.run("journal", "--demo", "--limit", "0").code == 2
    one = cli.run("journal", "--demo", "--limit", "1", "-o", "json")
    assert len(json.loads(one.out)) == 1


def test_triage_with_each_servers_newest_timeline_events(cli: Cli) -> None:
    done = cli.account("power", "reboot", "40034", "--yes", "--pin-command", "pin")
    assert done.code == 0, done.err
    assert cli.account("servers").code == 0  # what this run read is the next one's "before"
    # Elsewhere, between two runs: a tag set on it (a refresh of the next run sees it).
    cli.world.servers[40034].tags.append(
        {
            "id": 9,
            "component": "Component1",
            "component_id": 40034,
            "tag": "on|call",
            "value": "@here",
        }
    )
    board = json.loads(cli.account("triage", "--timeline", "5", "-o", "json").out)
    edge = next(a for a in board["attention"] if a["id"] == 40034)
    said = [(e["what"], e["who"]) for e in edge["timeline"]]
    assert ("Tag added: on|call=@here", "seen on refresh") in said, said
    assert any(what.startswith("Reboot") and who == "this app" for what, who in said), said
    assert any(what.startswith("Cancellation requested") for what, _ in said)
    assert len(edge["timeline"]) <= 5
    # Listed for an overdue invoice: its timeline says so (the invoices were read for it).
    legacy = next(a for a in board["attention"] if a["hostname"] == "tr-legacy-01")
    assert any("overdue" in e["what"] for e in legacy["timeline"]), legacy
    markdown = cli.account("triage", "--timeline", "5", "-o", "markdown").out
    assert "**Timeline of us-edge-01 (40034)**" in markdown
    assert "on\\|call=@\u200bhere" in markdown
    text = cli.account("triage", "--timeline", "1").out
    edge_lines = text.split("us-edge-01", 1)[1].splitlines()[2:]
    assert len([line for line in edge_lines if line.startswith("            20")]) == 1
    plain = json.loads(cli.account("triage", "-o", "json").out)
    assert all("timeline" not in a for a in plain["attention"])  # only when asked
    assert cli.account("triage", "--timeline", "0").code == 2
