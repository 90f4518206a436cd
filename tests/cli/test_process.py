"""The command as a shell runs it: a new process, its exit code, and what it imports."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from hostkey_tui import __version__


def hostkey_tui(*words: str, home: Path) -> subprocess.CompletedProcess[str]:
    environ = {
        "HOME": str(home),
        "PATH": os.environ.get("PATH", ""),
        "LANG": "C.UTF-8",
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    return subprocess.run(
        [sys.executable, "-m", "hostkey_tui", *words],
        capture_output=True,
        text=True,
        env=environ,
        timeout=120,
        check=False,
    )


def test_servers_demo_json_in_a_process_of_its_own(tmp_path: Path) -> None:
    ran = hostkey_tui("servers", "--demo", "-o", "json", home=tmp_path)
    assert ran.returncode == 0, ran.stderr
    assert len(json.loads(ran.stdout)) > 10
    assert ran.stderr == ""  # no progress into a pipe


def test_a_command_never_imports_textual(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from hostkey_tui.__main__ import main\n"
        "main(['servers', '--demo', '-o', 'json'])\n"
        "main(['triage', '--demo'])\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'textual', 'hostkey_tui'}))\n"
        "print(sorted(m for m in sys.modules if m.startswith('hostkey_tui.ui')))\n"
    )
    ran = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={**os.environ, "HOME": str(tmp_path)},
        timeout=120,
        check=False,
    )
    assert ran.returncode == 0, ran.stderr
    *_, modules, ui = ran.stdout.strip().splitlines()
    assert modules == "['hostkey_tui']" and ui == "[]"


def test_version_names_textual_and_python(tmp_path: Path) -> None:
    ran = hostkey_tui("--version", home=tmp_path)
    assert ran.returncode == 0
    words = ran.stdout.strip()
    assert words.startswith(f"hostkey-tui {__version__} (Textual ")
    assert f"Python {sys.version_info.major}.{sys.version_info.minor}" in words


def test_help_lists_the_environment_files_and_exit_codes(tmp_path: Path) -> None:
    ran = hostkey_tui("--help", home=tmp_path)
    assert ran.returncode == 0
    for word in ("HOSTKEY_API_KEY", "HOSTKEY_PROFILE", "HOSTKEY_TUI_CONFIG", "NO_COLOR"):
        assert word in ran.stdout
    assert "exit codes: 0 done, 1 failed, 2 usage or config, 3 outcome unknown" in ran.stdout
    assert "config path" in ran.stdout


def test_a_command_writes_warnings_to_the_default_log_0600(tmp_path: Path) -> None:
    ran = hostkey_tui("servers", "--base-url", "https://127.0.0.1:9", home=tmp_path)
    assert ran.returncode == 2  # no key
    logs = list(tmp_path.rglob("hostkey-tui.log"))
    assert logs and oct(logs[0].stat().st_mode & 0o777) == "0o600"


def test_a_reader_that_goes_away_is_no_error(tmp_path: Path) -> None:
    for words in (["--version"], ["servers", "--demo", "-o", "json"]):
        ran = subprocess.run(
            f"{sys.executable} -m hostkey_tui {' '.join(words)} | head -c 1 >/dev/null; "
            'echo "${PIPESTATUS[0]}"',
            shell=True,
            executable="/bin/bash",
            capture_output=True,
            text=True,
            env={**os.environ, "HOME": str(tmp_path)},
            timeout=120,
            check=False,
        )
        assert "Traceback" not in ran.stderr and "BrokenPipe" not in ran.stderr
        assert ran.stdout.strip() == "0"
