"""The quirks invapi's replies have, each met by the parsers: tables of input → expected."""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from hostkey_tui.models.common import Money, Obj, as_date, as_datetime, as_int, clean_text, total
from hostkey_tui.models.dns import DnsRecord, Zone, check_record, relative_name, to_bind
from hostkey_tui.models.errors import MalformedReply
from hostkey_tui.models.html_text import html_to_text
from hostkey_tui.models.orders import check_root_password
from hostkey_tui.models.sensors import Severity, parse_sensor_line, parse_sensor_table
from hostkey_tui.models.server import server_from_show, server_to_show
from hostkey_tui.models.tags import check_tag
from hostkey_tui.models.tasks import TaskState, callback_from_json, parse_stage, pin_says_blocked

DOC = Path(__file__).parent.parent / "data" / "doc_examples"


@pytest.mark.parametrize(
    ("raw", "amount", "shown"),
    [
        ("998.39", Decimal("998.39"), "998.39 EUR"),
        ("-5", Decimal(-5), "-5.00 EUR"),
        (3, Decimal(3), "3.00 EUR"),
        (334.65, Decimal("334.65"), "334.65 EUR"),
        ("2.5.00", None, "2.5.00 (?)"),
        ("NaN", None, "NaN (?)"),
        ("1e999", None, "1e999 (?)"),
        ("", None, "—"),
        (None, None, "—"),
    ],
)
def test_money_keeps_what_does_not_parse(raw: object, amount: Decimal | None, shown: str) -> None:
    money = Money.of(raw, "EUR")
    assert money.amount == amount
    assert money.display() == shown


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (34533, 34533),
        ("34533", 34533),
        (" 7 ", 7),
        (34533.0, 34533),
        ("12.00", 12),
        ("12abc", None),
        (1.5, None),
        (None, None),
        ([], None),
    ],
)
def test_ids_arrive_as_numbers_or_numeric_strings(raw: object, expected: int | None) -> None:
    assert as_int(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2023-12-25", date(2023, 12, 25)),
        ("2023-12-14 05:54:52", date(2023, 12, 14)),
        ("0000-00-00 00:00:00", None),
        ("0000-00-00", None),
        ("2023-02-30", None),
        ("", None),
        (None, None),
    ],
)
def test_the_zero_date_is_no_date(raw: object, expected: date | None) -> None:
    assert as_date(raw) == expected


def test_datetimes_and_timestamps() -> None:
    assert as_datetime("2023-12-14 05:54:52") == datetime(2023, 12, 14, 5, 54, 52)
    assert as_datetime(1702895140) == datetime(2023, 12, 18, 10, 25, 40)
    assert as_datetime("0000-00-00 00:00:00") is None
    assert as_datetime(float("inf")) is None


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("web\x1b]52;c;ZXZpbA==\x07-01", "web]52;c;ZXZpbA==-01"),
        ("a\x1b[2Jb", "a[2Jb"),
        ("\u202eevil\u202c", "evil"),
        ("x\x9b31mred", "x31mred"),
        ("tab\there", "tab\there"),
        ("line\nbreak", "line\nbreak"),
        ("del\x7fete", "delete"),
    ],
)
def test_control_characters_are_stripped(raw: str, expected: str) -> None:
    assert clean_text(raw) == expected


def test_single_line_text_folds_breaks() -> None:
    assert clean_text("a\nb\tc", single_line=True) == "a b c"


def test_php_empty_arrays_read_as_empty_objects() -> None:
    assert Obj([], "x").text("anything") == ""
    with pytest.raises(MalformedReply):
        Obj("not an object", "x")


def test_total_turns_any_python_error_into_malformed_reply() -> None:
    @total("demo")
    def parse(data: object) -> int:
        return int(data["missing"])  # type: ignore[index]

    with pytest.raises(MalformedReply, match="demo"):
        parse({})


def test_a_show_reply_without_server_data_is_malformed() -> None:
    with pytest.raises(MalformedReply, match="server_data"):
        server_from_show({"result": "OK"})
    with pytest.raises(MalformedReply):
        server_from_show({"server_data": {"id": "abc"}})


def test_a_minimal_show_reply_names_the_server_after_its_id() -> None:
    server = server_from_show(
        {"server_data": {"id": "777"}, "IP": [{"ip": "10.0.0.1", "main_ip": "1"}]}
    )
    assert server.id == 777 and server.hostname == "777" and server.main_ip == "10.0.0.1"


