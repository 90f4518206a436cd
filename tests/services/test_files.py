"""File names made from invapi's text: one safe component, inside the folder, never over a file."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from hostkey_tui.services.files import (
    MAX_STEM_BYTES,
    UnsafePath,
    inside,
    numbered,
    safe_file_name,
    save_new,
)


@pytest.mark.parametrize(
    ("name", "made"),
    [
        ("example.com", "example.com.zone"),
        ("../../x/evil", "x_evil.zone"),
        ("/etc/passwd", "etc_passwd.zone"),
        ("..\\..\\windows", "windows.zone"),
        ("..", "unnamed.zone"),
        ("", "unnamed.zone"),
        ("   ", "unnamed.zone"),
        (".bashrc", "bashrc.zone"),
        ("-rf", "rf.zone"),
        ("a..b", "a.b.zone"),
        ("evil\x1b]52;c;x\x07", "evil_52_c_x.zone"),
        ("a\u202eb", "a_b.zone"),
        ("\u200b", "unnamed.zone"),
        ("nul", "nul_.zone"),
        ("CON.example", "CON_.example.zone"),
        ("пример.рф", "пример.рф.zone"),
        ("ends in dot.", "ends_in_dot.zone"),
    ],
)
def test_a_name_from_the_api_becomes_one_harmless_component(name: str, made: str) -> None:
    assert safe_file_name(name, ".zone") == made


def test_a_long_name_is_cut_on_a_character_boundary() -> None:
    made = safe_file_name("é" * 500, ".zone")
    stem = made.removesuffix(".zone")
    assert len(stem.encode()) <= MAX_STEM_BYTES and set(stem) == {"é"}


def test_the_suffix_is_ours_and_checked() -> None:
    with pytest.raises(ValueError, match="suffix"):
        safe_file_name("x", "/../y")


@pytest.mark.parametrize("name", ["", ".", "..", "a/b", "../x", "a\0b"])
def test_only_a_plain_component_is_inside(tmp_path: Path, name: str) -> None:
    with pytest.raises(UnsafePath):
        inside(tmp_path, name)


def test_numbered_copies_keep_the_suffix() -> None:
    assert numbered("example.com.zone", 1) == "example.com.zone"
    assert numbered("example.com.zone", 2) == "example.com (2).zone"
    assert numbered("unnamed", 3) == "unnamed (3)"


def test_a_file_already_there_is_never_replaced(tmp_path: Path) -> None:
    folder = tmp_path / "downloads"
    first = save_new(folder, "../../x/evil", ".zone", b"one")
    second = save_new(folder, "../../x/evil", ".zone", b"two")
    assert (first.name, second.name) == ("x_evil.zone", "x_evil (2).zone")
    assert first.read_bytes() == b"one" and second.read_bytes() == b"two"
    assert {p.parent for p in (first, second)} == {folder.resolve()}
    assert sorted(p.name for p in tmp_path.rglob("*")) == [
        "downloads",
        "x_evil (2).zone",
        "x_evil.zone",
    ]
    assert stat.S_IMODE(first.stat().st_mode) == 0o600
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700  # made by the app: private


def test_a_link_in_the_way_is_not_followed(tmp_path: Path) -> None:
    outside = tmp_path / "outside.txt"
    outside.write_bytes(b"theirs")
    folder = tmp_path / "downloads"
    folder.mkdir()
    (folder / "x.zone").symlink_to(outside)
    written = save_new(folder, "x", ".zone", b"ours")
    assert written.name == "x (2).zone" and outside.read_bytes() == b"theirs"


def test_the_mode_of_the_users_own_folder_is_left_alone(tmp_path: Path) -> None:
    folder = tmp_path / "Downloads"
    folder.mkdir()
    os.chmod(folder, 0o755)
    save_new(folder, "example.com", ".zone", b"x")
    assert stat.S_IMODE(folder.stat().st_mode) == 0o755
