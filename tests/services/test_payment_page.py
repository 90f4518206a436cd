"""A payment gateway's form re-posted through a page of ours: nothing of invapi's runs."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from hostkey_tui.models.html_text import WebForm, html_to_text
from hostkey_tui.services.payment_page import write_payment_page

GATEWAY = (
    '<form method="post" action="https://pay.example.com/init?x=1&amp;y=2">'
    '<input type="hidden" name="amount" value="35.00">'
    '<input type="hidden" name="memo" value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;">'
    '<input type="image" src="https://pay.example.com/button.gif">'
    "</form><script>steal()</script>"
)


def test_the_form_is_read_with_its_fields() -> None:
    text = html_to_text(GATEWAY)
    assert text.links == ("https://pay.example.com/init?x=1&y=2",)
    form = text.form_of(text.links[0])
    assert form is not None and form.method == "post"
    assert form.fields == (("amount", "35.00"), ("memo", '"><script>alert(1)</script>'))


def test_the_page_escapes_everything_and_runs_only_its_own_line(tmp_path: Path) -> None:
    form = html_to_text(GATEWAY).forms[0]
    page = write_payment_page(form, tmp_path / "payment", "23452", "Pay<er>")
    assert stat.S_IMODE(page.stat().st_mode) == 0o600
    text = page.read_text()
    assert "<script>alert(1)" not in text and "steal()" not in text
    assert 'value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"' in text
    assert 'action="https://pay.example.com/init?x=1&amp;y=2"' in text
    assert text.count("<script>") == 1 and "script-src 'sha256-" in text
    assert page.name == "pay-23452-Pay-er-.html"


def test_a_form_that_is_not_https_is_never_written(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="https"):
        write_payment_page(WebForm("http://pay.example.com", "post", ()), tmp_path, "1", "x")
    assert not list(tmp_path.iterdir())
