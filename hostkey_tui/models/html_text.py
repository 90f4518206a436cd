"""Plain text out of the HTML some replies carry (payment instructions, last login).

The HTML is parsed for its words, links and the few form fields a person needs (amount,
currency, reference); it is never rendered, and scripts and styles are dropped unread.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from hostkey_tui.models.common import clean_text
from hostkey_tui.records import dataclass

_BREAKS = frozenset({"br", "p", "div", "tr", "li", "table", "form", "h1", "h2", "h3", "span"})
_SKIP = frozenset({"script", "style", "noscript", "template"})
# Hidden form fields worth showing: what is paid, in what currency, to whom, for what.
_USEFUL_FIELDS = {
    "amount": "Amount",
    "currency_code": "Currency",
    "currency": "Currency",
    "business": "Pay to",
    "item_name": "Item",
    "invoiceid": "Invoice",
    "lmi_payment_amount": "Amount",
    "lmi_currency": "Currency",
    "lmi_payment_no": "Invoice",
}


@dataclass(frozen=True, slots=True)
class WebForm:
    """A form the HTML posts to a payment gateway: its address alone takes no payment (the
    amount, currency and invoice travel in its fields), so it is re-posted whole."""

    action: str
    method: str  # "post" or "get"
    fields: tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class HtmlText:
    text: str
    #: https addresses: plain links, and the actions of `forms`.
    links: tuple[str, ...] = ()
    details: tuple[tuple[str, str], ...] = ()
    forms: tuple[WebForm, ...] = ()

    def form_of(self, link: str) -> WebForm | None:
        """The form `link` is the action of (None: a page to open as it is)."""
        return next((f for f in self.forms if f.action == link), None)


class _Extractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.links: list[str] = []
        self.details: list[tuple[str, str]] = []
        self.forms: list[WebForm] = []
        self._form: tuple[str, str, list[tuple[str, str]]] | None = None
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self._skipping += 1
            return
        values = {name.lower(): (value or "") for name, value in attrs}
        if tag in _BREAKS:
            self.parts.append("\n")
        for attribute in ("href", "action"):
            url = values.get(attribute, "")
            if url.startswith("https://") and url not in self.links:
                self.links.append(url)
        if tag == "form":
            action = values.get("action", "")
            method = "get" if values.get("method", "").lower() == "get" else "post"
            self._form = (action, method, []) if action.startswith("https://") else None
        if tag == "input" and self._form is not None and values.get("name"):
            kind = values.get("type", "text").lower()
            if (
                kind not in ("image", "submit", "button", "reset", "file")
                and len(self._form[2]) < 50
            ):
                self._form[2].append((values["name"][:100], values.get("value", "")[:1000]))
        if tag == "input" and values.get("type", "").lower() == "hidden":
            label = _USEFUL_FIELDS.get(values.get("name", "").lower())
            value = values.get("value", "")
            if label and value and (label, value) not in self.details:
                self.details.append((label, value))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form" and self._form is not None:
            action, method, fields = self._form
            self.forms.append(WebForm(action, method, tuple(fields)))
            self._form = None
        if tag in _SKIP:
            self._skipping = max(0, self._skipping - 1)
        elif tag in _BREAKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)


def html_to_text(markup: str) -> HtmlText:
    """Words, https links and useful form fields of an HTML fragment, as inert text."""
    extractor = _Extractor()
    try:
        extractor.feed(markup[:200_000])
        extractor.close()
        extractor.handle_endtag("form")  # a form left open still counts
    except (AssertionError, ValueError):  # HTMLParser gives up on some broken markup
        return HtmlText(clean_text(re.sub(r"<[^>]*>", " ", markup[:200_000])).strip())
    text = "".join(extractor.parts)
    lines = [re.sub(r"[ \t\r\f\v]+", " ", line).strip() for line in text.split("\n")]
    joined = "\n".join(line for line in lines if line)
    return HtmlText(
        text=clean_text(joined),
        links=tuple(clean_text(link, single_line=True) for link in extractor.links[:20]),
        details=tuple(
            (label, clean_text(value, single_line=True)[:200])
            for label, value in extractor.details[:20]
        ),
        forms=tuple(
            WebForm(
                clean_text(f.action, single_line=True),
                f.method,
                tuple(
                    (clean_text(n, single_line=True), clean_text(v, single_line=True))
                    for n, v in f.fields
                ),
            )
            for f in extractor.forms[:20]
        ),
    )
