"""The config file must be a plain file of sane size, and the key command's output plain UTF-8:
anything else is a clear message naming the path (or the command), never a hang, a read that
never ends, or a traceback; and never the key.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from hostkey_tui.config.keys import resolve_api_key
from hostkey_tui.config.load import MAX_CONFIG, load_config
from hostkey_tui.config.model import ConfigError, Profile
from hostkey_tui.config.ui_state import UiState, load_ui_state
from hostkey_tui.config.write import append_profile
from hostkey_tui.models.common import Secret
from tests.config.test_config import run_with_config

KEY = "0123456789abcdef-0123456789abcdef"


def finishes(work: Callable[[], object]) -> object:
    """`work`'s result (or error), from a daemon thread, so that a regression that hangs (a
    FIFO opened for reading waits for a writer) fails the test instead of the whole run."""
    outcome: list[object] = []

    def run() -> None:
        try:
            outcome.append(work())
        except BaseException as error:  # handed to the test
            outcome.append(error)

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(timeout=20)  # only ever waited for in full when it hangs
    assert outcome, "it hung"
    return outcome[0]


def refusal(path: Path) -> str:
    error = finishes(lambda: load_config(path))
    assert isinstance(error, ConfigError), error
    message = str(error)
    assert message.startswith(f"{path}: ")
    return message


def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    os.mkfifo(path)
    assert "is a FIFO (named pipe), not a regular file" in refusal(path)


def test_a_folder_is_refused(tmp_path: Path) -> None:
    assert "is a folder, not a regular file" in refusal(tmp_path)


def test_a_file_over_the_cap_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_bytes(b"# padding\n" * (MAX_CONFIG // 10 + 1))
    assert "is larger than 1024 KB" in refusal(path)
    path.write_bytes(b"#" * (MAX_CONFIG - 1) + b"\n")
    assert load_config(path) is not None  # just under the cap is read


def test_a_file_that_is_not_utf8_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_bytes(b'[ui]\ntheme = "caf\xe9"\n')
    assert "is not UTF-8 text (an undecodable byte at offset 17)" in refusal(path)


def test_a_missing_file_is_no_config(tmp_path: Path) -> None:
    assert load_config(tmp_path / "nothing.toml") is None


def test_a_config_symlinked_to_a_plain_file_is_read(tmp_path: Path) -> None:
    real = tmp_path / "real.toml"
    real.write_text('[ui]\ntheme = "nord"\n')
    link = tmp_path / "config.toml"
    link.symlink_to(real)
    config = load_config(link)
    assert config is not None and config.ui.theme == "nord"


def test_appending_a_profile_to_a_fifo_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    os.mkfifo(path, 0o600)
    error = finishes(lambda: append_profile(path, "new", "https://invapi.hostkey.com", Secret(KEY)))
    assert isinstance(error, ConfigError) and "FIFO" in str(error)


def test_a_state_file_that_is_a_fifo_is_set_aside(tmp_path: Path) -> None:
    path = tmp_path / "state.toml"
    os.mkfifo(path)
    assert finishes(lambda: load_ui_state(path)) == UiState()


def bounded_memory() -> None:
    # Were /dev/zero read, it would be read until memory ran out: in a child held to 2 GB.
    resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))


def test_dev_zero_as_the_config_is_refused_without_reading_it(tmp_path: Path) -> None:
    environment = {**os.environ, "HOSTKEY_TUI_CONFIG": "/dev/zero", "HOME": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-m", "hostkey_tui"],
        capture_output=True,
        text=True,
        env=environment,
        timeout=60,
        check=False,
        preexec_fn=bounded_memory,
    )
    assert result.returncode == 2
    assert "/dev/zero: is a device, not a regular file" in result.stderr
    assert "Traceback" not in result.stderr


def command(code: str) -> Profile:
    return Profile("p", api_key_command=(sys.executable, "-c", code))


def key_refusal(profile: Profile, **options: object) -> str:
    with pytest.raises(ConfigError) as error:
        resolve_api_key(profile, None, {}, **options)  # type: ignore[arg-type]
    return str(error.value)


def test_a_key_command_printing_bytes_that_are_not_utf8_is_said_without_the_key() -> None:
    printed = "import sys; sys.stdout.buffer.write(b'sk-live-4242\\xff\\xfe-4242\\n')"
    message = key_refusal(command(printed))
    assert "printed bytes that are not UTF-8 text (at byte 12 of its output)" in message
    assert "4242" not in message and "sk-live" not in message


def test_a_key_command_that_prints_utf8_is_decoded_strictly_and_trimmed() -> None:
    found = resolve_api_key(command("print('  clé-123  ')\nprint('second line')"), None, {})
    assert found is not None and found.key.reveal() == "clé-123"


def test_a_key_command_that_prints_only_blanks_says_so() -> None:
    assert "printed no key" in key_refusal(command("print('   ')\nprint()"))


def test_a_key_command_that_hangs_is_stopped_and_said() -> None:
    def hangs(*args: object, **kwargs: object) -> subprocess.CompletedProcess[bytes]:
        assert kwargs["timeout"] == 30
        raise subprocess.TimeoutExpired(cmd="pass", timeout=30, output=KEY.encode())

    message = key_refusal(command("pass"), run=hangs)
    assert "did not finish within 30 s" in message and KEY not in message


def test_a_key_command_that_fails_says_its_status_not_its_output() -> None:
    message = key_refusal(command(f"print('{KEY}'); raise SystemExit(5)"))
    assert "exited with status 5" in message and KEY not in message


def test_a_key_command_printing_bytes_that_are_not_utf8_exits_2_without_a_traceback(
    tmp_path: Path,
) -> None:
    code = "import sys; sys.stdout.buffer.write(b'0123456789abcdef-0123456789abcd\\xff')"
    quoted = code.replace("\\", "\\\\")  # a TOML basic string escapes its backslashes
    text = (
        '[profiles.main]\nbase_url = "http://127.0.0.1:9"\n'
        f'api_key_command = ["{sys.executable}", "-c", "{quoted}"]\n'
    )
    result = run_with_config(tmp_path, text)
    assert result.returncode == 2, result.stderr
    assert "printed bytes that are not UTF-8 text" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert "0123456789abcdef" not in result.stderr + result.stdout
