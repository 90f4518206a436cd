"""A billing login of an account with 2FA: the flag is read, the code goes out once, masked
in the debug log, and a refused code leaves the session awaiting one."""

from __future__ import annotations

import pytest

from hostkey_tui.api import ApiError, InvapiClient, InvapiError
from hostkey_tui.api.redact import MASK, redact_fields
from hostkey_tui.models.account import session_from_login
from hostkey_tui.models.common import Secret
from hostkey_tui.simulator.routes.auth import DEMO_PASSWORD
from hostkey_tui.simulator.world import World


def test_the_flag_is_read_where_a_login_reply_may_carry_it() -> None:
    assert session_from_login({"result": {"token": "t" * 32, "2fa": 1}}).second_factor
    assert session_from_login({"token": "t" * 32, "need_2fa": True}).second_factor
    assert not session_from_login({"result": {"token": "t" * 32}}).second_factor


def test_the_code_is_masked_in_the_request_log_and_an_error_code_is_not_touched() -> None:
    assert redact_fields([("action", "2fa_check"), ("code", "482913")]) == [
        ("action", "2fa_check"),
        ("code", MASK),
    ]


async def test_until_the_code_is_given_the_session_does_nothing_else(
    client: InvapiClient, world: World
) -> None:
    world.client["twofaenabled"] = True
    session = await client.auth.whmcslogin(world.email, Secret(DEMO_PASSWORD))
    assert session.second_factor
    with pytest.raises(InvapiError, match="2FA code required"):
        await client.eq.update_servers()
    wrong = "000000" if world.two_factor_code != "000000" else "111111"
    with pytest.raises(ApiError, match="Invalid 2FA code"):
        await client.auth.check_2fa(Secret(wrong))
    assert client.session is not None and client.session.second_factor
    done = await client.auth.check_2fa(Secret(world.two_factor_code))
    assert not done.second_factor
    await client.eq.update_servers()
    assert world.logged("auth", "2fa_check")[0].field("code") == wrong


async def test_three_wrong_codes_end_the_attempt(client: InvapiClient, world: World) -> None:
    world.client["twofaenabled"] = True
    await client.auth.whmcslogin(world.email, Secret(DEMO_PASSWORD))
    wrong = "000000" if world.two_factor_code != "000000" else "111111"
    for _ in range(2):
        with pytest.raises(ApiError, match="Invalid 2FA code"):
            await client.auth.check_2fa(Secret(wrong))
    with pytest.raises(ApiError, match="sign in again"):
        await client.auth.check_2fa(Secret(wrong))
    assert not world.tokens


def test_a_signed_links_query_is_masked_in_the_request_log() -> None:
    sent = redact_fields(
        [("url", "https://bucket.example/os.iso?X-Amz-Signature=abc123&X-Amz-Expires=60")]
    )
    assert sent == [("url", f"https://bucket.example/os.iso?{MASK}")]
    assert redact_fields([("url", "https://example.com/os.iso")]) == [
        ("url", "https://example.com/os.iso")
    ]
