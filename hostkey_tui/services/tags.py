"""Server tags: read, set on one server or several at once (one request), remove.

System tags (hostname, OS, passwords) belong to the platform and internal ones to HOSTKEY: they
are refused here before anything is sent, as invapi would refuse them.
"""

from __future__ import annotations

from collections.abc import Sequence

from hostkey_tui.api import ApiError, InvapiError, ReplyLost
from hostkey_tui.models.tags import Tag, check_tag
from hostkey_tui.services.context import Services, outcome_of
from hostkey_tui.services.servers import refresh_server
from hostkey_tui.state.events import TagSearched, TagsRead
from hostkey_tui.state.state import TagSearch


async def read_tags(services: Services, server_id: int) -> tuple[Tag, ...]:
    tags = await services.client.tags.list(server_id)
    services.store.dispatch(TagsRead(server_id, tags))
    return tags


async def set_tag(
    services: Services, server_ids: Sequence[int], name: str, value: str, extra: str = ""
) -> None:
    """Set `name` = `value` on every server of `server_ids` in one request, then read back.

    Raises:
        ApiError: the tag is not allowed (nothing sent) or refused by invapi.
    """
    services.ensure_writable("Tagging")
    name = name.strip()
    problem = check_tag(name, value)
    if problem:
        raise ApiError(f"{problem} Nothing was sent.", title="Not sent")
    if not server_ids:
        raise ApiError("No server to tag. Nothing was sent.", title="Not sent")
    label = services.server_labels(server_ids)
    try:
        await services.client.tags.add(list(server_ids), name, value, extra)
    except InvapiError as error:
        outcome = "unknown" if isinstance(error, ReplyLost) else "failed"
        services.audit("tags_add", label, outcome, f"{name}: {error.message}")
        if isinstance(error, ReplyLost):
            await _read_back(services, server_ids)
        raise
    services.audit("tags_add", label, "done", f"{name}={value}")
    await _read_back(services, server_ids)


async def remove_tag(services: Services, server_ids: Sequence[int], tag: Tag) -> None:
    services.ensure_writable("Removing a tag")
    if not tag.editable:
        raise ApiError(
            f"'{tag.name}' is set by the platform and cannot be removed here. Nothing was sent.",
            title="Not sent",
        )
    label = services.server_labels(server_ids)
    try:
        await services.client.tags.remove(list(server_ids), tag.name)
    except InvapiError as error:
        services.audit("tags_remove", label, outcome_of(error), f"{tag.name}: {error.message}")
        raise
    services.audit("tags_remove", label, "done", tag.name)
    await _read_back(services, server_ids)


async def _read_back(services: Services, server_ids: Sequence[int]) -> None:
    for server_id in server_ids:
        await refresh_server(services, server_id)
        await read_tags(services, server_id)


async def search_by_tag(services: Services, value: str) -> tuple[int, ...]:
    """Servers whose tag values contain `value`, as invapi finds them (tags/user_search):
    for tags the list has not read yet, or servers it has not loaded."""
    ids = await services.client.tags.user_search(value)
    known = set(services.store.state.server_ids)
    found = tuple(i for i in ids if i in known)
    services.store.dispatch(TagSearched(TagSearch(value, found)))
    return found
