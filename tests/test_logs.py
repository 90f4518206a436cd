"""The default log: warnings and errors, rotating, 0600, secrets masked, named when it crashes."""

from __future__ import annotations

import logging
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from hostkey_tui import logs
from hostkey_tui.ui.errors import fatal_text, toast_of


@pytest.fixture
def restored() -> Iterator[None]:
    root = logging.getLogger("hostkey_tui")
    handlers, level = list(root.handlers), root.level
    yield
    for handler in root.handlers:
        if handler not in handlers:
            handler.close()
    root.handlers[:] = handlers
    root.setLevel(level)
    logs._current = None


@pytest.mark.usefixtures("restored")
def test_warnings_go_to_a_private_rotating_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(logs, "MAX_BYTES", 2000)
    path = logs.start_default_log(tmp_path / "state")
    assert path == tmp_path / "state" / logs.LOG_NAME == logs.current_log()
    log = logging.getLogger("hostkey_tui.api")
    log.debug("not kept")
    for number in range(300):
        log.warning("session token=abcdef0123456789abcdef0123456789 line %d", number)
    files = sorted((tmp_path / "state").glob(logs.LOG_NAME + "*"))
    assert len(files) == 1 + logs.BACKUPS  # rotated, at most three old files kept
    for file in files:
        assert stat.S_IMODE(file.stat().st_mode) == 0o600
        text = file.read_text()
        assert "abcdef0123456789abcdef0123456789" not in text
        assert "not kept" not in text


@pytest.mark.usefixtures("restored")
def test_the_crash_message_names_the_log(tmp_path: Path) -> None:
    path = logs.start_default_log(tmp_path)
    said = fatal_text(RuntimeError("boom"))
    assert f"The details are in {path}." in said
    message, _, _ = toast_of(ValueError("odd"))
    assert str(path) in message
    assert "boom" in (tmp_path / logs.LOG_NAME).read_text()


@pytest.mark.usefixtures("restored")
def test_a_folder_that_cannot_be_written_leaves_no_log(tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("")
    assert logs.start_default_log(blocked / "state") is None
    assert "--log FILE" in fatal_text(RuntimeError("x"))
