"""One's own ISO: uploading it by URL (sent once, journaled, a lost reply unknown and never
resent), the uploads listed beside the library's with their status, a Pending one not mounted,
a downloaded one mounted exactly as a library ISO is (its `iso_id`)."""

from __future__ import annotations

import asyncio

import pytest

from hostkey_tui.api import ApiError, InvapiClient, ReadOnlyRefused
from hostkey_tui.clock import ManualClock
from hostkey_tui.models.iso import (
    check_iso_name,
    check_iso_url,
    default_name,
    merged,
    not_mountable,
    shown_url,
    upload_from_json,
    uploaded_from_json,
)
from hostkey_tui.models.network import IsoImage
from hostkey_tui.models.server import Server
from hostkey_tui.models.tasks import TaskState
from hostkey_tui.services import iso_upload, remote
from hostkey_tui.services.context import Services
from hostkey_tui.services.jobs import UNKNOWN_OUTCOME
from hostkey_tui.services.session import run_session
from hostkey_tui.simulator.routes.iso_upload import DOWNLOAD_SECONDS
from hostkey_tui.simulator.world import World
from hostkey_tui.state.store import Store
from tests.conftest import make_client
from tests.services.test_network import BM, services  # noqa: F401 - the fixture

URL = "https://mirror.example.com/isos/alpine-3.20.iso?token=s3cr3t-signature"


def server(made: Services, server_id: int = BM) -> Server:
    return made.store.state.servers[server_id]


def outcomes(made: Services, action: str) -> list[str]:
    journal = made.journal.entries() if made.journal else []
    return [e.outcome for e in journal if e.action == action]


def own(made: Services) -> list[IsoImage]:
    return [i for i in made.store.state.net_of(BM).isos or () if i.own]


# -- the checks and the parsers ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "why"),
    [
        ("", "needed"),
        ("ftp://example.com/a.iso", "http"),
        ("file:///etc/passwd", "http"),
        ("https://user:pw@example.com/a.iso", "password"),
        ("https://localhost/a.iso", "host"),
        ("https://exa mple.com/a.iso", "spaces"),
        ("https://example.com:99999/a.iso", "Not a URL"),
        ("https://example.com/" + "a" * 2000, "At most"),
    ],
)
def test_a_url_that_is_not_http_s_is_refused(url: str, why: str) -> None:
    problem = check_iso_url(url)
    assert problem is not None and why in problem


def test_names_and_what_is_shown_of_a_url() -> None:
    assert check_iso_url(URL) is None and check_iso_url("http://example.com/x.iso") is None
    assert check_iso_name("") is None and check_iso_name("Alpine 3.20 (rescue)") is None
    assert check_iso_name("[bold]x") is not None and check_iso_name("a" * 65) is not None
    assert default_name(URL) == "alpine-3.20.iso"
    assert default_name("https://example.com/") == "my-image.iso"
    shown = shown_url(URL)
    assert "s3cr3t" not in shown and shown == "https://mirror.example.com/isos/alpine-3.20.iso?…"


def test_the_replies_and_what_may_be_mounted() -> None:
    listed = uploaded_from_json(
        {"result": "OK", "data": [{"id": 7, "name": "mine.iso", "status": "Pending"}, "x"]}
    )
    assert listed == (IsoImage(7, "mine.iso", status="Pending", own=True),)
    assert upload_from_json({"result": "OK"}) is None
    made = upload_from_json({"result": "OK", "data": {"id": 8, "name": "b", "status": "Pending"}})
    assert made is not None and made.own and made.status == "Pending"
    library = (IsoImage(7, "mine.iso"), IsoImage(11, "rescue.iso", status="Pending"))
    both = merged(library, listed)
    assert [(i.id, i.own) for i in both] == [(11, False), (7, True)]  # listed once, as yours
    assert not_mountable(library[1]) is None  # the library's words are not judged
    assert "still Pending" in (not_mountable(listed[0]) or "")
    assert "could not download" in (not_mountable(IsoImage(9, "x", status="Error", own=True)) or "")
    assert not_mountable(IsoImage(9, "x", status="Active", own=True)) is None


# -- the client against the simulator ------------------------------------------------------------


async def test_an_upload_is_pending_then_downloaded_as_the_clock_moves(
    client: InvapiClient, world: World, clock: ManualClock
) -> None:
    made = await client.iso.upload(URL, "alpine.iso")
    assert made is not None and made.status == "Pending" and made.own
    sent = world.logged("iso", "upload")[0]
    assert (sent.field("url"), sent.field("name")) == (URL, "alpine.iso")
    assert [i.status for i in await client.iso.uploaded()] == ["Pending"]
    clock.advance(DOWNLOAD_SECONDS)
    assert [i.status for i in await client.iso.uploaded()] == ["Active"]
    assert all("token" not in str(i) for i in await client.iso.uploaded())


# -- the service ---------------------------------------------------------------------------------


