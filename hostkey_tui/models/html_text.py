"""Plain text out of the HTML some replies carry (payment instructions, last login).

The HTML is parsed for its words, links and the few form fields a person needs (amount,
currency, reference); it is never rendered, and scripts and styles are dropped unread.
"""

from __future__ import annotations

import re

from hostkey_tui.models.common import clean_text
from hostkey_tui.records import dataclass


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


def html_to_text(markup: str) -> HtmlText:
    """Words, https links and useful form fields of an HTML fragment, as inert text."""
    # The parser is imported when HTML is first read, not with the models (~4 ms of the start).
    from hostkey_tui.models.html_parse import Extractor

    extractor = Extractor()
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
