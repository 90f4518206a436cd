"""Retry policy as tables: what is retried, after how long, and what never is."""

from __future__ import annotations

import pytest

from hostkey_tui.api.retry import RetryPolicy, backoff, is_read, parse_retry_after, retry_delay

POLICY = RetryPolicy(attempts=4, base_delay=0.5, max_delay=8.0, max_retry_after=30.0)


@pytest.mark.parametrize(
    ("resource", "action"),
    [
        ("eq", "show"),
        ("eq", "list"),
        ("eq", "status"),
        ("eq", "sensors"),
        ("eq_callback", "check"),
        ("auth", "info"),
        ("whmcs", "get_invoices"),
        ("whmcs", "getcredits"),
        ("pdns", "view_zone"),
        ("net", "show_cacti"),
        ("net", "show_ipv4_free"),
        ("api_keys", "list_for_server"),
        ("tags", "user_search"),
        ("whmcs", "download_invoice"),
        ("eq", "update_servers"),
    ],
)
def test_reads(resource: str, action: str) -> None:
    assert is_read(resource, action)


@pytest.mark.parametrize(
    ("resource", "action"),
    [
        ("eq", "on"),
        ("eq", "off"),
        ("eq", "reboot"),
        ("eq", "order_instance"),
        ("eq", "reinstall"),
        ("eq", "create_pxe"),
        ("eq", "boot_dev"),
        ("eq", "clear_pxe"),
        ("eq", "set_pin"),
        ("eq", "console"),
        ("pdns", "add_dns"),
        ("pdns", "delete_dns"),
        ("pdns", "add_domain"),
        ("tags", "add"),
        ("tags", "remove"),
        ("net", "block_ip"),
        ("net", "port_off"),
        ("net", "add_ipv4"),
        ("net", "remove_ipv4"),
        ("iso", "mount_iso"),
        ("whmcs", "apply_credit"),
        ("whmcs", "mass_pay"),
        ("whmcs", "create_addfunds"),
        ("whmcs", "request_cancellation"),
        ("whmcs", "generate_due_invoice"),
        ("ssh_keys", "add"),
        ("nat", "add_static_nat"),
        ("rhr", "add"),
        ("jira", "request_reboot"),
        ("eq", "check_pin"),
        ("eq", "something_new"),
    ],
)
def test_changes_are_never_reads(resource: str, action: str) -> None:
    assert not is_read(resource, action)


@pytest.mark.parametrize(
    ("attempt", "kwargs", "expected"),
    [
        (0, {"transport_failure": True}, 0.25),
        (1, {"transport_failure": True}, 0.5),
        (2, {"status": 503}, 1.0),
        (3, {"status": 503}, None),  # the fourth attempt was the last
        (0, {"status": 502}, 0.25),
        (0, {"status": 504}, 0.25),
        (0, {"status": 500}, None),
        (0, {"status": 404}, None),
        (0, {"status": 429, "retry_after": 7.0}, 7.0),
        (0, {"status": 429, "retry_after": 30.0}, 30.0),
        (0, {"status": 429, "retry_after": 31.0}, None),
        (0, {"status": 503, "retry_after": 0.0}, 0.0),
    ],
)
def test_retry_delay(attempt: int, kwargs: dict[str, object], expected: float | None) -> None:
    assert retry_delay(POLICY, attempt, rand=lambda: 0.5, **kwargs) == expected  # type: ignore[arg-type]


def test_backoff_is_capped_and_jittered() -> None:
    assert backoff(POLICY, 10, lambda: 0.999) < POLICY.max_delay
    assert backoff(POLICY, 2, lambda: 0.0) == 0.0


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("7", 7.0),
        (" 12 ", 12.0),
        ("Wed, 21 Oct 2015 07:28:10 GMT", 10.0),
        ("soon", None),
        (None, None),
        ("", None),
    ],
)
def test_retry_after_header(header: str | None, expected: float | None) -> None:
    now = 1445412480.0  # 07:28:00 that day
    assert parse_retry_after(header, now) == expected
