"""The reliability suite's settings: the fuzz profile, and the coverage matrix for REPORT.md.

HOSTKEY_FUZZ=long runs 10,000 examples per reply family (the report's long profile); CI runs
500.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, settings

from tests.reliability.matrix import MATRIX, Matrix

settings.register_profile(
    "reliability-ci",
    max_examples=500,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "reliability-long",
    max_examples=10_000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
FUZZ_PROFILE = "reliability-long" if os.environ.get("HOSTKEY_FUZZ") == "long" else "reliability-ci"
FUZZ_EXAMPLES = settings.get_profile(FUZZ_PROFILE).max_examples


@pytest.fixture(scope="session")
def matrix() -> Iterator[Matrix]:
    yield MATRIX
    MATRIX.write()


# The UI fixtures (the app built as the command line builds it, on a still clock).
from tests.ui.conftest import build, ui, ui_clock, ui_world  # noqa: E402, F401
