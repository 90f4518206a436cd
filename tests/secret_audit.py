"""After the whole test run: no secret a simulated world issued or was sent was written anywhere.

`SECRETS_SEEN` holds every API key, session token, root, IPMI and console password the
simulator handed out or received during the run. Every file the run wrote (the pytest temporary
folders: configs, state, caches, journals, ledgers, logs, saved PDFs) and every snapshot and
screenshot SVG is read, and a secret found in one fails the run. Two kinds of file are meant to
hold one and are checked for their mode instead: a `.vv` console file (its password is what it is
for) and a config the user asked to save a new key into (`config.toml`), both 0600.
"""

from __future__ import annotations

import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

_TOKEN = re.compile(rb"[A-Za-z0-9_!#@+*^$.\-]{8,}")
_MEANT_TO_HOLD = (".vv", "config.toml")


@dataclass
class Audit:
    files: int = 0
    secrets: int = 0
    leaks: list[str] = field(default_factory=list)
    #: Every file read: with several test processes, the files they all read count once.
    paths: set[str] = field(default_factory=set)


def audit(roots: list[Path], secrets: set[str]) -> Audit:
    result = Audit(secrets=len(secrets))
    wanted = {s.encode() for s in secrets}
    for root in roots:
        if not root.exists():
            continue
        for path in root.rglob("*"):
            if not path.is_file() or path.is_symlink():
                continue
            try:
                data = path.read_bytes()
            except OSError:
                continue
            result.files += 1
            result.paths.add(str(path))
            found = {
                token
                for match in _TOKEN.finditer(data)
                for token in (match.group(0), match.group(0).strip(b".-"))
                if token in wanted
            }
            if not found:
                continue
            if path.name.endswith(_MEANT_TO_HOLD):
                mode = stat.S_IMODE(path.stat().st_mode)
                if mode & 0o077:
                    result.leaks.append(f"{path}: holds a secret and is mode {mode:o}")
                continue
            shown = ", ".join(sorted(t.decode()[:4] + "…" for t in found))
            result.leaks.append(f"{path}: {shown}")
    return result
