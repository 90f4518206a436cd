"""The first start, with no config and no key: try the demo, or sign in with an API key."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Checkbox, Footer, Input, Label, Static

from hostkey_tui.api import AuthError, InvapiError, TransportError
from hostkey_tui.config.model import DEFAULT_BASE_URL
from hostkey_tui.config.write import profile_name_problem, write_first_config
from hostkey_tui.models.common import Secret
from hostkey_tui.services.session import sign_in
from hostkey_tui.ui.actions import bindings
from hostkey_tui.ui.text import display_path, line, literal
from hostkey_tui.ui.widgets.inputs import TextInput

if TYPE_CHECKING:
    from hostkey_tui.ui.app import HostkeyApp


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
        WelcomeScreen #key-form Checkbox, WelcomeScreen #key-form Button {
        margin: 1 0 0 0;
    }
    WelcomeScreen #problem {
        color: $error;
        height: auto;
    }
    """
    BINDINGS = bindings("welcome")

    @property
    def hostkey(self) -> HostkeyApp:
        return cast("HostkeyApp", self.app)

    def compose(self) -> ComposeResult:
        setup = self.hostkey.setup
        with VerticalScroll():
            yield Static(literal("hostkey-tui", "bold"), classes="title")
            yield Static(
                literal(
                    "Welcome. No config file and no API key were found. "
                    "Try the demo (a simulated account: nothing real is touched), "
                    "or sign in with an API key from the HOSTKEY panel.",
                ),
            )
            with Horizontal(id="choices"):
                yield Button("Try the demo (d)", id="demo", variant="primary", compact=True)
            with Vertical(id="key-form") as form:
                form.border_title = "Sign in with an API key"
                with Horizontal(classes="row"):
                    yield Label("API key")
                    yield TextInput(
                        placeholder="xxxxxxxxxxxxxxxx-xxxxxxxxxxxxxxxx",
                        password=True,
                        id="key",
                        compact=True,
                    )
                with Horizontal(classes="row"):
                    yield Label("Profile")
                    yield TextInput(value="main", id="profile", compact=True)
                with Horizontal(classes="row"):
                    yield Label("Base URL")
                    yield TextInput(value=DEFAULT_BASE_URL, id="base-url", compact=True)
                yield Checkbox(
                    f"Save to {display_path(setup.config_path)} (mode 0600)",
                    value=True,
                    id="save",
                    compact=True,
                )
                yield Static(id="problem")
                yield Button("Sign in", id="sign-in", compact=True)
            yield Static(
                line(
                    ("Or keep the key out of files: ", "dim"),
                    "HOSTKEY_API_KEY=… hostkey-tui",
                    (", or api_key_command in config.toml (see config.example.toml).", "dim"),
                ),
                classes="muted",
            )
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#demo", Button).focus()

    def action_demo(self) -> None:
        self.hostkey.start_demo()

    @on(Button.Pressed, "#demo")
    def _demo(self) -> None:
        self.action_demo()

    @on(Button.Pressed, "#sign-in")
    @on(Input.Submitted)
    def _sign_in(self) -> None:
        key = self.query_one("#key", Input).value.strip()
        profile = self.query_one("#profile", Input).value.strip()
        base_url = self.query_one("#base-url", Input).value.strip()
        problem = (
            "Paste the API key (not its 4-character view)."
            if not key
            else profile_name_problem(profile)
        )
        if problem:
            self._problem(problem)
            return
        self._problem("Signing in…", error=False)
        self.query_one("#sign-in", Button).disabled = True
        self.try_key(Secret(key), profile, base_url, self.query_one("#save", Checkbox).value)

    def _problem(self, text: str, *, error: bool = True) -> None:
        self.query_one("#problem", Static).update(literal(text, "" if error else "dim"))

    @work(group="welcome", exclusive=True, exit_on_error=False)
    async def try_key(self, key: Secret, profile: str, base_url: str, save: bool) -> None:
        try:
            services = self.hostkey.connect(key, base_url, profile)
            await sign_in(services)
        except (AuthError, TransportError, InvapiError) as error:
            self._problem(f"{error.title}: {error.message}")
            self.query_one("#sign-in", Button).disabled = False
            return
        except ValueError as error:
            self._problem(str(error))
            self.query_one("#sign-in", Button).disabled = False
            return
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
