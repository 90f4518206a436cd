"""Files named after what invapi says (a zone's name): a safe name, in the download folder, new.

A name from the network is hostile like any other text from it: `../../x/evil` would be a path
out of the folder, `.bashrc` a hidden file, `-rf` an option to the next shell command that
touches it. So the name is reduced to one harmless path component, the path is checked to be
in the folder, and a file already there is never replaced: the new one takes the next free
name (`example.com (2).zone`), which the caller says.
"""

from __future__ import annotations

import os
import re
import unicodedata
from pathlib import Path

#: The longest stem kept, in UTF-8 bytes: file systems take 255, and " (999)" and a suffix
#: must still fit after it.
MAX_STEM_BYTES = 120
#: What stands for a name with nothing usable in it.
NO_NAME = "unnamed"
#: Numbered names tried before giving up (a folder with 999 copies is a mistake to report).
MAX_COPIES = 999
#: Names Windows keeps for devices: a synced or shared download folder may reach one.
_RESERVED = frozenset(
    {"con", "prn", "aux", "nul"}
    | {f"com{i}" for i in range(1, 10)}
    | {f"lpt{i}" for i in range(1, 10)}
)
#: Kept as they are: letters and digits of any script, and these few.
_KEPT_PUNCTUATION = frozenset("._-+@=,")
_SUFFIX = re.compile(r"(\.[A-Za-z0-9]{1,10}){0,3}")
_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)


class UnsafePath(ValueError):
    """A file name that would leave its folder: a bug here, never to be written."""


def safe_file_name(name: str, suffix: str = "") -> str:
    """`name` made one safe path component, followed by `suffix` (ours, such as `.zone`).

    Separators, control and format characters and anything unusual become `_`; runs of dots
    become one (no `..`); no leading dot or dash (a hidden file, an option); bounded length;
    never empty.

    Raises:
        ValueError: `suffix` is not a plain extension (it is the caller's, not invapi's).
    """
    if not _SUFFIX.fullmatch(suffix):
        raise ValueError(f"not a file suffix: {suffix!r}")
    text = unicodedata.normalize("NFC", name)
    kept = "".join(c if c.isalnum() or c in _KEPT_PUNCTUATION else "_" for c in text)
    kept = re.sub(r"\.{2,}", ".", kept)
    kept = re.sub(r"_{2,}", "_", kept)
    stem = kept.lstrip("._-").rstrip("._ ")
    stem = _bounded(stem).rstrip("._ ") or NO_NAME
    first = stem.split(".")[0]
    if first.lower() in _RESERVED:
        stem = f"{first}_{stem[len(first) :]}"
    return stem + suffix


def _bounded(stem: str) -> str:
    encoded = stem.encode()
    if len(encoded) <= MAX_STEM_BYTES:
        return stem
    # Cut on a character boundary: a half character would not decode.
    return encoded[:MAX_STEM_BYTES].decode(errors="ignore")


def inside(folder: Path, name: str) -> Path:
    """`folder/name`, resolved, after checking that it is a file directly in `folder`.

    Raises:
        UnsafePath: `name` is not one plain path component.
    """
    base = folder.resolve()
    separators = {os.sep, os.altsep or os.sep, "\0"}
    if not name or name in (".", "..") or any(s in name for s in separators):
        raise UnsafePath(f"not a file name: {name!r}")
    path = base / name
    if path.parent != base or Path(name).name != name:
        raise UnsafePath(f"{name!r} is not inside {base}")
    return path


def _download_folder(folder: Path) -> Path:
    """The folder, made 0700 if it is missing. The mode of one that exists (the user's
    Downloads) is theirs: it is left as it is."""
    if not folder.is_dir():
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    return folder


def numbered(name: str, copy: int) -> str:
    """`example.com.zone` as its `copy`th: `example.com (2).zone` (the first keeps its name)."""
    if copy <= 1:
        return name
    stem, dot, last = name.rpartition(".")
    if not dot or not stem:
        return f"{name} ({copy})"
    return f"{stem} ({copy}).{last}"


def save_new(folder: Path, name: str, suffix: str, data: bytes) -> Path:
    """Write `data` as a new file (mode 0600) in `folder`, named from `name` (API text) made
    safe; a file already there is never replaced: the next free numbered name is taken.
    Returns the path written, for the caller to say.

    Raises:
        OSError: the folder or the file could not be written (FileExistsError when every
            numbered name is taken).
    """
    base = _download_folder(folder)
    wanted = safe_file_name(name, suffix)
    for copy in range(1, MAX_COPIES + 1):
        path = inside(base, numbered(wanted, copy))
        try:
            # O_EXCL: made here, now, or not at all (never through a link put in its place).
            descriptor = os.open(path, _FLAGS, 0o600)
        except FileExistsError:
            continue
        try:
            with os.fdopen(descriptor, "wb") as file:
                os.fchmod(file.fileno(), 0o600)
                file.write(data)
                file.flush()
                os.fsync(file.fileno())
        except BaseException:
            path.unlink(missing_ok=True)
            raise
        return path
    raise FileExistsError(f"{MAX_COPIES} files named {wanted} are already in {base}")