def test_the_cache_form_reads_back_to_the_same_server_without_secrets() -> None:
    server = server_from_show(json.loads((DOC / "eq.show.json").read_text()))
    cached = server_to_show(server)

    assert "wK5Vjwx_BC" not in json.dumps(cached)
    assert server_from_show(cached) == server.without_secrets()


@pytest.mark.parametrize(
    ("reply", "state", "message"),
    [
        ({"result": "Not ready", "key": "k"}, TaskState.PENDING, ""),
        (
            {"result": "Stage", "scope": " (2\\/5) base OS installed"},
            TaskState.PENDING,
            "(2\\/5) base OS installed",
        ),
        ({"result": "OK", "scope": "Post is on", "debug": "x"}, TaskState.DONE, "Post is on"),
        ({"result": "success", "scope": "done"}, TaskState.DONE, "done"),
        (
            {"result": "Error", "scope": "cancelled", "debug": "order cancelled in panel"},
            TaskState.FAILED,
            "cancelled",
        ),
        ({"result": "failed", "scope": ""}, TaskState.FAILED, "failed"),
        ({"result": "cancelled"}, TaskState.FAILED, "cancelled"),
        (
            {"code": -1, "message": "AsyncKey not found", "key": "k"},
            TaskState.GONE,
            "AsyncKey not found",
        ),
        (
            {"result": "OK", "scope": "Invalid pin code", "debug": ""},
            TaskState.FAILED,
            "Invalid pin code",
        ),
        (
            {"result": "OK", "scope": {"id": 1, "status": "deploy_done"}},
            TaskState.DONE,
            "deploy_done",
        ),
        (
            {"result": "OK", "scope": '{"status": "deploy_failed"}'},
            TaskState.FAILED,
            "deploy_failed",
        ),
        ({"code": -1, "message": "something broke"}, TaskState.FAILED, "something broke"),
    ],
)
def test_callback_replies_are_classified(
    reply: dict[str, object], state: TaskState, message: str
) -> None:
    parsed = callback_from_json(reply)
    assert parsed.state is state
    assert parsed.message == message


def test_an_unknown_task_result_is_malformed() -> None:
    with pytest.raises(MalformedReply):
        callback_from_json({"result": "Banana"})


def test_pin_rejection_in_a_callback_says_which() -> None:
    assert (
        callback_from_json({"result": "OK", "scope": "Invalid pin code", "debug": ""}).pin
        == "rejected"
    )
    blocked = {
        "result": "OK",
        "scope": "Invalid pin code",
        "debug": "Blocked For Security Purposes",
    }
    # One wrong PIN whatever debug adds (the documented failure says this on the first one).
    assert callback_from_json(blocked).pin == "rejected"
    assert pin_says_blocked(blocked)
    assert callback_from_json({"result": "OK", "scope": "Blocked For Security Purposes"}).pin == (
        "blocked"
    )


@pytest.mark.parametrize(
    ("text", "number", "words"),
    [
        (" (1\\/5) OS installation started", 1, "OS installation started"),
        ("(5/5) the server is online", 5, "the server is online"),
        ("( 3 / 5 ) x", 3, "x"),
    ],
)
def test_install_stages_parse(text: str, number: int, words: str) -> None:
    stage = parse_stage(text)
    assert stage is not None and stage.number == number and stage.text == words


@pytest.mark.parametrize("text", ["no stage here", "(0/5) zero", "(6/5) beyond", "(1/0) none"])
def test_not_a_stage(text: str) -> None:
    assert parse_stage(text) is None


def test_sensor_lines() -> None:
    fan = parse_sensor_line("FAN2 | 0 RPM | cr")
    assert fan is not None and fan.value == Decimal(0) and fan.severity is Severity.CRITICAL
    absent = parse_sensor_line("P1-DIMMC1 Temp | no reading | ns")
    assert (
        absent is not None
        and absent.no_reading
        and absent.value is None
        and absent.display() == "no reading"
    )
    hexa = parse_sensor_line("PS Status | 0x01 | ok")
    assert hexa is not None and hexa.value is None and hexa.display() == "0x01"
    assert parse_sensor_line("garbage without pipes") is None
    assert len(parse_sensor_table("a | 1 Volts | ok\n\nnonsense\nb | 2 RPM | nc\n")) == 2


