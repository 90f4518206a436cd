"""Tag interactions: set a tag on one server or on every marked one at once, remove one."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from hostkey_tui.api import InvapiError
from hostkey_tui.models.tags import TAG_VALUE_MAX, Tag, check_tag
from hostkey_tui.services import tags
from hostkey_tui.services.power import Target
from hostkey_tui.ui.kit.guard import can_change
from hostkey_tui.ui.kit.modals.confirm import ConfirmModal, ConfirmTarget
from hostkey_tui.ui.kit.modals.form import Field, FormModal

if TYPE_CHECKING:
    from hostkey_tui.ui.host import Host


async def read(app: Host, server_id: int) -> str:
    """The Tags tab's list (tags/list); until it comes, eq/show's tags are shown.

    Returns why it could not be read ("" when it was), for the tab to say in place.
    """
    if app.services is None:
        return ""
    try:
        await tags.read_tags(app.services, server_id)
    except InvapiError as error:
        return error.message
    return ""


def _check_name(text: str) -> str | None:
    return check_tag(text.strip(), "")


def _check_value(text: str) -> str | None:
    return None if len(text) <= TAG_VALUE_MAX else f"At most {TAG_VALUE_MAX} characters."


async def set_tag(app: Host, targets: Sequence[Target], tag: Tag | None = None) -> None:
    """Ask for a tag (or a new value of `tag`) and set it on every target in one request."""
    services = app.services
    if services is None or not targets or not can_change(app, "Tagging"):
        return
    names = ", ".join(t.hostname for t in targets[:3]) + ("…" if len(targets) > 3 else "")
    values = await app.push_screen_wait(
        FormModal(
            f"Tag {names}" if tag is None else f"Tag {tag.name} of {names}",
            [
                Field("name", "Name", tag.name if tag else "", _check_name, placeholder="env"),
                Field("value", "Value", tag.value if tag else "", _check_value, placeholder="prod"),
            ],
            intro=(
                f"Set on {len(targets)} servers in one request."
                if len(targets) > 1
                else "Letters, digits and '-' in the name (32 at most); the value 256 at most."
            ),
            submit="Set tag",
        )
    )
    if values is None:
        return
    await tags.set_tag(services, [t.server_id for t in targets], values["name"], values["value"])
    app.say(f"{values['name'].strip()}={values['value']} on {names}", title="Tagged")


async def remove_tag(app: Host, target: Target, tag: Tag) -> None:
    services = app.services
    if services is None:
        return
    if tag.name.lower() == "hostname":
        app.say("The hostname tag is the server's name: it stays; E renames the server.")
        return
    if not tag.editable:
        app.say(f"'{tag.name}' is set by the platform: it cannot be removed.", severity="warning")
        return
    if not await app.push_screen_wait(
        ConfirmModal(
            f"Remove the tag {tag.name} of {target.hostname}?",
            [ConfirmTarget(target.server_id, target.hostname, target.main_ip)],
            button="Remove tag",
        )
    ):
        return
    await tags.remove_tag(services, [target.server_id], tag)
    app.say(f"{tag.name} removed from {target.hostname}.", title="Tag removed")
