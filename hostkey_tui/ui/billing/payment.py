"""How to pay an invoice: each method's words, amounts and links, as plain text. The HTML invapi
sends (forms, scripts) is never rendered or run; the links can be copied, or opened in the
user's browser (`App.open_url`: `$BROWSER` is honoured). A method that is a form (its address
alone takes no payment) is opened through a page of our own that posts its fields."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from hostkey_tui.config.paths import cache_dir
from hostkey_tui.models.billing import PaymentMethod
from hostkey_tui.models.html_text import WebForm
from hostkey_tui.services.payment_page import write_payment_page
from hostkey_tui.ui.billing import keys
from hostkey_tui.ui.kit.keys import bindings
from hostkey_tui.ui.kit.links import NO_BROWSER, browsable, browser_found
from hostkey_tui.ui.kit.modals.base import Dialog
from hostkey_tui.ui.kit.modals.choose import Choice, ChooseOne
from hostkey_tui.ui.kit.text import line, literal


class PaymentMethodsModal(Dialog[None]):
    DEFAULT_CSS = """
    PaymentMethodsModal { align: center middle; }
    PaymentMethodsModal > VerticalScroll {
        width: 96;
        max-width: 96%;
        height: auto;
        max-height: 92%;
        border: round $accent;
        background: $surface;
        padding: 0 1;
    }
    PaymentMethodsModal .method { margin-bottom: 1; }
    """
    BINDINGS = bindings(keys.PAYMENT)

    def __init__(self, invoice: str, methods: tuple[PaymentMethod, ...]) -> None:
        super().__init__()
        self.invoice = invoice
        self.methods = methods

    def compose(self) -> ComposeResult:
        with VerticalScroll() as box:
            box.border_title = f"How to pay invoice {self.invoice}"
            box.border_subtitle = "o opens a link · y copies one · escape closes"
            if not self.methods:
                yield Static(literal("invapi offers no payment method for this invoice.", "dim"))
            for method in self.methods:
                parts = [line((method.name, "bold"))]
                text = method.instructions
                for label, value in text.details:
                    parts.append(line(("  " + label.ljust(10), "dim"), value))
                if text.text:
                    parts += [literal("  " + row) for row in text.text.splitlines() if row.strip()]
                for link in text.links:
                    form = text.form_of(link)
                    label = "  form      " if form else "  link      "
                    parts.append(line((label, "dim"), (link, "underline")))
                    if form:
                        parts.append(
                            literal(
                                " " * 12
                                + "o posts its fields there (its address alone pays nothing)",
                                "dim",
                            )
                        )
                yield Static(literal("\n").join(parts), classes="method")

    def _links(self) -> list[tuple[str, str]]:
        return [(m.name, link) for m in self.methods for link in m.instructions.links]

    def _form(self, link: str) -> tuple[PaymentMethod, WebForm] | None:
        for method in self.methods:
            form = method.instructions.form_of(link)
            if form is not None:
                return method, form
        return None

    def action_copy_link(self) -> None:
        links = self._links()
        if not links:
            self.app.notify("There is no link to copy.", severity="warning")
            return
        choices = [Choice(str(n), name, link) for n, (name, link) in enumerate(links)]

        def copy(key: str | None) -> None:
            if key is None:
                return
            link = links[int(key)][1]
            self.app.copy_to_clipboard(link)
            if self._form(link) is not None:
                self.app.notify(
                    f"{link}\nA form's address: paying needs its fields too (o opens the form).",
                    title="Copied",
                    markup=False,
                    severity="warning",
                )
            else:
                self.app.notify(link, title="Copied", markup=False)

        self.app.push_screen(ChooseOne("Copy which link?", choices), copy)

    def action_open_link(self) -> None:
        """The one link at once; a choice when there are several."""
        links = [(name, link) for name, link in self._links() if browsable(link)]
        if not links:
            self.app.notify("There is no web link to open.", severity="warning")
            return

        def open_link(key: str | None) -> None:
            if key is None:
                return
            if not browser_found():
                self.app.notify(NO_BROWSER, severity="warning", markup=False)
                return
            link = links[int(key)][1]
            found = self._form(link)
            if found is not None:
                method, form = found
                try:
                    page = write_payment_page(
                        form, cache_dir() / "payment", self.invoice, method.name
                    )
                except (OSError, ValueError) as error:
                    self.app.notify(
                        f"The payment page was not made: {error}", severity="error", markup=False
                    )
                    return
                self.app.open_url(page.as_uri())
            else:
                self.app.open_url(link)
            self.app.notify(link, title="Asked your browser to open", markup=False)

        if len(links) == 1:
            open_link("0")
            return
        choices = [Choice(str(n), name, link) for n, (name, link) in enumerate(links)]
        self.app.push_screen(ChooseOne("Open which link?", choices), open_link)

    def action_close(self) -> None:
        self.dismiss(None)