def test_html_becomes_inert_text() -> None:
    html = (
        "<p>Pay to <b>[bold]HOSTKEY[/bold]</b><br>IBAN: NL00</p>"
        "<script>alert('x'); document.title='[@click=app.quit]'</script>"
        '<a href="https://pay.example/1">Pay</a><a href="javascript:evil()">x</a>'
    )
    result = html_to_text(html)
    assert result.text == "Pay to [bold]HOSTKEY[/bold]\nIBAN: NL00\nPayx"
    assert result.links == ("https://pay.example/1",)


@pytest.mark.parametrize(
    ("name", "zone", "expected"),
    [
        ("@", "example.com", "@"),
        ("example.com", "example.com", "@"),
        ("example.com.", "example.com", "@"),
        ("www.example.com", "example.com", "www"),
        ("www", "example.com", "www"),
        ("a.b.example.com.", "example.com.", "a.b"),
    ],
)
def test_apex_and_names_read_the_same_however_written(name: str, zone: str, expected: str) -> None:
    assert relative_name(name, zone) == expected


@pytest.mark.parametrize(
    ("kind", "contents", "extra", "problem"),
    [
        ("A", ["1.2.3.4"], {}, None),
        ("A", ["1.2.3.4", "5.6.7.8"], {}, None),
        ("A", ["2001:db8::1"], {}, "IPv4"),
        ("AAAA", ["2001:db8::1"], {}, None),
        ("AAAA", ["1.2.3.4"], {}, "IPv6"),
        ("CNAME", ["target.example.com"], {}, None),
        ("CNAME", ["not a host"], {}, "host name"),
        ("CNAME", ["a.example.com", "b.example.com"], {}, "one content"),
        ("MX", ["mail.example.com"], {}, "priority"),
        ("MX", ["mail.example.com"], {"priority": 10}, None),
        ("SRV", [], {"priority": 10, "weight": 5, "port": 5060, "target": "sip.example.com"}, None),
        ("SRV", [], {"priority": 10, "port": 5060, "target": "sip.example.com"}, "weight"),
        ("TXT", ["v=spf1 -all"], {}, None),
        ("TXT", [], {}, "content"),
        ("BOGUS", ["x"], {}, "Unknown record type"),
    ],
)
def test_records_are_checked_before_sending(
    kind: str, contents: list[str], extra: dict[str, object], problem: str | None
) -> None:
    found = check_record(kind, "www", contents, **extra)  # type: ignore[arg-type]
    if problem is None:
        assert found is None
    else:
        assert found is not None and problem in found


def test_zone_exports_as_bind_text() -> None:
    zone = Zone(
        1,
        "example.com",
        (
            DnsRecord("example.com", "A", "1.2.3.4", 3600),
            DnsRecord("www.example.com", "CNAME", "example.com", 300),
            DnsRecord("example.com", "MX", "mail.example.com", 3600, 10),
            DnsRecord("example.com", "TXT", 'v=spf1 "quoted" -all', 3600),
        ),
    )
    text = to_bind(zone)
    assert text.startswith("$ORIGIN example.com.\n$TTL 3600\n")
    assert "@\t3600\tIN\tA\t1.2.3.4" in text
    assert "www\t300\tIN\tCNAME\texample.com." in text
    assert "@\t3600\tIN\tMX\t10 mail.example.com." in text
    assert '"v=spf1 \\"quoted\\" -all"' in text


@pytest.mark.parametrize(
    ("password", "problem"),
    [
        ("mdLus8Ng", None),
        ("Str0ng-pass", None),
        ("Short1!", "8 characters"),
        ("alllower1!", "upper-case"),
        ("ALLUPPER1!", "lower-case"),
        ("NoDigitsOrSigns", "digit or special"),
        ("Has space 1A", "spaces"),
    ],
)
def test_root_password_policy(password: str, problem: str | None) -> None:
    found = check_root_password(password)
    assert (found is None) if problem is None else (found is not None and problem in found)


@pytest.mark.parametrize(
    ("name", "value", "problem"),
    [
        ("env", "prod", None),
        ("my-tag-1", "x" * 256, None),
        ("bad_name", "x", "letters"),
        ("x" * 33, "x", "letters"),
        ("env", "x" * 257, "256"),
        ("hostname", "x", "system tag"),
        ("password", "x", "system tag"),
    ],
)
def test_tag_limits(name: str, value: str, problem: str | None) -> None:
    found = check_tag(name, value)
    assert (found is None) if problem is None else (found is not None and problem in found)
