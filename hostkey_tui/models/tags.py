"""Tags as invapi returns them for servers, presets, OS images and software."""

from __future__ import annotations

import re

from hostkey_tui.models.common import Obj, Secret, as_text, total
from hostkey_tui.models.errors import MalformedReply
from hostkey_tui.records import dataclass

#: Tags whose value is a credential: kept as `Secret`, hidden until the user asks.
SECRET_TAGS = frozenset({"password", "root_pass", "rootpassword", "root_password"})

#: Tags the platform sets and owns: shown, never edited as tags (HOSTKEY's Terraform provider
#: agrees). `hostname` is the server's name: it changes by renaming the server
#: (eq/rename_server, `services.rename`), which sets the tag.
SYSTEM_TAGS = frozenset({"hostname", "os", "user_name", "order_origin", "webpanel"}) | SECRET_TAGS

#: The documented limits of tags/add.
TAG_NAME_MAX = 32
TAG_VALUE_MAX = 256
_TAG_NAME = re.compile(r"[A-Za-z0-9-]{1,32}")


@dataclass(frozen=True, slots=True)
class Tag:
    """One tag. A secret tag has an empty `value` and its text in `secret`."""

    name: str
    value: str
    extra: str = ""
    internal: bool = False
    id: int | None = None
    component: str = ""
    component_id: int | None = None
    secret: Secret | None = None

    @property
    def is_secret(self) -> bool:
        return self.name.lower() in SECRET_TAGS

    @property
    def is_system(self) -> bool:
        return self.name.lower() in SYSTEM_TAGS

    @property
    def editable(self) -> bool:
        """Public tags the customer owns: not internal, not set by the platform."""
        return not self.internal and not self.is_system


def tag_from_json(obj: Obj) -> Tag:
    """One tag object: `{id, component, component_id, tag, value, extra, internal}`."""
    name = obj.text("tag")
    value = obj.get("value")
    # software/list puts a list of OS ids in `value`; keep it readable as text.
    text = ",".join(as_text(v) for v in value) if isinstance(value, list) else obj.text("value")
    secret = None
    if name.lower() in SECRET_TAGS:
        secret, text = Secret(as_text(value)), ""
    return Tag(
        name=name,
        value=text,
        extra=obj.text("extra", single_line=False),
        internal=obj.bool("internal"),
        id=obj.int("id"),
        component=obj.text("component"),
        component_id=obj.int("component_id"),
        secret=secret,
    )


@total("tags")
def tags_from_json(items: list[object], where: str = "tags") -> tuple[Tag, ...]:
    """A list of tag objects; entries that are not objects are skipped."""
    return tuple(
        tag_from_json(Obj(item, f"{where}[{index}]"))
        for index, item in enumerate(items)
        if isinstance(item, dict)
    )


def tag_values(tags: tuple[Tag, ...], name: str) -> list[str]:
    """Every value of tag `name` (tags may repeat)."""
    return [t.value for t in tags if t.name == name]


def tag_value(tags: tuple[Tag, ...], name: str, default: str = "") -> str:
    values = tag_values(tags, name)
    return values[0] if values else default


def tag_true(tags: tuple[Tag, ...], name: str) -> bool:
    """A flag tag such as `vm`, `bm`, `gpu` whose value says true."""
    return any(t.name == name and t.value.lower() in {"1", "true", "yes", "on"} for t in tags)


def check_tag(name: str, value: str) -> str | None:
    """Why a tag may not be sent (the documented limits), or None when it may."""
    if not _TAG_NAME.fullmatch(name):
        return "A tag name is 1 to 32 letters, digits or '-'."
    if name.lower() == "hostname":
        return "'hostname' is a system tag, the server's name: rename the server instead."
    if name.lower() in SYSTEM_TAGS:
        return f"'{name}' is a system tag: the platform sets it."
    if len(value) > TAG_VALUE_MAX:
        return f"A tag value is at most {TAG_VALUE_MAX} characters (this one has {len(value)})."
    return None


def require_tag_list(value: object, where: str) -> list[object]:
    if value is None:
        return []
    if not isinstance(value, list | dict):
        raise MalformedReply("expected a list of tags", where=where)
    return list(value.values()) if isinstance(value, dict) else value
