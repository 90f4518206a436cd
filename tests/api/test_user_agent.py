"""Every request names the release that sent it, so a client bug can be told from an API change."""

from __future__ import annotations

import re

import httpx

import hostkey_tui
from hostkey_tui.api import InvapiClient
from hostkey_tui.clock import ManualClock


async def test_the_user_agent_carries_the_version() -> None:
    agents: list[str] = []

    def answer(request: httpx.Request) -> httpx.Response:
        agents.append(request.headers["user-agent"])
        return httpx.Response(200, json={"result": "OK", "presets": []})

    async with InvapiClient(
        "https://invapi.hostkey.com",
        transport=httpx.MockTransport(answer),
        clock=ManualClock(autoadvance=True),
        rand=lambda: 0.5,
    ) as api:
        await api.call("presets", "list", {"location": "NL"}, token=False)
        await api.call("presets", "list", {"location": "US"}, token=False)

    assert len(agents) == 2 and agents[0] == agents[1]
    assert agents[0].startswith(f"hostkey-tui/{hostkey_tui.__version__} ")
    assert re.fullmatch(r"hostkey-tui/\S+ python-httpx/\S+", agents[0])
