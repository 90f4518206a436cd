"""What a pipx user gets: the sdist, the wheel built from it, and their metadata.

Built once per session, as `python -m build` does (the sdist first, the wheel from the unpacked
sdist: a file the sdist forgets is missing from the wheel too), without build isolation so that
it needs no network.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tarfile
import tomllib
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from email.message import Message
from email.parser import Parser
from pathlib import Path

import pytest

import hostkey_tui
from hostkey_tui.config.example import EXAMPLE_NAME, example_text

ROOT = Path(__file__).parent.parent
pytestmark = pytest.mark.packaging


@dataclass(frozen=True)
class Built:
    wheel: zipfile.ZipFile
    sdist: list[str]  # member names without the leading "hostkey_tui-X.Y.Z/"
    metadata: Message
    source: Path  # the copy of the source tree that was built

    def dist_info(self, name: str) -> str:
        return f"hostkey_tui-{hostkey_tui.__version__}.dist-info/{name}"


def package_files(root: Path) -> set[str]:
    """Every file of the package in the source tree, as a wheel names it."""
    return {
        path.relative_to(root).as_posix()
        for path in (root / "hostkey_tui").rglob("*")
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc"
    }


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Built]:
    # A copy of what the backend reads: building in the checkout would leave build/ and
    # egg-info there, and two workers building at once would share them.
    source = tmp_path_factory.mktemp("source")
    for name in ("pyproject.toml", "README.md", "LICENSE", "MANIFEST.in"):
        if (ROOT / name).exists():
            shutil.copy2(ROOT / name, source / name)
    shutil.copytree(
        ROOT / "hostkey_tui", source / "hostkey_tui", ignore=shutil.ignore_patterns("__pycache__")
    )
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "build", "--no-isolation", "--outdir", str(out), str(source)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (wheel,) = out.glob("*.whl")
    (sdist,) = out.glob("*.tar.gz")
    with tarfile.open(sdist) as tar:
        members = [name.partition("/")[2] for name in tar.getnames()]
    with zipfile.ZipFile(wheel) as archive:
        (metadata,) = [name for name in archive.namelist() if name.endswith(".dist-info/METADATA")]
        yield Built(archive, members, Parser().parsestr(archive.read(metadata).decode()), source)


def test_the_version_is_written_once(built: Built) -> None:
    assert built.metadata["Version"] == hostkey_tui.__version__
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert "version" not in project and project["dynamic"] == ["version"]


def test_the_wheel_carries_the_license(built: Built) -> None:
    assert built.metadata["License-Expression"] == "MIT"
    assert built.metadata["License-File"] == "LICENSE"
    text = built.wheel.read(built.dist_info("licenses/LICENSE")).decode()
    assert text == (ROOT / "LICENSE").read_text() and "MIT License" in text


def test_the_wheel_holds_every_file_of_the_package(built: Built) -> None:
    names = set(built.wheel.namelist())
    # The data files by name, then everything else the source tree has (a new kind of file
    # not in package-data would be left out of the install without this).
    for name in (
        "hostkey_tui/py.typed",
        f"hostkey_tui/config/{EXAMPLE_NAME}",
        "hostkey_tui/ui/app.tcss",
        "hostkey_tui/simulator/spec/invapi.json",
    ):
        assert name in names, name
    assert {name for name in names if name.startswith("hostkey_tui/")} == package_files(
        built.source
    )
    assert built.wheel.read(f"hostkey_tui/config/{EXAMPLE_NAME}").decode() == example_text()


def test_the_sdist_has_what_the_wheel_and_a_packager_need(built: Built) -> None:
    for name in ("LICENSE", "README.md", "pyproject.toml", "PKG-INFO"):
        assert name in built.sdist, name
    assert package_files(built.source) <= set(built.sdist)


def test_the_dependencies_are_declared(built: Built) -> None:
    requires = built.metadata.get_all("Requires-Dist") or []
    plain = {line.split(";")[0] for line in requires if "extra ==" not in line}
    names = {line.split("<")[0].split(">")[0].split("=")[0] for line in plain}
    # rich is imported by the ui itself; Pillow and rich-pixels only with the graphs extra.
    assert {"textual", "httpx", "rich", "tomli-w", "platformdirs"} <= names
    assert not names & {"pillow", "rich-pixels"}
    graphs = {line.split(";")[0] for line in requires if 'extra == "graphs"' in line}
    assert {name.split("<")[0].split(">")[0] for name in graphs} == {"rich-pixels", "pillow"}
    assert "Typing :: Typed" in (built.metadata.get_all("Classifier") or [])


def test_importing_the_package_for_its_version_loads_nothing_else() -> None:
    # The build reads __version__ statically, and `--version` must not wait for Textual.
    loaded = subprocess.run(
        [sys.executable, "-c", "import sys, hostkey_tui; print(*sorted(sys.modules))"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    assert not [name for name in loaded if name.split(".")[0] in {"textual", "httpx", "rich"}]
    assert [name for name in loaded if name.startswith("hostkey_tui")] == ["hostkey_tui"]
