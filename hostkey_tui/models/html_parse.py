"""The HTML parser behind `html_text.html_to_text`: words, https links, useful form fields.

Its own module so that `html.parser` is imported when HTML is first read, not at start.
"""

from __future__ import annotations

from html.parser import HTMLParser

from hostkey_tui.models.html_text import WebForm

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


class Extractor(HTMLParser):
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
