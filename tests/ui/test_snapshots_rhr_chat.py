"""A remote-hands request's conversation and a ticket to sales, at 80x24 and 120x40: the request
opened (details and conversation), after a comment, the comment form, the ask-sales form, and
the list filtered (with matches, and with none)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.ui.conftest import Build
from tests.ui.driver import SIZES
from tests.ui.test_snapshots_account import steps

#: The Remote hands tab: the first row is de-db-02's KVM request, in progress (open ones first).
RHR = ("t", "t")
CASES = {
    "request_detail": steps(*RHR, "enter"),
    "request_commented": steps(*RHR, "enter", "c", *"KVM works, thanks", "enter"),
    "comment_form": steps(*RHR, "enter", "c"),
    "ask_sales_form": steps(*RHR, "a"),
    "filtered_list": steps(*RHR, "s", "l"),
    "filtered_none": steps(*RHR, "s", "l", "l"),
}


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("case", list(CASES))
def test_rhr_chat(snap_compare: Any, build: Build, case: str, size: tuple[int, int]) -> None:
    assert snap_compare(build(), terminal_size=size, run_before=CASES[case])
