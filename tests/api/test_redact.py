"""Secrets never reach the debug log or an error message.

A canary API key, session token, PIN and root password are used through a realistic session
with the debug log on; afterwards none of them (nor the IPMI or console passwords invapi sends
back) appears in the log or in any exception text.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hostkey_tui.api import InvapiError, watch
from hostkey_tui.api.redact import (
    MASK,
    SECRET_FIELDS,
    redact_fields,
    redact_json,
    redact_text,
    register_secret,
)
from hostkey_tui.clock import ManualClock
from hostkey_tui.models.common import Secret
from hostkey_tui.models.orders import InstallOptions
from hostkey_tui.simulator.scenarios import build_world
from hostkey_tui.simulator.world import SimApiKey
from tests.conftest import make_client

canaries = st.text(
    alphabet="abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789_-", min_size=8, max_size=40
)


@settings(max_examples=200, deadline=None)
@given(canaries, st.sampled_from(sorted(SECRET_FIELDS)))
def test_secret_fields_are_masked_by_name(canary: str, name: str) -> None:
    for field in (name, f"params[{name}]", name.upper()):
        shown = redact_fields([("action", "x"), (field, canary)])
        assert canary not in repr(shown)
    assert canary not in repr(redact_json({"a": [{name: canary}]}))


@settings(max_examples=200, deadline=None)
@given(canaries)
def test_secrets_inside_text_and_tags_are_masked(canary: str) -> None:
    assert canary not in redact_json({"tags": [{"tag": "password", "value": canary}]}).__repr__()
    assert canary not in redact_json({"context": {"User": "u", "Password": canary}}).__repr__()
    assert canary not in redact_text(f"[virt-viewer]\nhost=1.2.3.4\npassword={canary}\n")
    assert canary not in redact_text(f'{{"root_pass": "{canary}"}}')


def test_registered_values_are_masked_anywhere() -> None:
    register_secret("0123-registered-secret")
    assert (
        redact_text("error: token 0123-registered-secret refused") == f"error: token {MASK} refused"
    )


@pytest.fixture
def debug_log() -> Iterator[io.StringIO]:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    logger = logging.getLogger("hostkey_tui")
    logger.addHandler(handler)
    old = logger.level
    logger.setLevel(logging.DEBUG)
    yield stream
    logger.removeHandler(handler)
    logger.setLevel(old)


async def test_a_whole_session_leaks_no_canary(debug_log: io.StringIO) -> None:
    clock = ManualClock(autoadvance=True)
    world = build_world(clock, pin="8642")
    api_key = "cafe1234cafe1234-beef5678beef5678"
    world.api_keys[777] = SimApiKey(777, "canary", api_key)
    root_password = "Canary-R00t-pw"
    errors: list[str] = []

    async with make_client(world, clock, api_key=api_key) as api:
        await api.eq.show(34533)
        await api.eq.show(40041)
        for pin in ("1111", "8642"):
            try:
                handle = await api.eq.power(40041, "reboot", Secret(pin))
                [e async for e in watch(api.callback, handle, clock=clock)]
            except InvapiError as error:
                errors.append(str(error))
        order = await api.eq.reinstall_instance(
            34533, InstallOptions(219, Secret(root_password)), Secret("8642")
        )
        assert order.handle is not None
        [e async for e in watch(api.callback, order.handle, clock=clock)]
        ipmi = await api.eq.add_ipmi_user(40041)
        ipmi_events = [e async for e in watch(api.callback, ipmi, clock=clock)]
        console = await api.eq.console(34533, Secret("8642"))
        console_events = [e async for e in watch(api.callback, console, clock=clock)]
        try:
            await api.eq.reinstall_instance(
                34533, InstallOptions(219, Secret("weak")), Secret("8642")
            )
        except InvapiError as error:
            errors.append(str(error))
        world.tokens.clear()
        await api.eq.show(34533)  # renews the session: a second token to keep secret
        tokens = {t.token for t in world.tokens.values()}

    ipmi_context = ipmi_events[-1].reply.context if ipmi_events[-1].reply else ()
    ipmi_password = dict(ipmi_context)["Password"]
    console_text = str(console_events[-1].reply.scope if console_events[-1].reply else "")
    console_password = console_text.split("password=")[1].split("\n")[0]
    secrets = {api_key, "8642", root_password, ipmi_password, console_password, *tokens}
    log = debug_log.getvalue()
    assert "eq/reboot" in log or "→ eq" in log  # the log really ran
    for secret in secrets:
        assert secret not in log, f"{secret[:3]}… reached the debug log"
        for text in errors:
            assert secret not in text
