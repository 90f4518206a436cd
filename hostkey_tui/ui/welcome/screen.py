"""The first start, with no config and no key: try the demo, or sign in with an API key."""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING, ClassVar, cast

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Footer, Input, Label, Static

from hostkey_tui.api import AuthError, InvapiError, TransportError
from hostkey_tui.config.model import DEFAULT_BASE_URL
from hostkey_tui.config.write import profile_name_problem, write_first_config
from hostkey_tui.models.common import Secret
from hostkey_tui.services.session import password_login, sign_in
from hostkey_tui.ui.kit.keys import bindings
from hostkey_tui.ui.kit.text import display_path, line, literal
from hostkey_tui.ui.kit.widgets.inputs import Check, TextInput
from hostkey_tui.ui.welcome import keys
from hostkey_tui.ui.welcome import password as password_flow

if TYPE_CHECKING:
    from textual.worker import Worker

    from hostkey_tui.services.context import Services
    from hostkey_tui.ui.host import Host


class WelcomeScreen(Screen[None]):
    DEFAULT_CSS = """
        WelcomeScreen {
        align: center top;
    }
        WelcomeScreen VerticalScroll {
        width: 84;
        max-width: 100%;
        padding: 1 2;
    }
        WelcomeScreen .title {
        text-style: bold;
        color: $accent;
    }
        WelcomeScreen .muted {
        color: $text-muted;
    }
        WelcomeScreen #choices {
        height: auto;
        margin: 1 0;
    }
        WelcomeScreen #choices Button {
        margin-right: 2;
    }
        WelcomeScreen #key-form {
        height: auto;
        border: round $primary 60%;
        padding: 0 1;
    }
        WelcomeScreen .row {
        height: auto;
    }
        WelcomeScreen .row Label {
        width: 12;
        padding-top: 0;
    }
        WelcomeScreen .row Input {
        width: 1fr;
    }
        WelcomeScreen #key-form Check, WelcomeScreen #key-form Button {
        margin: 1 0 0 0;
    }
    WelcomeScreen #problem {
        color: $error;
        height: auto;
    }
    """
    BINDINGS = bindings(keys.WELCOME)
    #: The registry scope of its keys, and their heading in the help (`?`).
    SCOPE: ClassVar[str] = "welcome"
    HELP_TITLE: ClassVar[str] = "Welcome"

    def __init__(self) -> None:
        super().__init__()
        #: A sign-in is under way (started with the clock's time then): esc abandons it.
        self.signing_in = False
        self._started = 0.0
        #: The reply invapi is awaited for (`auth/login`, then `eq/update_servers`).
        self.waiting_for = ""
        self._attempt: Worker[None] | None = None
        self._ticker: Worker[None] | None = None
        self._services: Services | None = None

    @property
    def hostkey(self) -> Host:
        return cast("Host", self.app)

    @property
    def is_modal(self) -> bool:
        """Modal to the app's keys: before sign-in there are no sections to go to or jump to,
        so only this screen's keys are live, in the key bar, the help and the palette."""
        return True

    def compose(self) -> ComposeResult:
        setup = self.hostkey.setup
        with VerticalScroll():
            yield Static(literal("hostkey-tui", "bold"), classes="title")
            yield Static(
                literal(
                    "Welcome. No config file and no API key were found. "
                    "Try the demo (a simulated account: nothing real is touched), "
                    "or sign in with an API key from the HOSTKEY panel (or with the billing "
                    "e-mail and password).",
                ),
            )
            with Horizontal(id="choices"):
                yield Button("Try the demo (d)", id="demo", variant="primary", compact=True)
            with Vertical(id="key-form") as form:
                form.border_title = "Sign in with an API key"
                yield Check(
                    literal("Sign in with the billing e-mail and password instead"),
                    value=False,
                    id="use-password",
                    compact=True,
                )
                with Horizontal(classes="row", id="key-row"):
                    yield Label("API key")
                    yield TextInput(
                        placeholder="xxxxxxxxxxxxxxxx-xxxxxxxxxxxxxxxx",
                        password=True,
                        id="key",
                        compact=True,
                    )
                with Horizontal(classes="row password-row"):
                    yield Label("E-mail")
                    yield TextInput(placeholder="you@example.com", id="email", compact=True)
                with Horizontal(classes="row password-row"):
                    yield Label("Password")
                    yield TextInput(password=True, id="password", compact=True)
                with Horizontal(classes="row"):
                    yield Label("Profile")
                    yield TextInput(value="main", id="profile", compact=True)
                with Horizontal(classes="row"):
                    yield Label("Base URL")
                    yield TextInput(value=DEFAULT_BASE_URL, id="base-url", compact=True)
                # Off until chosen: a key is written to disk only when the user says so.
                yield Check(
                    literal(f"Save the key to {display_path(setup.config_path)} (mode 0600)"),
                    value=False,
                    id="save",
                    compact=True,
                )
                yield Static(id="problem")
                yield Button("Sign in", id="sign-in", compact=True)
            yield Static(
                line(
                    ("Or keep the key out of files: ", "dim"),
                    "HOSTKEY_API_KEY=… hostkey-tui",
                    (", or api_key_command in config.toml; every setting is in ", "dim"),
                    "hostkey-tui config example",
                    (".", "dim"),
                ),
                classes="muted",
            )
        yield Footer()

    def on_mount(self) -> None:
        self._show_method(password=False)
        self.query_one("#demo", Button).focus()

    @on(Check.Changed, "#use-password")
    def _method_changed(self, event: Check.Changed) -> None:
        self._show_method(password=event.value)

    def _show_method(self, *, password: bool) -> None:
        """The key's row and its saving, or the e-mail and password (never saved: a session
        from them ends with its token and cannot renew itself)."""
        form = self.query_one("#key-form", Vertical)
        form.border_title = (
            "Sign in with the billing e-mail and password"
            if password
            else "Sign in with an API key"
        )
        self.query_one("#key-row").display = not password
        self.query_one("#save", Check).display = not password
        for row in self.query(".password-row"):
            row.display = password
        self._problem(
            "Nothing is saved: the session lasts its time (api.session_ttl), then sign in again."
            if password
            else "",
            error=False,
        )

    def action_command_palette(self) -> None:
        self.app.action_command_palette()

    def action_demo(self) -> None:
        self.hostkey.start_demo()

    @on(Button.Pressed, "#demo")
    def _demo(self) -> None:
        self.action_demo()

    @on(Button.Pressed, "#sign-in")
    @on(Input.Submitted)
    def _sign_in(self) -> None:
        if self.signing_in:
            return  # enter again while waiting: the one under way goes on (esc abandons it)
        key = self.query_one("#key", Input).value.strip()
        profile = self.query_one("#profile", Input).value.strip()
        base_url = self.query_one("#base-url", Input).value.strip()
        if self.query_one("#use-password", Check).value:
            self._sign_in_with_password(profile, base_url)
            return
        problem = (
            "Paste the API key (not its 4-character view)."
            if not key
            else profile_name_problem(profile)
        )
        if problem:
            self._problem(problem)
            return
        self._begin()
        save = self.query_one("#save", Check).value
        self._attempt = self.try_key(Secret(key), profile, base_url, save)
        self._ticker = self.count_wait()

    def _sign_in_with_password(self, profile: str, base_url: str) -> None:
        email = self.query_one("#email", Input).value.strip()
        field = self.query_one("#password", Input)
        password = field.value
        problem = (
            "Type the billing e-mail."
            if "@" not in email
            else ("Type the password." if not password else profile_name_problem(profile))
        )
        if problem:
            self._problem(problem)
            return
        field.value = ""  # held only in the request's Secret from here on
        self._begin()
        self._attempt = self.try_password(email, Secret(password), profile, base_url)
        self._ticker = self.count_wait()

    def _begin(self) -> None:
        self.query_one("#sign-in", Button).disabled = True
        self.signing_in = True
        self._started = self.hostkey.clock.now()
        self.waiting_for = ""
        self._show_wait()
        self.refresh_bindings()

    def _problem(self, text: str, *, error: bool = True) -> None:
        self.query_one("#problem", Static).update(literal(text, "" if error else "dim"))

    # -- a sign-in under way: said with the time waited, esc abandons it ---------------------

    def _show_wait(self) -> None:
        waited = int(max(0.0, self.hostkey.clock.now() - self._started))
        what = {
            "auth/login": "Signing in: waiting for invapi's reply (auth/login)",
            "auth/whmcslogin": "Signing in: waiting for invapi's reply (auth/whmcslogin)",
            "auth/2fa_check": "Waiting for the 2FA code",
            "eq/update_servers": "Signed in; waiting for the server list (eq/update_servers)",
        }.get(self.waiting_for, "Signing in")
        self._problem(f"{what} · {waited} s · esc cancels", error=False)

    def _waiting(self, call: str) -> None:
        self.waiting_for = call
        if self.signing_in:
            self._show_wait()

    @work(group="welcome-wait", exclusive=True, exit_on_error=False)
    async def count_wait(self) -> None:
        """The time waited, each second of the app's clock, while the sign-in lasts."""
        while self.signing_in:
            self._show_wait()
            await self.hostkey.clock.sleep(1)

    def _ended(self) -> None:
        self.signing_in = False
        if self._ticker is not None:
            self._ticker.cancel()
        self._attempt = self._ticker = None
        self._services = None
        self.query_one("#sign-in", Button).disabled = False
        self.refresh_bindings()

    def _failed(self) -> None:
        services = self._services
        self._ended()
        if services is not None:  # a refused key's client is of no further use
            self._close(services)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "cancel_sign_in":
            return self.signing_in  # not offered (nor in the footer) until there is one
        return True

    def action_cancel_sign_in(self) -> None:
        """Abandon the sign-in: the request is cancelled, its client closed, nothing saved."""
        if not self.signing_in:
            return
        attempt, services = self._attempt, self._services
        if attempt is not None:
            attempt.cancel()
        self._ended()
        if services is not None:
            self._close(services)
        waited = int(max(0.0, self.hostkey.clock.now() - self._started))
        self._problem(
            f"Sign-in cancelled after {waited} s: nothing was kept or saved. Sign in again, "
            "d for the demo, or q to quit.",
            error=False,
        )
        self.query_one("#key", Input).focus()

    @work(group="welcome-close", exit_on_error=False)
    async def _close(self, services: Services) -> None:
        with contextlib.suppress(Exception):
            await services.client.aclose()

    @work(group="welcome", exclusive=True, exit_on_error=False)
    async def try_key(self, key: Secret, profile: str, base_url: str, save: bool) -> None:
        try:
            services = self.hostkey.connect(key, base_url, profile)
            self._services = services
            await sign_in(services, self._waiting)
        except (AuthError, TransportError, InvapiError, ValueError) as error:
            self._refused(error)
            return
        self._ended()
        if save:
            path = self.hostkey.setup.config_path
            try:
                write_first_config(path, profile, base_url, key)
            except FileExistsError:
                self.hostkey.say(
                    f"{path} exists already: it was left as it is.", severity="warning"
                )
            except OSError as error:
                self.hostkey.say(f"Could not write {path}: {error.strerror}", severity="warning")
            else:
                self.hostkey.say(f"Profile {profile} saved to {path} (mode 0600).")
        self.hostkey.start_session(services)

    @work(group="welcome", exclusive=True, exit_on_error=False)
    async def try_password(self, email: str, password: Secret, profile: str, base_url: str) -> None:
        """The billing login, its 2FA code when asked, then the session as with a key."""
        try:
            services = self.hostkey.connect(Secret(""), base_url, profile)
            self._services = services
            self._waiting("auth/whmcslogin")
            ttl = self.hostkey.setup.config.api.session_ttl
            if await password_login(services, email, password, ttl):
                self._waiting("auth/2fa_check")
                await password_flow.second_factor(self.hostkey, services)
            await sign_in(services, self._waiting)
        except (
            password_flow.SignInAbandoned,
            AuthError,
            TransportError,
            InvapiError,
            ValueError,
        ) as error:
            self._refused(error)
            return
        self._ended()
        self.hostkey.start_session(services)

    def _refused(self, error: Exception) -> None:
        """A sign-in that did not open a session: its client closed, why said, inputs kept."""
        self._failed()
        if isinstance(error, (AuthError, TransportError, InvapiError)):
            self._problem(f"{error.title}: {error.message}")
        else:
            self._problem(str(error))
