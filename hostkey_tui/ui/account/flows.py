"""Account interactions: API keys (a new one shown once, kept in a profile when asked), SSH
keys and the PIN. A key's history is in `history.py`; remote hands in `ui/flows/remote_hands.py`
(a server's detail asks them too)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from hostkey_tui.config.model import ConfigError
from hostkey_tui.config.write import append_profile, profile_name_problem
from hostkey_tui.models.account import (
    NOTIFY_METHODS,
    ApiKey,
    SshKey,
    check_key_ips,
    check_key_name,
    check_new_pin,
    check_ssh_public_key,
)
from hostkey_tui.models.common import Secret
from hostkey_tui.models.tasks import TaskState
from hostkey_tui.services import account
from hostkey_tui.services.account import KeyRequest
from hostkey_tui.ui.kit.guard import ask_pin, can_change
from hostkey_tui.ui.kit.modals.confirm import ConfirmModal, ConfirmTarget
from hostkey_tui.ui.kit.modals.form import Field, FormModal
from hostkey_tui.ui.kit.modals.once import ShownOnce
from hostkey_tui.ui.kit.typed import shown_name, typed_note, typed_word

if TYPE_CHECKING:
    from hostkey_tui.ui.host import Host

# -- API keys ------------------------------------------------------------------------------


def _server_of(app: Host, text: str) -> int | None:
    return app.index.find(app.state, text) if text.strip() else None


def _key_fields(app: Host, key: ApiKey | None) -> list[Field]:
    def server_check(text: str) -> str | None:
        if text.strip() and _server_of(app, text) is None:
            return "No such server here: its id or hostname (empty: the whole account)."
        return None

    fields = [
        Field("name", "Name", key.name if key else "", check_key_name, placeholder="deploy-bot"),
    ]
    if key is None:
        fields.append(
            Field("server", "For server", "", server_check, placeholder="empty: the whole account")
        )
    fields += [
        Field(
            "ips",
            "Allowed IPs",
            key.ip if key else "",
            check_key_ips,
            placeholder="empty: anywhere; or 10.0.0.2, 10.4.6.0/24",
        ),
        Field(
            "notify",
            "Login notice",
            key.notify_method if key else "none",
            lambda t: None if t.strip() in NOTIFY_METHODS else "none, email or webhook",
            placeholder="none, email or webhook",
        ),
        Field(
            "address",
            "Notify to",
            key.notify_address if key else "",
            placeholder="e-mail or https:// URL",
        ),
        Field("active", "Active", "1" if key is None or key.active else "", toggle=True),
    ]
    return fields


def _request(app: Host, values: dict[str, str], key: ApiKey | None) -> KeyRequest:
    server_id = (
        _server_of(app, values.get("server", "")) if key is None else (key.server_id or None)
    )
    return KeyRequest(
        name=values["name"],
        server_id=server_id,
        ips=values["ips"],
        notify_method=values["notify"].strip(),
        notify_address=values["address"],
        active=bool(values["active"]),
    )


def _whole_check(app: Host, key: ApiKey | None) -> Callable[[dict[str, str]], dict[str, str]]:
    def check(values: dict[str, str]) -> dict[str, str]:
        problem = _request(app, values, key).problem()
        return {"address": problem} if problem else {}

    return check


async def new_api_key(app: Host) -> None:
    services = app.services
    if services is None or not can_change(app, "Making an API key"):
        return
    values = await app.push_screen_wait(
        FormModal(
            "New API key",
            _key_fields(app, None),
            intro=(
                "A key for the whole account, or for one server only. invapi shows the new key "
                "once: copy it or keep it in a profile before you close the next dialog."
            ),
            submit="Make key",
            check_all=_whole_check(app, None),
        )
    )
    if values is None:
        return
    made = await account.add_api_key(services, _request(app, values, None))
    if made.key is None:
        app.say(f"Key {made.id} was made, but invapi's reply held no key.", severity="warning")
        return
    await _show_once(app, made, made.key)


async def _show_once(app: Host, made: ApiKey, secret: Secret) -> None:
    """The new key's dialog, until the user closes it; saving to a profile comes back to it."""
    scope = f"server {made.server_id}" if made.server_id else "the whole account"
    kept = ""
    while True:
        choice = await app.push_screen_wait(
            ShownOnce(
                f"New API key: {made.name}",
                f"Key {made.id} for {scope}, starting {made.token_view}…",
                secret,
                kept=kept,
            )
        )
        if choice != "save":
            return
        saved = await _save_profile(app, made, secret)
        if saved:
            kept = f"saved as profile {saved} in {app.setup.config_path}"


async def _save_profile(app: Host, made: ApiKey, secret: Secret) -> str:
    """Keep the key in a new profile (a 0600 config file only); the profile's name, or ""."""
    if app.state.demo:
        app.say(
            "This is the demo's simulated account: its keys open nothing real, so none is saved.",
            severity="warning",
        )
        return ""
    services = app.services
    if services is None:
        return ""
    suggested = "".join(c if c.isalnum() or c in "-_" else "-" for c in made.name)[:32]
    values = await app.push_screen_wait(
        FormModal(
            "Save the key as a profile",
            [Field("name", "Profile", suggested, profile_name_problem)],
            intro=(
                f"Adds [profiles.NAME] with this key to {app.setup.config_path}. Only a file "
                "that others cannot read takes a key (a new one is made 0600); a password "
                "manager (api_key_command) is safer still."
            ),
            submit="Save",
        )
    )
    if values is None:
        return ""
    name = values["name"].strip()
    try:
        append_profile(app.setup.config_path, name, services.client.base_url, secret)
    except ConfigError as error:
        app.say(str(error), title="Not saved", severity="error", timeout=12)
        return ""
    except OSError as error:
        app.say(f"Could not write {app.setup.config_path}: {error.strerror}", severity="error")
        return ""
    app.say(f"Start it with: hostkey-tui --profile {name}", title="Profile saved")
    return name