async def test_uploading_is_sent_once_journaled_and_listed_as_yours(
    services: Services,  # noqa: F811
    world: World,
) -> None:
    await remote.list_isos(services, BM)
    library = len(services.store.state.net_of(BM).isos or ())
    job = await iso_upload.upload_iso(services, server(services), URL)
    assert job.state is TaskState.DONE and "Pending" in job.message, job.message
    assert job.kind == "iso" and job.title == "Upload alpine-3.20.iso"
    assert world.count("iso", "upload") == 1
    assert world.logged("iso", "upload")[0].field("name") == "alpine-3.20.iso"
    isos = services.store.state.net_of(BM).isos or ()
    assert len(isos) == library + 1  # beside the library's
    assert [(i.name, i.status) for i in own(services)] == [("alpine-3.20.iso", "Pending")]
    assert outcomes(services, "upload_iso") == ["done"]
    entries = services.journal.entries() if services.journal else []
    assert entries and all("s3cr3t" not in str(e) for e in entries)


async def test_a_pending_upload_is_not_mounted_a_downloaded_one_is_as_the_library_s(
    services: Services,  # noqa: F811
    world: World,
    clock: ManualClock,
) -> None:
    await iso_upload.upload_iso(services, server(services), URL, "alpine.iso")
    pending = own(services)[0]
    with pytest.raises(ApiError, match="still Pending"):
        await remote.mount_iso(services, BM, "de-db-02", pending)
    assert world.count("iso", "mount_iso") == 0
    clock.advance(DOWNLOAD_SECONDS)
    await remote.list_isos(services, BM)
    ready = own(services)[0]
    assert ready.status == "Active" and not_mountable(ready) is None
    job = await remote.mount_iso(services, BM, "de-db-02", ready)
    assert job.state is TaskState.DONE, job.message
    sent = world.logged("iso", "mount_iso")[0]
    assert sent.field("iso_id") == str(ready.id) and "name" not in sent.form
    assert world.servers[BM].iso_mounted == "alpine.iso"


async def test_a_failed_download_is_said_and_not_mounted(
    services: Services,  # noqa: F811
    clock: ManualClock,
) -> None:
    await iso_upload.upload_iso(services, server(services), "https://example.com/a.img", "a")
    clock.advance(DOWNLOAD_SECONDS)
    await remote.list_isos(services, BM)
    failed = own(services)[0]
    assert failed.status == "Error"
    with pytest.raises(ApiError, match="could not download"):
        await remote.mount_iso(services, BM, "de-db-02", failed)


async def test_a_lost_upload_reply_is_unknown_never_resent_and_the_list_read_back(
    services: Services,  # noqa: F811
    world: World,
) -> None:
    world.faults.add("drop_reply", "iso/upload", times=1)
    job = await iso_upload.upload_iso(services, server(services), URL, "alpine.iso")
    assert job.state is TaskState.UNKNOWN and job.message == UNKNOWN_OUTCOME
    assert world.count("iso", "upload") == 1
    assert world.count("iso", "uploaded") >= 1  # read back
    assert outcomes(services, "upload_iso") == ["unknown"]
    # invapi is asked what became of it: its uploads list names it.
    await asyncio.gather(*services.changes.tasks)
    assert not services.store.state.unsettled
    journal = services.journal.entries() if services.journal else []
    reconciled = [e for e in journal if e.outcome == "reconciled"]
    assert reconciled and "upload named alpine.iso is listed" in reconciled[0].message


async def test_a_lost_upload_is_not_sent_again_until_invapi_was_asked(
    services: Services,  # noqa: F811
    world: World,
) -> None:
    world.faults.add("drop_reply", "iso/upload", times=1)
    world.faults.add("status", "iso/uploaded", value=503)  # invapi cannot be asked yet
    job = await iso_upload.upload_iso(services, server(services), URL, "alpine.iso")
    assert job.state is TaskState.UNKNOWN
    await asyncio.gather(*services.changes.tasks)
    assert services.store.state.unsettled["iso/upload:account"].status == "unknown"
    again = await iso_upload.upload_iso(services, server(services), URL, "alpine.iso")
    assert again.state is TaskState.FAILED and "lost" in again.message
    assert world.count("iso", "upload") == 1


async def test_a_bad_url_or_read_only_sends_nothing(
    services: Services,  # noqa: F811
    world: World,
    clock: ManualClock,
) -> None:
    before = len(world.requests)
    with pytest.raises(ApiError, match="http"):
        await iso_upload.upload_iso(services, server(services), "ftp://example.com/a.iso")
    assert len(world.requests) == before
    async with make_client(world, clock, read_only=True) as client:
        made = Services(client, Store(), clock)
        await run_session(made)
        before = len(world.requests)
        with pytest.raises(ReadOnlyRefused):
            await iso_upload.upload_iso(made, made.store.state.servers[BM], URL)
        assert len(world.requests) == before


async def test_the_uploads_failing_alone_leave_the_library_listed_and_say_so(
    services: Services,  # noqa: F811
    world: World,
) -> None:
    world.faults.add("status", "iso/uploaded", value=503)
    isos = await remote.list_isos(services, BM)
    net = services.store.state.net_of(BM)
    assert isos and net.isos == isos and "your uploaded ISOs" in net.iso_error
