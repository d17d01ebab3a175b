"""Shared fixtures: the repository's root and the command-line binary to compare with."""

import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def cli() -> Path:
    """The `coexist` binary (COEXIST_BIN, or the release build, made if it is missing)."""
    given = os.environ.get("COEXIST_BIN")
    if given:
        return Path(given)
    binary = ROOT / "target" / "release" / "coexist"
    if not binary.exists():
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    return binary


def tree(folder: Path) -> dict:
    """Every file under `folder`, by relative path, with its bytes."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}