async def edit_api_key(app: Host, key: ApiKey) -> None:
    services = app.services
    if services is None or not can_change(app, "Changing an API key"):
        return
    values = await app.push_screen_wait(
        FormModal(
            f"API key {key.id}: {key.name}",
            _key_fields(app, key),
            intro="Switching it off or narrowing its IPs locks out whatever uses it.",
            submit="Save",
            check_all=_whole_check(app, key),
        )
    )
    if values is None:
        return
    request = _request(app, values, key)
    if (
        account.key_in_use(services, key)
        and not request.active
        and not await app.push_screen_wait(
            ConfirmModal(
                "Switch off the key hostkey-tui is signed in with?",
                [ConfirmTarget(key.id, shown_name(key.name, key.id), "in use by this session")],
                button="Switch it off",
                warning="This session and the profile stop working at the next sign-in.",
            )
        )
    ):
        return
    await account.edit_api_key(services, key, request)
    app.say(f"{request.name.strip()} saved.", title="API key changed")


async def delete_api_key(app: Host, key: ApiKey) -> None:
    services = app.services
    if services is None or not can_change(app, "Deleting an API key"):
        return
    in_use = account.key_in_use(services, key)
    scope = f"for server {key.server_id}" if key.server_id else "account key"
    warning = (
        "This is the key hostkey-tui is signed in with (it starts the same way): this session "
        "ends at its next sign-in and the profile stops working."
        if in_use
        else "Whatever uses this key can no longer sign in."
    )
    name = shown_name(key.name, key.id)
    word = typed_word(key.name, key.id) if in_use else ""
    if not await app.push_screen_wait(
        ConfirmModal(
            f"Delete the API key {name}?",
            [ConfirmTarget(key.id, name, scope)],
            button="Delete key",
            typed=word,
            warning=" ".join(filter(None, (warning, word and typed_note(key.name, word)))),
        )
    ):
        return
    await account.delete_api_key(services, key)
    app.say(f"{name} deleted.", title="API key deleted")


# -- SSH keys ------------------------------------------------------------------------------


async def add_ssh_key(app: Host) -> None:
    services = app.services
    if services is None or not can_change(app, "Adding an SSH key"):
        return
    values = await app.push_screen_wait(
        FormModal(
            "Add an SSH key",
            [
                Field("name", "Name", "", check_key_name, placeholder="laptop"),
                Field(
                    "key",
                    "Public key",
                    "",
                    check_ssh_public_key,
                    placeholder="ssh-ed25519 AAAA… you@host",
                ),
                Field("default", "Default key", "", toggle=True),
            ],
            intro="The line of a .pub file. Servers ordered or reinstalled can get it.",
            submit="Add key",
        )
    )
    if values is None:
        return
    added = await account.add_ssh_key(
        services, values["name"], values["key"], default=bool(values["default"])
    )
    app.say(f"{added.name} ({added.fingerprint_hint})", title="SSH key added")


async def delete_ssh_key(app: Host, key: SshKey) -> None:
    services = app.services
    if services is None or not can_change(app, "Deleting an SSH key"):
        return
    name = shown_name(key.name, key.id)
    if not await app.push_screen_wait(
        ConfirmModal(
            f"Delete the SSH key {name}?",
            [ConfirmTarget(key.id, name, key.fingerprint_hint)],
            button="Delete key",
            warning="Servers that have it keep it; it is no longer offered for new installs.",
        )
    ):
        return
    await account.delete_ssh_key(services, key)
    app.say(f"{name} deleted.", title="SSH key deleted")


# -- PIN -----------------------------------------------------------------------------------


def _pins_match(values: dict[str, str]) -> dict[str, str]:
    if values["new"] != values["again"]:
        return {"again": "The two new PINs differ."}
    if values["current"] and values["current"] == values["new"]:
        return {"new": "That is the current PIN."}
    return {}


async def set_pin(app: Host) -> None:
    """Set the PIN, or change it: the current one, then the new one twice, all masked."""
    services = app.services
    if services is None or not can_change(app, "Setting the PIN", pin=True):
        return
    values = await app.push_screen_wait(
        FormModal(
            "Set or change the PIN",
            [
                Field("current", "Current PIN", password=True, placeholder="empty if none is set"),
                Field("new", "New PIN", "", check_new_pin, password=True, placeholder="4-8 digits"),
                Field("again", "New PIN again", "", check_new_pin, password=True),
            ],
            intro=(
                "The PIN guards power, reinstall, console and IPMI actions. It is sent once and "
                "kept nowhere. A wrong current PIN counts toward invapi's block (three)."
                + (f" Demo account: its PIN is {app.setup.demo_pin}." if app.state.demo else "")
            ),
            submit="Set PIN",
            check_all=_pins_match,
        )
    )
    if values is None:
        return
    new_pin = Secret(values["new"])
    old_pin = Secret(values["current"]) if values["current"] else None
    del values
    job = await account.set_pin(services, new_pin, old_pin)
    if job.state is TaskState.DONE:
        app.say("The new PIN is in use from now on.", title="PIN set")


async def check_pin(app: Host) -> None:
    pin = await ask_pin(app, "Check the PIN", ["the account"])
    if pin is not None:
        app.say("invapi accepts this PIN.", title="PIN correct")
