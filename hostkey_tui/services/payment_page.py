"""A payment gateway's form, as a page of our own the browser posts on the user's behalf.

invapi describes some payment methods as HTML forms (PayPal, Paymaster, crypto): their address
alone takes no payment, the amount, currency and invoice travel in hidden fields. The form is
never rendered as invapi wrote it: a minimal page is written with the action and each field
escaped, and one line of script that submits it (a button too, for a browser without script).
The page is 0600 in the app's cache folder; it holds what the panel's own page holds.
"""

from __future__ import annotations

import html
from pathlib import Path

from hostkey_tui.config.paths import write_private
from hostkey_tui.models.html_text import WebForm


def write_payment_page(form: WebForm, folder: Path, invoice: str, method: str) -> Path:
    """The page, written 0600 to `folder`; its path.

    Raises:
        ValueError: the form does not post to an https address (nothing written).
        OSError: not written.
    """
    if not form.action.startswith("https://"):
        raise ValueError("the payment form does not post to an https address")
    fields = "\n".join(
        f'<input type="hidden" name="{html.escape(name)}" value="{html.escape(value)}">'
        for name, value in form.fields
    )
    title = html.escape(f"Paying invoice {invoice} with {method}")
    page = f"""<!doctype html>
<html><head><meta charset="utf-8"><title>{title}</title>
<meta http-equiv="Content-Security-Policy" content="{_POLICY}">
</head>
<body>
<p>{title}: sending you to {html.escape(form.action)}…</p>
<form method="{form.method}" action="{html.escape(form.action)}">
{fields}
<button type="submit">Continue to the payment page</button>
</form>
<script>{_SCRIPT}</script>
</body></html>
"""
    safe = "".join(c if c.isalnum() else "-" for c in f"{invoice}-{method}")[:60]
    path = folder / f"pay-{safe}.html"
    write_private(path, page.encode())
    return path


_SCRIPT = "document.forms[0].submit();"
#: Nothing runs or loads but the one line that submits, and only to an https address.
_SCRIPT_HASH = "8lDeP0UDwCO6/RhblgeH/ctdBzjVpJxrXizsnIk3cEQ="
_POLICY = f"default-src 'none'; script-src 'sha256-{_SCRIPT_HASH}'; form-action https:"
