"""The app changes the mode only of what it creates: an existing ~/Downloads or log file is the
user's. What it creates for itself (cache, state, their parents, a new log) is private.
"""

from __future__ import annotations

import logging
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from hostkey_tui.config.paths import create_private, private_dir, write_private
from hostkey_tui.logs import start_debug_log as _start_log


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture(autouse=True)
def usual_umask() -> Iterator[None]:
    """A common umask, so that "created 0700" is the app's doing, not the umask's."""
    before = os.umask(0o022)
    yield
    os.umask(before)


def test_an_existing_folder_keeps_its_mode(tmp_path: Path) -> None:
    downloads = tmp_path / "Downloads"
    downloads.mkdir()
    downloads.chmod(0o755)
    write_private(downloads / "invoice-7.pdf", b"%PDF-1.4")
    assert mode(downloads) == 0o755
    assert mode(downloads / "invoice-7.pdf") == 0o600
    create_private(downloads / "zone.txt", b"x")
    assert mode(downloads) == 0o755


def test_the_folders_it_creates_are_0700_parents_included(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir(mode=0o751)
    home.chmod(0o751)
    state = home / ".local" / "state" / "hostkey-tui"
    write_private(state / "journal.jsonl", b"{}\n")
    for folder in (home / ".local", home / ".local" / "state", state):
        assert mode(folder) == 0o700, folder
    assert mode(home) == 0o751


def test_private_dir_of_an_existing_folder_changes_nothing(tmp_path: Path) -> None:
    tmp_path.chmod(0o750)
    assert private_dir(tmp_path) == tmp_path
    assert mode(tmp_path) == 0o750


def test_private_dir_on_a_file_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    with pytest.raises(OSError):
        private_dir(tmp_path / "file")
    with pytest.raises(OSError):
        private_dir(tmp_path / "file" / "below")


@pytest.fixture
def log_handlers() -> Iterator[None]:
    root = logging.getLogger("hostkey_tui")
    before, level = list(root.handlers), root.level
    yield
    for handler in root.handlers:
        if handler not in before:
            handler.close()
    root.handlers[:] = before
    root.setLevel(level)


@pytest.mark.usefixtures("log_handlers")
def test_an_existing_log_file_keeps_its_mode(tmp_path: Path) -> None:
    path = tmp_path / "shared.log"
    path.write_text("earlier lines\n")
    path.chmod(0o644)
    _start_log(path)
    logging.getLogger("hostkey_tui.api").debug("a line")
    assert mode(path) == 0o644
    assert path.read_text().startswith("earlier lines\n")  # appended, not truncated


@pytest.mark.usefixtures("log_handlers")
def test_a_new_log_file_is_created_0600(tmp_path: Path) -> None:
    path = tmp_path / "debug.log"
    _start_log(path)
    assert mode(path) == 0o600
